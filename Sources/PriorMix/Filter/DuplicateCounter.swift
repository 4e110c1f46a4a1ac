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
        add(hash: characterHash(s, range), characters: range.count)
    }

    /// Adds a piece by its hash (equal pieces, equal hashes) and its length.
    mutating func add(hash: UInt64, characters: Int) {
        if !seen.insert(hash) {
            duplicates += 1
            duplicateCharacters += characters
        }
    }
}
