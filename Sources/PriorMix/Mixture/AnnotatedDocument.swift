import Foundation

/// The parts of an annotated document (`priormix classify` output) the mixture builder uses.
public struct AnnotatedDocument: Sendable {
    public var id: String
    public var text: String
    public var category: String
    /// Share of the document's segments with a reasoning label, and with a visual label (0 when untagged).
    public var reasoningShare: Double
    public var visualShare: Double

    public init(id: String, text: String, category: String, reasoningShare: Double, visualShare: Double) {
        self.id = id
        self.text = text
        self.category = category
        self.reasoningShare = reasoningShare
        self.visualShare = visualShare
    }

    /// One annotated JSONL line holding just what the mixture builder reads (generated corpora for
    /// tests and benchmarks), newline included.
    public func jsonLine(source: String, confidence: Double = 0.9) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: text.utf8.count + 256)
        json.beginObject()
        json.member("id", string: id)
        json.member("text", string: text)
        json.member("source", string: source)
        json.key("priormix")
        Annotation(category: category, confidence: confidence,
                   reasoning: .init(share: reasoningShare, mean: nil), visual: .init(share: visualShare, mean: nil)).appendJSON(to: &json)
        json.endObject()
        return json.bytes + [0x0A]
    }
}

/// Streams annotated documents: JSONL (plain, gzip or zstd) or annotated Parquet (see
/// `AnnotatedRecords`). Records that are not annotated documents are reported as errors with
/// their location rather than silently dropped.
public final class AnnotatedReader {
    private let reader: RecordReader
    public let path: String

    public init(path: String) throws {
        self.path = path
        reader = try AnnotatedRecords.open(path: path)
    }

    public var fileBytesConsumed: Int { reader.fileBytesConsumed }

    public enum Item {
        case document(AnnotatedDocument)
        case invalid(SourceLocation, String)
    }

    public func next() throws -> Item? {
        guard let record = try reader.next() else { return nil }
        return Self.parse(record)
    }

    /// The next record, unparsed: parsing is the costly part, so a reader feeding a work pool hands
    /// records to the workers, which `parse` them.
    public func nextLine() throws -> RawRecord? {
        try reader.next()
    }

    /// Parses one record read by `nextLine`: a JSON line's members or a Parquet row's columns of
    /// the same names (`id`, `text`, and `priormix`, in Parquet a string column of the annotation's
    /// JSON). Thread-safe.
    public static func parse(_ record: RawRecord) -> Item {
        switch record.payload {
        case .jsonLine:
            return record.bytes.withUnsafeBufferPointer { line -> Item in
                guard let members = try? JSONScanner.members(of: line) else { return .invalid(record.location, "malformed JSON") }
                var id: String?, text: String?, annotation: Annotation?
                for member in members {
                    switch member.key {
                    case "id" where member.kind == .string: id = JSONScanner.decodeString(line, range: member.value).text
                    case "text" where member.kind == .string: text = JSONScanner.decodeString(line, range: member.value).text
                    case "priormix" where member.kind == .object:
                        annotation = Annotation.scanningScalarMembers(UnsafeBufferPointer(rebasing: line[member.value]))
                    default: break
                    }
                }
                return document(record.location, id: id, text: text, annotation: annotation)
            }
        case .columns(let row):
            return record.bytes.withUnsafeBufferPointer { bytes -> Item in
                let annotation = AnnotatedRecords.annotationJSON(row, in: bytes).flatMap(Annotation.scanningScalarMembers)
                return document(record.location, id: row.string(named: "id", in: bytes), text: row.string(named: "text", in: bytes),
                                annotation: annotation)
            }
        case .setAside(_, let detail):
            return .invalid(record.location, detail)
        case .readError(let error):
            return .invalid(record.location, error.message)
        default:
            return .invalid(record.location, "line too long")
        }
    }

    private static func document(_ location: SourceLocation, id: String?, text: String?, annotation: Annotation?) -> Item {
        guard let text, let annotation else {
            return .invalid(location, "not an annotated document (needs text and priormix.category; run priormix classify first)")
        }
        // The category later names buckets, statistics and validation shards: only the
        // taxonomy's own ids get that far, never a path or a stray name from the data.
        guard CategoryTaxonomy.categoryIDs.contains(annotation.category) else {
            return .invalid(location, "unknown category \(AnnotatedReader.quoted(annotation.category)) in priormix.category"
                            + " (the categories are: \(CategoryTaxonomy.categoryIDs.joined(separator: ", ")))")
        }
        return .document(AnnotatedDocument(id: id ?? "\(location.file):\(location.line ?? 0)", text: text,
                                           category: annotation.category, reasoningShare: annotation.reasoning?.share ?? 0,
                                           visualShare: annotation.visual?.share ?? 0))
    }

    /// A value from the data for an error message, quoted (see `PriorMixError.excerpt`).
    static func quoted(_ value: String) -> String { "\"" + PriorMixError.excerpt(value) + "\"" }
}
