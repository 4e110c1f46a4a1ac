import CPrefetch

/// The dictionary's word → entry table (fastText's `find`: open addressing from the word's
/// 32-bit hash, linear probing), laid out so that looking a token up usually reads one cache line
/// that stays in the processor's caches.
///
/// Each slot keeps the entry's hash, length and first sixteen bytes beside the entry index. A
/// word of up to sixteen bytes (nearly every word of running text) is then decided in the slot
/// itself; only longer words compare the rest of their bytes in the flat word store. Before,
/// every lookup read a slot, the entry's offsets and the entry's bytes, three places anywhere in
/// memory, and those dependent cache misses were most of the time a classifier's model spent per
/// token.
///
/// The first `hotEntries` entries (fastText sorts words by count, most frequent first: with the
/// shipped classifier's model they are 84% of corpus-dev's tokens) have a small table of their
/// own, looked at first; the others are in the large one. A lookup of a frequent word then reads
/// 256 KB that stay cached rather than a line anywhere in megabytes.
struct FastTextWordTable: Sendable {
    static let hotEntries = 4096
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

    /// The frequent entries' table and the rest's; a word is in exactly one.
    private var hot: [Slot]
    private let hotMask: Int
    private var slots: [Slot]
    private let mask: Int
    /// Entry i's bytes are wordBytes[wordStarts[i] ..< wordStarts[i + 1]].
    private let wordBytes: [UInt8]
    private let wordStarts: [Int32]

    /// Inserts the words in order; a word listed twice keeps its last entry, as fastText's
    /// `word2int_[find(word)] = i` does on load.
    init(wordBytes: [UInt8], wordStarts: [Int32], hashes: [UInt32]) {
        self.wordBytes = wordBytes
        self.wordStarts = wordStarts
        let count = wordStarts.count - 1
        func table(for count: Int) -> [Slot] {
            var capacity = 1
            while capacity < max(16, count * 2) { capacity <<= 1 }
            return [Slot](repeating: Slot(head: (0, 0), hash: 0, entry: -1, length: 0), count: capacity)
        }
        // Every entry into one table first, so a repeated word keeps its last entry; then each
        // word's final entry into the hot or the large table.
        var all = table(for: count)
        wordBytes.withUnsafeBufferPointer { bytes in
            for entry in 0..<count {
                let word = UnsafeBufferPointer(rebasing: bytes[Int(wordStarts[entry])..<Int(wordStarts[entry + 1])])
                let slot = Self.slot(of: word, hash: hashes[entry], in: all, mask: all.count - 1, wordBytes: wordBytes, wordStarts: wordStarts)
                all[slot] = Slot(head: Self.head(word), hash: hashes[entry], entry: Int32(entry), length: Int32(word.count))
            }
        }
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

    /// The entry of `word` (whose fastText hash is `hash`), or -1 when the dictionary lacks it.
    @inline(__always)
    func entry(of word: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        let hotEntry = hot.withUnsafeBufferPointer {
            $0[Self.slot(of: word, hash: hash, in: $0, mask: hotMask, wordBytes: wordBytes, wordStarts: wordStarts)].entry
        }
        if hotEntry >= 0 { return hotEntry }
        return slots.withUnsafeBufferPointer {
            $0[Self.slot(of: word, hash: hash, in: $0, mask: mask, wordBytes: wordBytes, wordStarts: wordStarts)].entry
        }
    }

    /// The slot of `table` holding `word`, or the empty slot where it would go.
    @inline(__always)
    private static func slot<Table: RandomAccessCollection<Slot>>(of word: UnsafeBufferPointer<UInt8>, hash: UInt32, in table: Table, mask: Int,
                                                                 wordBytes: [UInt8], wordStarts: [Int32]) -> Int
        where Table.Index == Int {
        let head = Self.head(word)
        let length = Int32(truncatingIfNeeded: word.count)
        let decidedByHead = word.count <= inlineBytes
        var index = Int(hash) & mask
        while true {
            let slot = table[index]
            if slot.entry < 0 { return index }
            if slot.hash == hash && slot.length == length && slot.head == head
                && (decidedByHead || equals(Int(slot.entry), word, wordBytes: wordBytes, wordStarts: wordStarts)) {
                return index
            }
            index = (index + 1) & mask
        }
    }

    /// Whether entry `entry`'s bytes after the first sixteen are `word`'s (the lengths and heads equal).
    @inline(__always)
    private static func equals(_ entry: Int, _ word: UnsafeBufferPointer<UInt8>, wordBytes: [UInt8], wordStarts: [Int32]) -> Bool {
        let start = wordStarts.withUnsafeBufferPointer { Int($0[entry]) }
        return wordBytes.withUnsafeBufferPointer { bytes in
            var index = inlineBytes
            while index < word.count {
                if bytes[start + index] != word[index] { return false }
                index += 1
            }
            return true
        }
    }

    /// A hint: the slots a lookup of `hash` starts at will be read soon.
    @inline(__always)
    func prefetch(hash: UInt32) {
        hot.withUnsafeBufferPointer { priormix_prefetch(UnsafeRawPointer($0.baseAddress! + (Int(hash) & hotMask))) }
        slots.withUnsafeBufferPointer { priormix_prefetch(UnsafeRawPointer($0.baseAddress! + (Int(hash) & mask))) }
    }
}
