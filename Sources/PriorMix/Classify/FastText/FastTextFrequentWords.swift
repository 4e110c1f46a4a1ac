import CPrefetch

/// A table of dictionary words (fastText's `find`: open addressing from the word's 32-bit hash,
/// linear probing). The dictionary keeps two: its most frequent words in a small one, which
/// lookups try first (`FastTextModel.probabilities(normalizing:)`): fastText
/// sorts words by count, most frequent first, and with the shipped classifier's model the first
/// `capacity` entries are 84% of corpus-dev's tokens. Their slots fill 256 KB that stay in the
/// processor's caches, where the dictionary's own table spreads them over its whole size.
///
/// Each slot keeps the word's hash, length and first sixteen bytes beside its entry, so a word of
/// up to sixteen bytes (nearly every word of running text) is decided in the slot itself; only
/// longer words compare the rest of their bytes in the word store. Every other word is in the
/// second, larger table (a few MB for the shipped model), which decides such a token with the one
/// slot fetched ahead, where a table of entry indices needed its slot, the entry's offsets and its
/// bytes, three misses one after another.
struct FastTextFrequentWords: Sendable {
    static let capacity = 4096
    /// Bytes of a word kept in its slot.
    static let inlineBytes = 16

    private struct Slot {
        /// The word's first sixteen bytes (little-endian), zero-padded.
        var head: (UInt64, UInt64)
        var hash: UInt32
        var entry: Int32  // -1: empty
        var length: Int32
        var unused: Int32 = 0
    }

    private var slots: [Slot]
    private let mask: Int
    /// Entry i's bytes are wordBytes[wordStarts[i] ..< wordStarts[i + 1]] (the dictionary's arrays).
    private let wordBytes: [UInt8]
    private let wordStarts: [Int32]

    /// An empty table (every lookup answers -1).
    init() {
        slots = [Slot](repeating: Slot(head: (0, 0), hash: 0, entry: -1, length: 0), count: 1)
        mask = 0
        wordBytes = []
        wordStarts = [0]
    }

    /// A table of `entries`, inserted in order: a word listed again takes its earlier entry's slot,
    /// as fastText's `word2int_[find(word)] = i` keeps a repeated word's last entry on load.
    init(wordBytes: [UInt8], wordStarts: [Int32], hashes: [UInt32], entries: [Int32]) {
        self.wordBytes = wordBytes
        self.wordStarts = wordStarts
        var size = 1
        while size < max(16, entries.count * 2) { size <<= 1 }
        slots = [Slot](repeating: Slot(head: (0, 0), hash: 0, entry: -1, length: 0), count: size)
        mask = size - 1
        wordBytes.withUnsafeBufferPointer { bytes in
            for entry in entries.map(Int.init) {
                let word = UnsafeBufferPointer(rebasing: bytes[Int(wordStarts[entry])..<Int(wordStarts[entry + 1])])
                let slot = Slot(head: Self.head(word), hash: hashes[entry], entry: Int32(entry), length: Int32(word.count))
                var index = Int(slot.hash) & mask
                while slots[index].entry >= 0 && !holds(slots[index], slot, word) { index = (index + 1) & mask }
                slots[index] = slot
            }
        }
    }

    /// The entries in the table (each word's last), ascending.
    var entries: [Int32] { slots.compactMap { $0.entry >= 0 ? $0.entry : nil }.sorted() }

    /// Whether `stored` holds the word `slot` stands for (`word`, its bytes).
    @inline(__always)
    private func holds(_ stored: Slot, _ slot: Slot, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.hash == slot.hash && stored.length == slot.length && stored.head == slot.head
            && (word.count <= Self.inlineBytes || tailEquals(Int(stored.entry), word))
    }

    /// The first sixteen bytes of `word`, zero-padded.
    @inline(__always)
    private static func head(_ word: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let count = word.count
        if count >= 16 {
            let raw = UnsafeRawPointer(word.baseAddress!)
            return (UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)), UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
        var low: UInt64 = 0, high: UInt64 = 0
        var index = 0
        while index < min(count, 8) {
            low |= UInt64(word[index]) << UInt64(8 * index)
            index += 1
        }
        while index < count {
            high |= UInt64(word[index]) << UInt64(8 * (index - 8))
            index += 1
        }
        return (low, high)
    }

    /// `head(word)` for a word followed by at least sixteen readable bytes: two loads and masks
    /// instead of a loop over its bytes.
    @inline(__always)
    static func head(padded word: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(word.baseAddress!)
        let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let count = word.count
        let lowMask: UInt64 = count >= 8 ? ~0 : (1 << UInt64(8 * count)) &- 1
        let highMask: UInt64 = count >= 16 ? ~0 : count <= 8 ? 0 : (1 << UInt64(8 * (count - 8))) &- 1
        return (low & lowMask, high & highMask)
    }

    /// The entry of `word` (whose fastText hash is `hash`) when it is one of these words, else -1.
    /// `padded`: at least sixteen bytes can be read from the word's start, whatever its length.
    @inline(__always)
    func entry(of word: UnsafeBufferPointer<UInt8>, hash: UInt32, padded: Bool = false) -> Int32 {
        let head = padded ? Self.head(padded: word) : Self.head(word)
        let length = Int32(truncatingIfNeeded: word.count)
        return slots.withUnsafeBufferPointer { slots in
            var index = Int(hash) & mask
            let wanted = Slot(head: head, hash: hash, entry: -1, length: length)
            while true {
                let slot = slots[index]
                if slot.entry < 0 { return -1 }
                if holds(slot, wanted, word) { return slot.entry }
                index = (index + 1) & mask
            }
        }
    }

    /// Whether entry `entry`'s bytes after the first sixteen are `word`'s (lengths and heads equal).
    @inline(__always)
    private func tailEquals(_ entry: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = wordStarts.withUnsafeBufferPointer { Int($0[entry]) }
        return wordBytes.withUnsafeBufferPointer { bytes in
            var index = Self.inlineBytes
            while index < word.count {
                if bytes[start + index] != word[index] { return false }
                index += 1
            }
            return true
        }
    }

    /// A hint: the slot a lookup of `hash` starts at will be read soon.
    @inline(__always)
    func prefetch(hash: UInt32) {
        slots.withUnsafeBufferPointer { priormix_prefetch(UnsafeRawPointer($0.baseAddress! + (Int(hash) & mask))) }
    }
}
