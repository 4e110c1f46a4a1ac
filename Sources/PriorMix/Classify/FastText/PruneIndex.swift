/// fastText's prune index of a quantized model: which hash buckets (character and word n-grams)
/// kept a row, and which row. Looked up for every n-gram of every token, so it is a flat
/// open-addressing table rather than a Dictionary (no hashing of boxed keys, no resizing).
struct PruneIndex: Sendable, Equatable {
    /// Bucket → row pairs in file order (written back in that order).
    let pairs: [(bucket: Int32, row: Int32)]
    private let keys: [Int32]
    private let values: [Int32]
    private let mask: Int

    static func == (a: PruneIndex, b: PruneIndex) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0 == $1 }
    }

    /// Later pairs for the same bucket replace earlier ones, as with fastText's map.
    init(pairs: [(bucket: Int32, row: Int32)]) {
        self.pairs = pairs
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var keys = [Int32](repeating: -1, count: capacity)
        var values = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (bucket, row) in pairs where bucket >= 0 {
            var slot = Self.slot(bucket, mask)
            while keys[slot] != -1 && keys[slot] != bucket { slot = (slot + 1) & mask }
            keys[slot] = bucket
            values[slot] = row
        }
        self.keys = keys
        self.values = values
        self.mask = mask
    }

    @inline(__always)
    private static func slot(_ key: Int32, _ mask: Int) -> Int { Int(UInt32(bitPattern: key) &* 0x9E37_79B1) & mask }

    /// The row kept for `bucket`, or nil when the bucket was pruned away.
    @inline(__always)
    func row(for bucket: Int32) -> Int32? {
        var slot = Self.slot(bucket, mask)
        while true {
            let key = keys[slot]
            if key == bucket { return values[slot] }
            if key == -1 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// The largest row named, -1 when empty (to check rows against the input matrix).
    var largestRow: Int32 { pairs.map(\.row).max() ?? -1 }
    var smallestRow: Int32 { pairs.map(\.row).min() ?? 0 }
}
