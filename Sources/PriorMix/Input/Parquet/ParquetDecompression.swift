import CZstd
import CZlib
import CBrotli
import CLZ4

/// Decompresses one page with the column chunk's codec into exactly `size` bytes. A page that
/// decodes to any other size is corrupt.
enum ParquetDecompression {
    struct Failure: Error { var message: String }

    static func decompress(_ input: UnsafeRawBufferPointer, codec: Int32, size: Int) throws -> [UInt8] {
        guard size >= 0 else { throw Failure(message: "negative uncompressed page size") }
        switch ParquetCodec(rawValue: codec) {
        case .uncompressed:
            guard input.count == size else { throw Failure(message: "uncompressed page of \(input.count) bytes, the header says \(size)") }
            return Array(input)
        case .snappy:
            do { return try SnappyDecompressor.decompress(input, expectedSize: size) }
            catch let error as SnappyDecompressor.Corrupt { throw Failure(message: error.message) }
        case .gzip: return try gzip(input, size: size)
        case .zstd: return try zstd(input, size: size)
        case .brotli: return try brotli(input, size: size)
        case .lz4Raw: return try lz4Raw(input, size: size)
        case .lzo: throw Failure(message: "the LZO codec is not supported")
        case .lz4: throw Failure(message: "the deprecated LZ4 (Hadoop-framed) codec is not supported; rewrite the file with LZ4_RAW or ZSTD")
        case nil: throw Failure(message: "unknown compression codec \(codec)")
        }
    }

    private static func zstd(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        // Uninitialized: zstd writes every byte it reports, and a short result is refused below.
        var result = 0
        let output = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { out, initialized in
            result = ZSTD_decompress(out.baseAddress, size, input.baseAddress, input.count)
            initialized = ZSTD_isError(result) == 0 && result == size ? size : 0
        }
        if ZSTD_isError(result) != 0 { throw Failure(message: "corrupt zstd page: \(String(cString: ZSTD_getErrorName(result)))") }
        guard result == size else { throw Failure(message: "zstd page decodes to \(result) bytes, the header says \(size)") }
        return output
    }

    private static func gzip(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        // 32 + 15: gzip or zlib wrapper, detected (writers differ).
        guard inflateInit2_(&stream, 32 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        guard input.count > 0 else { throw Failure(message: "empty gzip page") }
        let (status, produced) = output.withUnsafeMutableBytes { out -> (Int32, Int) in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(size)
            // A zero-size page still needs a valid stream; give zlib a byte of room to finish.
            var status = inflate(&stream, Z_FINISH)
            if status == Z_BUF_ERROR && stream.avail_out == 0 && size == 0 { status = Z_STREAM_END }
            return (status, size - Int(stream.avail_out))
        }
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? (status == Z_BUF_ERROR ? "data longer or shorter than the header says" : "error \(status)")
            throw Failure(message: "corrupt gzip page: \(reason)")
        }
        guard produced == size else { throw Failure(message: "gzip page decodes to \(produced) bytes, the header says \(size)") }
        return output
    }

    private static func brotli(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(size, 1))
        var decoded = size
        let result = output.withUnsafeMutableBytes { out in
            BrotliDecoderDecompress(input.count, input.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                    &decoded, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard result == BROTLI_DECODER_RESULT_SUCCESS else { throw Failure(message: "corrupt brotli page") }
        guard decoded == size else { throw Failure(message: "brotli page decodes to \(decoded) bytes, the header says \(size)") }
        output.removeLast(output.count - size)
        return output
    }

    private static func lz4Raw(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        guard input.count <= Int(Int32.max), size <= Int(Int32.max) else { throw Failure(message: "LZ4 page too large") }
        var output = [UInt8](repeating: 0, count: max(size, 1))
        let result = output.withUnsafeMutableBytes { out in
            LZ4_decompress_safe(input.baseAddress?.assumingMemoryBound(to: CChar.self), out.baseAddress!.assumingMemoryBound(to: CChar.self),
                                Int32(input.count), Int32(size))
        }
        guard result >= 0 else { throw Failure(message: "corrupt LZ4 page") }
        guard Int(result) == size else { throw Failure(message: "LZ4 page decodes to \(result) bytes, the header says \(size)") }
        output.removeLast(output.count - size)
        return output
    }
}
