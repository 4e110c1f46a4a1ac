import Foundation

/// Tokenized documents of one bucket (or one validation category) in a compact binary form, so
/// the corpus is tokenized once and the interleaving pass can re-read buckets epoch after epoch.
/// Record: u32 token count, u8 tag class, u8 category index, u16 0, f32 reasoning share,
/// f32 visual share, f64 sampling key, then the tokens as u32.
struct SpillRecord {
    var tokens: [UInt32]
    var tagClass: Int
    var category: Int
    var reasoningShare: Float
    var visualShare: Float
    var unit: Double

    static let headerSize = 24

    func append(to out: inout [UInt8]) {
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt32(tokens.count))
        out.append(UInt8(tagClass))
        out.append(UInt8(category))
        put(UInt16(0))
        put(reasoningShare.bitPattern)
        put(visualShare.bitPattern)
        put(unit.bitPattern)
        tokens.withUnsafeBytes { raw in
            #if _endian(little)
            out.append(contentsOf: raw)
            #else
            for token in tokens { put(token) }
            #endif
        }
    }
}

/// Reads spill records back in order.
final class SpillReader {
    private let reader: ByteReader
    let path: String

    init(path: String) throws {
        self.path = path
        reader = ByteReader(source: try FileByteSource(path: path))
    }

    func next() throws -> SpillRecord? {
        let header = try reader.read(count: SpillRecord.headerSize)
        if header.isEmpty { return nil }
        guard header.count == SpillRecord.headerSize else {
            throw PriorMixError(.corruptInput, "spill file ends inside a record header", file: path, offset: reader.offset,
                                hint: "delete the output directory's .work folder and run again")
        }
        func get<T: FixedWidthInteger>(_ type: T.Type, _ at: Int) -> T {
            var value: T = 0
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: header[at..<(at + MemoryLayout<T>.size)]) }
            return T(littleEndian: value)
        }
        let count = Int(get(UInt32.self, 0))
        let body = try reader.read(count: count * 4)
        guard body.count == count * 4 else {
            throw PriorMixError(.corruptInput, "spill file ends inside a record", file: path, offset: reader.offset)
        }
        var tokens = [UInt32](repeating: 0, count: count)
        tokens.withUnsafeMutableBytes { $0.copyBytes(from: body) }
        return SpillRecord(tokens: tokens, tagClass: Int(header[4]), category: Int(header[5]),
                           reasoningShare: Float(bitPattern: get(UInt32.self, 8)), visualShare: Float(bitPattern: get(UInt32.self, 12)),
                           unit: Double(bitPattern: get(UInt64.self, 16)))
    }
}
