/// C4's cleaning rules (Raffel et al. 2020), as datatrove's `C4QualityFilter` applies them: lines
/// without terminal punctuation, with fewer than 3 words, with a word over 1000 characters, naming
/// javascript or a cookie/terms policy are dropped; a page with "lorem ipsum" or a curly bracket, or
/// with fewer than 5 sentences left, is removed. The kept lines become the document's text.
public struct C4QualityRule: FilterRule {
    public var name = "c4"
    public var removeCitations = true
    public var filterNoTerminalPunctuation = true
    public var minSentences = 5
    public var minWordsPerLine = 3
    public var maxWordLength = 1000
    public var filterLoremIpsum = true
    public var filterJavascript = true
    public var filterCurlyBracket = true
    public var filterPolicy = true
    /// Rewrite the document to its kept lines, as C4 and datatrove do.
    public var keepOnlyPassingLines = true
    /// Optional bad-word list (C4's "List of Dirty, Naughty, Obscene or Otherwise Bad Words").
    public var badWords: BadWordList?

    public init() {}

    static let policyPhrases = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]
        .map { Array($0.unicodeScalars) }
    static let loremIpsum = Array("lorem ipsum".unicodeScalars)
    static let javascript = Array("javascript".unicodeScalars)
    static let editMark = Array("[edit]".unicodeScalars)
    static let citationNeeded = Array("[citation needed]".unicodeScalars)

    public var fingerprint: String {
        "c4(\(removeCitations),\(filterNoTerminalPunctuation),\(minSentences),\(minWordsPerLine),\(maxWordLength),\(filterLoremIpsum),"
            + "\(filterJavascript),\(filterCurlyBracket),\(filterPolicy),\(keepOnlyPassingLines),\(badWords?.fingerprint ?? "-"))"
    }

    public var measures: [FilterMeasure] {
        [.count("sentences"), .ratio("kept_lines_ratio")]
    }

    public func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome {
        var outcome = RuleOutcome(measureCount: 2)
        func fail(_ check: String, _ detail: String) -> Bool {
            if outcome.failure == nil { outcome.failure = (check, detail) }
            return !exhaustive
        }
        var sentences = 0
        // Kept lines joined by "\n" into one buffer, and one line buffer and its lowered copy reused
        // for every line: nothing is allocated per line.
        var kept: [Unicode.Scalar] = []
        var keptCount = 0
        var line: [Unicode.Scalar] = []
        var lowered: [Unicode.Scalar] = []
        let loremIpsum = Self.loremIpsum
        let javascript = Self.javascript
        let policyPhrases = Self.policyPhrases
        var tokens: [SpacyWordSplitter.Token] = []
        let lines = text.pythonLines()
        let words = text.words
        var stopped = false
        let classes = CharacterTable.lookup
        text.scalars.withUnsafeBufferPointer { s in
            for lineRange in lines {
                let range = text.stripped(lineRange)
                // Words by str.split(): runs of non-space.
                var wordCount = 0
                var longWord = false
                var index = range.lowerBound
                while index < range.upperBound {
                    while index < range.upperBound, classes.has(s[index], CharacterTable.pythonSpace) { index += 1 }
                    guard index < range.upperBound else { break }
                    let start = index
                    while index < range.upperBound, !classes.has(s[index], CharacterTable.pythonSpace) { index += 1 }
                    wordCount += 1
                    if maxWordLength != -1 && index - start > maxWordLength { longWord = true }
                }
                if longWord { continue }
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: s[range])
                var citationsRemoved = false
                if removeCitations, line.contains("[") {
                    let removed = Self.removingCitations(line)
                    citationsRemoved = removed.count != line.count
                    line = removed
                }
                if filterNoTerminalPunctuation {
                    guard let last = line.last, last == "." || last == "?" || last == "!" || last == "\"" || last == "'" else { continue }
                    if line.count >= 3 && line[line.count - 1] == "." && line[line.count - 2] == "." && line[line.count - 3] == "." { continue }
                }
                if wordCount < minWordsPerLine { continue }
                lowered.removeAll(keepingCapacity: true)
                for c in line { lowered.append(Self.asciiLowercased(c)) }
                if filterLoremIpsum && Self.contains(lowered, loremIpsum) {
                    if fail("lorem_ipsum", "a line says lorem ipsum") { stopped = true; return }
                }
                if filterJavascript && Self.contains(lowered, javascript) { continue }
                if filterCurlyBracket && line.contains("{") {
                    if fail("curly_bracket", "a kept line holds {") { stopped = true; return }
                }
                if filterPolicy && policyPhrases.contains(where: { Self.contains(lowered, $0) }) { continue }
                if minSentences != -1 {
                    if citationsRemoved {
                        sentences += line.withUnsafeBufferPointer { SpacySentenceCounter.count($0, 0..<$0.count, tokens: &tokens) }
                    } else {
                        sentences += SpacySentenceCounter.count(s, words: words, in: range)
                    }
                }
                if keptCount > 0 { kept.append("\n") }
                kept.append(contentsOf: line)
                keptCount += 1
            }
        }
        guard !stopped else { return outcome }
        outcome.values[0] = Double(sentences)
        outcome.values[1] = lines.isEmpty ? 0 : Double(keptCount) / Double(lines.count)
        if sentences < minSentences, fail("too_few_sentences", "\(sentences) sentences < \(minSentences)") { return outcome }
        if let badWords, let word = badWords.firstMatch(in: text) {
            if fail("document_removed_with_badwords", "bad word of \(word) characters") { return outcome }
        }
        if keepOnlyPassingLines {
            let trimmed = FilterText.pythonStrippedString(kept)
            if trimmed != text.text { outcome.rewrittenText = trimmed }
        }
        return outcome
    }

    @inline(__always)
    static func asciiLowercased(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(c.value + 0x20)! : c
    }

    static func contains(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == first {
                var same = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] { same = false; break }
                if same { return true }
            }
            index += 1
        }
        return false
    }

    /// Removes Wikipedia-style citations: `[12]`, `[]`, `[edit]`, `[citation needed]`.
    static func removingCitations(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let edit = Self.editMark, needed = Self.citationNeeded
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(line.count)
        var index = 0
        while index < line.count {
            if line[index] == "[" {
                var end = index + 1
                while end < line.count, line[end].properties.numericType == .decimal { end += 1 }
                if end < line.count, line[end] == "]" { index = end + 1; continue }
                if Self.hasPrefix(line, at: index, edit) { index += edit.count; continue }
                if Self.hasPrefix(line, at: index, needed) { index += needed.count; continue }
            }
            result.append(line[index])
            index += 1
        }
        return result
    }

    private static func hasPrefix(_ line: [Unicode.Scalar], at index: Int, _ prefix: [Unicode.Scalar]) -> Bool {
        guard index + prefix.count <= line.count else { return false }
        for offset in prefix.indices where line[index + offset] != prefix[offset] { return false }
        return true
    }
}

extension FilterText {
    /// `str.strip()` of the characters, as a string: encoded to UTF-8 in one buffer (appending to a
    /// string's scalar view one character at a time costs more than the rules themselves).
    static func pythonStrippedString(_ scalars: [Unicode.Scalar]) -> String {
        var lower = 0
        var upper = scalars.count
        while lower < upper, PythonCharacters.isSpace(scalars[lower]) { lower += 1 }
        while upper > lower, PythonCharacters.isSpace(scalars[upper - 1]) { upper -= 1 }
        guard lower < upper else { return "" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(upper - lower)
        for index in lower..<upper {
            let value = scalars[index].value
            if value < 0x80 {
                bytes.append(UInt8(value))
            } else if value < 0x800 {
                bytes.append(UInt8(0xC0 | value >> 6)); bytes.append(UInt8(0x80 | value & 0x3F))
            } else if value < 0x10000 {
                bytes.append(UInt8(0xE0 | value >> 12)); bytes.append(UInt8(0x80 | value >> 6 & 0x3F)); bytes.append(UInt8(0x80 | value & 0x3F))
            } else {
                bytes.append(UInt8(0xF0 | value >> 18)); bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
                bytes.append(UInt8(0x80 | value >> 6 & 0x3F)); bytes.append(UInt8(0x80 | value & 0x3F))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
