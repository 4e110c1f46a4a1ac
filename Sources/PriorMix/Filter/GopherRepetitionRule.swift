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
            /// The pieces of `range` between runs of at least `minimumRun` line feeds (a shorter run
            /// stays inside its piece), counted for duplicates; and how many pieces there are.
            let scratch = text.scratch
            func pieces(_ range: Range<Int>, minimumRun: Int) -> (DuplicateCounter, Int) {
                var counter = DuplicateCounter(table: scratch.pieces)
                var count = 1
                var start = range.lowerBound
                var index = range.lowerBound
                while index < range.upperBound {
                    index = firstLineFeed(s, from: index, to: range.upperBound)
                    guard index < range.upperBound else { break }
                    var end = index
                    while end < range.upperBound, s[end] == "\n" { end += 1 }
                    if end - index >= minimumRun { counter.add(s, start..<index); count += 1; start = end }
                    index = end
                }
                counter.add(s, start..<range.upperBound)
                return (counter, count)
            }

            // Paragraphs: the stripped text split at runs of two or more line feeds.
            let (paragraphs, paragraphCount) = pieces(text.stripped(0..<s.count), minimumRun: 2)
            let paragraphFraction = Double(paragraphs.duplicates) / Double(paragraphCount)
            let paragraphCharacters = Double(paragraphs.duplicateCharacters) / length
            outcome.values[0] = paragraphFraction
            outcome.values[1] = paragraphCharacters
            if let maximum = maxDuplicateParagraphFraction, maximum != 0, paragraphFraction > maximum,
               fail("dup_para_frac", "duplicate paragraphs \(formatMeasure(paragraphFraction)) > \(formatMeasure(maximum))") { return }
            if let maximum = maxDuplicateParagraphCharacterFraction, maximum != 0, paragraphCharacters > maximum,
               fail("dup_para_char_frac", "characters in duplicate paragraphs \(formatMeasure(paragraphCharacters)) > \(formatMeasure(maximum))") { return }

            // Lines: the text split at runs of line feeds (empty first and last pieces count).
            let (lines, lineCount) = pieces(0..<s.count, minimumRun: 1)
            let lineFraction = Double(lines.duplicates) / Double(lineCount)
            let lineCharacters = Double(lines.duplicateCharacters) / length
            outcome.values[2] = lineFraction
            outcome.values[3] = lineCharacters
            if let maximum = maxDuplicateLineFraction, maximum != 0, lineFraction > maximum,
               fail("dup_line_frac", "duplicate lines \(formatMeasure(lineFraction)) > \(formatMeasure(maximum))") { return }
            if let maximum = maxDuplicateLineCharacterFraction, maximum != 0, lineCharacters > maximum,
               fail("dup_line_char_frac", "characters in duplicate lines \(formatMeasure(lineCharacters)) > \(formatMeasure(maximum))") { return }

            let words = text.words
            let hasher = NGramHasher(s, words: words)
            let table = scratch.nGrams
            // Most n-grams occur once, and a sequence of words that occurs once cannot repeat
            // longer: `repeats[i]` says whether the `countedLength` words from i occur more than
            // once (all true until a pass has counted), so a longer pass counts only where it may.
            // A skipped n-gram's count is 1, which wins only when every count is 1, and then the
            // first n-gram wins: the result of counting everything. The table is sized for the
            // n-grams a pass counts (all of them, or the repeating ones).
            var repeats = [Bool](repeating: true, count: words.count)
            var repeating = words.count
            var countedLength = 0
            for (position, rule) in topNGrams.enumerated() {
                let n = rule.n
                guard n > 0, words.count >= n else { continue }
                let skipping = countedLength > 0 && countedLength <= n
                table.reset(capacity: skipping ? repeating : words.count)
                var bestCount = skipping ? 1 : 0
                var bestFirst = 0
                // `repeats` is rewritten for n on the way: each position is read before it is
                // written, a skipped one is already false, and an n-gram's first position is marked
                // when its second occurrence is counted.
                repeating = 0
                for first in 0...(words.count - n) {
                    if skipping && !repeats[first] { continue }
                    let entry = table.increment(hasher.spaced(first, n), position: first)
                    repeats[first] = entry.count > 1
                    if entry.count > 1 {
                        repeating += 1
                        if entry.count == 2 { repeats[entry.first] = true; repeating += 1 }
                    }
                    // Counter.most_common(1): the highest count, the earliest n-gram among equals.
                    if entry.count > bestCount || (entry.count == bestCount && entry.first < bestFirst) {
                        bestCount = entry.count
                        bestFirst = entry.first
                    }
                }
                for first in (words.count - n + 1)..<words.count { repeats[first] = false }
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
            let mayRepeat = minimumN > 0 ? Self.sharedWindows(s, words: words, hasher: hasher, minimumN: minimumN, table: table) : []
            // The positions that may repeat, listed once for the six passes.
            var candidates: [Int] = []
            for (word, may) in mayRepeat.enumerated() where may { candidates.append(word) }
            for (position, rule) in duplicateNGrams.enumerated() {
                let n = rule.n
                guard n > 0 else { continue }
                table.reset(capacity: candidates.count)
                var repeated = 0
                // The next position the scan looks at: after a repeated n-gram it jumps past it.
                var next = 0
                for first in candidates {
                    if first > words.count - n { break }
                    guard first >= next else { continue }
                    if !table.insert(hasher.concatenated(first, n)) {
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

    /// Characters compared at word starts for the duplicate n-gram passes.
    static let window = 12

    /// For each word i, whether an n-gram of at least `minimumN` words from i may equal another
    /// n-gram of the same text with the words joined without a separator: true when its first
    /// `minimumN` words are shorter than `window` characters, or when the `window` characters from
    /// its start (across the words laid end to end) also follow another word start. False means
    /// the n-gram is unique. Words from which fewer than `minimumN` remain are false (no n-gram).
    static func sharedWindows(_ s: UnsafeBufferPointer<Unicode.Scalar>, words: [SpacyWordSplitter.Token], hasher: NGramHasher,
                              minimumN: Int, table: HashedKeyTable) -> [Bool] {
        let count = words.count
        var result = [Bool](repeating: false, count: count)
        guard count >= minimumN else { return result }
        let total = hasher.length(0, count)
        table.reset(capacity: count)
        // Windows that start at another word start too, marked as they are counted (the first
        // start of a window when its second is seen).
        for word in 0..<count {
            let start = hasher.length(0, word)
            guard start + window <= total else { break }
            let entry = table.increment(hasher.run(from: start, count: window), position: word)
            if entry.count > 1 {
                result[word] = true
                if entry.count == 2 { result[entry.first] = true }
            }
        }
        for word in 0...(count - minimumN) where !result[word] && hasher.length(word, minimumN) < window { result[word] = true }
        for word in (count - minimumN + 1)..<count { result[word] = false }
        return result
    }
}
