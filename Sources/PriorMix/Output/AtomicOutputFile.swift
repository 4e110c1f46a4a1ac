import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An output file that only appears under its final name once it is complete: bytes go to a
/// hidden temporary file beside it, renamed into place by `commit()`. A run that fails or is
/// killed leaves at most a `.name.tmp-PID` file, which no reader mistakes for a result.
public final class AtomicOutputFile {
    public let path: String
    public let temporaryPath: String
    private var descriptor: Int32
    private var encoder: ZstdEncoder?
    private var pending: [UInt8] = []
    private var committed = false
    public private(set) var uncompressedBytes = 0

    /// Opens the temporary file; `compressed` wraps the stream in a zstd frame.
    public init(path: String, compressed: Bool = false) throws {
        self.path = path
        temporaryPath = Self.temporaryPath(for: path)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PriorMixError(.io, "cannot create output: \(String(cString: strerror(errno)))", file: temporaryPath)
        }
        if compressed {
            encoder = ZstdEncoder { [unowned self] bytes in
                try self.writeRaw(UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count))
            }
        }
    }

    /// The hidden name beside `path` that a file has until it is complete.
    private static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    }

    deinit {
        if !committed {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporaryPath)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        uncompressedBytes += bytes.count
        if let encoder { try encoder.write(bytes) } else { try bytes.withUnsafeBufferPointer { try writeRaw($0) } }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    private func writeRaw(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        // Small writes are gathered so the system sees large ones.
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        var written = 0
        try pending.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PriorMixError(.io, "write failed: \(String(cString: strerror(errno)))", file: temporaryPath)
                }
                written += n
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Rewrites bytes already written (a header whose counts are known only at the end).
    /// Only for uncompressed files.
    public func patch(at offset: Int, _ bytes: [UInt8]) throws {
        precondition(encoder == nil, "cannot patch a compressed stream")
        try flush()
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard written == bytes.count else {
            throw PriorMixError(.io, "write failed: \(String(cString: strerror(errno)))", file: temporaryPath, offset: offset)
        }
    }

    /// Finishes the stream, syncs it to disk and gives it its final name.
    public func commit() throws {
        try encoder?.finish()
        try flush()
        fsync(descriptor)
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            throw PriorMixError(.io, "cannot rename \(temporaryPath) into place: \(String(cString: strerror(errno)))", file: path)
        }
        committed = true
    }

    /// Gives the finished file at `source` a second name, `path`, atomically (a hard link under a
    /// temporary name, renamed into place): no byte is read or written again. False when the
    /// file system refuses the link (another device, no hard links); `source` keeps its name.
    public static func link(_ source: String, as path: String) throws -> Bool {
        let temporaryPath = temporaryPath(for: path)
        unlink(temporaryPath)
        guard systemLink(source, temporaryPath) == 0 else { return false }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw PriorMixError(.io, "cannot rename \(temporaryPath) into place: \(reason)", file: path)
        }
        return true
    }

    /// Writes `bytes` to `path` atomically in one go.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let file = try AtomicOutputFile(path: path)
        try file.write(bytes)
        try file.commit()
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
private let systemLink = Glibc.link
#else
private let systemWrite = Darwin.write
private let systemLink = Darwin.link
#endif
