import CPrefetch

/// fastText's prune index of a quantized model: which hash buckets (character and word n-grams)
/// kept a row, and which row. Looked up for every n-gram of every token, so it is a flat
/// open-addressing table rather than a Dictionary (no hashing of boxed keys, no resizing).
struct PruneIndex: Sendable, Equatable {
    /// Bucket → row pairs in file order (written back in that order).
    let pairs: [(bucket: Int32, row: Int32)]
    /// Slot i holds its bucket at 2i and its row at 2i + 1 (bucket -1: empty): one cache line per probe.
    private let slots: [Int32]
    private let mask: Int
    /// One bit per bucket that kept a row: most n-gram buckets were pruned away, and a miss then
    /// costs a load from this small bitset (a quarter of a megabyte for 2M buckets, cache-resident)
    /// instead of a probe into the much larger slot table.
    private let present: [UInt64]

    static func == (a: PruneIndex, b: PruneIndex) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0 == $1 }
    }

    /// Later pairs for the same bucket replace earlier ones, as with fastText's map.
    init(pairs: [(bucket: Int32, row: Int32)]) {
        self.pairs = pairs
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity * 2)
        let mask = capacity - 1
        for (bucket, row) in pairs where bucket >= 0 {
            var slot = Self.slot(bucket, mask)
            while slots[2 * slot] != -1 && slots[2 * slot] != bucket { slot = (slot + 1) & mask }
            slots[2 * slot] = bucket
            slots[2 * slot + 1] = row
        }
        self.slots = slots
        self.mask = mask
        // A bucket number beyond 2^27 (not fastText's sizes; a damaged file) gets no bitset: every
        // lookup then probes the slots.
        let largestBucket = pairs.lazy.map(\.bucket).max() ?? -1
        var present: [UInt64] = []
        if largestBucket < 1 << 27 {
            present = [UInt64](repeating: 0, count: Int(max(largestBucket, 0)) / 64 + 1)
            for (bucket, _) in pairs where bucket >= 0 { present[Int(bucket) >> 6] |= 1 << UInt64(bucket & 63) }
        }
        self.present = present
    }

    @inline(__always)
    private static func slot(_ key: Int32, _ mask: Int) -> Int { Int(UInt32(bitPattern: key) &* 0x9E37_79B1) & mask }

    /// The row kept for `bucket`, or nil when the bucket was pruned away.
    @inline(__always)
    func row(for bucket: Int32) -> Int32? {
        guard bucket >= 0 else { return nil }
        if !present.isEmpty {
            let word = Int(bucket) >> 6
            guard word < present.count, present.withUnsafeBufferPointer({ $0[word] }) & (1 << UInt64(bucket & 63)) != 0 else { return nil }
        }
        return slots.withUnsafeBufferPointer { slots in
            var slot = Self.slot(bucket, mask)
            while true {
                let key = slots[2 * slot]
                if key == bucket { return slots[2 * slot + 1] }
                if key == -1 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// `row(for:)` of each of the `count` buckets at `buckets`, in order, the rows kept (each plus
    /// `offset`) written back over the first of them; returns how many were kept. Three passes, so
    /// that each pass's loads are all under way before the first is needed: fetch the bitset
    /// words, keep the buckets whose bit is set while fetching their home slots, then probe.
    @inline(__always)
    func mapRows(_ buckets: UnsafeMutablePointer<Int32>, count: Int, adding offset: Int32) -> Int {
        var kept = 0
        return slots.withUnsafeBufferPointer { slots in
            let slotBase = slots.baseAddress!
            if present.isEmpty {
                for index in 0..<count where buckets[index] >= 0 {
                    buckets[kept] = buckets[index]
                    priormix_prefetch(slotBase + 2 * Self.slot(buckets[index], mask))
                    kept += 1
                }
            } else {
                present.withUnsafeBufferPointer { present in
                    let words = present.count
                    for index in 0..<count {
                        let bucket = buckets[index]
                        if bucket >= 0 && Int(bucket) >> 6 < words { priormix_prefetch(present.baseAddress! + (Int(bucket) >> 6)) }
                    }
                    for index in 0..<count {
                        let bucket = buckets[index]
                        guard bucket >= 0 else { continue }
                        let word = Int(bucket) >> 6
                        guard word < words, present[word] & (1 << UInt64(bucket & 63)) != 0 else { continue }
                        buckets[kept] = bucket
                        priormix_prefetch(slotBase + 2 * Self.slot(bucket, mask))
                        kept += 1
                    }
                }
            }
            var rows = 0
            for index in 0..<kept {
                let bucket = buckets[index]
                var slot = Self.slot(bucket, mask)
                while true {
                    let key = slots[2 * slot]
                    if key == bucket { buckets[rows] = slots[2 * slot + 1] &+ offset; rows += 1; break }
                    if key == -1 { break }
                    slot = (slot + 1) & mask
                }
            }
            return rows
        }
    }

    /// The largest row named, -1 when empty (to check rows against the input matrix).
    var largestRow: Int32 { pairs.map(\.row).max() ?? -1 }
    var smallestRow: Int32 { pairs.map(\.row).min() ?? 0 }
}
