/// An open-addressing table from 64-bit term hashes to small integers, built once per taxonomy
/// and read by every tagging thread. Keys are compared by hash only: with 64-bit FNV-1a hashes
/// and a few thousand terms, a word of the text colliding with a term is a one in 10^15 event
/// per lookup, a price worth paying for not storing and comparing the term bytes.
struct TermHashTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let mask: Int

    /// A table sized for `capacity` keys at most a quarter full: most lookups are misses (words
    /// that are no term), and a sparse table ends them after about one probe.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 4 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Hash 0 marks an empty slot, so it is folded onto 1 (for inserts and lookups alike).
    @inline(__always)
    private static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// The value stored for `hash`, or -1.
    @inline(__always)
    func value(for hash: UInt64) -> Int32 {
        let key = Self.key(hash)
        return keys.withUnsafeBufferPointer { keys in
            var slot = Int(truncatingIfNeeded: key ^ (key >> 32)) & mask
            while true {
                let stored = keys[slot]
                if stored == key { return values.withUnsafeBufferPointer { $0[slot] } }
                if stored == 0 { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores `value` for `hash`, replacing any earlier value.
    mutating func insert(_ hash: UInt64, value: Int32) {
        let key = Self.key(hash)
        var slot = Int(truncatingIfNeeded: key ^ (key >> 32)) & mask
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
    }
}

/// Term keys: 64-bit FNV-1a (`FNV1a`), fed one (lowercased) byte at a time as the scanner walks a
/// word, and phrase keys folded from their words' hashes.
enum TermHash {
    static let offset = FNV1a.offset64

    @inline(__always)
    static func add(_ hash: UInt64, _ byte: UInt8) -> UInt64 { FNV1a.step(hash, byte) }

    static let phraseSeed: UInt64 = 0x9e37_79b9_7f4a_7c15

    @inline(__always)
    static func fold(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* 0xbf58_476d_1ce4_e5b9
        return mixed ^ (mixed >> 31)
    }

    /// The key of a phrase: its words' hashes folded in order (the same fold at load and scan time).
    static func phrase(_ hashes: UnsafeBufferPointer<UInt64>) -> UInt64 {
        hashes.reduce(phraseSeed, fold)
    }
}
