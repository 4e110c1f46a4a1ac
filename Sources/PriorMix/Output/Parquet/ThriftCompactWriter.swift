/// Encodes Thrift's compact protocol for the few structures a Parquet writer emits (page
/// headers and the footer). Fields must be written in increasing id order within a struct.
struct ThriftCompactWriter {
    var bytes: [UInt8] = []
    private var lastFieldID: [Int16] = [0]

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    mutating func zigzag(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftCompactReader.FieldType) {
        let delta = id - lastFieldID[lastFieldID.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            zigzag(Int64(id))
        }
        lastFieldID[lastFieldID.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ value: Int32) { fieldHeader(id, .i32); zigzag(Int64(value)) }
    mutating func i64(_ id: Int16, _ value: Int64) { fieldHeader(id, .i64); zigzag(value) }
    mutating func string(_ id: Int16, _ value: String) {
        fieldHeader(id, .binary)
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// A struct field: `body` writes its members.
    mutating func structure(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .structure)
        beginStruct()
        body(&self)
        endStruct()
    }

    /// A list field of `count` elements of `type`; `body` writes them (structs through `element`).
    mutating func list(_ id: Int16, _ type: ThriftCompactReader.FieldType, count: Int, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .list)
        if count < 15 { bytes.append(UInt8(count) << 4 | type.rawValue) } else { bytes.append(0xF0 | type.rawValue); varint(UInt64(count)) }
        body(&self)
    }

    mutating func element(_ body: (inout ThriftCompactWriter) -> Void) {
        beginStruct()
        body(&self)
        endStruct()
    }

    mutating func elementI32(_ value: Int32) { zigzag(Int64(value)) }
    mutating func elementString(_ value: String) { varint(UInt64(value.utf8.count)); bytes.append(contentsOf: value.utf8) }

    mutating func beginStruct() { lastFieldID.append(0) }
    mutating func endStruct() { bytes.append(0); lastFieldID.removeLast() }
}
