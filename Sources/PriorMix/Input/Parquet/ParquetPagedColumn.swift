/// A row group's text column decoded one page at a time as its rows are taken, instead of whole
/// before the first row: a page is decompressed into one reused buffer and its values are handed
/// out from there (PLAIN values where they lie, dictionary values where the dictionary holds
/// them), so the text passes through the cache once on its way to the document's String rather
/// than making a round trip through a row group's worth of memory.
///
/// Everything that can be checked without decoding is checked when the row group is started,
/// before its first row: every page header, size and CRC (`ParquetPageScan`), the value counts,
/// the dictionary and the first data page. A later page that still fails to decode (a corrupt
/// compressed page in a file written without page CRCs) throws when its rows are reached.
///
/// Only a flat BYTE_ARRAY column is read this way (`isPageable`); the other columns of a row
/// group are small and are decoded whole.
final class ParquetPagedColumn {
    /// The column chunk as stored in the file; the reader reads it in (see `ParquetReader`),
    /// and the buffer is kept from row group to row group.
    var chunk: [UInt8] = []
    /// Level entries (values and nulls) of the whole chunk, by its page headers.
    private(set) var entries = 0

    private var decoder: ParquetColumnChunkDecoder?
    private var chunkLength = 0
    private var pages: [ParquetPage] = []
    private var nextPage = 0
    /// The current page decompressed (unless it is stored uncompressed: then it lies in `chunk`).
    private var pageBuffer: [UInt8] = []
    private let zstd = ParquetDecompression.ZstdContext()
    /// The current page's definition levels, and its values when an encoding had to rebuild them
    /// (DELTA_BYTE_ARRAY and other rare ones).
    private var current = ParquetColumnData(values: .bytes(ParquetByteArrays()))
    private var indices: [UInt32] = []
    /// Where the current page's values are: byte ranges in `source`.
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var source = Source.chunk
    private var entry = 0
    private var value = 0
    private var maxDefinition: UInt8 = 0

    private enum Source { case chunk, page, dictionary, rebuilt }

    /// Whether `leaf` is read page by page: a top-level, non-repeated BYTE_ARRAY column.
    static func isPageable(_ leaf: ParquetSchema.Leaf) -> Bool {
        leaf.element.type == .byteArray && leaf.path.count == 1 && leaf.maxRepetition == 0 && leaf.maxDefinition <= 1
    }

    /// Starts a row group whose column chunk, `length` bytes, is in `chunk`: checks every page
    /// header, decodes the dictionary and the first data page. Errors name the page.
    func start(_ decoder: ParquetColumnChunkDecoder, length: Int) throws {
        self.decoder = decoder
        chunkLength = length
        maxDefinition = UInt8(decoder.leaf.maxDefinition)
        try chunk.withUnsafeBytes { bytes in
            try ParquetPageScan.pages(UnsafeRawBufferPointer(rebasing: bytes[0..<length]), expectedEntries: decoder.expectedEntries,
                                      codec: decoder.codec, into: &pages)
        }
        entries = pages.reduce(0) { $0 + $1.entries }
        nextPage = 0
        resetPage()
        if entries > 0 { try loadPage() }
    }

    /// Calls `body` with the next entry's value bytes, or nil when the entry is null. Throws
    /// when the page it needs cannot be decoded, or the column holds no further entry.
    func next<R>(_ body: (UnsafeBufferPointer<UInt8>?) throws -> R) throws -> R {
        while entry == current.entries { try loadPage() }
        defer { entry += 1 }
        if maxDefinition > 0, current.definition[entry] != maxDefinition { return try body(nil) }
        guard value < starts.count else { throw ParquetDecodeError(message: "fewer values than levels") }
        let range = starts[value]..<ends[value]
        value += 1
        switch source {
        case .chunk: return try chunk.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        case .page: return try pageBuffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        case .dictionary:
            guard case .bytes(let dictionary)? = decoder?.dictionary else { throw ParquetDecodeError(message: "dictionary lost") }
            return try dictionary.data.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        case .rebuilt:
            guard case .bytes(let values) = current.values else { throw ParquetDecodeError(message: "values lost") }
            return try values.data.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
    }

    private func resetPage() {
        current.definition.removeAll(keepingCapacity: true)
        current.entries = 0
        current.values.removeAllKeepingCapacity()
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        entry = 0
        value = 0
    }

    /// Decodes the next pages up to and including the next data page.
    private func loadPage() throws {
        guard var decoder else { throw ParquetDecodeError(message: "no row group started") }
        defer { self.decoder = decoder }
        resetPage()
        while nextPage < pages.count {
            let page = pages[nextPage]
            nextPage += 1
            try page.named {
                try chunk.withUnsafeBytes { bytes in
                    let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<chunkLength])
                    if page.type == .dictionaryPage {
                        try decoder.decodeDictionary(page, chunk, pageBuffer: &pageBuffer)
                    } else {
                        try decodeData(page, chunk, decoder)
                    }
                }
            }
            if page.type != .dictionaryPage, page.entries > 0 { return }
        }
        throw ParquetDecodeError(message: "column chunk ends after \(entries) values")
    }

    /// A data page's levels into `current`, and where each of its values lies.
    private func decodeData(_ page: ParquetPage, _ chunk: UnsafeRawBufferPointer, _ decoder: ParquetColumnChunkDecoder) throws {
        let header = page.header
        let body = UnsafeRawBufferPointer(rebasing: chunk[page.body])
        let count = page.entries
        let valuesPart: UnsafeRawBufferPointer
        let valuesSize: Int
        let valuesCodec: Int32
        if page.type == .dataPage {
            (valuesPart, valuesSize, valuesCodec) = (body, Int(header.uncompressedSize), decoder.codec)
        } else {
            valuesPart = try decoder.levelsV2(body, header: header, count: count, into: &current)
            valuesSize = Int(header.uncompressedSize) - Int(header.repetitionLevelsLength) - Int(header.definitionLevelsLength)
            valuesCodec = header.isCompressed ? decoder.codec : ParquetCodec.uncompressed.rawValue
        }
        let decompressed = try ParquetDecompression.decompress(valuesPart, codec: valuesCodec, size: valuesSize, into: &pageBuffer, zstd: zstd)
        // Offsets of the values part in the buffer that holds it.
        let base = decompressed ? 0 : (valuesPart.baseAddress.map { $0 - chunk.baseAddress! } ?? 0)
        source = decompressed ? .page : .chunk
        let read = { (raw: UnsafeRawBufferPointer) throws in
            var cursor = PageCursor(raw)
            if page.type == .dataPage { try decoder.levelsV1(&cursor, header: header, count: count, into: &self.current) }
            try self.locateValues(&cursor, base: base, encoding: header.encoding, count: decoder.nonNull(self.current.definition, count: count), decoder)
        }
        if decompressed {
            try pageBuffer.withUnsafeBytes { try read(UnsafeRawBufferPointer(rebasing: $0[0..<valuesSize])) }
        } else {
            try read(valuesPart)
        }
        current.entries = count
    }

    /// Records where the page's `count` values lie: PLAIN ones in the page itself, dictionary
    /// ones in the dictionary; other encodings are rebuilt into `current.values`.
    private func locateValues(_ cursor: inout PageCursor, base: Int, encoding: Int32, count: Int, _ decoder: ParquetColumnChunkDecoder) throws {
        starts.reserveGrowing(count)
        ends.reserveGrowing(count)
        switch ParquetEncoding(rawValue: encoding) {
        case .plain:
            for _ in 0..<count {
                let length = Int(try cursor.uint32LE())
                let start = cursor.position
                _ = try cursor.take(length)
                starts.append(base + start)
                ends.append(base + start + length)
            }
        case .plainDictionary, .rleDictionary:
            guard case .bytes(let dictionary)? = decoder.dictionary else {
                throw ParquetDecodeError(message: "dictionary-encoded page without a dictionary page")
            }
            let width = Int(try cursor.byte())
            indices.removeAll(keepingCapacity: true)
            try RLEHybrid.decode(&cursor, width: width, count: count, into: &indices)
            for index in indices {
                guard Int(index) < dictionary.count else {
                    throw ParquetDecodeError(message: "dictionary index \(index) outside a dictionary of \(dictionary.count)")
                }
                let range = dictionary.range(Int(index))
                starts.append(range.lowerBound)
                ends.append(range.upperBound)
            }
            source = .dictionary
        default:
            try decoder.appendValues(&cursor, encoding: encoding, count: count, to: &current.values)
            guard case .bytes(let values) = current.values, values.count == count else {
                throw ParquetDecodeError(message: "\(current.values.count) values for \(count) entries")
            }
            for index in 0..<count {
                let range = values.range(index)
                starts.append(range.lowerBound)
                ends.append(range.upperBound)
            }
            source = .rebuilt
        }
    }
}
