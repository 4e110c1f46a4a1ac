/// Buffered sequential reads of a binary file dedup wrote (signature parts, bucket runs).
/// A file that ends inside a value is an error naming the file and the offset: it can only be a
/// part damaged outside PriorMix, since parts are written under temporary names.
final class BinaryFileReader {
    let path: String
    private let source: FileByteSource
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private(set) var offset = 0

    init(path: String) throws {
        self.path = path
        source = try FileByteSource(path: path)
    }

    /// Ensures `count` bytes are buffered; false at a clean end of file before any of them.
    private func fill(_ count: Int) throws -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            buffer.withUnsafeMutableBufferPointer { b in
                for i in 0..<(end - start) { b[i] = b[start + i] }
            }
            end -= start; start = 0
        }
        if buffer.count < count { buffer += [UInt8](repeating: 0, count: count - buffer.count) }
        while end < count {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[end...])) }
            if n == 0 {
                if end == 0 { return false }
                throw PriorMixError(.malformedInput, "dedup file ends inside a record at byte \(offset + end)", file: path,
                                    hint: "remove the output directory's .dedup folder and run again")
            }
            end += n
        }
        return true
    }

    /// A little-endian integer; nil at a clean end of the file when `allowEnd`.
    func read<T: FixedWidthInteger>(_: T.Type, allowEnd: Bool = false) throws -> T? {
        let size = MemoryLayout<T>.size
        guard try fill(size) else {
            if allowEnd { return nil }
            throw PriorMixError(.malformedInput, "dedup file ends inside a record at byte \(offset)", file: path)
        }
        let value = buffer.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: T.self)) }
        start += size; offset += size
        return value
    }

    func readBytes(_ count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        guard try fill(count) else { throw PriorMixError(.malformedInput, "dedup file ends inside a record at byte \(offset)", file: path) }
        let bytes = Array(buffer[start..<(start + count)])
        start += count; offset += count
        return bytes
    }
}
