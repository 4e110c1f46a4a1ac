#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A pull-based stream of bytes: a file, or a decompressor over one.
public protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many; 0 means the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// How many bytes of the underlying file have been consumed (drives progress and error offsets).
    var fileBytesConsumed: Int { get }
}

/// Reads a file with plain POSIX calls; the first bytes can be peeked to detect compression.
public final class FileByteSource: ByteSource {
    public let path: String
    private let descriptor: Int32
    private var peeked: [UInt8] = []
    public private(set) var fileBytesConsumed = 0

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PriorMixError(.io, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
    }

    deinit { close(descriptor) }

    /// The first `count` bytes (fewer if the file is shorter), without consuming them.
    public func peek(_ count: Int) throws -> [UInt8] {
        while peeked.count < count {
            var chunk = [UInt8](repeating: 0, count: count - peeked.count)
            let n = try chunk.withUnsafeMutableBytes { try rawRead($0) }
            if n == 0 { break }
            peeked.append(contentsOf: chunk[0..<n])
        }
        return Array(peeked.prefix(count))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !peeked.isEmpty {
            let n = min(buffer.count, peeked.count)
            peeked.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
            peeked.removeFirst(n)
            fileBytesConsumed += n
            return n
        }
        let n = try rawRead(buffer)
        fileBytesConsumed += n
        return n
    }

    private func rawRead(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw PriorMixError(.io, "read failed: \(String(cString: strerror(errno)))", file: path, offset: fileBytesConsumed)
        }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif
