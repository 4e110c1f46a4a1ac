import CZstd
import CZlib
import CBrotli
import CLZ4

/// Decompresses one page with the column chunk's codec into exactly `size` bytes. A page that
/// decodes to any other size is corrupt. Pages are decoded into one buffer the caller reuses
/// from page to page, and an uncompressed page is read where it lies, so reading a column chunk
/// allocates no buffer per page.
enum ParquetDecompression {
    struct Failure: Error { var message: String }

    /// Calls `body` with the page's `size` decompressed bytes, which live in `buffer` (grown
    /// when a page is larger than any before it) or, for an uncompressed page, in `input` itself.
    static func withPage<R>(_ input: UnsafeRawBufferPointer, codec: Int32, size: Int, buffer: inout [UInt8],
                            _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        if try decompress(input, codec: codec, size: size, into: &buffer) {
            return try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<size])) }
        }
        return try body(input)
    }

    /// Why `codec` cannot be read, or nil when it can.
    static func unsupported(_ codec: Int32) -> String? {
        switch ParquetCodec(rawValue: codec) {
        case .lzo: return "the LZO codec is not supported"
        case .lz4: return "the deprecated LZ4 (Hadoop-framed) codec is not supported; rewrite the file with LZ4_RAW or ZSTD"
        case nil: return "unknown compression codec \(codec)"
        default: return nil
        }
    }

    /// Decompresses the page into the first `size` bytes of `buffer` and returns true, or, for an
    /// uncompressed page, checks its size and returns false: the page is `input` as it lies.
    /// A zstd context kept from page to page (`ZSTD_decompress` makes and frees one per call).
    final class ZstdContext {
        let context: OpaquePointer? = ZSTD_createDCtx()
        deinit { ZSTD_freeDCtx(context) }
    }

    static func decompress(_ input: UnsafeRawBufferPointer, codec: Int32, size: Int, into buffer: inout [UInt8],
                           zstd context: ZstdContext? = nil) throws -> Bool {
        guard size >= 0 else { throw Failure(message: "negative uncompressed page size") }
        if let problem = unsupported(codec) { throw Failure(message: problem) }
        let known = ParquetCodec(rawValue: codec)
        if known == .uncompressed {
            guard input.count == size else { throw Failure(message: "uncompressed page of \(input.count) bytes, the header says \(size)") }
            return false
        }
        // At least one byte, so even an empty page has an address to decode to.
        if buffer.count < max(size, 1) { buffer = [UInt8](repeating: 0, count: max(size, 1)) }
        try buffer.withUnsafeMutableBufferPointer { whole in
            let out = UnsafeMutableBufferPointer(rebasing: whole[0..<size])
            switch known {
            case .snappy:
                do { try SnappyDecompressor.decompress(input, into: out) }
                catch let error as SnappyDecompressor.Corrupt { throw Failure(message: error.message) }
            case .gzip: try gzip(input, into: out)
            case .zstd: try zstd(input, into: out, context: context)
            case .brotli: try brotli(input, into: out)
            case .lz4Raw: try lz4Raw(input, into: out)
            case .uncompressed, .lzo, .lz4, nil: break  // handled above
            }
        }
        return true
    }

    private static func zstd(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>, context: ZstdContext?) throws {
        let result = if let dctx = context?.context {
            ZSTD_decompressDCtx(dctx, out.baseAddress, out.count, input.baseAddress, input.count)
        } else {
            ZSTD_decompress(out.baseAddress, out.count, input.baseAddress, input.count)
        }
        if ZSTD_isError(result) != 0 { throw Failure(message: "corrupt zstd page: \(String(cString: ZSTD_getErrorName(result)))") }
        guard result == out.count else { throw Failure(message: "zstd page decodes to \(result) bytes, the header says \(out.count)") }
    }

    private static func gzip(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) throws {
        let size = out.count
        var stream = z_stream()
        // 32 + 15: gzip or zlib wrapper, detected (writers differ).
        guard inflateInit2_(&stream, 32 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        guard input.count > 0 else { throw Failure(message: "empty gzip page") }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        // A zero-size page still needs a valid stream; zlib then reports a full buffer at its end.
        stream.next_out = out.baseAddress
        stream.avail_out = uInt(size)
        var status = inflate(&stream, Z_FINISH)
        if status == Z_BUF_ERROR && stream.avail_out == 0 && size == 0 { status = Z_STREAM_END }
        let produced = size - Int(stream.avail_out)
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? (status == Z_BUF_ERROR ? "data longer or shorter than the header says" : "error \(status)")
            throw Failure(message: "corrupt gzip page: \(reason)")
        }
        guard produced == size else { throw Failure(message: "gzip page decodes to \(produced) bytes, the header says \(size)") }
    }

    private static func brotli(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) throws {
        var decoded = out.count
        let target = out.baseAddress!
        let result = BrotliDecoderDecompress(input.count, input.baseAddress?.assumingMemoryBound(to: UInt8.self), &decoded, target)
        guard result == BROTLI_DECODER_RESULT_SUCCESS else { throw Failure(message: "corrupt brotli page") }
        guard decoded == out.count else { throw Failure(message: "brotli page decodes to \(decoded) bytes, the header says \(out.count)") }
    }

    private static func lz4Raw(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) throws {
        guard input.count <= Int(Int32.max), out.count <= Int(Int32.max) else { throw Failure(message: "LZ4 page too large") }
        let target = out.baseAddress!
        let result = target.withMemoryRebound(to: CChar.self, capacity: max(out.count, 1)) { target in
            LZ4_decompress_safe(input.baseAddress?.assumingMemoryBound(to: CChar.self), target, Int32(input.count), Int32(out.count))
        }
        guard result >= 0 else { throw Failure(message: "corrupt LZ4 page") }
        guard Int(result) == out.count else { throw Failure(message: "LZ4 page decodes to \(result) bytes, the header says \(out.count)") }
    }
}
