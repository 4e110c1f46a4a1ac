/// The decoded values of one column values, by physical type. INT96 and fixed-length byte
/// arrays are kept as byte arrays.
enum ParquetValues: Sendable {
    case booleans([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case bytes(ParquetByteArrays)

    static func empty(for type: ParquetPhysicalType) -> ParquetValues {
        switch type {
        case .boolean: return .booleans([])
        case .int32: return .int32([])
        case .int64: return .int64([])
        case .float: return .float([])
        case .double: return .double([])
        case .int96, .byteArray, .fixedLenByteArray: return .bytes(ParquetByteArrays())
        }
    }

    /// The same values emptied, their storage kept for the next row group.
    mutating func removeAllKeepingCapacity() {
        // Each array is moved out first, so it is uniquely referenced and emptied in place.
        switch self {
        case .booleans(var v): self = .booleans([]); v.removeAll(keepingCapacity: true); self = .booleans(v)
        case .int32(var v): self = .int32([]); v.removeAll(keepingCapacity: true); self = .int32(v)
        case .int64(var v): self = .int64([]); v.removeAll(keepingCapacity: true); self = .int64(v)
        case .float(var v): self = .float([]); v.removeAll(keepingCapacity: true); self = .float(v)
        case .double(var v): self = .double([]); v.removeAll(keepingCapacity: true); self = .double(v)
        case .bytes(var v):
            self = .bytes(ParquetByteArrays())
            v.data.removeAll(keepingCapacity: true)
            v.ends.removeAll(keepingCapacity: true)
            self = .bytes(v)
        }
    }

    var count: Int {
        switch self {
        case .booleans(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        case .float(let v): return v.count
        case .double(let v): return v.count
        case .bytes(let v): return v.count
        }
    }
}

/// One column of one row group, decoded: levels (empty when the column has none) and the
/// non-null values in order.
struct ParquetColumnData: Sendable {
    var definition: [UInt8] = []
    var repetition: [UInt8] = []
    var values: ParquetValues
    /// Number of level entries (values plus nulls and empty lists).
    var entries = 0

    /// Empty column data for a chunk of `type`, taking over `storage` (the previous row group's
    /// data of the same column) when it has that type: its memory is already mapped, so a new row
    /// group costs no fresh pages. `storage` is left nil so the arrays are emptied in place.
    static func reusing(_ storage: inout ParquetColumnData?, for type: ParquetPhysicalType) -> ParquetColumnData {
        guard var data = storage, sameType(data.values, ParquetValues.empty(for: type)) else {
            storage = nil
            return ParquetColumnData(values: .empty(for: type))
        }
        storage = nil
        data.definition.removeAll(keepingCapacity: true)
        data.repetition.removeAll(keepingCapacity: true)
        data.values.removeAllKeepingCapacity()
        data.entries = 0
        return data
    }

    private static func sameType(_ a: ParquetValues, _ b: ParquetValues) -> Bool {
        switch (a, b) {
        case (.booleans, .booleans), (.int32, .int32), (.int64, .int64), (.float, .float), (.double, .double), (.bytes, .bytes): return true
        default: return false
        }
    }
}

/// Decodes a column chunk's pages (dictionary, data v1 and v2) into `ParquetColumnData`.
struct ParquetColumnChunkDecoder {
    let leaf: ParquetSchema.Leaf
    let type: ParquetPhysicalType
    let codec: Int32
    /// Level entries the column chunk's metadata promises.
    let expectedEntries: Int

    /// The last dictionary page decoded; the data pages after it index into it.
    private(set) var dictionary: ParquetValues?

    init(leaf: ParquetSchema.Leaf, type: ParquetPhysicalType, codec: Int32, expectedEntries: Int) {
        self.leaf = leaf
        self.type = type
        self.codec = codec
        self.expectedEntries = expectedEntries
    }

    /// Decodes every page in `chunk` (the column chunk's bytes as stored in the file) into
    /// `storage` (emptied; see `ParquetColumnData.reusing`). Every page header is checked first
    /// (`ParquetPageScan`); pages are then decompressed one at a time into `pageBuffer`, which
    /// the caller keeps from chunk to chunk: values are copied out of a page before the next one.
    /// Errors say which page (by its byte offset in the chunk) failed. `valueBytes` is the room to
    /// make for byte-array values at once (the chunk's uncompressed size, which PLAIN values never
    /// exceed): the column is then filled without being copied to ever larger buffers, nor left
    /// with up to twice the room it needs. `pages` is room for the page list, kept by the caller.
    mutating func decode(_ chunk: UnsafeRawBufferPointer, into storage: inout ParquetColumnData?, valueBytes: Int = 0,
                         pageBuffer: inout [UInt8], pages: inout [ParquetPage]) throws -> ParquetColumnData {
        try ParquetPageScan.pages(chunk, expectedEntries: expectedEntries, codec: codec, into: &pages)
        var data = ParquetColumnData.reusing(&storage, for: type)
        if case .bytes(var arrays) = data.values {
            data.values = .bytes(ParquetByteArrays())
            arrays.reserve(values: min(expectedEntries, ParquetLimits.maxPageValues), bytes: min(max(0, valueBytes), ParquetLimits.maxDecodedBytes))
            data.values = .bytes(arrays)
        }
        if leaf.maxDefinition > 0 { data.definition.reserveGrowing(min(expectedEntries, ParquetLimits.maxPageValues)) }
        for page in pages {
            try page.named {
                if page.type == .dictionaryPage {
                    try decodeDictionary(page, chunk, pageBuffer: &pageBuffer)
                } else {
                    try decodeData(page, chunk, into: &data, pageBuffer: &pageBuffer)
                }
            }
        }
        // Each level was checked against its maximum as it was decoded (`levels`).
        if leaf.maxDefinition > 0, data.definition.count != data.entries {
            throw ParquetDecodeError(message: "definition levels out of range")
        }
        if leaf.maxRepetition > 0, data.repetition.count != data.entries {
            throw ParquetDecodeError(message: "repetition levels out of range")
        }
        return data
    }

    /// Decodes a dictionary page; the data pages after it index into it.
    mutating func decodeDictionary(_ page: ParquetPage, _ chunk: UnsafeRawBufferPointer, pageBuffer: inout [UInt8]) throws {
        let header = page.header
        let body = UnsafeRawBufferPointer(rebasing: chunk[page.body])
        try ParquetDecompression.withPage(body, codec: codec, size: Int(header.uncompressedSize), buffer: &pageBuffer) { raw in
            var cursor = PageCursor(raw)
            var values = ParquetValues.empty(for: type)
            guard header.numValues >= 0, Int(header.numValues) <= ParquetLimits.maxPageValues else {
                throw ParquetDecodeError(message: "dictionary of \(header.numValues) values")
            }
            try appendPlain(&cursor, count: Int(header.numValues), to: &values)
            dictionary = values
        }
    }

    /// Appends a data page's (v1 or v2) levels and values to `data`.
    func decodeData(_ page: ParquetPage, _ chunk: UnsafeRawBufferPointer, into data: inout ParquetColumnData, pageBuffer: inout [UInt8]) throws {
        let header = page.header
        let body = UnsafeRawBufferPointer(rebasing: chunk[page.body])
        let count = page.entries
        if page.type == .dataPage {
            try ParquetDecompression.withPage(body, codec: codec, size: Int(header.uncompressedSize), buffer: &pageBuffer) { raw in
                var cursor = PageCursor(raw)
                try levelsV1(&cursor, header: header, count: count, into: &data)
                try appendValues(&cursor, encoding: header.encoding, count: nonNull(data.definition, count: count), to: &data.values)
            }
        } else {
            let valuesPart = try levelsV2(body, header: header, count: count, into: &data)
            let valuesSize = Int(header.uncompressedSize) - Int(header.repetitionLevelsLength) - Int(header.definitionLevelsLength)
            try ParquetDecompression.withPage(valuesPart, codec: header.isCompressed ? codec : ParquetCodec.uncompressed.rawValue,
                                              size: valuesSize, buffer: &pageBuffer) { raw in
                var cursor = PageCursor(raw)
                try appendValues(&cursor, encoding: header.encoding, count: nonNull(data.definition, count: count), to: &data.values)
            }
        }
        data.entries += count
    }

    /// A v1 data page's repetition and definition levels (those the column has), read from the
    /// start of the decompressed page.
    func levelsV1(_ cursor: inout PageCursor, header: ParquetPageHeader, count: Int, into data: inout ParquetColumnData) throws {
        if leaf.maxRepetition > 0 {
            try levelsV1(&cursor, encoding: header.repetitionLevelEncoding, max: leaf.maxRepetition, count: count, into: &data.repetition)
        }
        if leaf.maxDefinition > 0 {
            try levelsV1(&cursor, encoding: header.definitionLevelEncoding, max: leaf.maxDefinition, count: count, into: &data.definition)
        }
    }

    /// A v2 data page's levels, stored uncompressed ahead of its values; returns the values part
    /// of `body`. `ParquetPageScan` checked that the level lengths fit the page.
    func levelsV2(_ body: UnsafeRawBufferPointer, header: ParquetPageHeader, count: Int, into data: inout ParquetColumnData) throws -> UnsafeRawBufferPointer {
        let repLength = Int(header.repetitionLevelsLength), defLength = Int(header.definitionLevelsLength)
        if leaf.maxRepetition > 0 {
            var cursor = PageCursor(UnsafeRawBufferPointer(rebasing: body[0..<repLength]))
            try levels(&cursor, max: leaf.maxRepetition, count: count, into: &data.repetition)
        }
        if leaf.maxDefinition > 0 {
            var cursor = PageCursor(UnsafeRawBufferPointer(rebasing: body[repLength..<repLength + defLength]))
            try levels(&cursor, max: leaf.maxDefinition, count: count, into: &data.definition)
        }
        return UnsafeRawBufferPointer(rebasing: body[(repLength + defLength)...])
    }

    /// Values actually stored for the last `count` level entries: those at the maximum definition level.
    func nonNull(_ definition: [UInt8], count: Int) -> Int {
        guard leaf.maxDefinition > 0 else { return count }
        let maxLevel = UInt8(leaf.maxDefinition)
        var stored = 0
        for level in definition[(definition.count - count)...] where level == maxLevel { stored += 1 }
        return stored
    }

    private func levelsV1(_ cursor: inout PageCursor, encoding: Int32, max: Int, count: Int, into output: inout [UInt8]) throws {
        guard encoding == ParquetEncoding.rle.rawValue else {
            throw ParquetDecodeError(message: "level encoding \(encoding) is not supported (only RLE)")
        }
        let length = Int(try cursor.uint32LE())
        var inner = PageCursor(try cursor.take(length))
        try levels(&inner, max: max, count: count, into: &output)
    }

    func levels(_ cursor: inout PageCursor, max: Int, count: Int, into output: inout [UInt8]) throws {
        var decoded: [UInt32] = []
        try RLEHybrid.decode(&cursor, width: RLEHybrid.bitWidth(max), count: count, into: &decoded)
        output.reserveGrowing(count)
        for level in decoded {
            guard level <= UInt32(max) else { throw ParquetDecodeError(message: "level \(level) above the maximum \(max)") }
            output.append(UInt8(level))
        }
    }

    func appendValues(_ cursor: inout PageCursor, encoding: Int32, count: Int, to values: inout ParquetValues) throws {
        switch ParquetEncoding(rawValue: encoding) {
        case .plain:
            try appendPlain(&cursor, count: count, to: &values)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw ParquetDecodeError(message: "dictionary-encoded page without a dictionary page") }
            let width = Int(try cursor.byte())
            var indices: [UInt32] = []
            try RLEHybrid.decode(&cursor, width: width, count: count, into: &indices)
            try Self.gather(dictionary, indices: indices, to: &values)
        case .rle:
            guard case .booleans(var booleans) = values else { throw ParquetDecodeError(message: "RLE values on a non-boolean column") }
            let length = Int(try cursor.uint32LE())
            var inner = PageCursor(try cursor.take(length))
            var bits: [UInt32] = []
            try RLEHybrid.decode(&inner, width: 1, count: count, into: &bits)
            values = .booleans([])  // release the reference so the append does not copy
            booleans.append(contentsOf: bits.lazy.map { $0 != 0 })
            values = .booleans(booleans)
        case .deltaBinaryPacked:
            let decoded = try DeltaBinaryPacked.decode(&cursor, maxCount: count)
            guard decoded.count == count else { throw ParquetDecodeError(message: "\(decoded.count) delta values for \(count) entries") }
            switch values {
            case .int32(var v): values = .int32([]); v.append(contentsOf: decoded.lazy.map { Int32(truncatingIfNeeded: $0) }); values = .int32(v)
            case .int64(var v): values = .int64([]); v.append(contentsOf: decoded); values = .int64(v)
            default: throw ParquetDecodeError(message: "DELTA_BINARY_PACKED on a non-integer column")
            }
        case .deltaLengthByteArray, .deltaByteArray:
            guard case .bytes(var arrays) = values else { throw ParquetDecodeError(message: "delta byte-array encoding on a non-byte-array column") }
            values = .bytes(ParquetByteArrays())
            if encoding == ParquetEncoding.deltaByteArray.rawValue {
                try ByteArrayEncodings.delta(&cursor, count: count, into: &arrays)
            } else {
                try ByteArrayEncodings.deltaLength(&cursor, count: count, into: &arrays)
            }
            values = .bytes(arrays)
        case .byteStreamSplit:
            try appendByteStreamSplit(&cursor, count: count, to: &values)
        case .bitPacked, nil:
            throw ParquetDecodeError(message: "value encoding \(encoding) is not supported")
        }
    }

    func appendPlain(_ cursor: inout PageCursor, count: Int, to values: inout ParquetValues) throws {
        func fixed<T>(_ size: Int, _ array: inout [T], _ load: (UnsafeRawBufferPointer) -> T) throws {
            let raw = try cursor.take(count * size)
            array.reserveGrowing(count)
            for i in 0..<count { array.append(load(UnsafeRawBufferPointer(rebasing: raw[i * size..<(i + 1) * size]))) }
        }
        guard count >= 0 else { throw ParquetDecodeError(message: "negative value count") }
        switch values {
        case .booleans(var v):
            values = .booleans([])
            let raw = try cursor.take((count + 7) / 8)
            v.reserveGrowing(count)
            for i in 0..<count { v.append(raw[i >> 3] & (1 << UInt8(i & 7)) != 0) }
            values = .booleans(v)
        case .int32(var v): values = .int32([]); try fixed(4, &v) { $0.loadUnaligned(as: Int32.self).littleEndian }; values = .int32(v)
        case .int64(var v): values = .int64([]); try fixed(8, &v) { $0.loadUnaligned(as: Int64.self).littleEndian }; values = .int64(v)
        case .float(var v): values = .float([]); try fixed(4, &v) { Float(bitPattern: $0.loadUnaligned(as: UInt32.self).littleEndian) }; values = .float(v)
        case .double(var v): values = .double([]); try fixed(8, &v) { Double(bitPattern: $0.loadUnaligned(as: UInt64.self).littleEndian) }; values = .double(v)
        case .bytes(var arrays):
            values = .bytes(ParquetByteArrays())
            switch type {
            case .byteArray: try ByteArrayEncodings.plain(&cursor, count: count, into: &arrays)
            case .int96: try ByteArrayEncodings.fixed(&cursor, count: count, width: 12, into: &arrays)
            default: try ByteArrayEncodings.fixed(&cursor, count: count, width: Int(leaf.element.typeLength), into: &arrays)
            }
            values = .bytes(arrays)
        }
    }

    /// BYTE_STREAM_SPLIT: byte k of every value is stored in stream k.
    private func appendByteStreamSplit(_ cursor: inout PageCursor, count: Int, to values: inout ParquetValues) throws {
        let width: Int
        switch type {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = Int(leaf.element.typeLength)
        default: throw ParquetDecodeError(message: "BYTE_STREAM_SPLIT on a \(type) column")
        }
        let raw = try cursor.take(count * width)
        var joined = [UInt8](repeating: 0, count: count * width)
        for i in 0..<count { for k in 0..<width { joined[i * width + k] = raw[k * count + i] } }
        try joined.withUnsafeBytes { bytes in
            var inner = PageCursor(bytes)
            try appendPlain(&inner, count: count, to: &values)
        }
    }

    /// Dictionary indices to values, each index checked against the dictionary's size.
    static func gather(_ dictionary: ParquetValues, indices: [UInt32], to values: inout ParquetValues) throws {
        let size = dictionary.count
        for index in indices where Int(index) >= size {
            throw ParquetDecodeError(message: "dictionary index \(index) outside a dictionary of \(size)")
        }
        switch (dictionary, values) {
        case (.booleans(let d), .booleans(var v)): values = .booleans([]); v.append(contentsOf: indices.lazy.map { d[Int($0)] }); values = .booleans(v)
        case (.int32(let d), .int32(var v)): values = .int32([]); v.append(contentsOf: indices.lazy.map { d[Int($0)] }); values = .int32(v)
        case (.int64(let d), .int64(var v)): values = .int64([]); v.append(contentsOf: indices.lazy.map { d[Int($0)] }); values = .int64(v)
        case (.float(let d), .float(var v)): values = .float([]); v.append(contentsOf: indices.lazy.map { d[Int($0)] }); values = .float(v)
        case (.double(let d), .double(var v)): values = .double([]); v.append(contentsOf: indices.lazy.map { d[Int($0)] }); values = .double(v)
        case (.bytes(let d), .bytes(var v)):
            values = .bytes(ParquetByteArrays())
            var total = 0
            for index in indices { total += d.range(Int(index)).count }
            guard total <= ParquetLimits.maxDecodedBytes else { throw ParquetDecodeError(message: "page decodes to more than 1 GiB") }
            v.reserve(values: indices.count, bytes: total)
            d.data.withUnsafeBytes { source in
                for index in indices {
                    v.append(UnsafeRawBufferPointer(rebasing: source[d.range(Int(index))]))
                }
            }
            values = .bytes(v)
        default:
            throw ParquetDecodeError(message: "dictionary of another type than the column")
        }
    }
}
