#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Counts distinct byte strings (pre-tokenization pieces) with their bytes in one arena and an
/// open-addressing index, so counting a corpus allocates per distinct piece, not per occurrence.
/// Iteration order depends only on insertion order, never on a per-process hash seed.
final class PieceCounter {
    private var hashes: [UInt64] = []
    private var offsets: [Int] = [0]
    private(set) var counts: [Int64] = []
    private var arena: [UInt8] = []
    private var index: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 14) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        index = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { counts.count }

    func bytes(_ i: Int) -> ArraySlice<UInt8> { arena[offsets[i]..<offsets[i + 1]] }

    func add(_ p: UnsafePointer<UInt8>, _ length: Int, count: Int64 = 1) {
        add(p, length, hash: ByteHash.hash(p, length), count: count)
    }

    private func add(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, count: Int64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(index[slot])
            if entry < 0 { break }
            if hashes[entry] == hash && offsets[entry + 1] - offsets[entry] == length
                && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + offsets[entry], p, length) == 0 }) {
                counts[entry] += count
                return
            }
            slot = (slot + 1) & mask
        }
        index[slot] = Int32(counts.count)
        hashes.append(hash)
        counts.append(count)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: length))
        offsets.append(arena.count)
        if counts.count * 2 > index.count { grow() }
    }

    private func grow() {
        index = [Int32](repeating: -1, count: index.count * 2)
        mask = index.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while index[slot] >= 0 { slot = (slot + 1) & mask }
            index[slot] = Int32(entry)
        }
    }

    /// Adds every piece of `other` with its count.
    func merge(_ other: PieceCounter) {
        other.arena.withUnsafeBufferPointer { arena in
            for i in 0..<other.count {
                let start = other.offsets[i]
                add(arena.baseAddress! + start, other.offsets[i + 1] - start, hash: other.hashes[i], count: other.counts[i])
            }
        }
    }
}
