import CPrefetch

/// fastText's dictionary: words and labels with counts, looked up by fastText's own 32-bit FNV-1a
/// hash in an open-addressing table, and the rules that turn a line of text into feature ids
/// (word ids, character n-gram buckets, word n-gram buckets) exactly as fastText computes them.
public struct FastTextDictionary: Sendable {
    public enum EntryType: UInt8, Sendable { case word = 0, label = 1 }

    public struct Entry: Sendable {
        public var word: [UInt8]
        public var count: Int64
        public var type: EntryType
    }

    public static let endOfSentence = Array("</s>".utf8)
    public static let labelPrefix = Array("__label__".utf8)

    public private(set) var entries: [Entry]
    public private(set) var wordCount: Int
    public private(set) var labelCount: Int
    public var tokenCount: Int64
    /// fastText's prune index (quantized models): -1 when the model is not pruned, else the number
    /// of n-gram buckets that kept a row (0: every n-gram was dropped).
    var pruneIndexSize: Int64 = -1
    var pruneIndex = PruneIndex(pairs: [])
    let args: FastTextArgs
    /// Lemire's fastmod multiplier for `args.bucket` (0 when a plain remainder is needed), fixed per model.
    private let bucketMultiplier: UInt64
    /// The word → entry tables (fastText's `find`): the most frequent words, which decide most
    /// lookups in one cached line, and every other word (and label), each word at its last entry.
    private var frequent = FastTextFrequentWords()
    private var rare = FastTextFrequentWords()
    /// Two bits per entry's hash (its low and its high sixteen bits) in 65,536: a token whose two
    /// bits are not both set is in no entry. Most tokens a language model sees are not words of its
    /// dictionary (lid.176 has 7,235), and this 8 KB answer stays in the first-level cache where
    /// the word tables' slots, evicted by the feature cache's traffic, were a wait from memory.
    private var hashFilter = [UInt64](repeating: 0, count: 1 << 10)
    /// Character n-gram ids of each word (the word itself first), when the model uses subwords:
    /// entry i's are subwordIDs[subwordStarts[i] ..< subwordStarts[i + 1]]. Flat arrays, like the word
    /// tables' store, so a lookup touches no per-entry array: threads sharing a model would otherwise
    /// bounce those arrays' reference counts between cores on every token.
    private var subwordIDs: [Int32] = []
    private var subwordStarts: [Int32] = []
    /// Whether each entry is a label, apart from `entries` so a lookup copies no entry.
    private(set) var isLabelEntry: [Bool]

    /// `subwords: false` leaves the subword lists to the caller (a file read sets the prune index first).
    init(entries: [Entry], tokenCount: Int64, args: FastTextArgs, subwords: Bool = true) {
        self.entries = entries
        self.tokenCount = tokenCount
        self.args = args
        let bucket = UInt32(truncatingIfNeeded: args.bucket)
        bucketMultiplier = bucket > 1 ? UInt64.max / UInt64(bucket) &+ 1 : 0
        wordCount = entries.filter { $0.type == .word }.count
        labelCount = entries.count - wordCount
        isLabelEntry = entries.map { $0.type == .label }
        // Every word's bytes in one flat store, entry i's at wordBytes[wordStarts[i] ..< wordStarts[i + 1]].
        var wordBytes: [UInt8] = []
        var wordStarts: [Int32] = [0]
        wordStarts.reserveCapacity(entries.count + 1)
        for entry in entries {
            wordBytes.append(contentsOf: entry.word)
            wordStarts.append(Int32(wordBytes.count))
        }
        let hashes = entries.map { FastTextDictionary.hash($0.word) }
        for hash in hashes {
            hashFilter[Int(hash & 0xFFFF) >> 6] |= 1 << UInt64(hash & 63)
            hashFilter[Int(hash >> 16) >> 6] |= 1 << UInt64((hash >> 16) & 63)
        }
        // Every entry once, a repeated word keeping its last; then the frequent ones and the rest apart.
        let finalEntries = FastTextFrequentWords(wordBytes: wordBytes, wordStarts: wordStarts, hashes: hashes,
                                                 entries: entries.indices.map { Int32($0) }).entries
        let frequentCount = finalEntries.firstIndex { $0 >= FastTextFrequentWords.capacity } ?? finalEntries.count
        frequent = FastTextFrequentWords(wordBytes: wordBytes, wordStarts: wordStarts, hashes: hashes, entries: Array(finalEntries[..<frequentCount]))
        rare = FastTextFrequentWords(wordBytes: wordBytes, wordStarts: wordStarts, hashes: hashes, entries: Array(finalEntries[frequentCount...]))
        if subwords { initializeSubwords() }
    }

    /// fastText's hash: FNV-1a over bytes, each byte sign-extended first (as C's `int8_t`).
    @inline(__always)
    public static func hash<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        FNV1a.fastTextHash(bytes)
    }

    /// Whether an entry may have `hash` (false: certainly none has).
    @inline(__always)
    func mayHold(hash: UInt32) -> Bool {
        hashFilter.withUnsafeBufferPointer { bits in
            bits[Int(hash & 0xFFFF) >> 6] >> UInt64(hash & 63) & bits[Int(hash >> 16) >> 6] >> UInt64((hash >> 16) & 63) & 1 != 0
        }
    }

    /// A hint: the table slots a lookup of `hash` starts at will be read soon (unless no entry
    /// can have the hash).
    @inline(__always)
    func prefetchLookup(hash: UInt32) {
        guard mayHold(hash: hash) else { return }
        frequent.prefetch(hash: hash)
        rare.prefetch(hash: hash)
    }

    /// The steps of a lookup, for callers that overlap the lookups of many tokens: whether the
    /// token is one of the frequent words (its entry, else -1), else one of the others (its entry,
    /// else -1: then it is in no entry), and hints that the frequent words' or the other words'
    /// slot for `hash` will be read soon. Together they answer what `id(of:hash:)` answers.
    @inline(__always)
    func frequentEntry(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, padded: Bool = false) -> Int32 {
        frequent.entry(of: token, hash: hash, padded: padded)
    }
    @inline(__always)
    func prefetchFrequentLookup(hash: UInt32) { frequent.prefetch(hash: hash) }
    @inline(__always)
    func rareEntry(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, padded: Bool = false) -> Int32 {
        rare.entry(of: token, hash: hash, padded: padded)
    }
    @inline(__always)
    func prefetchRareLookup(hash: UInt32) { rare.prefetch(hash: hash) }

    /// The id of `word`, or nil when it is not in the dictionary.
    public func id<C: Collection>(of word: C, hash: UInt32) -> Int32? where C.Element == UInt8 {
        guard mayHold(hash: hash) else { return nil }
        func entry(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
            let found = frequent.entry(of: word, hash: hash)
            return found >= 0 ? found : rare.entry(of: word, hash: hash)
        }
        let found = word.withContiguousStorageIfAvailable(entry) ?? Array(word).withUnsafeBufferPointer(entry)
        return found >= 0 ? found : nil
    }

    public func label(_ index: Int) -> String {
        let word = entries[wordCount + index].word
        let name = word.starts(with: FastTextDictionary.labelPrefix) ? word.dropFirst(FastTextDictionary.labelPrefix.count) : word[...]
        return String(decoding: name, as: UTF8.self)
    }

    public var labels: [String] { (0..<labelCount).map(label) }

    // MARK: - Features

    private mutating func initializeSubwords() {
        subwordIDs = []
        subwordStarts = [0]
        guard args.maxn > 0 else { return }
        // Into local arrays, one pass, no array per word (this ran at every start of a command).
        var ids: [Int32] = []
        var starts: [Int32] = [0]
        starts.reserveCapacity(entries.count + 1)
        ids.reserveCapacity(entries.count * 8)
        for index in entries.indices {
            ids.append(Int32(index))
            if entries[index].word != FastTextDictionary.endOfSentence {
                entries[index].word.withUnsafeBufferPointer { forEachSubword(of: $0) { ids.append($0) } }
            }
            starts.append(Int32(ids.count))
        }
        subwordIDs = ids
        subwordStarts = starts
    }

    /// Character n-grams (minn…maxn characters, UTF-8 aware) of `<word>`, hashed to buckets and put
    /// through the prune index, in fastText's order: by start character, then by length.
    @inline(__always)
    func forEachSubword(of token: UnsafeBufferPointer<UInt8>, _ visit: (Int32) -> Void) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: featureBound(byteCount: token.count)) { buckets in
            let count = subwordBuckets(of: token, into: buckets.baseAddress!)
            for index in 0..<count { pushHash(buckets[index], visit) }
        }
    }

    /// The same n-grams collected (fastText's `computeSubwords`).
    func computeSubwords(_ word: [UInt8], into ids: inout [Int32]) {
        word.withUnsafeBufferPointer { forEachSubword(of: $0) { ids.append($0) } }
    }

    /// A bucket's feature id: the bucket itself after the words, or the row the prune index kept for
    /// it (nothing when it was pruned away).
    @inline(__always)
    func pushHash(_ id: Int32, _ visit: (Int32) -> Void) {
        if pruneIndexSize == 0 || id < 0 { return }
        var id = id
        if pruneIndexSize > 0 {
            guard let mapped = pruneIndex.row(for: id) else { return }
            id = mapped
        }
        visit(Int32(wordCount) + id)
    }

    /// At least the number of feature ids `tokenFeatures(_:wid:into:)` writes for a token of
    /// `byteCount` bytes: the word, and at most `maxn` n-grams from each character of `<token>`.
    @inline(__always)
    func featureBound(byteCount: Int) -> Int { 1 + (byteCount + 2) * max(Int(args.maxn), 1) }

    /// The ids `tokenFeatures(_:wid:_:)` visits, written to `ids` (room for `featureBound` of them)
    /// instead: no array is grown or checked per id, and an unknown word's buckets are mapped
    /// through the prune index in one batch where they were hashed. Returns how many.
    @inline(__always)
    func tokenFeatures(_ token: UnsafeBufferPointer<UInt8>, wid: Int32?, into ids: UnsafeMutablePointer<Int32>) -> Int {
        if let wid {
            if args.maxn <= 0 {
                ids[0] = wid
                return 1
            }
            let start = Int(subwordStarts[Int(wid)])
            let count = Int(subwordStarts[Int(wid) + 1]) - start
            subwordIDs.withUnsafeBufferPointer { ids.update(from: $0.baseAddress! + start, count: count) }
            return count
        }
        guard args.maxn > 0, !token.elementsEqual(FastTextDictionary.endOfSentence), pruneIndexSize != 0 else { return 0 }
        let count = subwordBuckets(of: token, into: ids)
        let words = Int32(wordCount)
        guard pruneIndexSize > 0 else {
            // Not pruned: every bucket is a row after the words (remainders are never negative).
            for index in 0..<count { ids[index] = words &+ ids[index] }
            return count
        }
        return pruneIndex.mapRows(ids, count: count, adding: words)
    }

    /// The buckets of `<token>`'s character n-grams before the prune index, written to `buckets`
    /// (room for `featureBound` of them); returns how many. Hashes grow one byte at a time instead
    /// of hashing each n-gram again.
    @inline(__always)
    private func subwordBuckets(of token: UnsafeBufferPointer<UInt8>, into buckets: UnsafeMutablePointer<Int32>) -> Int {
        let maxn = Int(args.maxn)
        let minn = Int(args.minn)
        let bucket = UInt32(args.bucket)
        let multiplier = bucketMultiplier
        @inline(__always) func remainder(_ hash: UInt32) -> UInt32 {
            guard multiplier != 0 else { return hash % bucket }
            return UInt32(truncatingIfNeeded: (multiplier &* UInt64(hash)).multipliedFullWidth(by: UInt64(bucket)).high)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: token.count + 2) { word in
            word[0] = 0x3C
            if token.count > 0 { UnsafeMutableRawPointer(word.baseAddress! + 1).copyMemory(from: token.baseAddress!, byteCount: token.count) }
            word[token.count + 1] = 0x3E
            let count = word.count
            var written = 0
            var i = 0
            while i < count {
                if word[i] & 0xC0 == 0x80 { i += 1; continue }
                var hash = FNV1a.offset32
                var j = i
                var n = 1
                while j < count && n <= maxn {
                    hash = FNV1a.fastTextStep(hash, word[j]); j += 1
                    while j < count && word[j] & 0xC0 == 0x80 { hash = FNV1a.fastTextStep(hash, word[j]); j += 1 }
                    if n >= minn && !(n == 1 && (i == 0 || j == count)) {
                        buckets[written] = Int32(bitPattern: remainder(hash))
                        written += 1
                    }
                    n += 1
                }
                i += 1
            }
            return written
        }
    }

    /// Feature ids of one line of text (whitespace-separated tokens, then fastText's end-of-line
    /// token), and the label indices found in it: fastText's `Dictionary::getLine` for supervised models.
    public func features(of text: UnsafeBufferPointer<UInt8>, labels: inout [Int32]) -> [Int32] {
        var ids: [Int32] = []
        ids.reserveCapacity(64)
        var hashes: [Int32] = []
        forEachFeature(of: text, labels: &labels, hashes: &hashes) { ids.append($0) }
        return ids
    }

    /// Calls `visit` with every feature id of `text`, in fastText's order: each token's ids (the word
    /// and its character n-grams, or the n-grams of an unknown word), the end-of-line token's, then
    /// the word n-grams. `hashes` is scratch space for the word n-grams (reused between calls).
    @inline(__always)
    func forEachFeature(of text: UnsafeBufferPointer<UInt8>, labels: inout [Int32], hashes: inout [Int32], _ visit: (Int32) -> Void) {
        forEachFeature(tokens: FastTextLineTokens(text: text), labels: &labels, hashes: &hashes, visit)
    }

    /// `forEachFeature` of the tokens a caller cuts itself (the end-of-line token included).
    @inline(__always)
    func forEachFeature<Tokens: FastTextTokenSource>(tokens: Tokens, labels: inout [Int32], hashes: inout [Int32],
                                                     _ visit: (Int32) -> Void) {
        hashes.removeAll(keepingCapacity: true)
        let keepHashes = args.wordNgrams > 1
        tokens.forEachToken { token, h in
            let (wid, isLabel) = lookup(token, hash: h)
            if isLabel {
                if let wid { labels.append(wid - Int32(wordCount)) }
                return
            }
            tokenFeatures(token, wid: wid, visit)
            if keepHashes { hashes.append(Int32(bitPattern: h)) }
        }
        if keepHashes { addWordNgrams(hashes, visit) }
    }

    /// fastText's tokens of one line, in order: the runs between NULs and ASCII whitespace (as its
    /// `readWord` reads them), then the end-of-line token (unless `endOfLine` is false).
    @inline(__always)
    static func forEachToken(of text: UnsafeBufferPointer<UInt8>, endOfLine: Bool = true, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = -1
        var index = 0
        let count = text.count
        while index < count {
            // Inside a token only a byte below 0x21 can end it (every separator is one): eight
            // bytes are tested at once, and the scan jumps to the first such byte or past all eight.
            // (x − 0x21…) & ~x & 0x80… flags bytes below 0x21; its lowest flag is exact.
            if start >= 0, index + 8 <= count, let base = text.baseAddress {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let low = (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080
                if low == 0 { index += 8; continue }
                index += low.trailingZeroBitCount >> 3
            }
            let byte = text[index]
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0
            if isSpace {
                if start >= 0 { body(UnsafeBufferPointer(rebasing: text[start..<index])); start = -1 }
            } else if start < 0 {
                start = index
            }
            index += 1
        }
        if start >= 0 { body(UnsafeBufferPointer(rebasing: text[start..<text.count])) }
        if endOfLine { FastTextDictionary.endOfSentence.withUnsafeBufferPointer { body($0) } }
    }

    /// The token's entry (nil when the dictionary lacks it) and whether it is a label (an entry of
    /// label type, or an unknown token with the label prefix).
    @inline(__always)
    func lookup(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (wid: Int32?, isLabel: Bool) {
        let wid = id(of: token, hash: hash)
        return (wid, wid.map { isLabelEntry[Int($0)] } ?? token.starts(with: FastTextDictionary.labelPrefix))
    }

    /// One (non-label) token's ids: its word id and n-grams when the dictionary has it, else the
    /// n-grams alone (none for the end-of-line token).
    @inline(__always)
    func tokenFeatures(_ token: UnsafeBufferPointer<UInt8>, wid: Int32?, _ visit: (Int32) -> Void) {
        if let wid {
            if args.maxn <= 0 {
                visit(wid)
            } else {
                for position in Int(subwordStarts[Int(wid)])..<Int(subwordStarts[Int(wid) + 1]) { visit(subwordIDs[position]) }
            }
        } else if args.maxn > 0 && !token.elementsEqual(FastTextDictionary.endOfSentence) {
            forEachSubword(of: token, visit)
        }
    }

    /// Word n-grams: fastText widens each int32 hash to 64 bits with sign extension.
    private func addWordNgrams(_ hashes: [Int32], _ visit: (Int32) -> Void) {
        let n = Int(args.wordNgrams)
        guard n > 1, args.bucket > 0 else { return }
        let bucket = UInt64(args.bucket)
        for i in 0..<hashes.count {
            var h = UInt64(bitPattern: Int64(hashes[i]))
            var j = i + 1
            while j < hashes.count && j < i + n {
                h = h &* 116_049_371 &+ UInt64(bitPattern: Int64(hashes[j]))
                pushHash(Int32(h % bucket), visit)
                j += 1
            }
        }
    }

    // MARK: - File format

    /// Reads fastText's dictionary. Counts are checked against the bytes left before anything is
    /// allocated, and the entries must be words then labels, as many as the header says: fastText
    /// finds labels by position, so any other order would silently name the wrong language.
    static func read(_ reader: inout BinaryReader, args: FastTextArgs) throws -> FastTextDictionary {
        let headerOffset = reader.offset
        let size = try reader.int32("dictionary size")
        let words = try reader.int32("dictionary word count")
        let labels = try reader.int32("dictionary label count")
        let tokens = try reader.int64("dictionary token count")
        let pruneOffset = reader.offset
        let pruneSize = try reader.int64("dictionary prune index size")
        // Each entry takes at least 10 bytes (NUL, int64 count, type byte).
        let entryCount = try reader.checkCount(Int64(size), width: 10, "dictionary entries", at: headerOffset)
        var entries: [Entry] = []
        entries.reserveCapacity(entryCount)
        for index in 0..<entryCount {
            let word = try reader.cString("dictionary entry \(index)")
            let count = try reader.int64("dictionary entry \(index) count")
            let typeOffset = reader.offset
            let typeCode = try reader.uint8("dictionary entry \(index) type")
            guard let type = EntryType(rawValue: typeCode) else {
                throw PriorMixError(.malformedInput, "dictionary entry \(index) has unknown type \(typeCode)", file: reader.path, offset: typeOffset,
                                    hint: "the model file is corrupt")
            }
            if type == .word, let previous = entries.last, previous.type == .label {
                throw PriorMixError(.malformedInput, "dictionary entry \(index) is a word after the labels", file: reader.path, offset: typeOffset,
                                    hint: "the model file is corrupt")
            }
            entries.append(Entry(word: word, count: count, type: type))
        }
        let wordCount = entries.filter { $0.type == .word }.count
        guard Int(words) == wordCount, Int(labels) == entryCount - wordCount else {
            throw PriorMixError(.malformedInput, "the dictionary header counts \(words) words and \(labels) labels, its entries \(wordCount) and \(entryCount - wordCount)",
                                file: reader.path, offset: headerOffset, hint: "the model file is corrupt")
        }
        var pairs: [(bucket: Int32, row: Int32)] = []
        if pruneSize > 0 {
            let pairCount = try reader.checkCount(pruneSize, width: 8, "prune index", at: pruneOffset)
            pairs.reserveCapacity(pairCount)
            for _ in 0..<pairCount {
                let bucket = try reader.int32("prune index bucket")
                pairs.append((bucket, try reader.int32("prune index row")))
            }
        }
        var dictionary = FastTextDictionary(entries: entries, tokenCount: tokens, args: args, subwords: false)
        dictionary.pruneIndexSize = pruneSize
        dictionary.pruneIndex = PruneIndex(pairs: pairs)
        dictionary.initializeSubwords()
        return dictionary
    }

    func write(_ writer: inout BinaryWriter) {
        writer.int32(Int32(entries.count))
        writer.int32(Int32(wordCount))
        writer.int32(Int32(labelCount))
        writer.int64(tokenCount)
        writer.int64(pruneIndexSize)
        for entry in entries {
            writer.cString(entry.word)
            writer.int64(entry.count)
            writer.uint8(entry.type.rawValue)
        }
        for (bucket, row) in pruneIndex.pairs {
            writer.int32(bucket)
            writer.int32(row)
        }
    }
}
