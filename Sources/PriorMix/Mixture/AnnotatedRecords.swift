import Foundation

/// Opens an annotated corpus file as records, whatever it was written as: JSONL lines (plain,
/// gzip or zstd), or the rows of annotated Parquet (`classify --output-format parquet`), whose
/// `priormix` column holds the very annotation JSON the JSONL line holds. Mix and report read
/// either through this, so the same documents give the same selection and the same figures.
public enum AnnotatedRecords {
    /// The longest annotated JSONL line read (a document plus its annotation).
    public static let maxLineBytes = 256 << 20

    public static func open(path: String) throws -> RecordReader {
        if isParquet(path) { return try ParquetReader(path: path, textField: "text") }
        return try JSONLReader(path: path, maxLineBytes: maxLineBytes)
    }

    /// A Parquet file by its name, or by its `PAR1` magic whatever its name.
    public static func isParquet(_ path: String) -> Bool {
        if InputFormat.fromName(path, insideTree: false) == .parquet { return true }
        return (try? FileByteSource(path: path).peek(4)) == Array("PAR1".utf8)
    }

    /// The annotation's JSON text of a Parquet row: its `priormix` column, a string column holding
    /// the JSON. Nil when the row has no such column.
    static func annotationJSON(_ row: ColumnarRow, in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let index = row.index(of: "priormix"), row.parts[index].kind == .string else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[row.range(index)])
    }
}
