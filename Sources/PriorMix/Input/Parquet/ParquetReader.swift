/// Reads a Parquet file as records, one row group at a time: each row becomes a `ColumnarRow` of
/// its top-level columns (see `ParquetRowAssembler`), which the normalizer reads by the rules of a
/// JSON line, so `--text-field` and `--id-field` pick columns and the other columns are carried as
/// fields, without the text ever being escaped and parsed again. Rows are assembled as they are
/// asked for, so memory holds one row group's decoded columns and nothing per row; the text
/// column is decoded page by page as its rows are taken (`ParquetPagedColumn`), after every
/// page header of the row group has been checked.
/// A row group that cannot be decoded is quarantined as a whole, with the file, the row group,
/// the column and the cause, and reading goes on with the next one.
public final class ParquetReader: RecordReader {
    private let file: ParquetFile
    private var group = 0
    /// One past the last row group this reader reads.
    private var endGroup = 0
    private var rowBase = 0
    /// The row group being read, its rows and the next one to hand on.
    private var assembler: ParquetRowAssembler?
    private var pendingRows = 0
    private var pendingIndex = 0
    private var pendingRowBase = 0
    /// Buffers kept from row group to row group (the last one's columns, a column chunk as
    /// stored, a decompressed page), so memory stays mapped at the largest row group's size
    /// instead of being returned and faulted in again for every row group.
    private var recycled: [ParquetColumnData] = []
    private var chunkBuffer: [UInt8] = []
    private var pageBuffer: [UInt8] = []
    private var pages: [ParquetPage] = []
    /// The text column, read page by page as rows are taken, when it is a flat BYTE_ARRAY
    /// column (`ParquetPagedColumn`); its leaf index.
    private let paged: ParquetPagedColumn?
    private let pagedLeaf: Int?
    public private(set) var fileBytesConsumed = 0

    /// Opens `path` and checks that `textField` names a top-level column that can hold text.
    /// `rowGroups` limits reading to those row groups (a unit of a run; row numbers stay the file's).
    public init(path: String, textField: String, rowGroups: Range<Int>? = nil) throws {
        file = try ParquetFile(path: path)
        let count = file.metadata.rowGroups.count
        group = min(rowGroups?.lowerBound ?? 0, count)
        endGroup = min(rowGroups?.upperBound ?? count, count)
        for rowGroup in file.metadata.rowGroups[0..<group] { rowBase += Int(clamping: max(0, rowGroup.numRows)) }
        fileBytesConsumed = group == 0 ? file.size - file.footerStart : 0
        let names = file.schema.fields.map(\.name)
        guard let field = file.schema.fields.first(where: { $0.name == textField }) else {
            throw PriorMixError(.malformedInput, "the Parquet file has no column \"\(PriorMixError.excerpt(textField))\" (its columns: \(PriorMixError.excerpt(names.joined(separator: ", "), limit: 200)))",
                                file: path, hint: "name the text column with --text-field")
        }
        guard field.isLeaf, field.element.type == .byteArray || field.element.type == .fixedLenByteArray, field.repetition != .repeated else {
            throw PriorMixError(.malformedInput, "Parquet column \"\(PriorMixError.excerpt(textField))\" does not hold strings",
                                file: path, hint: "name the text column with --text-field")
        }
        let leaves = file.schema.leaves
        let textLeaf = leaves.firstIndex { $0.path.count == 1 && $0.path[0].name == textField }
        pagedLeaf = textLeaf.flatMap { ParquetPagedColumn.isPageable(leaves[$0]) ? $0 : nil }
        paged = pagedLeaf == nil ? nil : ParquetPagedColumn()
    }

    /// Consecutive row groups of about `unitBytes` (compressed), with their bytes; nil when the
    /// footer cannot be read (the reader then reports why).
    public static func rowGroupUnits(path: String, unitBytes: Int) -> [(Range<Int>, Int)]? {
        guard let file = try? ParquetFile(path: path) else { return nil }
        var units: [(Range<Int>, Int)] = []
        var start = 0, bytes = 0
        for (index, rowGroup) in file.metadata.rowGroups.enumerated() {
            bytes += rowGroup.columns.reduce(0) { $0 + Int(clamping: max(0, $1.meta?.totalCompressedSize ?? 0)) }
            if bytes >= unitBytes || index == file.metadata.rowGroups.count - 1 {
                units.append((start..<index + 1, bytes))
                start = index + 1
                bytes = 0
            }
        }
        return units
    }


    public func next() throws -> RawRecord? {
        while pendingIndex >= pendingRows || assembler == nil {
            if let done = assembler?.columns { recycled = done }
            assembler = nil
            pendingRows = 0
            pendingIndex = 0
            guard group < endGroup else { return nil }
            if let quarantined = loadRowGroup() { return quarantined }
        }
        let row = pendingRowBase + pendingIndex + 1
        do {
            let (bytes, columns) = try assembler!.nextRow()
            pendingIndex += 1
            return RawRecord(payload: .columns(columns), bytes: bytes, source: file.path,
                             location: SourceLocation(file: file.path, line: row))
        } catch {
            // Levels that disagree show only while rows are assembled: the rest of the row group is set aside.
            let lost = pendingRows - pendingIndex
            recycled = []
            assembler = nil
            let failure = error as? ParquetDecodeError
            let cause = failure?.message ?? "\(error)"
            let column = failure?.column.map { ", column \"\(PriorMixError.excerpt($0))\"" } ?? ""
            let detail = "row group \(group) of \(file.metadata.rowGroups.count)\(column): \(cause); its last \(lost) rows were not read"
            return RawRecord(payload: .setAside(.unreadableRowGroup, detail: detail), id: nil, source: file.path,
                             location: SourceLocation(file: file.path, line: row))
        }
    }

    /// Decodes the next row group into `pending`, or returns the quarantine record saying why not.
    private func loadRowGroup() -> RawRecord? {
        let index = group
        let rowGroup = file.metadata.rowGroups[index]
        group += 1
        pendingRowBase = rowBase
        let rows = Int(clamping: max(0, rowGroup.numRows))
        rowBase += rows
        var column = ""
        var offset: Int?
        do {
            guard rowGroup.numRows >= 0 else { throw ParquetDecodeError(message: "negative row count") }
            guard rowGroup.columns.count == file.schema.leaves.count else {
                throw ParquetDecodeError(message: "\(rowGroup.columns.count) column chunks for \(file.schema.leaves.count) schema columns")
            }
            var columns: [ParquetColumnData] = []
            for (leafIndex, leaf) in file.schema.leaves.enumerated() {
                column = leaf.dottedName
                let chunk = rowGroup.columns[leafIndex]
                guard chunk.filePath == nil else { throw ParquetDecodeError(message: "column chunk stored in another file, which is not supported") }
                guard let meta = chunk.meta else { throw ParquetDecodeError(message: "column chunk without metadata") }
                guard meta.path == leaf.path.map(\.name) else { throw ParquetDecodeError(message: "column chunk path does not match the schema") }
                guard let type = leaf.element.type, type == meta.type else { throw ParquetDecodeError(message: "column chunk type does not match the schema") }
                let start = meta.chunkStart
                offset = start
                let length = Int(clamping: meta.totalCompressedSize)
                guard start >= 4, length >= 0, length <= file.footerStart - start else {
                    throw ParquetDecodeError(message: "column chunk at byte \(start) of \(length) bytes lies outside the file's data")
                }
                guard meta.numValues >= 0, meta.numValues <= Int64(Int32.max) * 64 else {
                    throw ParquetDecodeError(message: "column chunk claims \(meta.numValues) values")
                }
                var decoder = ParquetColumnChunkDecoder(leaf: leaf, type: type, codec: meta.codec, expectedEntries: Int(meta.numValues))
                if leafIndex == pagedLeaf, let paged {
                    try file.read(offset: start, count: length, into: &paged.chunk)
                    fileBytesConsumed += length
                    try paged.start(decoder, length: length)
                    columns.append(ParquetColumnData(values: .empty(for: type)))
                    continue
                }
                try file.read(offset: start, count: length, into: &chunkBuffer)
                fileBytesConsumed += length
                var storage: ParquetColumnData?
                if leafIndex < recycled.count {
                    storage = recycled[leafIndex]
                    recycled[leafIndex] = ParquetColumnData(values: .booleans([]))
                }
                columns.append(try chunkBuffer.withUnsafeBytes { chunk in
                    try decoder.decode(UnsafeRawBufferPointer(rebasing: chunk[0..<length]), into: &storage,
                                       valueBytes: Int(clamping: meta.totalUncompressedSize), pageBuffer: &pageBuffer, pages: &pages)
                })
            }
            recycled = []
            column = ""
            offset = nil
            assembler = try ParquetRowAssembler(schema: file.schema, columns: columns, rows: rows, paged: paged, pagedLeaf: pagedLeaf)
            pendingRows = rows
            return nil
        } catch {
            let cause = (error as? ParquetDecodeError)?.message ?? (error as? PriorMixError)?.message ?? "\(error)"
            let place = "row group \(index + 1) of \(file.metadata.rowGroups.count)" + (column.isEmpty ? "" : ", column \"\(PriorMixError.excerpt(column))\"")
            let detail = "\(place): \(cause); its \(rows) rows were not read"
            return RawRecord(payload: .setAside(.unreadableRowGroup, detail: detail), id: nil, source: file.path,
                             location: SourceLocation(file: file.path, line: pendingRowBase + 1, offset: offset))
        }
    }
}
