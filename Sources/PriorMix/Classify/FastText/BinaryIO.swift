import Foundation

/// Little-endian reading of a fastText `.bin` file, with errors that name the file and offset.
struct BinaryReader {
    let path: String
    let data: Data
    private(set) var offset = 0

    init(path: String) throws {
        self.path = path
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw PriorMixError(.io, "cannot read model: \(error.localizedDescription)", file: path)
        }
    }

    private mutating func take(_ count: Int, _ what: String) throws -> Data.SubSequence {
        guard count >= 0, count <= data.count - offset else {
            throw PriorMixError(.malformedInput, "model file ends while reading \(what)", file: path, offset: offset,
                                hint: "the file is truncated or not a fastText model")
        }
        defer { offset += count }
        return data[data.startIndex + offset ..< data.startIndex + offset + count]
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws -> T {
        let bytes = try take(MemoryLayout<T>.size, what)
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes) }
        return T(littleEndian: value)
    }

    mutating func int32(_ what: String) throws -> Int32 { try integer(Int32.self, what) }
    mutating func int64(_ what: String) throws -> Int64 { try integer(Int64.self, what) }
    mutating func uint8(_ what: String) throws -> UInt8 { try integer(UInt8.self, what) }
    mutating func double(_ what: String) throws -> Double { Double(bitPattern: try integer(UInt64.self, what)) }

    /// A NUL-terminated byte string.
    mutating func cString(_ what: String) throws -> [UInt8] {
        let start = data.startIndex + offset
        guard let end = data[start...].firstIndex(of: 0) else {
            throw PriorMixError(.malformedInput, "model file ends inside \(what) (no terminating NUL)", file: path, offset: offset,
                                hint: "the file is truncated or not a fastText model")
        }
        let bytes = Array(data[start..<end])
        offset += bytes.count + 1
        return bytes
    }

    /// A 0/1 flag (C++ `bool`); any other byte means the file is not what it claims to be.
    mutating func flag(_ what: String) throws -> Bool {
        let at = offset
        let byte = try uint8(what)
        guard byte <= 1 else {
            throw PriorMixError(.malformedInput, "\(what) is \(byte), expected 0 or 1", file: path, offset: at,
                                hint: "the file is corrupt or not a fastText model")
        }
        return byte == 1
    }

    /// Raw bytes (quantization codes).
    mutating func bytes(_ count: Int, _ what: String) throws -> [UInt8] {
        Array(try take(count, what))
    }

    /// Bytes left after the read position: a count read from the file is checked against it
    /// before anything is allocated, so a corrupt count cannot ask for gigabytes.
    var remaining: Int { data.count - offset }

    /// `count` items of `width` bytes, refused (with the offset) when they cannot fit in what is left.
    func checkCount(_ count: Int64, width: Int, _ what: String, at: Int) throws -> Int {
        guard count >= 0 else {
            throw PriorMixError(.malformedInput, "negative \(what) (\(count))", file: path, offset: at,
                                hint: "the file is corrupt or not a fastText model")
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: Int64(width))
        guard !overflow, bytes <= Int64(remaining) else {
            throw PriorMixError(.malformedInput, "model file ends while reading \(what): \(count) items need more than the \(remaining) bytes left",
                                file: path, offset: offset, hint: "the file is truncated or corrupt")
        }
        return Int(count)
    }

    mutating func floats(_ count: Int, _ what: String) throws -> [Float] {
        let (size, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow else {
            throw PriorMixError(.malformedInput, "\(what) is too large", file: path, offset: offset)
        }
        let bytes = try take(size, what)
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
        #if _endian(big)
        for index in values.indices { values[index] = Float(bitPattern: values[index].bitPattern.byteSwapped) }
        #endif
        return values
    }

    var atEnd: Bool { offset == data.count }
}

/// Little-endian writing of a fastText `.bin` file into memory.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int32(_ value: Int32) { integer(value) }
    mutating func int64(_ value: Int64) { integer(value) }
    mutating func uint8(_ value: UInt8) { integer(value) }
    mutating func double(_ value: Double) { integer(value.bitPattern) }
    mutating func bytes(_ values: [UInt8]) { bytes.append(contentsOf: values) }
    mutating func cString(_ value: [UInt8]) { bytes.append(contentsOf: value); bytes.append(0) }
    mutating func floats(_ values: [Float]) {
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values { integer(value.bitPattern) }
    }
}
