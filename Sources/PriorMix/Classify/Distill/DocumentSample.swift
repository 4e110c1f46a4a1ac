/// A deterministic sample of at most `capacity` documents from a stream of any length, in memory
/// bounded by `capacity` documents. Each document's key hashes the seed and its text; the
/// documents with the smallest keys are kept (ties by position in the input). The choice depends
/// only on the documents, never on the order workers finish in or the thread count, and the same
/// seed picks the same documents from the same corpus; a different seed is a different draw.
/// (Bottom-k selection: each document is equally likely to be among the kept, like a reservoir,
/// but needs no random state that depends on arrival order.)
public struct DocumentSample {
    public struct Entry {
        public var key: UInt64
        public var position: Int
        public var document: Document

        /// Smaller first: by key, then position.
        func precedes(_ other: Entry) -> Bool { key != other.key ? key < other.key : position < other.position }
    }

    public let capacity: Int
    public let seed: UInt64
    /// Documents offered so far.
    public private(set) var offered = 0
    /// A max-heap on (key, position): the root is the entry the next better document replaces.
    private var heap: [Entry] = []

    public init(capacity: Int, seed: UInt64) {
        self.capacity = max(0, capacity)
        self.seed = seed
    }

    /// The selection key of a text under `seed`.
    public static func key(_ text: String, seed: UInt64) -> UInt64 {
        SplitMix64.mix(FNV1a.hash64(text.utf8) ^ SplitMix64.mix(seed))
    }

    /// Offers the document at `position` (its place in the input, unique per document).
    public mutating func offer(_ document: Document, position: Int) {
        offered += 1
        guard capacity > 0 else { return }
        let entry = Entry(key: Self.key(document.text, seed: seed), position: position, document: document)
        if heap.count < capacity {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if entry.precedes(heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// The kept documents, smallest key first (a seeded shuffle of the input: no category comes in
    /// one block, which suits stochastic training).
    public var entries: [Entry] { heap.sorted { $0.precedes($1) } }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent].precedes(heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var largest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && heap[largest].precedes(heap[child]) {
                largest = child
            }
            if largest == parent { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
