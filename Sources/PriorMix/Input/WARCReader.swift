/// Reads WARC files (plain, gzip per record as Common Crawl ships them, or zstd): `response` and
/// `resource` records become HTML or text documents, WET `conversion` records plain text; every
/// other record type is counted and passed over. Record URL, date and id go to metadata.
public final class WARCReader: RecordReader {
    private let path: String
    private let reader: ByteReader
    private let maxRecordBytes: Int
    private var stopped = false

    public var fileBytesConsumed: Int { reader.fileBytesConsumed }

    static let documentTypes: Set<String> = ["response", "resource", "conversion"]
    static let maxHeaderLineBytes = 64 << 10
    static let httpPrefix = Array("HTTP/".utf8)

    public init(path: String, maxRecordBytes: Int) throws {
        self.path = path
        self.maxRecordBytes = maxRecordBytes
        reader = ByteReader(source: try Compression.open(path).source)
    }

    private func malformed(_ message: String, offset: Int) -> RawRecord {
        stopped = true
        let error = PriorMixError(.malformedInput, message, file: path, offset: offset,
                                  hint: "offset in the decompressed WARC stream; records before it were read")
        return RawRecord(payload: .readError(error), source: path, location: SourceLocation(file: path, offset: offset))
    }

    public func next() throws -> RawRecord? {
        guard !stopped else { return nil }
        // Records are separated by blank lines.
        var versionLine: [UInt8] = []
        var recordOffset = 0
        while versionLine.isEmpty {
            recordOffset = reader.offset
            guard let line = try reader.readLine(maxLength: WARCReader.maxHeaderLineBytes) else { return nil }
            guard case .bytes(let bytes) = line else { return malformed("over-long line where a WARC record should start", offset: recordOffset) }
            versionLine = WARCReader.trimmingCR(bytes)
        }
        guard versionLine.starts(with: Array("WARC/".utf8)) else {
            return malformed("expected a WARC version line, found \(WARCReader.preview(versionLine))", offset: recordOffset)
        }
        var headers: [String: String] = [:]
        while true {
            let lineOffset = reader.offset
            guard let line = try reader.readLine(maxLength: WARCReader.maxHeaderLineBytes) else {
                return malformed("the file ends inside a WARC header", offset: lineOffset)
            }
            guard case .bytes(let raw) = line else { return malformed("over-long WARC header line", offset: lineOffset) }
            let bytes = WARCReader.trimmingCR(raw)
            if bytes.isEmpty { break }
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
                return malformed("WARC header line without ':': \(WARCReader.preview(bytes))", offset: lineOffset)
            }
            let name = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: bytes[(colon + 1)...], as: UTF8.self).trimmingSpaces
            headers[name] = value
        }
        guard let lengthText = headers["content-length"], let length = Int(lengthText), length >= 0 else {
            return malformed("WARC record without a valid Content-Length", offset: recordOffset)
        }
        let type = (headers["warc-type"] ?? "").lowercased()
        let location = SourceLocation(file: path, offset: recordOffset)
        let url = headers["warc-target-uri"].map(WARCReader.unbracketed) ?? ""
        let recordID = headers["warc-record-id"].map(WARCReader.unbracketed) ?? ""
        let id = recordID.isEmpty ? (url.isEmpty ? "\(path)@\(recordOffset)" : url) : recordID
        var metadata: [(String, String)] = [("url", url), ("date", headers["warc-date"] ?? ""), ("warc_record_id", recordID),
                                            ("warc_type", type)]
        metadata.removeAll { $0.1.isEmpty }

        guard WARCReader.documentTypes.contains(type) else {
            if let cut = try skipBlock(length, recordOffset: recordOffset) { return cut }
            return RawRecord(payload: .nonDocument(kind: type.isEmpty ? "unknown" : type), source: path, location: location)
        }
        guard length <= maxRecordBytes else {
            if let cut = try skipBlock(length, recordOffset: recordOffset) { return cut }
            // A page's markup is capped by --max-html-bytes, WET text by the document limit.
            let payload: RawRecord.Payload = type == "conversion" ? .tooLarge(length: length) : .htmlTooLarge(length: length)
            return RawRecord(payload: payload, id: id, source: path, metadata: metadata, location: location)
        }
        let block = try reader.read(count: length)
        if block.count < length {
            return malformed("the file ends inside a WARC record (\(block.count) of \(length) bytes)", offset: recordOffset)
        }
        let contentType = (headers["content-type"] ?? "").lowercased()
        let payload: RawRecord.Payload
        switch type {
        case "conversion":
            payload = .plainText
        case "response" where contentType.hasPrefix("application/http"):
            payload = .httpResponse
        case "response" where contentType.isEmpty && block.starts(with: WARCReader.httpPrefix):
            // Some crawlers omit the WARC Content-Type: the block's own status line says what it is.
            payload = .httpResponse
        case _ where contentType.isEmpty && Normalizer.looksLikeHTML(block[...]):
            payload = .html(encoding: nil)
        default:
            // A resource (or a response stored without HTTP headers) is typed by the WARC header.
            if contentType.contains("html") {
                payload = .html(encoding: HTTPMessage.charset(contentType))
            } else if contentType.hasPrefix("text/") {
                payload = .plainText
            } else {
                payload = .nonDocument(kind: "\(type) \(contentType.isEmpty ? "untyped" : contentType)")
            }
        }
        if case .nonDocument = payload {
            return RawRecord(payload: payload, source: path, location: location)
        }
        return RawRecord(payload: payload, bytes: block, id: id, source: path, metadata: metadata, location: location)
    }

    /// Passes over a block without keeping it; a block cut short by the end of the file is an error
    /// (nil when the whole block was there).
    private func skipBlock(_ length: Int, recordOffset: Int) throws -> RawRecord? {
        let skipped = try reader.skip(count: length)
        guard skipped < length else { return nil }
        return malformed("the file ends inside a WARC record (\(skipped) of \(length) bytes)", offset: recordOffset)
    }

    static func trimmingCR(_ bytes: [UInt8]) -> [UInt8] {
        bytes.last == 0x0D ? Array(bytes.dropLast()) : bytes
    }

    static func unbracketed(_ value: String) -> String {
        value.hasPrefix("<") && value.hasSuffix(">") ? String(value.dropFirst().dropLast()) : value
    }

    static func preview(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return "\"\(text)\(bytes.count > 40 ? "…" : "")\""
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
