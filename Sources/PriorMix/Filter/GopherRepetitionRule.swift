/// Gopher's repetition heuristics (Rae et al. 2021, table A1), as datatrove's
/// `GopherRepetitionFilter` applies them: duplicate paragraphs and lines (share of pieces and of
/// characters), the most frequent 2- to 4-gram's characters, and the characters in repeated 5- to
/// 10-grams, each against the document's length.
public struct GopherRepetitionRule: FilterRule {
    public var name = "gopher_repetition"
    public var maxDuplicateLineFraction: Double? = 0.3
    public var maxDuplicateParagraphFraction: Double? = 0.3
    public var maxDuplicateLineCharacterFraction: Double? = 0.2
    public var maxDuplicateParagraphCharacterFraction: Double? = 0.2
    public var topNGrams: [(n: Int, fraction: Double)] = [(2, 0.2), (3, 0.18), (4, 0.16)]
    public var duplicateNGrams: [(n: Int, fraction: Double)] = [(5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)]

    public init() {}

    public var fingerprint: String {
        "gopher_repetition(\(maxDuplicateLineFraction ?? -1),\(maxDuplicateParagraphFraction ?? -1),\(maxDuplicateLineCharacterFraction ?? -1),"
            + "\(maxDuplicateParagraphCharacterFraction ?? -1),\(topNGrams.map { "\($0.n):\($0.fraction)" }),\(duplicateNGrams.map { "\($0.n):\($0.fraction)" }))"
    }

    public var measures: [FilterMeasure] {
        [.ratio("duplicate_paragraph_fraction"), .ratio("duplicate_paragraph_character_fraction"), .ratio("duplicate_line_fraction"),
         .ratio("duplicate_line_character_fraction")]
            + topNGrams.map { .ratio("top_\($0.n)_gram_character_fraction") }
            + duplicateNGrams.map { .ratio("duplicate_\($0.n)_gram_character_fraction") }
    }

    public func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome {
        var outcome = RuleOutcome(measureCount: 4 + topNGrams.count + duplicateNGrams.count)
        guard text.count > 0 else {
            outcome.failure = ("empty", "no text")
            return outcome
        }
        func fail(_ check: String, _ detail: String) -> Bool {
            if outcome.failure == nil { outcome.failure = (check, detail) }
            return !exhaustive
        }
        let length = Double(text.count)
        text.scalars.withUnsafeBufferPointer { s in
            let scratch = text.scratch
            let (lines, lineCount, paragraphs, paragraphCount) = Self.linesAndParagraphs(s, stripped: text.stripped(0..<s.count), scratch: scratch)

            // Paragraphs: the stripped text split at runs of two or more line feeds.
            let paragraphFraction = Double(paragraphs.duplicates) / Double(paragraphCount)
            let paragraphCharacters = Double(paragraphs.duplicateCharacters) / length
            outcome.values[0] = paragraphFraction
            outcome.values[1] = paragraphCharacters
            if let maximum = maxDuplicateParagraphFraction, maximum != 0, paragraphFraction > maximum,
               fail("dup_para_frac", "duplicate paragraphs \(formatMeasure(paragraphFraction)) > \(formatMeasure(maximum))") { return }
            if let maximum = maxDuplicateParagraphCharacterFraction, maximum != 0, paragraphCharacters > maximum,
               fail("dup_para_char_frac", "characters in duplicate paragraphs \(formatMeasure(paragraphCharacters)) > \(formatMeasure(maximum))") { return }

            // Lines: the text split at runs of line feeds (empty first and last pieces count).
            let lineFraction = Double(lines.duplicates) / Double(lineCount)
            let lineCharacters = Double(lines.duplicateCharacters) / length
            outcome.values[2] = lineFraction
            outcome.values[3] = lineCharacters
            if let maximum = maxDuplicateLineFraction, maximum != 0, lineFraction > maximum,
               fail("dup_line_frac", "duplicate lines \(formatMeasure(lineFraction)) > \(formatMeasure(maximum))") { return }
            if let maximum = maxDuplicateLineCharacterFraction, maximum != 0, lineCharacters > maximum,
               fail("dup_line_char_frac", "characters in duplicate lines \(formatMeasure(lineCharacters)) > \(formatMeasure(maximum))") { return }

            let words = text.words
            let hasher = scratch.nGramHashes.hasher(s, words: words)
            let table = scratch.nGrams
            // Most n-grams occur once, and a sequence of words that occurs once cannot repeat
            // longer: after a pass, `positions[0..<listed]` are the word positions (ascending)
            // whose `countedLength` words occur more than once, so a longer pass counts only
            // there. A skipped n-gram's count is 1, which wins only when every count is 1, and then
            // the first n-gram wins: the result of counting everything.
            let positions = scratch.positions.storage(words.count)
            let repeats = scratch.flags.storage(words.count)
            var listed = 0
            var countedLength = 0
            for (position, rule) in topNGrams.enumerated() {
                let n = rule.n
                guard n > 0, words.count >= n else { continue }
                let skipping = countedLength > 0 && countedLength <= n
                if !skipping {
                    for first in 0..<words.count { positions[first] = Int32(truncatingIfNeeded: first) }
                    listed = words.count
                }
                var end = listed
                while end > 0 && Int(positions[end - 1]) > words.count - n { end -= 1 }
                let counts = table.pass(capacity: end)
                var bestCount = skipping ? 1 : 0
                var bestFirst = 0
                for index in 0..<end {
                    let first = Int(positions[index])
                    let entry = counts.increment(hasher.spaced(first, n), position: first)
                    // Whether the n-gram repeats, for its first position too (once seen twice;
                    // before that its first position is this one), without a branch.
                    let repeated: UInt8 = entry.count > 1 ? 1 : 0
                    repeats[first] = repeated
                    repeats[entry.first] = repeated
                    // Counter.most_common(1): the highest count, the earliest n-gram among equals.
                    if entry.count > bestCount || (entry.count == bestCount && entry.first < bestFirst) {
                        bestCount = entry.count
                        bestFirst = entry.first
                    }
                }
                listed = Self.compact(positions, end, where: repeats)
                countedLength = n
                let characters = hasher.length(bestFirst, n) + (n - 1)
                let fraction = Double(characters * bestCount) / length
                outcome.values[4 + position] = fraction
                if fraction > rule.fraction, fail("top_\(n)_gram", "top \(n)-gram characters \(formatMeasure(fraction)) > \(formatMeasure(rule.fraction))") { return }
            }
            // The duplicate n-gram keys join words without a separator, so ("ab", "c") equals
            // ("a", "bc") and the counts above do not tell. But equal keys of n >= `minimumN` words
            // start with the same `window` characters (when they are that long): an n-gram whose
            // first `window` characters begin at no other word is unique, never found in the
            // table and never found later, so the passes skip it.
            let minimumN = duplicateNGrams.map(\.n).filter { $0 > 0 }.min() ?? 0
            // The positions that may repeat, listed once for the six passes.
            let candidates = minimumN > 0 && words.count >= minimumN
                ? Self.sharedWindows(hasher, count: words.count, minimumN: minimumN, bits: scratch.bits, into: positions, flags: repeats) : 0
            for (position, rule) in duplicateNGrams.enumerated() {
                let n = rule.n
                guard n > 0 else { continue }
                let seen = table.pass(capacity: candidates)
                var repeated = 0
                // The next position the scan looks at: after a repeated n-gram it jumps past it.
                var next = 0
                for index in 0..<candidates {
                    let first = Int(positions[index])
                    if first > words.count - n { break }
                    guard first >= next else { continue }
                    if !seen.insert(hasher.concatenated(first, n)) {
                        repeated += hasher.length(first, n)
                        next = first + n
                    }
                }
                let fraction = Double(repeated) / length
                outcome.values[4 + topNGrams.count + position] = fraction
                if fraction > rule.fraction,
                   fail("duplicated_\(n)_n_grams", "characters in repeated \(n)-grams \(formatMeasure(fraction)) > \(formatMeasure(rule.fraction))") { return }
            }
        }
        return outcome
    }

    /// Duplicate lines (the text split at runs of line feeds) and paragraphs (the `stripped` range
    /// split at runs of two or more), and how many of each, in one scan: a paragraph is its lines
    /// joined by single line feeds, so it is keyed by its lines' hashes in order and its characters
    /// are hashed once, as lines (only a line the stripping cuts is hashed again, as cut).
    private static func linesAndParagraphs(_ s: UnsafeBufferPointer<Unicode.Scalar>, stripped: Range<Int>, scratch: FilterScratch)
        -> (lines: DuplicateCounter, lineCount: Int, paragraphs: DuplicateCounter, paragraphCount: Int) {
        var lines = DuplicateCounter(table: scratch.pieces)
        var paragraphs = DuplicateCounter(table: scratch.paragraphs)
        var lineCount = 1
        var paragraphCount = 1
        var paragraphKey = ParagraphKey()
        var paragraphStart = stripped.lowerBound
        var start = 0
        while true {
            let index = firstLineFeed(s, from: start, to: s.count)
            let lineHash = characterHash(s, start..<index)
            lines.add(hash: lineHash, characters: index - start)
            // The line's part in the stripped range (whole, cut or none: a run of line feeds lies
            // inside the stripped range or outside it, and so does every line but the edge ones).
            let lower = max(start, stripped.lowerBound)
            let upper = min(index, stripped.upperBound)
            if lower < upper { paragraphKey.append(lower == start && upper == index ? lineHash : characterHash(s, lower..<upper)) }
            guard index < s.count else { break }
            var end = index + 1
            while end < s.count, s[end] == "\n" { end += 1 }
            lineCount += 1
            if end - index >= 2 && index > stripped.lowerBound && end < stripped.upperBound {
                paragraphs.add(hash: paragraphKey.value, characters: index - paragraphStart)
                paragraphCount += 1
                paragraphKey = ParagraphKey()
                paragraphStart = end
            }
            start = end
        }
        paragraphs.add(hash: paragraphKey.value, characters: stripped.upperBound - paragraphStart)
        return (lines, lineCount, paragraphs, paragraphCount)
    }

    /// A paragraph's key from its lines' hashes in order (lines hold no line feed, so equal
    /// paragraphs are exactly equal sequences of lines).
    private struct ParagraphKey {
        private var state: UInt64 = 0x2545_F491_4F6C_DD1D
        private var lines: UInt64 = 0

        mutating func append(_ lineHash: UInt64) {
            let product = (state ^ lineHash) &* 0xBF58_476D_1CE4_E5B9
            state = product ^ (product >> 31)
            lines &+= 1
        }

        var value: UInt64 {
            let hash = (state ^ (lines &* 0x94D0_49BB_1331_11EB)) &* 0xFF51_AFD7_ED55_8CCD
            return hash ^ (hash >> 33)
        }
    }

    /// Characters compared at word starts for the duplicate n-gram passes.
    static let window = 12

    /// Keeps the positions of `positions[0..<count]` whose flag is 1 (the others' are 0), in
    /// order; returns how many. The flag is added, not tested: which are kept follows no pattern.
    private static func compact(_ positions: UnsafeMutablePointer<Int32>, _ count: Int, where flags: UnsafeMutablePointer<UInt8>) -> Int {
        var kept = 0
        for index in 0..<count {
            let position = positions[index]
            positions[kept] = position
            kept &+= Int(flags[Int(position)])
        }
        return kept
    }

    /// Lists in `positions` the words i from which an n-gram of at least `minimumN` words may
    /// equal another n-gram of the same text with the words joined without a separator, and
    /// returns how many: those whose first `minimumN` words are shorter than `window` characters,
    /// or whose `window` characters from their start (across the words laid end to end) may also
    /// follow another word start. The others' n-grams are unique. Needs `count >= minimumN`;
    /// `flags` holds a flag per word on the way.
    ///
    /// Windows are told apart by a bucket of their hash among 64 per word, in two bit sets (a
    /// bucket seen once, seen more): a window that starts nowhere else rarely shares its bucket
    /// (a word more in 64 is listed, which costs only a probe per pass), and setting bits is
    /// cheaper than counting windows in a table (no probe, a sixth of the memory to clear).
    static func sharedWindows(_ hasher: NGramHasher, count: Int, minimumN: Int, bits: ScratchBuffer<UInt64>,
                              into positions: UnsafeMutablePointer<Int32>, flags: UnsafeMutablePointer<UInt8>) -> Int {
        let total = hasher.length(0, count)
        var bucketBits = 6
        while 1 << bucketBits < count * 64 { bucketBits += 1 }
        let setWords = 1 << (bucketBits - 6)
        let once = bits.storage(2 * setWords)
        let more = once + setWords
        once.update(repeating: 0, count: 2 * setWords)
        @inline(__always) func bucket(_ word: Int) -> Int {
            let hash = hasher.run(from: hasher.length(0, word), count: window)
            return Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bucketBits))
        }
        // Words with `window` characters from their start: those before `windows`.
        var windows = 0
        while windows < count && hasher.length(0, windows) + window <= total {
            let bucket = bucket(windows)
            let bit: UInt64 = 1 << UInt64(bucket & 63)
            more[bucket >> 6] |= once[bucket >> 6] & bit
            once[bucket >> 6] |= bit
            windows += 1
        }
        let last = count - minimumN
        for index in 0...last {
            positions[index] = Int32(truncatingIfNeeded: index)
            var shared: UInt8 = 0
            if index < windows {
                let bucket = bucket(index)
                shared = UInt8(truncatingIfNeeded: more[bucket >> 6] >> UInt64(bucket & 63)) & 1
            }
            flags[index] = shared | (hasher.length(index, minimumN) < window ? 1 : 0)
        }
        return compact(positions, last + 1, where: flags)
    }
}
