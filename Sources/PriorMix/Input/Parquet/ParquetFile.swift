#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A Parquet file opened for random access: checks both `PAR1` magics and decodes the footer.
/// Column chunks are read on demand with `pread`, one at a time, so memory follows the row
/// group being read, never the file.
final class ParquetFile: @unchecked Sendable {
    let path: String
    let size: Int
    let metadata: ParquetFileMetaData
    let schema: ParquetSchema
    /// Where the footer starts: no column chunk may reach past it.
    let footerStart: Int
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PriorMixError(.io, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw PriorMixError(.io, "cannot stat: \(String(cString: strerror(errno)))", file: path)
        }
        size = Int(info.st_size)
        do {
            guard size >= 12 else {
                throw PriorMixError(.truncatedInput, "Parquet file of \(size) bytes is too short to hold a footer", file: path)
            }
            let head = try Self.read(descriptor, path: path, offset: 0, count: 4)
            let tail = try Self.read(descriptor, path: path, offset: size - 8, count: 8)
            if Array(tail[4...]) == Array("PARE".utf8) {
                throw PriorMixError(.unsupportedInput, "encrypted Parquet files are not supported", file: path)
            }
            guard head == Array("PAR1".utf8) else {
                throw PriorMixError(.corruptInput, "not a Parquet file: it does not start with PAR1", file: path, offset: 0)
            }
            guard Array(tail[4...]) == Array("PAR1".utf8) else {
                throw PriorMixError(.truncatedInput, "Parquet footer missing: the file does not end with PAR1", file: path, offset: size - 4,
                                    hint: "the file was probably cut short while being copied or written")
            }
            let length = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
            guard length > 0, length <= size - 12 else {
                throw PriorMixError(.corruptInput, "Parquet footer length \(length) does not fit a \(size)-byte file", file: path, offset: size - 8)
            }
            footerStart = size - 8 - length
            let footer = try Self.read(descriptor, path: path, offset: footerStart, count: length)
            do {
                metadata = try footer.withUnsafeBytes { bytes in
                    var reader = ThriftCompactReader(bytes)
                    return try reader.fileMetaData()
                }
            } catch let error as ThriftCompactReader.Malformed {
                throw PriorMixError(.corruptInput, "unreadable Parquet footer: \(error.message)", file: path, offset: footerStart + error.offset)
            }
            do { schema = try ParquetSchema(metadata.schema) } catch let error as ParquetSchema.Invalid {
                throw PriorMixError(.corruptInput, "invalid Parquet schema: \(error.message)", file: path, offset: footerStart)
            }
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    func read(offset: Int, count: Int) throws -> [UInt8] {
        try Self.read(descriptor, path: path, offset: offset, count: count)
    }

    /// Reads `count` bytes at `offset` into the start of `buffer`, which is replaced only when
    /// too small, so a reader keeps one buffer for all its column chunks.
    func read(offset: Int, count: Int, into buffer: inout [UInt8]) throws {
        if buffer.count < count {
            buffer = []
            buffer = try read(offset: offset, count: count)
            return
        }
        var filled = 0
        try buffer.withUnsafeMutableBytes { out in
            while filled < count {
                let n = pread(descriptor, out.baseAddress! + filled, count - filled, off_t(offset + filled))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PriorMixError(.io, "read failed: \(String(cString: strerror(errno)))", file: path, offset: offset + filled)
                }
                if n == 0 { throw PriorMixError(.truncatedInput, "file ends early", file: path, offset: offset + filled) }
                filled += n
            }
        }
    }

    private static func read(_ descriptor: Int32, path: String, offset: Int, count: Int) throws -> [UInt8] {
        // Uninitialized: a column chunk is tens of megabytes, and every byte is read into or the read fails.
        var failure: PriorMixError?
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            var filled = 0
            while filled < count {
                let n = pread(descriptor, out.baseAddress! + filled, count - filled, off_t(offset + filled))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = PriorMixError(.io, "read failed: \(String(cString: strerror(errno)))", file: path, offset: offset + filled)
                    break
                }
                if n == 0 { failure = PriorMixError(.truncatedInput, "file ends early", file: path, offset: offset + filled); break }
                filled += n
            }
            initialized = failure == nil ? count : 0
        }
        if let failure { throw failure }
        return buffer
    }
}
