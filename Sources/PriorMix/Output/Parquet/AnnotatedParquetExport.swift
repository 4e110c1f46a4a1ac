import Foundation

/// Turns a run's documents (JSONL files, zstd or plain, read in the order given — the parts of a
/// run's units) into one Parquet file, streaming: rows are gathered
/// into row groups of at most `rowsPerGroup` rows or `bytesPerGroup` bytes of text, so memory
/// stays at one row group. Columns: `id`, `text`, `source`, then for annotated documents the
/// annotation as typed columns — `category`, `confidence`, `reasoning` and `visual` (the shares
/// of the document's segments with a reasoning / visual label; NaN when the run did not tag),
/// `tokens` (-1 when unknown) — and `priormix` (the whole annotation as JSON); last `fields`,
/// every other member of the document as one JSON object.
public enum AnnotatedParquetExport {
    public static func convert(_ documentsPaths: [String], to parquetPath: String,
                               rowsPerGroup: Int = 10_000, bytesPerGroup: Int = 64 << 20) throws {
        let output = try AtomicOutputFile(path: parquetPath)
        var writer: ParquetDocumentWriter?
        var annotated = false
        var batch = Batch()
        func flush() throws {
            guard batch.rows > 0, let writer else { return }
            try writer.add(rows: batch.rows, values: batch.values(annotated: annotated))
            batch = Batch()
        }
        for documentsPath in documentsPaths {
            let reader = ByteReader(source: try Compression.open(documentsPath).source)
            var lineNumber = 0
            while let line = try reader.readLine(maxLength: Int.max / 4) {
                lineNumber += 1
                guard case .bytes(let bytes) = line, !bytes.isEmpty else { continue }
                let row = try parse(bytes, file: documentsPath, line: lineNumber)
                if writer == nil {
                    annotated = row.annotation != nil
                    writer = try ParquetDocumentWriter(columns: columns(annotated: annotated)) { try output.write($0) }
                }
                guard (row.annotation != nil) == annotated else {
                    throw PriorMixError(.malformedInput, "documents with and without a priormix annotation cannot share one Parquet schema",
                                        file: documentsPath, line: lineNumber)
                }
                batch.append(row)
                if batch.rows >= rowsPerGroup || batch.textBytes >= bytesPerGroup { try flush() }
            }
        }
        if writer == nil {
            writer = try ParquetDocumentWriter(columns: columns(annotated: false)) { try output.write($0) }
        }
        try flush()
        try writer?.finish()
        try output.commit()
    }

    static func columns(annotated: Bool) -> [ParquetDocumentWriter.Column] {
        var columns: [ParquetDocumentWriter.Column] = [.init("id", .string), .init("text", .string), .init("source", .string)]
        if annotated {
            columns += [.init("category", .string), .init("confidence", .double), .init("reasoning", .double),
                        .init("visual", .double), .init("tokens", .int64), .init("priormix", .string)]
        }
        return columns + [.init("fields", .string)]
    }

    struct Row {
        var id = "", text = "", source = ""
        var annotation: Annotation?
        var annotationJSON = ""
        var fields = "{}"
    }

    struct Batch {
        var ids: [String] = [], texts: [String] = [], sources: [String] = [], fields: [String] = []
        var categories: [String] = [], confidences: [Double] = [], reasoning: [Double] = [], visual: [Double] = []
        var tokens: [Int64] = [], annotations: [String] = []
        var textBytes = 0
        var rows: Int { ids.count }

        mutating func append(_ row: Row) {
            ids.append(row.id); texts.append(row.text); sources.append(row.source); fields.append(row.fields)
            textBytes += row.text.utf8.count
            if let annotation = row.annotation {
                categories.append(annotation.category)
                confidences.append(annotation.confidence)
                reasoning.append(annotation.reasoning?.share ?? .nan)
                visual.append(annotation.visual?.share ?? .nan)
                tokens.append(Int64(annotation.tokens ?? -1))
                annotations.append(row.annotationJSON)
            }
        }

        func values(annotated: Bool) -> [ParquetDocumentWriter.Values] {
            var values: [ParquetDocumentWriter.Values] = [.strings(ids), .strings(texts), .strings(sources)]
            if annotated {
                values += [.strings(categories), .doubles(confidences), .doubles(reasoning), .doubles(visual), .int64s(tokens), .strings(annotations)]
            }
            values.append(.strings(fields))
            return values
        }
    }

    static func parse(_ bytes: [UInt8], file: String, line: Int) throws -> Row {
        try bytes.withUnsafeBufferPointer { buffer in
            let members: [JSONScanner.Member]
            do { members = try JSONScanner.members(of: buffer) } catch {
                throw PriorMixError(.malformedInput, "not a JSON document: \(error)", file: file, line: line)
            }
            var row = Row()
            var others: [UInt8] = [UInt8(ascii: "{")]
            for member in members {
                let raw = UnsafeBufferPointer(rebasing: buffer[member.value])
                switch member.key {
                case "id" where member.kind == .string: row.id = JSONScanner.decodeString(buffer, range: member.value).text
                case "text" where member.kind == .string: row.text = JSONScanner.decodeString(buffer, range: member.value).text
                case "source" where member.kind == .string: row.source = JSONScanner.decodeString(buffer, range: member.value).text
                case "priormix":
                    guard let annotation = Annotation.scanningScalarMembers(raw) else {
                        throw PriorMixError(.malformedInput, "unreadable priormix annotation (needs category and confidence)", file: file, line: line)
                    }
                    row.annotation = annotation
                    row.annotationJSON = String(decoding: raw, as: UTF8.self)
                default:
                    if others.count > 1 { others.append(UInt8(ascii: ",")) }
                    JSONWriter.appendString(member.key, to: &others)
                    others.append(UInt8(ascii: ":"))
                    others.append(contentsOf: raw)
                }
            }
            others.append(UInt8(ascii: "}"))
            row.fields = String(decoding: others, as: UTF8.self)
            return row
        }
    }
}
