/// The parts of Parquet's footer (`FileMetaData`) and page headers PriorMix reads, decoded from
/// the Thrift compact protocol with the field ids of the format's `parquet.thrift`. Fields a
/// reader of documents does not need (statistics, indexes, bloom filters) are skipped.
enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

enum ParquetRepetition: Int32, Sendable { case required = 0, optional = 1, repeated = 2 }

enum ParquetTimeUnit: Sendable { case millis, micros, nanos }

/// The logical (or, in older files, converted) type that says how to read a physical value.
enum ParquetLogicalType: Sendable, Equatable {
    case string, map, list, enumeration, json, bson, uuid, float16, null
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(unit: ParquetTimeUnit)
    case timestamp(utc: Bool, unit: ParquetTimeUnit)
    case integer(bitWidth: Int8, signed: Bool)
    case other
}

struct ParquetSchemaElement: Sendable {
    var type: ParquetPhysicalType?
    var typeLength: Int32 = 0
    var repetition: ParquetRepetition?
    var name = ""
    var numChildren = 0
    var logical: ParquetLogicalType?
}

enum ParquetCodec: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
}

struct ParquetColumnMetaData: Sendable {
    var type: ParquetPhysicalType = .int32
    var path: [String] = []
    var codec: Int32 = 0
    var numValues: Int64 = 0
    /// The chunk's pages as decompressed (headers included): a bound on its PLAIN values' bytes.
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?

    /// Where the chunk starts: its dictionary page when it has one before the data pages (some
    /// writers leave a zero or a later offset there), else its first data page.
    var chunkStart: Int {
        if let dictionary = dictionaryPageOffset, dictionary > 0, dictionary < dataPageOffset { return Int(dictionary) }
        return Int(clamping: dataPageOffset)
    }
}

struct ParquetColumnChunk: Sendable {
    var filePath: String?
    var meta: ParquetColumnMetaData?
}

struct ParquetRowGroup: Sendable {
    var columns: [ParquetColumnChunk] = []
    var numRows: Int64 = 0
}

struct ParquetFileMetaData: Sendable {
    var schema: [ParquetSchemaElement] = []
    var rowGroups: [ParquetRowGroup] = []
}

enum ParquetPageType: Int32 { case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3 }

struct ParquetPageHeader {
    var type: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    var crc: Int32?
    // Data page (v1) and dictionary page.
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    var repetitionLevelEncoding: Int32 = 3
    // Data page v2.
    var definitionLevelsLength: Int32 = 0
    var repetitionLevelsLength: Int32 = 0
    var isCompressed = true
}

extension ThriftCompactReader {
    mutating func fileMetaData() throws -> ParquetFileMetaData {
        var meta = ParquetFileMetaData()
        try readStruct { r, id, type in
            switch (id, type) {
            case (2, .list):
                let (_, count) = try r.listHeader()
                for _ in 0..<count { meta.schema.append(try r.schemaElement()) }
            case (4, .list):
                let (_, count) = try r.listHeader()
                for _ in 0..<count { meta.rowGroups.append(try r.rowGroup()) }
            default: return false
            }
            return true
        }
        return meta
    }

    mutating func schemaElement() throws -> ParquetSchemaElement {
        var element = ParquetSchemaElement()
        var converted: Int32?
        var scale: Int32 = 0, precision: Int32 = 0
        try readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): element.type = ParquetPhysicalType(rawValue: try r.i32())
            case (2, .i32): element.typeLength = try r.i32()
            case (3, .i32): element.repetition = ParquetRepetition(rawValue: try r.i32())
            case (4, .binary): element.name = try r.string()
            case (5, .i32): element.numChildren = Int(try r.i32())
            case (6, .i32): converted = try r.i32()
            case (7, .i32): scale = try r.i32()
            case (8, .i32): precision = try r.i32()
            case (10, .structure): element.logical = try r.logicalType()
            default: return false
            }
            return true
        }
        if element.logical == nil, let converted {
            element.logical = Self.convertedType(converted, scale: scale, precision: precision)
        }
        return element
    }

    /// The deprecated ConvertedType, for files that predate logical types.
    static func convertedType(_ code: Int32, scale: Int32, precision: Int32) -> ParquetLogicalType {
        switch code {
        case 0: return .string
        case 1, 2: return .map
        case 3: return .list
        case 4: return .enumeration
        case 5: return .decimal(scale: scale, precision: precision)
        case 6: return .date
        case 7: return .time(unit: .millis)
        case 8: return .time(unit: .micros)
        case 9: return .timestamp(utc: true, unit: .millis)
        case 10: return .timestamp(utc: true, unit: .micros)
        case 11: return .integer(bitWidth: 8, signed: false)
        case 12: return .integer(bitWidth: 16, signed: false)
        case 13: return .integer(bitWidth: 32, signed: false)
        case 14: return .integer(bitWidth: 64, signed: false)
        case 15: return .integer(bitWidth: 8, signed: true)
        case 16: return .integer(bitWidth: 16, signed: true)
        case 17: return .integer(bitWidth: 32, signed: true)
        case 18: return .integer(bitWidth: 64, signed: true)
        case 19: return .json
        case 20: return .bson
        default: return .other
        }
    }

    mutating func timeUnit() throws -> ParquetTimeUnit {
        var unit = ParquetTimeUnit.millis
        try readStruct { r, id, type in
            switch id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: return false
            }
            try r.skip(type)
            return true
        }
        return unit
    }

    mutating func logicalType() throws -> ParquetLogicalType {
        var logical = ParquetLogicalType.other
        try readStruct { r, id, type in
            guard type == .structure else { return false }
            switch id {
            case 1: logical = .string
            case 2: logical = .map
            case 3: logical = .list
            case 4: logical = .enumeration
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i32): scale = try r.i32()
                    case (2, .i32): precision = try r.i32()
                    default: return false
                    }
                    return true
                }
                logical = .decimal(scale: scale, precision: precision)
                return true
            case 6: logical = .date
            case 7, 8:
                var utc = false
                var unit = ParquetTimeUnit.millis
                try r.readStruct { r, field, type in
                    switch (field, type) {
                    case (1, .boolTrue), (1, .boolFalse): utc = ThriftCompactReader.bool(type)
                    case (2, .structure): unit = try r.timeUnit()
                    default: return false
                    }
                    return true
                }
                logical = id == 7 ? .time(unit: unit) : .timestamp(utc: utc, unit: unit)
                return true
            case 10:
                var width: Int8 = 64
                var signed = true
                try r.readStruct { r, field, type in
                    switch (field, type) {
                    case (1, .byte): width = Int8(bitPattern: try r.byte())
                    case (2, .boolTrue), (2, .boolFalse): signed = ThriftCompactReader.bool(type)
                    default: return false
                    }
                    return true
                }
                logical = .integer(bitWidth: width, signed: signed)
                return true
            case 11: logical = .null
            case 12: logical = .json
            case 13: logical = .bson
            case 14: logical = .uuid
            case 15: logical = .float16
            default: logical = .other
            }
            try r.skip(type)
            return true
        }
        return logical
    }

    mutating func rowGroup() throws -> ParquetRowGroup {
        var group = ParquetRowGroup()
        try readStruct { r, id, type in
            switch (id, type) {
            case (1, .list):
                let (_, count) = try r.listHeader()
                for _ in 0..<count { group.columns.append(try r.columnChunk()) }
            case (3, .i64): group.numRows = try r.i64()
            default: return false
            }
            return true
        }
        return group
    }

    mutating func columnChunk() throws -> ParquetColumnChunk {
        var chunk = ParquetColumnChunk()
        try readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): chunk.filePath = try r.string()
            case (3, .structure): chunk.meta = try r.columnMetaData()
            default: return false
            }
            return true
        }
        return chunk
    }

    mutating func columnMetaData() throws -> ParquetColumnMetaData {
        var meta = ParquetColumnMetaData()
        try readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32):
                let code = try r.i32()
                guard let physical = ParquetPhysicalType(rawValue: code) else {
                    throw Malformed(message: "unknown physical type \(code)", offset: r.position)
                }
                meta.type = physical
            case (3, .list):
                let (_, count) = try r.listHeader()
                for _ in 0..<count { meta.path.append(try r.string()) }
            case (4, .i32): meta.codec = try r.i32()
            case (5, .i64): meta.numValues = try r.i64()
            case (6, .i64): meta.totalUncompressedSize = try r.i64()
            case (7, .i64): meta.totalCompressedSize = try r.i64()
            case (9, .i64): meta.dataPageOffset = try r.i64()
            case (11, .i64): meta.dictionaryPageOffset = try r.i64()
            default: return false
            }
            return true
        }
        return meta
    }

    mutating func pageHeader() throws -> ParquetPageHeader {
        var header = ParquetPageHeader()
        try readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): header.type = try r.i32()
            case (2, .i32): header.uncompressedSize = try r.i32()
            case (3, .i32): header.compressedSize = try r.i32()
            case (4, .i32): header.crc = try r.i32()
            case (5, .structure):
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i32): header.numValues = try r.i32()
                    case (2, .i32): header.encoding = try r.i32()
                    case (3, .i32): header.definitionLevelEncoding = try r.i32()
                    case (4, .i32): header.repetitionLevelEncoding = try r.i32()
                    default: return false
                    }
                    return true
                }
            case (7, .structure):
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i32): header.numValues = try r.i32()
                    case (2, .i32): header.encoding = try r.i32()
                    default: return false
                    }
                    return true
                }
            case (8, .structure):
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i32): header.numValues = try r.i32()
                    case (4, .i32): header.encoding = try r.i32()
                    case (5, .i32): header.definitionLevelsLength = try r.i32()
                    case (6, .i32): header.repetitionLevelsLength = try r.i32()
                    case (7, .boolTrue), (7, .boolFalse): header.isCompressed = ThriftCompactReader.bool(type)
                    default: return false
                    }
                    return true
                }
            default: return false
            }
            return true
        }
        return header
    }
}
