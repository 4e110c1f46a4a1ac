import Foundation

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
        // The kept lines joined by "\n" and their words (the words of the new text: words never
        // cross a line break, so a kept line has the words the text had there), built as the
        // lines are read; a line is copied only into them, or once without its citations.
        var kept: [Unicode.Scalar] = []
        var keptWords: [SpacyWordSplitter.Token] = []
        var keptCount = 0
        var tokens: [SpacyWordSplitter.Token] = []
        let lines = text.pythonLines()
        let words = text.words
        var stopped = false
        let classes = CharacterTable.lookup
        // A line without its citations, in a buffer of the text's length made on first need.
        var cited: UnsafeMutablePointer<Unicode.Scalar>?
        defer { cited?.deallocate() }
        // The first word at or after the line (lines come in order).
        var wordCursor = 0
        text.scalars.withUnsafeBufferPointer { s in
            kept.reserveCapacity(s.count)
            keptWords.reserveCapacity(words.count)
            for lineRange in lines {
                let range = FilterText.stripped(s, lineRange)
                // Only a citation can change a line's end, and citations end with "]": a line
                // ending otherwise and not in terminal punctuation is dropped whatever else holds.
                if filterNoTerminalPunctuation, let lastIndex = range.last {
                    let last = s[lastIndex]
                    if !Self.isTerminal(last) && last != "]" { continue }
                }
                // Words by str.split(): runs of non-space; and whether the line has a "[".
                var wordCount = 0
                var longWord = false
                var hasBracket = false
                var index = range.lowerBound
                while index < range.upperBound {
                    while index < range.upperBound, classes.isPythonSpace(s[index]) { index += 1 }
                    guard index < range.upperBound else { break }
                    let start = index
                    while index < range.upperBound {
                        let c = s[index]
                        if classes.isPythonSpace(c) { break }
                        if c == "[" { hasBracket = true }
                        index += 1
                    }
                    wordCount += 1
                    if maxWordLength != -1 && index - start > maxWordLength { longWord = true }
                }
                if longWord { continue }
                var line = UnsafeBufferPointer(rebasing: s[range])
                var citationsRemoved = false
                if removeCitations && hasBracket {
                    let buffer = cited ?? UnsafeMutablePointer<Unicode.Scalar>.allocate(capacity: s.count)
                    cited = buffer
                    let length = Self.removeCitations(line, into: buffer)
                    citationsRemoved = length != line.count
                    line = UnsafeBufferPointer(start: buffer, count: length)
                }
                if filterNoTerminalPunctuation {
                    guard let last = line.last, Self.isTerminal(last) else { continue }
                    if line.count >= 3 && line[line.count - 1] == "." && line[line.count - 2] == "." && line[line.count - 3] == "." { continue }
                }
                if wordCount < minWordsPerLine { continue }
                let found = Self.phrases(line)
                if filterLoremIpsum && found.loremIpsum {
                    if fail("lorem_ipsum", "a line says lorem ipsum") { stopped = true; return }
                }
                if filterJavascript && found.javascript { continue }
                if filterCurlyBracket && found.curlyBracket {
                    if fail("curly_bracket", "a kept line holds {") { stopped = true; return }
                }
                if filterPolicy && found.policy { continue }
                if keptCount > 0 { kept.append("\n") }
                let keptStart = kept.count
                kept.append(contentsOf: line)
                keptCount += 1
                if citationsRemoved {
                    tokens.removeAll(keepingCapacity: true)
                    if minSentences != -1 {
                        sentences += SpacySentenceCounter.count(line, 0..<line.count, tokens: &tokens)
                    } else {
                        SpacyWordSplitter.tokenize(line, 0..<line.count, spaces: false, into: &tokens)
                    }
                    for token in tokens where !token.isSpace {
                        keptWords.append(.init(start: token.start + Int32(keptStart), end: token.end + Int32(keptStart), isSpace: false))
                    }
                } else {
                    if minSentences != -1 { sentences += SpacySentenceCounter.count(s, words: words, in: range) }
                    while wordCursor < words.count, Int(words[wordCursor].start) < range.lowerBound { wordCursor += 1 }
                    let shift = Int32(keptStart - range.lowerBound)
                    var index = wordCursor
                    while index < words.count, Int(words[index].end) <= range.upperBound {
                        keptWords.append(.init(start: words[index].start + shift, end: words[index].end + shift, isSpace: false))
                        index += 1
                    }
                }
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
            // str.strip() of the joined lines; the document changes when the characters do.
            let strippedRange = kept.withUnsafeBufferPointer { FilterText.stripped($0, 0..<kept.count) }
            let lower = strippedRange.lowerBound, upper = strippedRange.upperBound
            let same = upper - lower == text.count && kept.withUnsafeBufferPointer { k in
                text.scalars.withUnsafeBufferPointer { s in
                    s.count == 0 || memcmp(k.baseAddress! + lower, s.baseAddress!, s.count * MemoryLayout<Unicode.Scalar>.stride) == 0
                }
            }
            if !same {
                let scalars = lower == 0 && upper == kept.count ? kept : Array(kept[lower..<upper])
                let rewritten = FilterText.string(utf8Of: scalars)
                if lower > 0 {
                    let shift = Int32(lower)
                    for index in keptWords.indices {
                        keptWords[index].start -= shift
                        keptWords[index].end -= shift
                    }
                }
                outcome.rewrittenText = rewritten
                outcome.rewrittenScalars = scalars
                outcome.rewrittenWords = keptWords
            }
        }
        return outcome
    }

    /// C4's terminal punctuation (after citations are removed): `.`, `?`, `!`, `"`, `'`.
    @inline(__always)
    static func isTerminal(_ c: Unicode.Scalar) -> Bool {
        c == "." || c == "?" || c == "!" || c == "\"" || c == "'"
    }

    /// What the line's checks look for (ASCII letters compared lower-cased): "lorem ipsum",
    /// "javascript", a curly bracket, a policy phrase. The bracket is a vector search; a phrase is
    /// compared only where its first two letters stand, found by one table look-up per character
    /// (a switch on every character's letter mispredicted often: c, l, p, t, u are common).
    static func phrases(_ line: UnsafeBufferPointer<Unicode.Scalar>) -> (loremIpsum: Bool, javascript: Bool, curlyBracket: Bool, policy: Bool) {
        var found = (loremIpsum: false, javascript: false, curlyBracket: false, policy: false)
        let count = line.count
        found.curlyBracket = firstIndex(of: "{", in: line, from: 0, to: count) < count
        // No phrase is shorter than "javascript".
        guard count >= shortestPhrase else { return found }
        @inline(__always) func matches(_ phrase: StaticString, at index: Int) -> Bool {
            let length = phrase.utf8CodeUnitCount
            guard index + length <= count else { return false }
            let bytes = phrase.utf8Start
            for offset in 2..<length where asciiLowercased(line[index + offset]).value != UInt32(bytes[offset]) { return false }
            return true
        }
        let last = count - shortestPhrase
        phraseSecondLetters.withUnsafeBufferPointer { second in
            for index in 0...last {
                // `| 0x20` lower-cases exactly the two cases of a letter (and only them).
                // One branch a character, rarely taken: characters past ASCII share the last
                // entry, and a character that starts no phrase wants a second letter no
                // character lower-cases to.
                let first = line[index].value | 0x20
                let want = second[Int(Swift.min(first, 0x7F))]
                guard line[index + 1].value | 0x20 == want else { continue }
                switch Unicode.Scalar(first) {
                case "l": if !found.loremIpsum && matches("lorem ipsum", at: index) { found.loremIpsum = true }
                case "j": if !found.javascript && matches("javascript", at: index) { found.javascript = true }
                case "t": if !found.policy && matches("terms of use", at: index) { found.policy = true }
                case "p": if !found.policy && matches("privacy policy", at: index) { found.policy = true }
                case "c": if !found.policy && matches("cookie policy", at: index) { found.policy = true }
                case "u":
                    if !found.policy && (matches("uses cookies", at: index) || matches("use of cookies", at: index) || matches("use cookies", at: index)) {
                        found.policy = true
                    }
                default: break
                }
            }
        }
        return found
    }

    /// Characters in the shortest phrase `phrases` looks for ("javascript").
    static let shortestPhrase = 10
    /// For each ASCII character lower-cased by `| 0x20` (0x7F standing for all beyond), the
    /// second letter of the phrases it starts, else 0x1F (no character's `| 0x20` is 0x1F).
    private static let phraseSecondLetters: [UInt32] = {
        var table = [UInt32](repeating: 0x1F, count: 0x80)
        for pair in ["lo", "ja", "te", "pr", "co", "us"] {
            let letters = Array(pair.unicodeScalars)
            table[Int(letters[0].value)] = letters[1].value
        }
        return table
    }()

    @inline(__always)
    static func asciiLowercased(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(c.value + 0x20)! : c
    }

    /// Copies `line` into `result` without its Wikipedia-style citations (`[12]`, `[]`, `[edit]`,
    /// `[citation needed]`); returns the length left.
    static func removeCitations(_ line: UnsafeBufferPointer<Unicode.Scalar>, into result: UnsafeMutablePointer<Unicode.Scalar>) -> Int {
        let edit = Self.editMark, needed = Self.citationNeeded
        var written = 0
        var index = 0
        while index < line.count {
            if line[index] == "[" {
                var end = index + 1
                while end < line.count, line[end].properties.numericType == .decimal { end += 1 }
                if end < line.count, line[end] == "]" { index = end + 1; continue }
                if Self.hasPrefix(line, at: index, edit) { index += edit.count; continue }
                if Self.hasPrefix(line, at: index, needed) { index += needed.count; continue }
            }
            result[written] = line[index]
            written += 1
            index += 1
        }
        return written
    }

    private static func hasPrefix(_ line: UnsafeBufferPointer<Unicode.Scalar>, at index: Int, _ prefix: [Unicode.Scalar]) -> Bool {
        guard index + prefix.count <= line.count else { return false }
        for offset in prefix.indices where line[index + offset] != prefix[offset] { return false }
        return true
    }
}

extension FilterText {
    /// The characters as a string: encoded to UTF-8 in one buffer (appending to a string's scalar
    /// view one character at a time costs more than the rules themselves).
    static func string(utf8Of scalars: [Unicode.Scalar]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            let value = scalar.value
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
