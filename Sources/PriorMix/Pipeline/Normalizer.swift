/// Turns raw records into documents: parses JSON lines, extracts HTML and wikitext, repairs
/// UTF-8 and applies the size and emptiness rules. Pure and thread-safe, so batches of records
/// are normalized on every core while the reader and the writer keep order.
public struct Normalizer: Sendable {
    public var options: ReaderOptions

    public init(options: ReaderOptions) {
        self.options = options
    }

    public func normalize(_ record: RawRecord) -> Outcome {
        let location = record.location
        switch record.payload {
        case .readError(let error):
            return .inputError(error)
        case .setAside(let reason, let detail):
            return .quarantined(reason, id: record.id, location: location, detail: detail)
        case .nonDocument(let kind):
            return .notADocument(kind: kind)
        case .tooLarge(let length):
            return .quarantined(.tooLarge, id: record.id, location: location,
                                detail: "\(length) bytes exceeds --max-document-bytes \(options.maxDocumentBytes)")
        case .htmlTooLarge(let length):
            return .quarantined(.tooLarge, id: record.id, location: location,
                                detail: "\(length) bytes of HTML exceeds --max-html-bytes \(options.maxHTMLBytes)")
        case .lineTooLong(let length):
            return .quarantined(.lineTooLong, id: nil, location: location,
                                detail: "line of \(length) bytes exceeds the \(options.maxLineBytes)-byte line limit")
        case .jsonLine:
            return normalizeJSONLine(record)
        case .columns(let row):
            return normalizeColumns(record, row)
        case .sourceFile:
            if Normalizer.looksBinary(record.bytes) {
                return .filtered(.binary, id: record.id, location: location, detail: "binary content")
            }
            let (text, repaired) = UTF8Repair.string(from: record.bytes)
            return finish(record, text: text, repaired: repaired)
        case .plainText:
            let (text, repaired) = UTF8Repair.string(from: record.bytes)
            return finish(record, text: text, repaired: repaired)
        case .html(let encoding):
            return html(record, bytes: record.bytes[...], encoding: encoding)
        case .httpResponse:
            guard let message = HTTPMessage.parse(record.bytes) else {
                return .quarantined(.malformedHTTP, id: record.id, location: location, detail: "no HTTP status line and headers")
            }
            guard (200..<300).contains(message.status) else {
                return .filtered(.httpError, id: record.id, location: location, detail: "HTTP status \(message.status)")
            }
            let contentType = (message.headers["content-type"] ?? "").lowercased()
            guard contentType.contains("html") || (contentType.isEmpty && Normalizer.looksLikeHTML(message.body)) else {
                return .filtered(.nonHTMLResponse, id: record.id, location: location,
                                 detail: "content type \(contentType.isEmpty ? "unknown" : contentType)")
            }
            return html(record, bytes: message.body, encoding: HTTPMessage.charset(contentType))
        case .wikitext(let namespace, let isRedirect, let title):
            if isRedirect { return .filtered(.redirect, id: record.id, location: location, detail: "redirect page") }
            if namespace != 0 {
                return .filtered(.nonArticleNamespace, id: record.id, location: location, detail: "namespace \(namespace)")
            }
            let (wikitext, repaired) = UTF8Repair.string(from: record.bytes)
            let body = Wikitext.plainText(wikitext)
            return finish(record, text: body.isEmpty ? "" : title + "\n\n" + body, repaired: repaired)
        }
    }

    private func html(_ record: RawRecord, bytes: ArraySlice<UInt8>, encoding: String?) -> Outcome {
        if bytes.count > options.maxHTMLBytes {
            return .quarantined(.tooLarge, id: record.id, location: record.location,
                                detail: "\(bytes.count) bytes of HTML exceeds --max-html-bytes \(options.maxHTMLBytes)")
        }
        guard let page = HTMLText.extract(bytes, encoding: encoding, mode: options.extraction) else {
            return .quarantined(.unparseableHTML, id: record.id, location: record.location, detail: "libxml2 could not parse the page")
        }
        if !page.hasMainContent {
            return .filtered(.noMainContent, id: record.id ?? "\(record.location.file)", location: record.location,
                             detail: "no block of main text among \(page.visibleCharacters) visible characters (menus, links, boilerplate)")
        }
        var record = record
        for (key, value) in [("title", page.title), ("canonical_url", page.canonicalURL), ("language", page.language),
                             ("published", page.published)] where !value.isEmpty {
            record.metadata.append((key, value))
        }
        return finish(record, text: page.text, repaired: false)
    }

    /// The checks every document passes, then the document itself with the reader's metadata.
    private func finish(_ record: RawRecord, text: String, repaired: Bool) -> Outcome {
        let id = record.id ?? "\(record.location.file):\(record.location.line ?? 0)"
        if text.utf8.count > options.maxDocumentBytes {
            return .quarantined(.tooLarge, id: id, location: record.location,
                                detail: "\(text.utf8.count) bytes exceeds --max-document-bytes \(options.maxDocumentBytes)")
        }
        if Normalizer.isBlank(text) {
            return .filtered(.empty, id: id, location: record.location, detail: "no text")
        }
        let fields = record.metadata.isEmpty ? [] : [RawJSONField.object("metadata", record.metadata)]
        return .written(Document(id: id, text: text, source: record.source, fields: fields), repairedUTF8: repaired)
    }

    private func normalizeJSONLine(_ record: RawRecord) -> Outcome {
        let location = record.location
        return record.bytes.withUnsafeBufferPointer { line -> Outcome in
            let members: [JSONScanner.Member]
            do {
                members = try JSONScanner.members(of: line)
            } catch let error as JSONScanner.SyntaxError {
                return .quarantined(.malformedJSON, id: nil, location: location,
                                    detail: "\(error.message) at column \(error.offset + 1)")
            } catch {
                return .quarantined(.malformedJSON, id: nil, location: location, detail: "\(error)")
            }
            var sorter = MemberSorter(textField: options.textField, idField: options.idField)
            for member in members {
                let value = UnsafeBufferPointer(rebasing: line[member.value])
                sorter.add(member.key, kind: member.kind,
                           string: { JSONScanner.decodeString(line, range: member.value) },
                           verbatim: { Array(value) })
            }
            return finishMembers(location: location, sorter)
        }
    }

    /// A Parquet row, column by column, by the same rules as a JSON line's members (first text
    /// column wins, a null id is no id, only a string `source` is the source, `id`/`text`/`source`
    /// are never carried), so a row gives the document its JSON rendering would. The text column's
    /// bytes become the text directly; carried string columns are escaped here, on the workers.
    private func normalizeColumns(_ record: RawRecord, _ row: ColumnarRow) -> Outcome {
        record.bytes.withUnsafeBufferPointer { bytes -> Outcome in
            var sorter = MemberSorter(textField: options.textField, idField: options.idField)
            for (index, name) in row.names.enumerated() {
                let value = UnsafeBufferPointer(rebasing: bytes[row.range(index)])
                let kind = row.parts[index].kind
                sorter.add(name, kind: kind == .json ? Self.jsonKind(value) : .string,
                           // A string value's text: the String the reader made, raw UTF-8 as it is, or a JSON string (hex, dates …) decoded.
                           string: {
                               switch kind {
                               case .checkedText: return (row.checkedText ?? "", false)
                               case .string: return ColumnarRow.text(value)
                               case .json: return JSONScanner.decodeString(value, range: 0..<value.count)
                               }
                           },
                           verbatim: {
                               var json: [UInt8] = []
                               json.reserveCapacity(value.count + 2)
                               row.json(index, in: bytes, to: &json)
                               return json
                           })
            }
            return finishMembers(location: record.location, sorter)
        }
    }

    /// The end both record shapes share once their members are sorted out.
    private func finishMembers(location: SourceLocation, _ sorter: MemberSorter) -> Outcome {
        let (text, id, source, fields, repaired) = (sorter.text, sorter.id, sorter.source, sorter.fields, sorter.repaired)
        let lineID = "\(location.file):\(location.line ?? 0)"
        guard let kind = sorter.textKind else {
            return .quarantined(.missingText, id: id, location: location, detail: "no \"\(options.textField)\" field")
        }
        guard let text else {
            return .quarantined(.textNotString, id: id, location: location,
                                detail: "\"\(options.textField)\" is a \(kind), not a string")
        }
        let inner = RawRecord(payload: .jsonLine, id: id ?? lineID, source: source ?? location.file, location: location)
        switch finish(inner, text: text, repaired: repaired) {
        case .written(var document, _):
            document.fields = fields
            return .written(document, repairedUTF8: repaired)
        case let other:
            return other
        }
    }

    /// The kind of a JSON value from its first byte (the value is well-formed JSON text).
    static func jsonKind(_ value: UnsafeBufferPointer<UInt8>) -> JSONScanner.ValueKind {
        switch value.first {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    /// NUL bytes, or a high share of control characters, in the first 8 KiB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let prefix = bytes.prefix(8192)
        if prefix.contains(0) { return true }
        let controls = prefix.reduce(0) { count, byte in
            count + ((byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B)) ? 1 : 0)
        }
        return controls * 10 > prefix.count
    }

    static func looksLikeHTML(_ bytes: ArraySlice<UInt8>) -> Bool {
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        return head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
    }
}

/// Sorts a record's members into a document's parts by one rule set for JSON lines and Parquet
/// rows, so both give the same document: the first text member wins, a null id is no id, only a
/// string `source` is the source, `id`/`text`/`source` are never carried, and a carried value's
/// invalid UTF-8 is repaired so the output stays valid.
private struct MemberSorter {
    let textField: String
    let idField: String
    var text: String?
    var textKind: JSONScanner.ValueKind?
    var id: String?
    var source: String?
    var repaired = false
    var fields: [RawJSONField] = []

    /// `string` decodes a string value; `verbatim` gives the value's JSON text.
    mutating func add(_ name: String, kind: JSONScanner.ValueKind, string: () -> (text: String, repaired: Bool), verbatim: () -> [UInt8]) {
        if name == textField && textKind == nil {
            textKind = kind
            if kind == .string {
                let decoded = string()
                text = decoded.text
                repaired = repaired || decoded.repaired
            }
        } else if name == idField && id == nil && kind != .null {
            id = kind == .string ? string().text : String(decoding: verbatim(), as: UTF8.self)
        } else if name == "source" && source == nil && kind == .string {
            source = string().text
        } else if name != "id" && name != "text" && name != "source" {
            var json = verbatim()
            // Valid UTF-8 (checked eight ASCII bytes at a time) is kept as it is; only invalid bytes
            // are repaired, which builds a String.
            if !json.withUnsafeBufferPointer({ UTF8Check.scan($0).valid }) {
                let checked = UTF8Repair.string(from: json)
                if checked.repaired {
                    repaired = true
                    json = Array(checked.text.utf8)
                }
            }
            fields.append(RawJSONField(name: name, rawValue: json))
        }
    }
}
