import CZlib

/// One page of a column chunk whose header has been read and checked (see `ParquetPageScan`).
struct ParquetPage {
    let type: ParquetPageType
    let header: ParquetPageHeader
    /// Where the page's header starts in the chunk: errors name the page by it.
    let offset: Int
    /// The page's stored (possibly compressed) body in the chunk.
    let body: Range<Int>
    /// Level entries of a data page (values plus nulls); 0 for a dictionary page.
    let entries: Int

    /// A failure while decoding this page, named by its place in the chunk.
    func failure(_ message: String) -> ParquetDecodeError {
        ParquetDecodeError(message: "page at chunk byte \(offset): \(message)")
    }

    /// Runs `decode`, naming this page in any decompression or decoding failure it throws.
    func named<T>(_ decode: () throws -> T) throws -> T {
        do {
            return try decode()
        } catch let failure as ParquetDecompression.Failure {
            throw self.failure(failure.message)
        } catch let failure as ParquetDecodeError {
            throw self.failure(failure.message)
        }
    }
}

/// Walks a column chunk's page headers before any page is decoded: every header must parse,
/// every body lie inside the chunk with a sane uncompressed size and pass its CRC when it has
/// one, and the data pages must hold exactly the level entries the chunk's metadata promises.
/// A row group whose text column is decoded page by page as rows are taken is thus refused as a
/// whole, before its first row is handed on, for any damage these checks can see.
enum ParquetPageScan {
    /// The pages of `chunk` (index pages left out) into `pages` (emptied first, its room kept).
    static func pages(_ chunk: UnsafeRawBufferPointer, expectedEntries: Int, codec: Int32, into pages: inout [ParquetPage]) throws {
        pages.removeAll(keepingCapacity: true)
        var entries = 0
        var position = 0
        while entries < expectedEntries {
            guard position < chunk.count else {
                throw ParquetDecodeError(message: "column chunk ends after \(entries) of \(expectedEntries) values")
            }
            var thrift = ThriftCompactReader(chunk, position: position)
            let header: ParquetPageHeader
            do { header = try thrift.pageHeader() } catch let error as ThriftCompactReader.Malformed {
                throw ParquetDecodeError(message: "unreadable page header at chunk byte \(position): \(error.message)")
            }
            let bodyStart = thrift.position
            guard header.compressedSize >= 0, Int(header.compressedSize) <= chunk.count - bodyStart else {
                throw ParquetDecodeError(message: "page at chunk byte \(position) claims \(header.compressedSize) bytes, past the column chunk")
            }
            guard header.uncompressedSize >= 0, Int(header.uncompressedSize) <= ParquetLimits.maxDecodedBytes else {
                throw ParquetDecodeError(message: "page at chunk byte \(position) claims \(header.uncompressedSize) uncompressed bytes")
            }
            let body = bodyStart..<bodyStart + Int(header.compressedSize)
            if let crc = header.crc {
                let bytes = UnsafeRawBufferPointer(rebasing: chunk[body])
                let actual = UInt32(crc32(0, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
                guard actual == UInt32(bitPattern: crc) else {
                    throw ParquetDecodeError(message: "page at chunk byte \(position) fails its CRC check")
                }
            }
            guard let type = ParquetPageType(rawValue: header.type) else {
                throw ParquetDecodeError(message: "page at chunk byte \(position): unknown page type \(header.type)")
            }
            var count = 0
            switch type {
            case .dataPage, .dataPageV2:
                guard header.numValues >= 0, Int(header.numValues) <= expectedEntries - entries, Int(header.numValues) <= ParquetLimits.maxPageValues else {
                    throw ParquetDecodeError(message: "page at chunk byte \(position): page claims \(header.numValues) values, more than the column chunk holds")
                }
                count = Int(header.numValues)
                if type == .dataPageV2 {
                    let levelBytes = Int(header.repetitionLevelsLength) + Int(header.definitionLevelsLength)
                    guard header.repetitionLevelsLength >= 0, header.definitionLevelsLength >= 0, levelBytes <= body.count,
                          levelBytes <= Int(header.uncompressedSize) else {
                        throw ParquetDecodeError(message: "page at chunk byte \(position): level lengths run past the page")
                    }
                }
                if let problem = ParquetDecompression.unsupported(codec), header.isCompressed || type == .dataPage {
                    throw ParquetDecodeError(message: "page at chunk byte \(position): \(problem)")
                }
            case .dictionaryPage:
                if let problem = ParquetDecompression.unsupported(codec) {
                    throw ParquetDecodeError(message: "page at chunk byte \(position): \(problem)")
                }
            case .indexPage:
                position = body.upperBound
                continue
            }
            pages.append(ParquetPage(type: type, header: header, offset: position, body: body, entries: count))
            entries += count
            position = body.upperBound
        }
    }
}
