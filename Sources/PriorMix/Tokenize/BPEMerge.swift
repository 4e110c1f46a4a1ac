/// Applies BPE merges to a sequence of symbol ids in place: repeatedly merge the adjacent pair
/// with the lowest rank, the leftmost one on ties, until no pair has a merge. This is the rule
/// of HF `tokenizers` (ranks are merge-list positions) and of tiktoken (ranks of the merged
/// bytes), so one engine serves both; only the pair table differs.
enum BPEMerge {
    /// Pieces up to this many symbols use the quadratic scan; it beats a heap on short words.
    static let smallLimit = 48

    /// Merges `scratch.symbols[0..<count]` and returns the new count.
    @inline(__always)
    static func apply(_ scratch: EncoderScratch, _ count: Int, _ merges: PairTable) -> Int {
        if count < 2 { return count }
        if count <= smallLimit { return small(scratch, count, merges) }
        return large(scratch, count, merges)
    }

    /// O(n²) over a compacting array: cache-friendly and branch-light for typical words.
    static func small(_ scratch: EncoderScratch, _ count: Int, _ merges: PairTable) -> Int {
        let sym = scratch.symbols, rank = scratch.ranks, merged = scratch.merged
        var n = count
        for i in 0..<(n - 1) {
            let value = merges.lookup(sym[i], sym[i + 1])
            rank[i] = UInt32(truncatingIfNeeded: value >> 32)
            merged[i] = UInt32(truncatingIfNeeded: value)
        }
        while n > 1 {
            var best = UInt32.max
            var at = -1
            for i in 0..<(n - 1) where rank[i] < best {
                best = rank[i]
                at = i
            }
            if at < 0 { break }
            sym[at] = merged[at]
            let tail = n - at - 2
            if tail > 0 {
                (sym + at + 1).update(from: sym + at + 2, count: tail)
                (rank + at + 1).update(from: rank + at + 2, count: tail)
                (merged + at + 1).update(from: merged + at + 2, count: tail)
            }
            n -= 1
            if at > 0 {
                let value = merges.lookup(sym[at - 1], sym[at])
                rank[at - 1] = UInt32(truncatingIfNeeded: value >> 32)
                merged[at - 1] = UInt32(truncatingIfNeeded: value)
            }
            if at < n - 1 {
                let value = merges.lookup(sym[at], sym[at + 1])
                rank[at] = UInt32(truncatingIfNeeded: value >> 32)
                merged[at] = UInt32(truncatingIfNeeded: value)
            }
        }
        return n
    }

    /// O(n log n): a linked list of symbols and a min-heap of `(rank, position)` candidates,
    /// stale candidates skipped when popped. Used for long pieces (megabytes without spaces).
    static func large(_ scratch: EncoderScratch, _ count: Int, _ merges: PairTable) -> Int {
        let sym = scratch.symbols, prev = scratch.previous, next = scratch.next, heap = scratch.heap
        let rank = scratch.ranks   // rank of the pair starting at i (UInt32.max: none)
        var heapCount = 0

        // A 4-ary min-heap: half the depth of a binary heap, and a node's children share a cache line.
        @inline(__always) func siftUp(_ start: Int, _ value: UInt64) {
            var i = start
            while i > 0 {
                let parent = (i - 1) >> 2
                if heap[parent] <= value { break }
                heap[i] = heap[parent]
                i = parent
            }
            heap[i] = value
        }
        @inline(__always) func siftDown(_ start: Int, _ value: UInt64) {
            var i = start
            while true {
                let first = 4 * i + 1
                if first >= heapCount { break }
                var child = first
                let last = min(first + 4, heapCount)
                var c = first + 1
                while c < last {
                    if heap[c] < heap[child] { child = c }
                    c += 1
                }
                if value <= heap[child] { break }
                heap[i] = heap[child]
                i = child
            }
            heap[i] = value
        }
        @inline(__always) func push(_ value: UInt64) {
            heapCount += 1
            siftUp(heapCount - 1, value)
        }
        @inline(__always) func pop() -> UInt64 {
            let top = heap[0]
            heapCount -= 1
            if heapCount > 0 { siftDown(0, heap[heapCount]) }
            return top
        }
        @inline(__always) func candidate(_ i: Int) {
            let j = Int(next[i])
            guard j >= 0 else { rank[i] = .max; return }
            let value = merges.lookup(sym[i], sym[j])
            let r = UInt32(truncatingIfNeeded: value >> 32)
            rank[i] = r
            if r != .max { push(UInt64(r) << 32 | UInt64(i)) }
        }

        for i in 0..<count {
            prev[i] = Int32(i - 1)
            next[i] = i + 1 < count ? Int32(i + 1) : -1
        }
        // Initial candidates in one O(n) heapify rather than n pushes.
        for i in 0..<(count - 1) {
            let value = merges.lookup(sym[i], sym[i + 1])
            let r = UInt32(truncatingIfNeeded: value >> 32)
            rank[i] = r
            if r != .max { heap[heapCount] = UInt64(r) << 32 | UInt64(i); heapCount += 1 }
        }
        rank[count - 1] = .max
        if heapCount > 1 {
            var i = (heapCount - 2) >> 2
            while i >= 0 { siftDown(i, heap[i]); i -= 1 }
        }
        while heapCount > 0 {
            let top = pop()
            let i = Int(top & 0xFFFF_FFFF)
            let r = UInt32(top >> 32)
            // Stale: the symbol at i was merged away, or its pair changed since this was pushed.
            guard rank[i] == r else { continue }
            let j = Int(next[i])
            if j < 0 { continue }
            let value = merges.lookup(sym[i], sym[j])
            guard UInt32(truncatingIfNeeded: value >> 32) == r else { continue }
            sym[i] = UInt32(truncatingIfNeeded: value)
            let after = next[j]
            next[i] = after
            if after >= 0 { prev[Int(after)] = Int32(i) }
            rank[j] = .max
            next[j] = -2   // marks a removed symbol
            candidate(i)
            let before = Int(prev[i])
            if before >= 0 { candidate(before) }
        }
        // Compact the surviving symbols to the front, in order.
        var n = 0
        var i = 0
        while i >= 0 {
            sym[n] = sym[i]
            n += 1
            i = Int(next[i])
        }
        return n
    }
}
