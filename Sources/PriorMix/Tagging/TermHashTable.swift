/// An open-addressing table from 64-bit term hashes to small integers, built once per taxonomy
/// and read by every tagging thread. Keys are compared by hash only: with 64-bit FNV-1a hashes
/// and a few thousand terms, a word of the text colliding with a term is a one in 10^15 event
/// per lookup, a price worth paying for not storing and comparing the term bytes.
struct TermHashTable: Sendable {
    /// A key and its value side by side: a term found costs one cache line, where separate key
    /// and value arrays cost two misses.
    private struct Slot {
        var key: UInt64
        var value: Int32
    }

    private var slots: [Slot]
    private let mask: Int
    /// One bit per stored key, at a position taken from the key's high bits: most words of a text
    /// are no term (and nearly every pair of words no phrase), and these two bytes per term answer
    /// them without reading `slots`, whose random reads missed the processor's caches in most
    /// lookups of the classifier and the tagger. A set bit only says "maybe": `slots` decides.
    private var filter: [UInt64]
    private let filterShift: UInt64

    /// A table sized for `capacity` keys at most half full: the filter turns most words that are
    /// no term away before the slots, so the slots need not be sparser than that, and a smaller
    /// table keeps more of itself in the caches.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: 0, value: -1), count: size)
        mask = size - 1
        // 16 bits a key: about one lookup in 16 of a word that is no term still reads `slots`.
        var bits = 1024
        var bitsLog2: UInt64 = 10
        while bits < capacity * 16 { bits <<= 1; bitsLog2 += 1 }
        filter = [UInt64](repeating: 0, count: bits / 64)
        filterShift = 64 - bitsLog2
    }

    /// Hash 0 marks an empty slot, so it is folded onto 1 (for inserts and lookups alike).
    @inline(__always)
    private static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// The filter bit of a key: the top bits of a multiplicative hash, independent of the low bits
    /// that choose the slot.
    @inline(__always)
    private func filterBit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> filterShift) }

    /// The value stored for `hash`, or -1.
    @inline(__always)
    func value(for hash: UInt64) -> Int32 {
        let key = Self.key(hash)
        let bit = filterBit(key)
        let filterWord = filter.withUnsafeBufferPointer { $0[bit >> 6] }
        if filterWord & (1 << UInt64(bit & 63)) == 0 { return -1 }
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: key ^ (key >> 32)) & mask
            while true {
                let stored = slots[slot]
                if stored.key == key { return stored.value }
                if stored.key == 0 { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores `value` for `hash`, replacing any earlier value.
    mutating func insert(_ hash: UInt64, value: Int32) {
        let key = Self.key(hash)
        var slot = Int(truncatingIfNeeded: key ^ (key >> 32)) & mask
        while slots[slot].key != 0 && slots[slot].key != key { slot = (slot + 1) & mask }
        slots[slot] = Slot(key: key, value: value)
        let bit = filterBit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
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
