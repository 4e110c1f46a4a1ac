import CZstd

/// Streams the decompressed bytes of a zstd file (any number of frames). A file that ends inside a
/// frame yields everything decoded so far, then throws a `truncated-input` error with the offset.
public final class ZstdDecoder: ByteSource {
    private let source: ByteSource
    private let path: String
    private let context: OpaquePointer
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var sourceFinished = false
    /// 0 when the last frame is complete (zstd's own convention).
    private var frameRemainder = 0

    public var fileBytesConsumed: Int { source.fileBytesConsumed }

    public init(source: ByteSource, path: String) {
        self.source = source
        self.path = path
        context = ZSTD_createDCtx()
        input = [UInt8](repeating: 0, count: ZSTD_DStreamInSize())
    }

    deinit { ZSTD_freeDCtx(context) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if inputStart == inputEnd && !sourceFinished {
                inputEnd = try input.withUnsafeMutableBytes { try source.read(into: $0) }
                inputStart = 0
                if inputEnd == 0 { sourceFinished = true }
            }
            if inputStart == inputEnd && sourceFinished {
                if frameRemainder != 0 {
                    frameRemainder = 0  // report once
                    throw PriorMixError(.truncatedInput, "zstd stream ends inside a frame", file: path,
                                        offset: source.fileBytesConsumed,
                                        hint: "the file was cut short; documents before this point were kept")
                }
                return 0
            }
            var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
            let result: Int = input.withUnsafeBytes { bytes in
                var inBuffer = ZSTD_inBuffer(src: bytes.baseAddress! + inputStart, size: inputEnd - inputStart, pos: 0)
                let code = ZSTD_decompressStream(context, &output, &inBuffer)
                inputStart += inBuffer.pos
                return code
            }
            if ZSTD_isError(result) != 0 {
                let reason = String(cString: ZSTD_getErrorName(result))
                inputStart = inputEnd; sourceFinished = true; frameRemainder = 0
                throw PriorMixError(.corruptInput, "corrupt zstd data: \(reason)", file: path,
                                    offset: source.fileBytesConsumed - (inputEnd - inputStart))
            }
            frameRemainder = result
            if output.pos > 0 { return output.pos }
        }
    }
}
