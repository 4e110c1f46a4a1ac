import CPrefetch

/// The dictionary's word → entry table (fastText's `find`: open addressing from the word's
/// 32-bit hash, linear probing), laid out so that looking a token up usually reads one cache line
/// that stays in the processor's caches.
///
/// Each slot keeps the entry's hash and its first eight bytes beside the entry index. A word
/// shorter than eight bytes is then decided in the slot itself; only longer words compare the
/// rest of their bytes in the flat word store. Before, every lookup read a slot, the entry's
/// offsets and the entry's bytes, three places anywhere in memory, and those dependent cache
/// misses were most of the time a classifier's model spent per token.
///
/// The first `hotEntries` entries (fastText sorts words by count, most frequent first: with the
/// shipped classifier's model they are 84% of corpus-dev's tokens) have a small table of their
/// own, looked at first; the others are in the large one. A lookup of a frequent word then reads
/// 128 KB that stay cached rather than a line anywhere in megabytes.
struct FastTextWordTable: Sendable {
    static let hotEntries = 4096

    private struct Slot {
        /// The word's first eight bytes (little-endian), zero-padded, with the length in the top
        /// byte when the word is shorter than eight bytes (see `prefix`).
        var prefix: UInt64
        var hash: UInt32
        var entry: Int32  // -1: empty
    }

    /// The frequent entries' table and the rest's; a word is in exactly one.
    private var hot: [Slot]
    private let hotMask: Int
    private var slots: [Slot]
    private let mask: Int
    /// Entry i's bytes are wordBytes[wordStarts[i] ..< wordStarts[i + 1]].
    private let wordBytes: [UInt8]
    private let wordStarts: [Int32]
    /// Whether a prefix alone tells a short word (no stored word holds a NUL byte: words read
    /// from a model file never do, as the file ends each word with one).
    private let shortWordsByPrefix: Bool

    /// Inserts the words in order; a word listed twice keeps its last entry, as fastText's
    /// `word2int_[find(word)] = i` does on load.
    init(wordBytes: [UInt8], wordStarts: [Int32], hashes: [UInt32]) {
        self.wordBytes = wordBytes
        self.wordStarts = wordStarts
        let count = wordStarts.count - 1
        func table(for count: Int) -> [Slot] {
            var capacity = 1
            while capacity < max(16, count * 2) { capacity <<= 1 }
            return [Slot](repeating: Slot(prefix: 0, hash: 0, entry: -1), count: capacity)
        }
        // Every entry into one table first, so a repeated word keeps its last entry; then each
        // word's final entry into the hot or the large table.
        var all = table(for: count)
        let byPrefix = !wordBytes.contains(0)
        wordBytes.withUnsafeBufferPointer { bytes in
            for entry in 0..<count {
                let word = UnsafeBufferPointer(rebasing: bytes[Int(wordStarts[entry])..<Int(wordStarts[entry + 1])])
                let slot = Self.slot(of: word, hash: hashes[entry], in: all, mask: all.count - 1, wordBytes: wordBytes, wordStarts: wordStarts,
                                     shortWordsByPrefix: byPrefix)
                all[slot] = Slot(prefix: Self.prefix(word), hash: hashes[entry], entry: Int32(entry))
            }
        }
        shortWordsByPrefix = byPrefix
        let hotCount = min(count, Self.hotEntries)
        hot = table(for: hotCount)
        hotMask = hot.count - 1
        slots = table(for: count - hotCount)
        mask = slots.count - 1
        for slot in all where slot.entry >= 0 {
            if slot.entry < hotCount { Self.insert(slot, into: &hot, mask: hotMask) } else { Self.insert(slot, into: &slots, mask: mask) }
        }
    }

    /// Puts a word known to be absent from `table` into it.
    private static func insert(_ slot: Slot, into table: inout [Slot], mask: Int) {
        var index = Int(slot.hash) & mask
        while table[index].entry >= 0 { index = (index + 1) & mask }
        table[index] = slot
    }

    /// The first eight bytes of `word`, zero-padded; a word shorter than eight bytes carries its
    /// length in the top byte, so that "a" and "a\u{0}" differ.
    @inline(__always)
    static func prefix(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = word.count
        if count >= 8 { return UInt64(littleEndian: UnsafeRawPointer(word.baseAddress!).loadUnaligned(as: UInt64.self)) }
        var value = UInt64(count) << 56
        var index = 0
        while index < count {
            value |= UInt64(word[index]) << UInt64(8 * index)
            index += 1
        }
        return value
    }

    /// The entry of `word` (whose fastText hash is `hash`), or -1 when the dictionary lacks it.
    @inline(__always)
    func entry(of word: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        let hotEntry = hot.withUnsafeBufferPointer {
            $0[Self.slot(of: word, hash: hash, in: $0, mask: hotMask, wordBytes: wordBytes, wordStarts: wordStarts,
                         shortWordsByPrefix: shortWordsByPrefix)].entry
        }
        if hotEntry >= 0 { return hotEntry }
        return slots.withUnsafeBufferPointer {
            $0[Self.slot(of: word, hash: hash, in: $0, mask: mask, wordBytes: wordBytes, wordStarts: wordStarts,
                         shortWordsByPrefix: shortWordsByPrefix)].entry
        }
    }

    /// The slot of `table` holding `word`, or the empty slot where it would go.
    @inline(__always)
    private static func slot<Table: RandomAccessCollection<Slot>>(of word: UnsafeBufferPointer<UInt8>, hash: UInt32, in table: Table, mask: Int,
                                                                 wordBytes: [UInt8], wordStarts: [Int32], shortWordsByPrefix: Bool) -> Int
        where Table.Index == Int {
        let prefix = Self.prefix(word)
        let decidedByPrefix = word.count < 8 && shortWordsByPrefix
        var index = Int(hash) & mask
        while true {
            let slot = table[index]
            if slot.entry < 0 { return index }
            if slot.hash == hash && slot.prefix == prefix
                && (decidedByPrefix || equals(Int(slot.entry), word, wordBytes: wordBytes, wordStarts: wordStarts)) {
                return index
            }
            index = (index + 1) & mask
        }
    }

    /// Whether entry `entry`'s bytes are `word`'s.
    @inline(__always)
    private static func equals(_ entry: Int, _ word: UnsafeBufferPointer<UInt8>, wordBytes: [UInt8], wordStarts: [Int32]) -> Bool {
        wordStarts.withUnsafeBufferPointer { starts in
            let start = Int(starts[entry])
            guard Int(starts[entry + 1]) - start == word.count else { return false }
            return wordBytes.withUnsafeBufferPointer { bytes in
                var index = 0
                while index < word.count {
                    if bytes[start + index] != word[index] { return false }
                    index += 1
                }
                return true
            }
        }
    }

    /// A hint: the slot a lookup of `hash` starts at will be read soon.
    @inline(__always)
    func prefetch(hash: UInt32) {
        hot.withUnsafeBufferPointer { priormix_prefetch(UnsafeRawPointer($0.baseAddress! + (Int(hash) & hotMask))) }
        slots.withUnsafeBufferPointer { priormix_prefetch(UnsafeRawPointer($0.baseAddress! + (Int(hash) & mask))) }
    }
}
