#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Buffered reading of lines and fixed-size blocks from a `ByteSource`, with the absolute offset of
/// every read. Memory stays bounded: an over-long line is skipped, not buffered.
///
/// When the source fails (a truncated or corrupt compressed file) the reader first hands out every
/// byte decoded before the failure, then rethrows the failure on the next call.
public final class ByteReader {
    public enum Line {
        case bytes([UInt8])
        /// A line longer than the limit; its `length` bytes were skipped.
        case tooLong(length: Int)
    }

    private let source: ByteSource
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sourceFinished = false
    private var pendingError: Error?
    /// Offset, in the decompressed stream, of the next byte to be handed out.
    public private(set) var offset = 0

    public var fileBytesConsumed: Int { source.fileBytesConsumed }

    public init(source: ByteSource, bufferSize: Int = 1 << 20) {
        self.source = source
        buffer = .allocate(byteCount: max(bufferSize, 4096), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Reads more bytes after `end`, compacting or growing (up to `limit`) as needed.
    /// Returns false at the end of the input.
    private func fill(limit: Int) throws -> Bool {
        if sourceFinished { return false }
        if start > 0 && (end == buffer.count || start > buffer.count / 2) {
            let count = end - start
            if count > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, count) }
            start = 0
            end = count
        }
        if end == buffer.count {
            guard buffer.count < limit else { return true }
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: min(buffer.count * 2, max(limit, buffer.count)), alignment: 16)
            grown.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            end -= start
            start = 0
            buffer.deallocate()
            buffer = grown
        }
        do {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { sourceFinished = true; return false }
            end += n
            return true
        } catch {
            pendingError = error
            sourceFinished = true
            return false
        }
    }

    private func throwPendingError() throws {
        if let error = pendingError { pendingError = nil; throw error }
    }

    /// The next line without its `\n` (a `\r` before it is kept: the caller decides), or nil at the end.
    public func readLine(maxLength: Int) throws -> Line? {
        var scanned = 0
        while true {
            let available = end - start
            if scanned < available,
               let hit = memchr(buffer.baseAddress! + start + scanned, 0x0A, available - scanned) {
                let length = UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress! + start)
                if length > maxLength {
                    consume(length + 1)
                    return .tooLong(length: length)
                }
                let line = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + length)]))
                consume(length + 1)
                return .bytes(line)
            }
            scanned = available
            if available > maxLength { return .tooLong(length: try skipRestOfLine()) }
            if try !fill(limit: maxLength + 1) {
                if end > start {
                    let line = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                    consume(end - start)
                    return .bytes(line)
                }
                try throwPendingError()
                return nil
            }
            // After compaction the scanned prefix is still valid relative to `start`.
        }
    }

    /// Skips to just after the next newline; returns the skipped line's length.
    private func skipRestOfLine() throws -> Int {
        var length = 0
        while true {
            let available = end - start
            if let hit = memchr(buffer.baseAddress! + start, 0x0A, available) {
                let count = UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress! + start)
                consume(count + 1)
                return length + count
            }
            length += available
            consume(available)
            if try !fill(limit: buffer.count) { return length }
        }
    }

    /// Exactly `count` bytes, or fewer if the input ends first.
    public func read(count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(min(count, 1 << 24))
        while result.count < count {
            if end == start, try !fill(limit: buffer.count) { try throwPendingError(); break }
            let take = min(count - result.count, end - start)
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + take)]))
            consume(take)
        }
        return result
    }

    /// Discards up to `count` bytes without keeping them; returns how many were discarded.
    @discardableResult
    public func skip(count: Int) throws -> Int {
        var skipped = 0
        while skipped < count {
            if end == start, try !fill(limit: buffer.count) { try throwPendingError(); break }
            let take = min(count - skipped, end - start)
            consume(take)
            skipped += take
        }
        return skipped
    }

    /// True when no byte is left; rethrows a pending source failure once everything was handed out.
    public func atEnd() throws -> Bool {
        if end > start { return false }
        if try fill(limit: buffer.count) { return false }
        if end > start { return false }
        try throwPendingError()
        return true
    }

    /// Rethrows a failure of the source that was held back while data remained.
    public func finish() throws { try throwPendingError() }

    private func consume(_ count: Int) {
        start += count
        offset += count
        if start == end { start = 0; end = 0 }
    }
}
