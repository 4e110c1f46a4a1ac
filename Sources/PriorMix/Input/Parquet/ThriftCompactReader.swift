/// Decodes Apache Thrift's compact protocol, the encoding of every Parquet footer and page header.
/// Works on bytes already in memory; every read is bounds-checked and throws on a short or
/// malformed buffer, since the bytes come from the file (release builds drop Swift's own checks).
struct ThriftCompactReader {
    /// The compact protocol's type codes, as they appear in field and list headers.
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    struct Malformed: Error { var message: String; var offset: Int }

    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// Nested structs deeper than this are refused (a crafted footer could recurse without end).
    private var depth = 0
    private static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw Malformed(message: "metadata ends early", offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        try ULEB128.decode(next: { try byte() }) { Malformed(message: "varint longer than 10 bytes", offset: position) }
    }

    mutating func zigzag() throws -> Int64 {
        ULEB128.zigzag(try varint())
    }

    mutating func i32() throws -> Int32 {
        let value = try zigzag()
        guard let narrow = Int32(exactly: value) else { throw Malformed(message: "i32 out of range", offset: position) }
        return narrow
    }

    mutating func i64() throws -> Int64 { try zigzag() }

    mutating func double() throws -> Double {
        guard bytes.count - position >= 8 else { throw Malformed(message: "metadata ends early", offset: position) }
        var raw: UInt64 = 0
        for i in 0..<8 { raw |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: raw)
    }

    mutating func binary() throws -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - position) else {
            throw Malformed(message: "a \(length)-byte value runs past the metadata", offset: position)
        }
        defer { position += Int(length) }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(length)])
    }

    mutating func string() throws -> String { String(decoding: try binary(), as: UTF8.self) }

    /// A list header: element type and count. The count is checked against the bytes left (every
    /// element takes at least one byte, except booleans packed in headers, which lists never use).
    mutating func listHeader() throws -> (FieldType, Int) {
        let header = try byte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        guard let type = FieldType(rawValue: header & 0x0F) else { throw Malformed(message: "unknown list element type", offset: position) }
        guard count <= UInt64(bytes.count - position) else { throw Malformed(message: "list of \(count) elements runs past the metadata", offset: position) }
        return (type, Int(count))
    }

    /// Reads a struct's fields, handing each (id, type) to `field`, which reads the value and
    /// returns true, or returns false to have it skipped.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, FieldType) throws -> Bool) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw Malformed(message: "structures nested too deep", offset: position) }
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            guard let type = FieldType(rawValue: header & 0x0F) else { throw Malformed(message: "unknown field type \(header & 0x0F)", offset: position - 1) }
            if type == .stop { return }
            let delta = Int16(header >> 4)
            let id: Int16
            if delta == 0 {
                let value = try zigzag()
                guard let narrow = Int16(exactly: value) else { throw Malformed(message: "field id out of range", offset: position) }
                id = narrow
            } else {
                id = lastID &+ delta
            }
            lastID = id
            if try !field(&self, id, type) { try skip(type) }
        }
    }

    /// Reads a boolean field, whose value lives in the field header's type.
    static func bool(_ type: FieldType) -> Bool { type == .boolTrue }

    mutating func skip(_ type: FieldType) throws {
        switch type {
        case .stop: return
        case .boolTrue, .boolFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double: _ = try double()
        case .binary: _ = try binary()
        case .list, .set:
            let (elementType, count) = try listHeader()
            for _ in 0..<count {
                // Inside containers booleans take a byte of their own.
                if elementType == .boolTrue || elementType == .boolFalse { _ = try byte() } else { try skip(elementType) }
            }
        case .map:
            let count = try varint()
            guard count <= UInt64(bytes.count - position) else { throw Malformed(message: "map runs past the metadata", offset: position) }
            if count == 0 { return }
            let types = try byte()
            guard let keyType = FieldType(rawValue: types >> 4), let valueType = FieldType(rawValue: types & 0x0F) else {
                throw Malformed(message: "unknown map types", offset: position)
            }
            for _ in 0..<count {
                for t in [keyType, valueType] {
                    if t == .boolTrue || t == .boolFalse { _ = try byte() } else { try skip(t) }
                }
            }
        case .structure:
            try readStruct { _, _, _ in false }
        }
    }
}
