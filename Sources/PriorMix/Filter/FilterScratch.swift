/// Tables the rules fill for every document, kept per thread and reused from one document to the
/// next: a fresh table per document and per pass cost an allocation and a clearing of its whole
/// storage each time (ten times a document for Gopher's n-grams), where a reused one clears only
/// the slots the document needs.
final class FilterScratch {
    /// Duplicate lines and paragraphs (`DuplicateCounter`).
    let pieces = HashedKeyTable(capacity: 64)
    let paragraphs = HashedKeyTable(capacity: 64)
    /// Gopher's n-gram counts.
    let nGrams = HashedKeyTable(capacity: 1024)
    /// Gopher's n-gram hashes.
    let nGramHashes = NGramHasher.Storage()
    /// Gopher's word positions still counted, and a flag (0 or 1) per word.
    let positions = ScratchBuffer<Int32>()
    let flags = ScratchBuffer<UInt8>()
    /// Gopher's bit sets of shared windows.
    let bits = ScratchBuffer<UInt64>()

    private static let slot = ThreadLocalObject()

    /// The calling thread's tables.
    static func forCurrentThread() -> FilterScratch {
        slot.value(orMake: FilterScratch.init)
    }
}

/// Storage for values of a plain type, reused from one document to the next: grown when a document
/// needs more, never cleared or allocated per document (its users write an element before reading it).
final class ScratchBuffer<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity = 1024

    init() { base = .allocate(capacity: capacity) }

    deinit { base.deallocate() }

    /// Room for at least `count` elements, their values undefined.
    func storage(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = .allocate(capacity: capacity)
        }
        return base
    }
}
