/// Gopher's quality heuristics (Rae et al. 2021, appendix A), as datatrove's `GopherQualityFilter`
/// applies them: word count, mean word length, `#` and ellipsis per word, bullet and ellipsis
/// lines, words with a letter, stop words. A `nil` threshold turns its check off.
public struct GopherQualityRule: FilterRule {
    public var name = "gopher_quality"
    public var minWords: Int? = 50
    public var maxWords: Int? = 100_000
    public var minMeanWordLength: Double? = 3
    public var maxMeanWordLength: Double? = 10
    public var maxSymbolWordRatio: Double? = 0.1
    public var maxBulletLinesRatio: Double? = 0.9
    public var maxEllipsisLinesRatio: Double? = 0.3
    public var minAlphaWordsRatio: Double? = 0.8
    public var minStopWords: Int? = 2
    public var stopWords: [String] = ["the", "be", "to", "of", "and", "that", "have", "with"] {
        didSet { stopWordList = StopWordList(stopWords) }
    }
    /// `stopWords` prepared once per run rather than per document.
    private var stopWordList = StopWordList([])

    public init() {
        stopWordList = StopWordList(stopWords)
    }

    /// The stop words as scalars, with their lengths and first characters side by side (a word is
    /// compared only with the stop words it may equal, no array of arrays walked), and the lengths
    /// and first characters any of them has as bits: most words have neither, and are compared
    /// with none.
    struct StopWordList {
        let scalars: [[Unicode.Scalar]]
        let lengths: [Int]
        let firsts: [UInt32]
        private var lengthBits: UInt64 = 0
        private var asciiFirsts: (UInt64, UInt64) = (0, 0)
        private var anyNonASCIIFirst = false
        private var longWord = false

        init(_ words: [String]) {
            scalars = words.map { Array($0.unicodeScalars) }
            lengths = scalars.map(\.count)
            firsts = scalars.map { $0.first?.value ?? 0 }
            for word in scalars where !word.isEmpty {
                if word.count < 64 { lengthBits |= 1 << UInt64(word.count) } else { longWord = true }
                let first = word[0].value
                if first < 64 { asciiFirsts.0 |= 1 << UInt64(first) } else if first < 128 { asciiFirsts.1 |= 1 << UInt64(first - 64) } else { anyNonASCIIFirst = true }
            }
        }

        @inline(__always)
        func mayMatch(length: Int, first: Unicode.Scalar) -> Bool {
            guard length < 64 ? lengthBits >> UInt64(length) & 1 != 0 : longWord else { return false }
            let value = first.value
            if value < 64 { return asciiFirsts.0 >> UInt64(value) & 1 != 0 }
            if value < 128 { return asciiFirsts.1 >> UInt64(value - 64) & 1 != 0 }
            return anyNonASCIIFirst
        }
    }

    public var fingerprint: String {
        "gopher_quality(\(minWords.map(String.init) ?? "-"),\(maxWords.map(String.init) ?? "-"),\(minMeanWordLength ?? -1),\(maxMeanWordLength ?? -1),"
            + "\(maxSymbolWordRatio ?? -1),\(maxBulletLinesRatio ?? -1),\(maxEllipsisLinesRatio ?? -1),\(minAlphaWordsRatio ?? -1),"
            + "\(minStopWords.map(String.init) ?? "-"),\(stopWords.joined(separator: "|")))"
    }

    public var measures: [FilterMeasure] {
        [.count("words"), FilterMeasure("mean_word_length", edges: (1...24).map { Double($0) / 2 }), .ratio("hash_ratio"),
         .ratio("ellipsis_ratio"), .ratio("bullet_lines_ratio"), .ratio("ellipsis_lines_ratio"), .ratio("alpha_words_ratio"),
         FilterMeasure("stop_words", edges: (1...9).map(Double.init))]
    }

    public func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome {
        var outcome = RuleOutcome(measureCount: 8)
        let words = text.words
        func fail(_ check: String, _ detail: String) -> Bool {
            if outcome.failure == nil { outcome.failure = (check, detail) }
            return !exhaustive
        }
        text.scalars.withUnsafeBufferPointer { s in
            var symbolFree = 0
            var symbolFreeLength = 0
            var alphaWords = 0
            let stopList = stopWordList
            var stopFound = [Bool](repeating: false, count: stopList.scalars.count)
            var stopsLeft = stopList.scalars.count
            let classes = CharacterTable.lookup
            for word in words {
                let start = Int(word.start)
                let length = Int(word.end - word.start)
                // A word starting with an ASCII letter has both (the usual case).
                var hasNonPunctuation = (s[start].value | 0x20) &- 0x61 < 26
                var hasAlpha = hasNonPunctuation
                if !hasAlpha {
                    for index in start..<Int(word.end) {
                        let flags = classes.flags(s[index])
                        if flags & CharacterTable.datatrovePunctuation == 0 { hasNonPunctuation = true }
                        if flags & CharacterTable.pythonAlpha != 0 { hasAlpha = true }
                        if hasNonPunctuation && hasAlpha { break }
                    }
                }
                if hasNonPunctuation { symbolFree += 1; symbolFreeLength += length }
                if hasAlpha { alphaWords += 1 }
                guard stopsLeft > 0, stopList.mayMatch(length: length, first: s[start]) else { continue }
                let first = s[start].value
                for position in 0..<stopList.lengths.count where stopList.lengths[position] == length && stopList.firsts[position] == first && !stopFound[position] {
                    var same = true
                    stopList.scalars[position].withUnsafeBufferPointer { stop in
                        for offset in 1..<length where s[start + offset] != stop[offset] { same = false; break }
                    }
                    if same { stopFound[position] = true; stopsLeft -= 1 }
                }
            }
            let wordCount = Double(words.count)
            outcome.values[0] = Double(symbolFree)
            if let minWords, minWords > 0, symbolFree < minWords, fail("gopher_short_doc", "\(symbolFree) words < \(minWords)") { return }
            if let maxWords, maxWords > 0, symbolFree > maxWords, fail("gopher_long_doc", "\(symbolFree) words > \(maxWords)") { return }
            let mean = symbolFree > 0 ? Double(symbolFreeLength) / Double(symbolFree) : .nan
            outcome.values[1] = mean
            if let minimum = minMeanWordLength, minimum != 0, mean < minimum,
               fail("gopher_below_avg_threshold", "mean word length \(formatMeasure(mean)) < \(formatMeasure(minimum))") { return }
            if let maximum = maxMeanWordLength, maximum != 0, mean > maximum,
               fail("gopher_above_avg_threshold", "mean word length \(formatMeasure(mean)) > \(formatMeasure(maximum))") { return }
            // Python would divide by zero here; without words there is nothing to measure.
            guard wordCount > 0 else { return }
            // `#`, `…` and `...` (an ellipsis, not overlapping another), each found by a vector search.
            func occurrences(of character: Unicode.Scalar) -> Int {
                var found = 0
                var index = firstIndex(of: character, in: s, from: 0, to: s.count)
                while index < s.count {
                    found += 1
                    index = firstIndex(of: character, in: s, from: index + 1, to: s.count)
                }
                return found
            }
            let hashes = occurrences(of: "#")
            var ellipses = occurrences(of: "…")
            var index = firstIndex(of: ".", in: s, from: 0, to: s.count)
            while index < s.count {
                if index + 2 < s.count, s[index + 1] == ".", s[index + 2] == "." { ellipses += 1; index += 3 } else { index += 1 }
                index = firstIndex(of: ".", in: s, from: index, to: s.count)
            }
            let hashRatio = Double(hashes) / wordCount
            let ellipsisRatio = Double(ellipses) / wordCount
            outcome.values[2] = hashRatio
            outcome.values[3] = ellipsisRatio
            if let maximum = maxSymbolWordRatio, maximum != 0 {
                if hashRatio > maximum, fail("gopher_too_many_hashes", "# per word \(formatMeasure(hashRatio)) > \(formatMeasure(maximum))") { return }
                if ellipsisRatio > maximum, fail("gopher_too_many_ellipsis", "ellipses per word \(formatMeasure(ellipsisRatio)) > \(formatMeasure(maximum))") { return }
            }
            let lines = text.pythonLines()
            var bullets = 0
            var ellipsisLines = 0
            for line in lines {
                let trimmed = FilterText.stripped(s, line)
                if let first = trimmed.first, s[first] == "•" || s[first] == "-" { bullets += 1 }
                // lstrip and rstrip separately: a line of blanks is neither.
                if trimmed.count >= 1, s[trimmed.upperBound - 1] == "…" { ellipsisLines += 1 } else if trimmed.count >= 3, s[trimmed.upperBound - 1] == ".",
                    s[trimmed.upperBound - 2] == ".", s[trimmed.upperBound - 3] == "." { ellipsisLines += 1 }
            }
            if !lines.isEmpty {
                let bulletRatio = Double(bullets) / Double(lines.count)
                let ellipsisLineRatio = Double(ellipsisLines) / Double(lines.count)
                outcome.values[4] = bulletRatio
                outcome.values[5] = ellipsisLineRatio
                if let maximum = maxBulletLinesRatio, maximum != 0, bulletRatio > maximum,
                   fail("gopher_too_many_bullets", "bullet lines \(formatMeasure(bulletRatio)) > \(formatMeasure(maximum))") { return }
                if let maximum = maxEllipsisLinesRatio, maximum != 0, ellipsisLineRatio > maximum,
                   fail("gopher_too_many_end_ellipsis", "lines ending in an ellipsis \(formatMeasure(ellipsisLineRatio)) > \(formatMeasure(maximum))") { return }
            }
            let alphaRatio = Double(alphaWords) / wordCount
            outcome.values[6] = alphaRatio
            if let minimum = minAlphaWordsRatio, minimum != 0, alphaRatio < minimum,
               fail("gopher_below_alpha_threshold", "words with a letter \(formatMeasure(alphaRatio)) < \(formatMeasure(minimum))") { return }
            let stops = stopFound.filter { $0 }.count
            outcome.values[7] = Double(stops)
            if let minStopWords, minStopWords > 0, stops < minStopWords,
               fail("gopher_enough_stop_words", "\(stops) stop words < \(minStopWords)") { return }
        }
        return outcome
    }
}
