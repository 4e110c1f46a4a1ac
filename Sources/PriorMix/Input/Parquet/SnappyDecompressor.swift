/// Decodes raw Snappy blocks (no framing), as Parquet stores SNAPPY pages. The format is a
/// varint length then literals and back-references; small enough to own rather than link
/// libsnappy. Every length and offset is checked against the buffers.
enum SnappyDecompressor {
    struct Corrupt: Error { var message: String }

    /// Decodes `input` into `out`, which must be exactly the block's decoded size.
    static func decompress(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) throws {
        let expectedSize = out.count
        var position = 0
        let length = try ULEB128.decode(next: {
            guard position < input.count else { throw Corrupt(message: "bad snappy length preamble") }
            defer { position += 1 }
            return input[position]
        }, tooLong: { Corrupt(message: "bad snappy length preamble") })
        guard length == UInt64(expectedSize) else {
            throw Corrupt(message: "snappy block holds \(length) bytes, the page header says \(expectedSize)")
        }
        var written = 0
        do {
            while position < input.count {
                let tag = input[position]; position += 1
                switch tag & 3 {
                case 0:
                    var literal = Int(tag >> 2)
                    if literal >= 60 {
                        let extra = literal - 59
                        guard input.count - position >= extra else { throw Corrupt(message: "snappy literal length cut short") }
                        literal = 0
                        for i in 0..<extra { literal |= Int(input[position + i]) << (8 * i) }
                        position += extra
                    }
                    literal += 1
                    guard input.count - position >= literal, expectedSize - written >= literal else {
                        throw Corrupt(message: "snappy literal runs past its buffer")
                    }
                    UnsafeMutableRawPointer(out.baseAddress! + written).copyMemory(from: input.baseAddress! + position, byteCount: literal)
                    position += literal
                    written += literal
                    continue
                case 1:
                    guard position < input.count else { throw Corrupt(message: "snappy copy cut short") }
                    let count = 4 + Int((tag >> 2) & 7)
                    let offset = Int(tag >> 5) << 8 | Int(input[position]); position += 1
                    try copy(out, &written, offset: offset, count: count)
                case 2:
                    guard input.count - position >= 2 else { throw Corrupt(message: "snappy copy cut short") }
                    let offset = Int(input[position]) | Int(input[position + 1]) << 8; position += 2
                    try copy(out, &written, offset: offset, count: Int(tag >> 2) + 1)
                default:
                    guard input.count - position >= 4 else { throw Corrupt(message: "snappy copy cut short") }
                    var offset = 0
                    for i in 0..<4 { offset |= Int(input[position + i]) << (8 * i) }
                    position += 4
                    try copy(out, &written, offset: offset, count: Int(tag >> 2) + 1)
                }
            }
        }
        guard written == expectedSize else { throw Corrupt(message: "snappy block decodes to \(written) bytes, expected \(expectedSize)") }
    }

    /// A back-reference; it may overlap what it writes (a run), so short offsets copy byte by byte.
    @inline(__always)
    private static func copy(_ out: UnsafeMutableBufferPointer<UInt8>, _ written: inout Int, offset: Int, count: Int) throws {
        guard offset > 0, offset <= written, out.count - written >= count else {
            throw Corrupt(message: "snappy back-reference outside the decoded data")
        }
        let base = out.baseAddress!
        if offset >= count {
            (base + written).update(from: base + written - offset, count: count)
        } else {
            for i in 0..<count { base[written + i] = base[written + i - offset] }
        }
        written += count
    }
}
