/// Parquet's value and level encodings (the format's Encodings document): PLAIN, the RLE /
/// bit-packed hybrid, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
/// BYTE_STREAM_SPLIT. Decoders read from a page buffer and check every length against it.
struct ParquetDecodeError: Error {
    var message: String
    /// The column that failed, when the error surfaces away from where it is known (rows).
    var column: String?

    init(message: String, column: String? = nil) {
        self.message = message
        self.column = column
    }
}

/// Bounds on what one page may decode to. Footers and headers come from the file, so a damaged
/// one could otherwise ask for gigabytes; real writers stay far below these.
enum ParquetLimits {
    static let maxPageValues = 1 << 24
    static let maxDecodedBytes = 1 << 30
}

/// Variable-length values of one column, stored back to back with their end offsets.
struct ParquetByteArrays: Sendable {
    var data: [UInt8] = []
    /// `ends[i]` is where value i ends in `data`; value i starts at `ends[i - 1]` (or 0).
    var ends: [Int] = []
    var count: Int { ends.count }

    func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

    /// Room for `values` more values of `bytes` in all.
    mutating func reserve(values: Int, bytes: Int) {
        data.reserveGrowing(bytes)
        ends.reserveGrowing(values)
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        data.append(contentsOf: bytes)
        ends.append(data.count)
    }
}

extension Array {
    /// Room for `additional` more elements, growing geometrically: `reserveCapacity` allocates
    /// exactly what it is asked for, so calling it once per page would copy a column once per page.
    mutating func reserveGrowing(_ additional: Int) {
        let needed = count + additional
        if capacity < needed { reserveCapacity(Swift.max(needed, capacity * 2)) }
    }
}

enum ParquetEncoding: Int32 {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

/// A bounds-checked cursor over a page's bytes.
struct PageCursor {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    var remaining: Int { bytes.count - position }

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw ParquetDecodeError(message: "page data ends early (\(count) bytes wanted, \(remaining) left)") }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
    }

    mutating func byte() throws -> UInt8 { try take(1)[0] }

    mutating func uint32LE() throws -> UInt32 {
        let b = try take(4)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func varint() throws -> UInt64 {
        try ULEB128.decode(next: { try byte() }) { ParquetDecodeError(message: "varint longer than 10 bytes") }
    }

    mutating func zigzag() throws -> Int64 {
        ULEB128.zigzag(try varint())
    }
}

enum BitUnpacking {
    /// Value `index` of `width` bits (0...64) packed little-endian from `bytes`; the caller has
    /// checked that `bytes` holds `(index + 1) * width` bits.
    @inline(__always)
    static func value(_ bytes: UnsafeRawBufferPointer, index: Int, width: Int) -> UInt64 {
        if width == 0 { return 0 }
        let bit = index * width
        let byteIndex = bit >> 3
        let shift = UInt64(bit & 7)
        let needed = (Int(shift) + width + 7) >> 3
        var raw: UInt64 = 0
        for i in 0..<min(needed, 8) { raw |= UInt64(bytes[byteIndex + i]) << (8 * UInt64(i)) }
        var value = raw >> shift
        // A 64-bit value that starts mid-byte spans a ninth byte.
        if needed > 8 { value |= UInt64(bytes[byteIndex + 8]) << (64 - shift) }
        return width == 64 ? value : value & ((1 << UInt64(width)) - 1)
    }
}

/// The RLE / bit-packed hybrid used for levels, dictionary indices and RLE booleans.
enum RLEHybrid {
    /// Decodes `count` values of `width` bits (0...32) from `cursor`, calling `emit` for each run.
    static func decode(_ cursor: inout PageCursor, width: Int, count: Int, into output: inout [UInt32]) throws {
        guard (0...32).contains(width) else { throw ParquetDecodeError(message: "bit width \(width) out of range") }
        output.reserveGrowing(count)
        var left = count
        let valueBytes = (width + 7) / 8
        while left > 0 {
            let header = try cursor.varint()
            if header & 1 == 0 {
                let run = header >> 1
                guard run > 0 else { throw ParquetDecodeError(message: "empty RLE run") }
                let raw = try cursor.take(valueBytes)
                var value: UInt32 = 0
                for i in 0..<valueBytes { value |= UInt32(raw[i]) << (8 * UInt32(i)) }
                let n = Int(min(run, UInt64(left)))
                output.append(contentsOf: repeatElement(value, count: n))
                left -= n
            } else {
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(Int32.max) else { throw ParquetDecodeError(message: "bad bit-packed run") }
                let values = Int(groups) * 8
                let n = min(values, left)
                // Writers pad the last run to whole groups; a shorter tail is accepted if it holds our values.
                let available = min(Int(groups) * width, cursor.remaining)
                guard available * 8 >= n * width else { throw ParquetDecodeError(message: "bit-packed run runs past the page") }
                let packed = try cursor.take(available)
                if width == 0 {
                    output.append(contentsOf: repeatElement(0, count: n))
                } else {
                    for i in 0..<n { output.append(UInt32(truncatingIfNeeded: BitUnpacking.value(packed, index: i, width: width))) }
                }
                left -= n
            }
        }
    }

    static func bitWidth(_ maxValue: Int) -> Int {
        maxValue == 0 ? 0 : Int.bitWidth - maxValue.leadingZeroBitCount
    }
}

/// DELTA_BINARY_PACKED: blocks of bit-packed deltas from a minimum, for integers and lengths.
enum DeltaBinaryPacked {
    /// Decodes one run of at most `maxCount` values (the entries the page holds).
    static func decode(_ cursor: inout PageCursor, maxCount: Int) throws -> [Int64] {
        let blockSize = try cursor.varint()
        let miniblocks = try cursor.varint()
        let total = try cursor.varint()
        var last = try cursor.zigzag()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetDecodeError(message: "bad DELTA_BINARY_PACKED header (block \(blockSize), miniblocks \(miniblocks))")
        }
        // Every value after the first needs at least one bit… or none at width 0; bound by bytes and a sane cap.
        guard total <= UInt64(maxCount) else { throw ParquetDecodeError(message: "DELTA_BINARY_PACKED claims \(total) values") }
        let count = Int(total)
        var values: [Int64] = []
        values.reserveCapacity(min(count, cursor.remaining * 8 + 1))
        if count == 0 { return values }
        values.append(last)
        let perMiniblock = Int(blockSize / miniblocks)
        while values.count < count {
            let minDelta = try cursor.zigzag()
            let widths = try cursor.take(Int(miniblocks))
            for m in 0..<Int(miniblocks) where values.count < count {
                let width = Int(widths[m])
                guard width <= 64 else { throw ParquetDecodeError(message: "miniblock bit width \(width)") }
                let packed = try cursor.take(perMiniblock * width / 8)
                let n = min(perMiniblock, count - values.count)
                for i in 0..<n {
                    last = last &+ minDelta &+ Int64(bitPattern: BitUnpacking.value(packed, index: i, width: width))
                    values.append(last)
                }
            }
        }
        return values
    }
}

enum ByteArrayEncodings {
    static func plain(_ cursor: inout PageCursor, count: Int, into output: inout ParquetByteArrays) throws {
        // The values take at most what is left of the page: room for them at once, not a growth per value.
        output.reserve(values: min(count, cursor.remaining / 4), bytes: cursor.remaining)
        for _ in 0..<count {
            let length = Int(try cursor.uint32LE())
            output.append(try cursor.take(length))
        }
    }

    static func fixed(_ cursor: inout PageCursor, count: Int, width: Int, into output: inout ParquetByteArrays) throws {
        guard width >= 0 else { throw ParquetDecodeError(message: "negative fixed length") }
        for _ in 0..<count { output.append(try cursor.take(width)) }
    }

    static func deltaLength(_ cursor: inout PageCursor, count: Int, into output: inout ParquetByteArrays) throws {
        let lengths = try DeltaBinaryPacked.decode(&cursor, maxCount: count)
        guard lengths.count == count else { throw ParquetDecodeError(message: "\(lengths.count) lengths for \(count) values") }
        for length in lengths {
            guard length >= 0, length <= Int64(cursor.remaining) else { throw ParquetDecodeError(message: "byte array length \(length) runs past the page") }
            output.append(try cursor.take(Int(length)))
        }
    }

    /// DELTA_BYTE_ARRAY: each value is a prefix of the previous one plus a suffix.
    static func delta(_ cursor: inout PageCursor, count: Int, into output: inout ParquetByteArrays) throws {
        let prefixes = try DeltaBinaryPacked.decode(&cursor, maxCount: count)
        var suffixes = ParquetByteArrays()
        try deltaLength(&cursor, count: count, into: &suffixes)
        guard prefixes.count == count else { throw ParquetDecodeError(message: "\(prefixes.count) prefixes for \(count) values") }
        var previous: [UInt8] = []
        var total = 0
        for i in 0..<count {
            let prefix = prefixes[i]
            guard prefix >= 0, prefix <= Int64(previous.count) else { throw ParquetDecodeError(message: "prefix length \(prefix) longer than the previous value") }
            total += Int(prefix) + suffixes.range(i).count
            guard total <= ParquetLimits.maxDecodedBytes else { throw ParquetDecodeError(message: "page decodes to more than 1 GiB") }
            var value = Array(previous[0..<Int(prefix)])
            value.append(contentsOf: suffixes.data[suffixes.range(i)])
            value.withUnsafeBytes { output.append($0) }
            previous = value
        }
    }
}

/// Unsigned LEB128, the varint of Thrift's compact protocol and of Parquet's RLE and delta
/// encodings: seven bits a byte, low first, the high bit set on every byte but the last.
enum ULEB128 {
    @inline(__always)
    static func decode(next: () throws -> UInt8, tooLong: () -> Error) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try next()
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw tooLong() }
        }
    }

    /// Zigzag-coded signed value: 0, -1, 1, -2 … as 0, 1, 2, 3 ….
    static func zigzag(_ raw: UInt64) -> Int64 {
        Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}
