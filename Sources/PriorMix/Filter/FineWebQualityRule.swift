/// FineWeb's own quality rules (Penedo et al. 2024), as datatrove's `FineWebQualityFilter` applies
/// them: the share of lines ending in terminal punctuation, of short lines, the characters in
/// duplicated lines, and line feeds per word (list-like pages).
public struct FineWebQualityRule: FilterRule {
    public var name = "fineweb"
    public var minLinePunctuationRatio = 0.12
    public var linePunctuationExcludeZero = false
    public var maxShortLineRatio = 0.67
    public var shortLineLength = 30
    public var maxDuplicateCharacterRatio = 0.01
    public var maxNewlineRatio = 0.3

    public init() {}

    public var fingerprint: String {
        "fineweb(\(minLinePunctuationRatio),\(linePunctuationExcludeZero),\(maxShortLineRatio),\(shortLineLength),\(maxDuplicateCharacterRatio),\(maxNewlineRatio))"
    }

    public var measures: [FilterMeasure] {
        [.ratio("line_punctuation_ratio"), .ratio("short_line_ratio"), .ratio("duplicate_line_character_ratio"),
         FilterMeasure("newlines_per_word", edges: (1...20).map { Double($0) / 10 })]
    }

    public func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome {
        var outcome = RuleOutcome(measureCount: 4)
        func fail(_ check: String, _ detail: String) -> Bool {
            if outcome.failure == nil { outcome.failure = (check, detail) }
            return !exhaustive
        }
        text.scalars.withUnsafeBufferPointer { s in
            let lines = text.newlinePieces().filter { !FilterText.stripped(s, $0).isEmpty }
            guard !lines.isEmpty else {
                outcome.failure = ("empty", "no line with text")
                return
            }
            let count = Double(lines.count)
            let punctuated = lines.filter { DatatrovePunctuation.isTerminal(s[$0.upperBound - 1]) }.count
            let punctuationRatio = Double(punctuated) / count
            outcome.values[0] = punctuationRatio
            if punctuationRatio < minLinePunctuationRatio && !(punctuationRatio == 0 && linePunctuationExcludeZero),
               fail("line_punct_ratio", "lines ending in punctuation \(formatMeasure(punctuationRatio)) < \(formatMeasure(minLinePunctuationRatio))") { return }
            let short = lines.filter { $0.count <= shortLineLength }.count
            let shortRatio = Double(short) / count
            outcome.values[1] = shortRatio
            if shortRatio > maxShortLineRatio,
               fail("short_line_ratio", "lines of at most \(shortLineLength) characters \(formatMeasure(shortRatio)) > \(formatMeasure(maxShortLineRatio))") { return }
            var duplicates = DuplicateCounter(table: text.scratch.pieces, capacity: lines.count)
            for line in lines { duplicates.add(s, line) }
            var newlines = 0
            for c in s where c == "\n" { newlines += 1 }
            let duplicateRatio = Double(duplicates.duplicateCharacters) / Double(s.count - newlines)
            outcome.values[2] = duplicateRatio
            if duplicateRatio > maxDuplicateCharacterRatio,
               fail("char_dup_ratio", "characters in duplicated lines \(formatMeasure(duplicateRatio)) > \(formatMeasure(maxDuplicateCharacterRatio))") { return }
            let words = text.words.count
            guard words > 0 else { return }
            let newlineRatio = Double(newlines) / Double(words)
            outcome.values[3] = newlineRatio
            if newlineRatio > maxNewlineRatio,
               fail("list_ratio", "line feeds per word \(formatMeasure(newlineRatio)) > \(formatMeasure(maxNewlineRatio))") { return }
        }
        return outcome
    }
}
