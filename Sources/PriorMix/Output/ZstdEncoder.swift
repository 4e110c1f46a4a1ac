import CZstd

/// Streaming zstd compression into a sink closure. Compression runs on zstd's own worker thread
/// (always exactly one, whatever `--threads` says) so the writer never stalls the pipeline; zstd's
/// multi-threaded format is the same for any worker count, so the bytes depend only on input and level.
///
/// The job size is set, not left to zstd: its default at level 3 is 8 MB, and the worker holds
/// about three jobs of input and output at once, which cost `classify` some 40 MB of its peak
/// memory (66 MB on 4 MB of input, 114 MB from 65 MB on, as the jobs filled); 1 MB jobs cost a few
/// MB and make the output 0.16% larger (corpus-dev, annotated).
public final class ZstdEncoder {
    /// Bytes of input per compression job (zstd's minimum is 512 KB).
    static let jobSize: Int32 = 1 << 20

    private let context: OpaquePointer
    private var output: [UInt8]
    /// Handed each piece of compressed output in place (valid only during the call): a copy into a
    /// fresh array per piece cost an allocation and a copy the writer's own buffer makes anyway.
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    public init(level: Int32 = 3, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        context = ZSTD_createCCtx()
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, 1)
        ZSTD_CCtx_setParameter(context, ZSTD_c_jobSize, ZstdEncoder.jobSize)
        output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        self.sink = sink
    }

    deinit { ZSTD_freeCCtx(context) }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try compress($0, directive: ZSTD_e_continue) }
    }

    /// Ends the frame; the encoder must not be written to afterwards.
    public func finish() throws {
        try compress(UnsafeRawBufferPointer(start: nil, count: 0), directive: ZSTD_e_end)
    }

    private func compress(_ bytes: UnsafeRawBufferPointer, directive: ZSTD_EndDirective) throws {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            let (remaining, produced) = output.withUnsafeMutableBytes { out -> (Int, Int) in
                var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let remaining = ZSTD_compressStream2(context, &buffer, &input, directive)
                return (remaining, buffer.pos)
            }
            if ZSTD_isError(remaining) != 0 {
                throw PriorMixError(.internalFailure, "zstd compression failed: \(String(cString: ZSTD_getErrorName(remaining)))")
            }
            if produced > 0 { try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
            let done = directive == ZSTD_e_end ? remaining == 0 : input.pos == input.size
            if done { return }
        }
    }
}
