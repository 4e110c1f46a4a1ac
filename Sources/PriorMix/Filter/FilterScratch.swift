/// Tables the rules fill for every document, kept per thread and reused from one document to the
/// next: a fresh table per document and per pass cost an allocation and a clearing of its whole
/// storage each time (ten times a document for Gopher's n-grams), where a reused one clears only
/// the slots the document needs.
final class FilterScratch {
    /// Duplicate lines and paragraphs (`DuplicateCounter`).
    let pieces = HashedKeyTable(capacity: 64)
    /// Gopher's n-gram counts.
    let nGrams = HashedKeyTable(capacity: 1024)

    private static let slot = ThreadLocalObject()

    /// The calling thread's tables.
    static func forCurrentThread() -> FilterScratch {
        slot.value(orMake: FilterScratch.init)
    }
}
