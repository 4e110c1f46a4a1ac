import CZstd
import CZlib

/// Writes documents as a Parquet file that pyarrow, DuckDB and pandas read: one row group per
/// `add(batch)` call (the caller bounds batches), every column a required UTF-8 string, double or
/// int64, PLAIN encoded in one data page (v1) per column chunk, compressed with ZSTD, with page CRCs.
/// Only the footer's small metadata stays in memory between row groups.
public final class ParquetDocumentWriter {
    public enum ColumnType { case string, double, int64 }

    public struct Column {
        public var name: String
        public var type: ColumnType
        public init(_ name: String, _ type: ColumnType) { self.name = name; self.type = type }
    }

    /// One row group's values, column by column (each array as long as the row count).
    public enum Values {
        case strings([String])
        case doubles([Double])
        case int64s([Int64])
    }

    private let columns: [Column]
    private let write: ([UInt8]) throws -> Void
    private let level: Int32
    private var offset = 0
    private var rowGroups: [(rows: Int, chunks: [(offset: Int, compressed: Int, uncompressed: Int)])] = []
    private var totalRows = 0

    public init(columns: [Column], compressionLevel: Int32 = 3, write: @escaping ([UInt8]) throws -> Void) throws {
        self.columns = columns
        self.write = write
        self.level = compressionLevel
        try emit(Array("PAR1".utf8))
    }

    private func emit(_ bytes: [UInt8]) throws {
        try write(bytes)
        offset += bytes.count
    }

    /// Appends one row group.
    public func add(rows: Int, values: [Values]) throws {
        precondition(values.count == columns.count, "one value array per column")
        guard rows > 0 else { return }
        var chunks: [(offset: Int, compressed: Int, uncompressed: Int)] = []
        for (column, columnValues) in zip(columns, values) {
            var plain: [UInt8] = []
            switch columnValues {
            case .strings(let strings):
                precondition(strings.count == rows && column.type == .string)
                plain.reserveCapacity(strings.reduce(rows * 4) { $0 + $1.utf8.count })
                for var string in strings {
                    string.withUTF8 { utf8 in
                        withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { plain.append(contentsOf: $0) }
                        plain.append(contentsOf: utf8)
                    }
                }
            case .doubles(let doubles):
                precondition(doubles.count == rows && column.type == .double)
                plain.reserveCapacity(rows * 8)
                for value in doubles { withUnsafeBytes(of: value.bitPattern.littleEndian) { plain.append(contentsOf: $0) } }
            case .int64s(let integers):
                precondition(integers.count == rows && column.type == .int64)
                plain.reserveCapacity(rows * 8)
                for value in integers { withUnsafeBytes(of: value.littleEndian) { plain.append(contentsOf: $0) } }
            }
            guard plain.count <= Int(Int32.max) else {
                throw PriorMixError(.internalFailure, "a Parquet row group's \(column.name) column exceeds 2 GiB", hint: "write smaller row groups")
            }
            let compressed = try Self.zstd(plain, level: level)
            let crc = compressed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            var header = ThriftCompactWriter()
            header.beginStruct()
            header.i32(1, ParquetPageType.dataPage.rawValue)
            header.i32(2, Int32(plain.count))
            header.i32(3, Int32(compressed.count))
            header.i32(4, Int32(bitPattern: crc))
            header.structure(5) { page in
                page.i32(1, Int32(rows))
                page.i32(2, ParquetEncoding.plain.rawValue)
                page.i32(3, ParquetEncoding.rle.rawValue)
                page.i32(4, ParquetEncoding.rle.rawValue)
            }
            header.endStruct()
            let start = offset
            try emit(header.bytes)
            try emit(compressed)
            chunks.append((start, header.bytes.count + compressed.count, header.bytes.count + plain.count))
        }
        rowGroups.append((rows, chunks))
        totalRows += rows
    }

    /// Writes the footer; the file is complete after this.
    public func finish() throws {
        var footer = ThriftCompactWriter()
        footer.beginStruct()
        footer.i32(1, 2)
        footer.list(2, .structure, count: columns.count + 1) { list in
            list.element { root in
                root.string(4, "schema")
                root.i32(5, Int32(columns.count))
            }
            for column in columns {
                list.element { element in
                    element.i32(1, Self.physical(column.type).rawValue)
                    element.i32(3, ParquetRepetition.required.rawValue)
                    element.string(4, column.name)
                    if column.type == .string {
                        element.i32(6, 0)  // ConvertedType UTF8
                        element.structure(10) { logical in logical.structure(1) { _ in } }  // LogicalType STRING
                    }
                }
            }
        }
        footer.i64(3, Int64(totalRows))
        footer.list(4, .structure, count: rowGroups.count) { list in
            for group in rowGroups {
                list.element { rowGroup in
                    rowGroup.list(1, .structure, count: columns.count) { chunkList in
                        for (column, chunk) in zip(columns, group.chunks) {
                            chunkList.element { columnChunk in
                                columnChunk.i64(2, Int64(chunk.offset))
                                columnChunk.structure(3) { meta in
                                    meta.i32(1, Self.physical(column.type).rawValue)
                                    meta.list(2, .i32, count: 2) { $0.elementI32(ParquetEncoding.plain.rawValue); $0.elementI32(ParquetEncoding.rle.rawValue) }
                                    meta.list(3, .binary, count: 1) { $0.elementString(column.name) }
                                    meta.i32(4, ParquetCodec.zstd.rawValue)
                                    meta.i64(5, Int64(group.rows))
                                    meta.i64(6, Int64(chunk.uncompressed))
                                    meta.i64(7, Int64(chunk.compressed))
                                    meta.i64(9, Int64(chunk.offset))
                                }
                            }
                        }
                    }
                    rowGroup.i64(2, Int64(group.chunks.reduce(0) { $0 + $1.uncompressed }))
                    rowGroup.i64(3, Int64(group.rows))
                }
            }
        }
        footer.string(6, "PriorMix")
        footer.endStruct()
        let length = UInt32(footer.bytes.count)
        try emit(footer.bytes + [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)] + Array("PAR1".utf8))
    }

    private static func physical(_ type: ColumnType) -> ParquetPhysicalType {
        switch type {
        case .string: return .byteArray
        case .double: return .double
        case .int64: return .int64
        }
    }

    private static func zstd(_ input: [UInt8], level: Int32) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let size = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { ZSTD_compress($0.baseAddress, $0.count, source.baseAddress, source.count, level) }
        }
        if ZSTD_isError(size) != 0 {
            throw PriorMixError(.internalFailure, "zstd could not compress a Parquet page: \(String(cString: ZSTD_getErrorName(size)))")
        }
        output.removeLast(output.count - size)
        return output
    }
}
