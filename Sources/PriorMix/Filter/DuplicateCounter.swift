/// datatrove's `find_duplicates`: over a list of text pieces, how many repeat an earlier piece and
/// how many characters those repeats hold. Pieces are compared by a 64-bit hash of their characters.
struct DuplicateCounter {
    private let seen = HashedKeyTable(capacity: 64)
    private(set) var duplicates = 0
    private(set) var duplicateCharacters = 0

    mutating func add(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>) {
        if !seen.insert(characterHash(s, range)) {
            duplicates += 1
            duplicateCharacters += range.count
        }
    }
}
