/// What the signature pass records of one document, in its unit's signature part (binary,
/// little-endian, one record after another in input order):
/// `u32 ordinal, u32 id bytes, id (UTF-8), u32 value count, values (u32 each)`.
///
/// The values depend on the mode: MinHash the signature (`bands x rows` values, none for a
/// document without words; with `--verify jaccard` followed by the distinct shingle hashes, two
/// values each, sorted); exact two 64-bit hashes of the normalized text (4 values); paragraph
/// two values (one 64-bit hash) per line, 0 for a blank line.
public struct DocumentSignature: Sendable, Equatable {
    public var ordinal: Int
    public var id: String
    public var values: [UInt32]

    public init(ordinal: Int, id: String, values: [UInt32]) {
        self.ordinal = ordinal
        self.id = id
        self.values = values
    }

    func append(to out: inout [UInt8]) {
        Self.appendUInt32(UInt32(truncatingIfNeeded: ordinal), to: &out)
        let idBytes = Array(id.utf8)
        Self.appendUInt32(UInt32(idBytes.count), to: &out)
        out.append(contentsOf: idBytes)
        Self.appendUInt32(UInt32(values.count), to: &out)
        for value in values { Self.appendUInt32(value, to: &out) }
    }

    @inline(__always)
    static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// The 64-bit values of a paragraph-mode record (one per line).
    var lineHashes: [UInt64] {
        stride(from: 0, to: values.count - 1, by: 2).map { UInt64(values[$0]) | UInt64(values[$0 + 1]) << 32 }
    }
}

/// Reads the records of one signature part in order.
final class SignatureReader {
    private let reader: BinaryFileReader

    init(path: String) throws {
        reader = try BinaryFileReader(path: path)
    }

    func next() throws -> DocumentSignature? {
        guard let ordinal = try reader.read(UInt32.self, allowEnd: true) else { return nil }
        let idLength = Int(try reader.read(UInt32.self)!)
        let id = String(decoding: try reader.readBytes(idLength), as: UTF8.self)
        let count = Int(try reader.read(UInt32.self)!)
        var values = [UInt32](repeating: 0, count: count)
        for i in 0..<count { values[i] = try reader.read(UInt32.self)! }
        return DocumentSignature(ordinal: Int(ordinal), id: id, values: values)
    }
}
