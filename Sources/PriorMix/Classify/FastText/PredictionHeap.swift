/// The bounded heap fastText keeps its best k predictions in, reproduced operation for operation
/// (libstdc++'s push_heap, pop_heap and sort_heap with fastText's "greater score first" order), so
/// that which of two equally scored labels survives, and the order they come out in, are fastText's.
/// Entries are (log-score, label index); the front is the worst kept score.
struct PredictionHeap {
    private(set) var entries: [(score: Float, label: Int32)] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        entries.reserveCapacity(capacity + 1)
    }

    var isFull: Bool { entries.count == capacity }
    var worst: Float { entries[0].score }

    /// fastText's comparison: a comes before b when its score is higher.
    @inline(__always)
    private static func before(_ a: Float, _ b: Float) -> Bool { a > b }

    /// Adds an entry, then drops the worst when more than `capacity` are kept.
    mutating func insert(score: Float, label: Int32) {
        entries.append((score, label))
        siftUp(hole: entries.count - 1, top: 0, value: entries[entries.count - 1])
        if entries.count > capacity {
            popFront(length: entries.count)
            entries.removeLast()
        }
    }

    /// The entries best first (libstdc++'s sort_heap).
    mutating func sorted() -> [(score: Float, label: Int32)] {
        var length = entries.count
        while length > 1 {
            popFront(length: length)
            length -= 1
        }
        return entries
    }

    /// std::__push_heap: moves `value` up from `hole` while its parent comes after it in heap order.
    private mutating func siftUp(hole start: Int, top: Int, value: (score: Float, label: Int32)) {
        var hole = start
        var parent = (hole - 1) / 2
        while hole > top && Self.before(entries[parent].score, value.score) {
            entries[hole] = entries[parent]
            hole = parent
            parent = (hole - 1) / 2
        }
        entries[hole] = value
    }

    /// std::pop_heap over entries[0..<length]: the front moves to length - 1, the rest stays a heap.
    private mutating func popFront(length: Int) {
        guard length > 1 else { return }
        let last = length - 1
        let value = entries[last]
        entries[last] = entries[0]
        adjust(hole: 0, length: last, value: value)
    }

    /// std::__adjust_heap.
    private mutating func adjust(hole start: Int, length: Int, value: (score: Float, label: Int32)) {
        let top = start
        var hole = start
        var child = start
        while child < (length - 1) / 2 {
            child = 2 * (child + 1)
            if Self.before(entries[child].score, entries[child - 1].score) { child -= 1 }
            entries[hole] = entries[child]
            hole = child
        }
        if length & 1 == 0 && child == (length - 2) / 2 {
            child = 2 * (child + 1)
            entries[hole] = entries[child - 1]
            hole = child - 1
        }
        siftUp(hole: hole, top: top, value: value)
    }
}
