/// datatrove's `find_duplicates`: over a list of text pieces, how many repeat an earlier piece and
/// how many characters those repeats hold. Pieces are compared by a 64-bit hash of their characters,
/// in a table borrowed from the thread's scratch (emptied here; one counter at a time uses it).
struct DuplicateCounter {
    private let seen: HashedKeyTable
    private(set) var duplicates = 0
    private(set) var duplicateCharacters = 0

    init(table: HashedKeyTable, capacity: Int = 64) {
        seen = table
        seen.reset(capacity: capacity)
    }

    mutating func add(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>) {
        if !seen.insert(characterHash(s, range)) {
            duplicates += 1
            duplicateCharacters += range.count
        }
    }
}
