import CZlib

/// Streams the decompressed bytes of a gzip file, including multi-member files such as Common
/// Crawl's WARC.gz (one member per record). A cut-off member keeps what was decoded, then throws.
public final class GzipDecoder: ByteSource {
    private let source: ByteSource
    private let path: String
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 17)
    private var inputStart = 0
    private var inputEnd = 0
    private var sourceFinished = false
    private var insideMember = false
    private var failed = false

    public var fileBytesConsumed: Int { source.fileBytesConsumed }

    public init(source: ByteSource, path: String) throws {
        self.source = source
        self.path = path
        // 16 + MAX_WBITS: expect a gzip wrapper.
        let status = inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw PriorMixError(.internalFailure, "zlib could not start (\(status))", file: path) }
    }

    deinit { inflateEnd(&stream) }

    private var compressedOffset: Int { source.fileBytesConsumed - (inputEnd - inputStart) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if failed { return 0 }
        while true {
            if inputStart == inputEnd && !sourceFinished {
                inputEnd = try input.withUnsafeMutableBytes { try source.read(into: $0) }
                inputStart = 0
                if inputEnd == 0 { sourceFinished = true }
            }
            if inputStart == inputEnd && sourceFinished {
                if insideMember {
                    failed = true
                    throw PriorMixError(.truncatedInput, "gzip stream ends inside a member", file: path,
                                        offset: source.fileBytesConsumed,
                                        hint: "the file was cut short; documents before this point were kept")
                }
                return 0
            }
            let available = inputEnd - inputStart
            let (status, produced, consumed) = input.withUnsafeMutableBytes { bytes -> (Int32, Int, Int) in
                stream.next_in = bytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + inputStart
                stream.avail_in = uInt(available)
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out), available - Int(stream.avail_in))
            }
            inputStart += consumed
            if consumed > 0 || produced > 0 { insideMember = true }
            switch status {
            case Z_STREAM_END:
                insideMember = false
                inflateReset(&stream)  // another member may follow
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                failed = true
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw PriorMixError(.corruptInput, "corrupt gzip data: \(reason)", file: path, offset: compressedOffset)
            }
            if produced > 0 { return produced }
        }
    }
}
