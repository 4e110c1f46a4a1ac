/// A direct-mapped cache of short pieces and their token ids, one per encoding session (so no
/// locking): frequent words are looked up in a few hundred kilobytes of hot memory instead of
/// being merged again. A collision just replaces the older entry.
struct PieceCache {
    static let maxPieceBytes = 24
    static let maxIDs = 8
    private static let slotCount = 1 << 13

    private let keys: UnsafeMutablePointer<UInt64>   // per slot: 3 key words, then count | idCount << 8 | 1 << 16
    private let ids: UnsafeMutablePointer<UInt32>    // per slot: up to `maxIDs`

    init() {
        keys = .allocate(capacity: PieceCache.slotCount * 4)
        keys.initialize(repeating: 0, count: PieceCache.slotCount * 4)
        ids = .allocate(capacity: PieceCache.slotCount * PieceCache.maxIDs)
        ids.initialize(repeating: 0, count: PieceCache.slotCount * PieceCache.maxIDs)
    }

    func deallocate() {
        keys.deallocate()
        ids.deallocate()
    }

    struct Key {
        var w0: UInt64, w1: UInt64, w2: UInt64, meta: UInt64
        var slot: Int
    }

    /// The key of `p[0..<count]` (`count <= maxPieceBytes`): three words that, with the count,
    /// determine the bytes exactly.
    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, _ count: Int) -> Key {
        let w0 = ByteHash.partialWord(p, min(count, 8))
        let w1 = count > 8 ? ByteHash.partialWord(p + 8, min(count - 8, 8)) : 0
        let w2 = count > 16 ? ByteHash.partialWord(p + 16, count - 16) : 0
        let h = ByteHash.mix(w0 &* ByteHash.multiplier ^ (w1 << 17 | w1 >> 47) ^ (w2 << 41 | w2 >> 23) ^ UInt64(count))
        return Key(w0: w0, w1: w1, w2: w2, meta: UInt64(count) | 1 << 16, slot: Int(truncatingIfNeeded: h) & (slotCount - 1))
    }

    /// Appends the cached ids for `key` to `out` and returns true, or returns false on a miss.
    @inline(__always)
    func lookup(_ key: Key, into out: inout [UInt32]) -> Bool {
        let k = keys + key.slot * 4
        guard k[0] == key.w0, k[1] == key.w1, k[2] == key.w2, k[3] & 0x1_00FF == key.meta else { return false }
        let n = Int((k[3] >> 8) & 0xFF)
        let source = ids + key.slot * PieceCache.maxIDs
        if n == 1 {
            out.append(source[0])
        } else {
            out.append(contentsOf: UnsafeBufferPointer(start: source, count: n))
        }
        return true
    }

    @inline(__always)
    func insert(_ key: Key, _ values: UnsafePointer<UInt32>, _ n: Int) {
        guard n <= PieceCache.maxIDs else { return }
        let k = keys + key.slot * 4
        k[0] = key.w0
        k[1] = key.w1
        k[2] = key.w2
        k[3] = key.meta | UInt64(n) << 8
        (ids + key.slot * PieceCache.maxIDs).update(from: values, count: n)
    }
}
