/// Splits text into words the way datatrove does for English: spaCy's blank English tokenizer
/// (whitespace runs, then prefixes, suffixes, special cases, URLs and infixes), keeping the
/// non-space tokens (`strip_strings`). Words are ranges of a character (code point) buffer, since
/// datatrove measures lengths in code points; nothing is allocated per word.
///
/// ```swift
/// var words = WordRanges()
/// SpacyWordSplitter.split(Array("Don't stop (e.g. here).".unicodeScalars), into: &words)
/// // Do · n't · stop · ( · e.g. · here · ) · .
/// ```
public enum SpacyWordSplitter {
    /// Every token, spaces included (the sentence counter needs spaCy's whitespace tokens).
    public struct Token: Sendable, Equatable {
        public var start: Int32
        public var end: Int32
        public var isSpace: Bool
    }

    /// Tokens of `scalars[range]`, appended to `tokens`. Whitespace tokens are appended only when
    /// `spaces` is set: spaCy makes one of a whitespace run unless it is a single space.
    public static func tokenize(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>, spaces: Bool,
                                into tokens: inout [Token]) {
        guard !range.isEmpty else { return }
        // Every token holds a character, so the range's length bounds their number.
        withUnsafeTemporaryAllocation(of: Token.self, capacity: range.count) { buffer in
            var writer = TokenWriter(base: buffer.baseAddress.unsafelyUnwrapped)
            tokenize(scalars, range, spaces: spaces, into: &writer)
            tokens.append(contentsOf: UnsafeBufferPointer(start: writer.base, count: writer.count))
        }
    }

    /// Tokens written through a pointer to room for one token per character of the text split:
    /// no capacity or uniqueness check per token, as `Array.append` made.
    struct TokenWriter {
        let base: UnsafeMutablePointer<Token>
        var count = 0

        @inline(__always)
        mutating func append(_ token: Token) {
            base[count] = token
            count += 1
        }

        @inline(__always)
        mutating func append(_ start: Int, _ end: Int) { append(Token(start: Int32(start), end: Int32(end), isSpace: false)) }
    }

    /// The tokens `split` writes for the whole of `chunk` (building the special cases, and tests).
    static func tokens(of chunk: [Unicode.Scalar], _ split: (UnsafeBufferPointer<Unicode.Scalar>, inout TokenWriter) -> Void) -> [Token] {
        chunk.withUnsafeBufferPointer { s in
            [Token](unsafeUninitializedCapacity: s.count) { buffer, initialized in
                var writer = TokenWriter(base: buffer.baseAddress.unsafelyUnwrapped)
                split(s, &writer)
                initialized = writer.count
            }
        }
    }

    /// `tokenize` into a writer with room for `range.count` more tokens.
    static func tokenize(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>, spaces: Bool,
                         into tokens: inout TokenWriter) {
        var index = range.lowerBound
        let end = range.upperBound
        // Both fetched once: a lazy global's initialisation check per character or chunk added up.
        let classes = CharacterTable.lookup
        let english = SpacyExceptions.english
        // Whether `index` is at whitespace: known without a second look once a chunk ends.
        var atSpace = index < end && classes.isPythonSpace(scalars[index])
        while index < end {
            if atSpace {
                let runStart = index
                index += 1
                while index < end, classes.isPythonSpace(scalars[index]) { index += 1 }
                // A leading single space belongs to the token before it (spaCy's `whitespace_`),
                // except at the very start of the text.
                let tokenStart = scalars[runStart] == " " && runStart > range.lowerBound ? runStart + 1 : runStart
                if spaces, tokenStart < index { tokens.append(Token(start: Int32(tokenStart), end: Int32(index), isSpace: true)) }
                atSpace = false
                continue
            }
            let chunkStart = index
            let shape: ChunkShape
            if let short = shortChunk(scalars, chunkStart, end, classes) {
                index = short.end
                shape = short.shape
            } else {
                // The chunk's end, and on the way whether it is ASCII letters only or digits only:
                // the flags of those two classes every character has, and every one but the last.
                let plainFlags = CharacterTable.pythonAlpha | CharacterTable.digit
                var common = plainFlags
                var commonBeforeLast = plainFlags
                while index < end {
                    let value = scalars[index].value
                    // An ASCII character's flags from the table; any other takes the whitespace
                    // branch, where it is asked whether it is whitespace, and then has neither flag.
                    var flags = value < 0x80 ? classes.table[Int(value)] : CharacterTable.pythonSpace
                    if flags & CharacterTable.pythonSpace != 0 {
                        if classes.isPythonSpace(scalars[index]) { break }
                        flags = 0
                    }
                    commonBeforeLast = common
                    common &= flags
                    index += 1
                }
                if common != 0 || index - chunkStart == 1 {
                    // A single character is one token whatever it is.
                    shape = .plain
                } else if commonBeforeLast & CharacterTable.pythonAlpha != 0, index - chunkStart >= 2, isMark(scalars[index - 1].value) {
                    shape = .wordThenMark
                } else {
                    shape = .other
                }
            }
            atSpace = true
            splitChunk(scalars, chunkStart, index, shape: shape, english: english, classes: classes, into: &tokens)
        }
    }

    /// The end and shape of the chunk at `start` when it is printable ASCII followed by whitespace
    /// within the next 16 characters (most chunks), found from masks of those characters: no
    /// branch per character, whose exit at the chunk's end the processor mostly mispredicted.
    /// Nil otherwise (a longer chunk, a character that is not printable ASCII, the text's end).
    @inline(__always)
    static func shortChunk(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int,
                           _ classes: CharacterTable.Lookup) -> (end: Int, shape: ChunkShape)? {
        guard start + 16 <= end else { return nil }
        let masks = CharacterTable.asciiMasks(s.baseAddress.unsafelyUnwrapped + start)
        // The first character that is not printable ASCII (bit 16 when all are).
        let length = (~masks.printable | 1 << 16).trailingZeroBitCount
        guard length < 16, classes.isPythonSpace(s[start + length]) else { return nil }
        let all: UInt32 = 1 << length - 1
        let letters = masks.letters & all
        let shape: ChunkShape
        if letters == all || masks.digits & all == all || length == 1 {
            shape = .plain
        } else if length >= 2, letters | 1 << (length - 1) == all, isMark(s[start + length - 1].value) {
            shape = .wordThenMark
        } else {
            shape = .other
        }
        return (start + length, shape)
    }

    /// What the caller learnt of a chunk while it looked for the chunk's end.
    enum ChunkShape {
        /// ASCII letters only, or ASCII digits only (most words of running text), or one character.
        case plain
        /// ASCII letters, then one ASCII punctuation mark other than `$` ("word," "end.").
        case wordThenMark
        case other
    }

    /// The marks `ChunkShape.wordThenMark` ends with: printable ASCII that is neither a letter nor
    /// a digit, and not `$` (which makes "US$" and "C$" prefixes).
    @inline(__always)
    static func isMark(_ value: UInt32) -> Bool {
        value &- 0x21 < 0x5E && (value | 0x20) &- 0x61 >= 26 && value &- 0x30 >= 10 && value != 0x24
    }

    /// One whitespace-free chunk: special case, else affixes off both ends, then the middle.
    static func splitChunk(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ chunkStart: Int, _ chunkEnd: Int, shape: ChunkShape, english: SpacyExceptions,
                           classes: CharacterTable.Lookup, into tokens: inout TokenWriter) {
        let first = tokens.count
        switch shape {
        case .plain:
            // No prefix, suffix, infix or URL rule applies to a run of ASCII letters alone or of
            // digits alone (the full path below finds none and keeps the chunk whole), and a
            // single character stays whole whatever splits it, so only the special cases are
            // asked, as the full path asks them first.
            if let pieces = english.pieces(s, chunkStart, chunkEnd) {
                appendPieces(pieces, from: chunkStart, into: &tokens)
            } else {
                tokens.append(chunkStart, chunkEnd)
            }
        case .wordThenMark:
            guard splitWordThenMark(s, chunkStart, chunkEnd, english: english, classes: classes, into: &tokens) else { return }
        case .other:
            splitChunk(s, chunkStart, chunkEnd, exceptions: english, classes: classes, into: &tokens)
        }
        if tokens.count - first >= 2 { english.mergeSpecialSpans(s, &tokens, from: first) }
    }

    /// The full path's result for ASCII letters followed by one mark (`ChunkShape.wordThenMark`),
    /// without its loop: no prefix rule applies to a letter, the suffix rule takes the mark or
    /// nothing (no suffix rule takes a letter), and neither the letters nor the whole chunk holds
    /// an infix or a URL. So: the whole chunk's special case; else, when the mark is a suffix,
    /// the letters (or their special case) and the mark; else the chunk whole.
    /// `SpacyWordSplitterShortcutTests` compares it with the full path.
    ///
    /// Returns false when the special-case pass cannot change the result: for the letters and the
    /// mark as two plain tokens, its only span is the whole chunk, which is no special case (asked
    /// first), and the pass matches only special cases.
    static func splitWordThenMark(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ chunkStart: Int, _ chunkEnd: Int, english: SpacyExceptions,
                                  classes: CharacterTable.Lookup, into tokens: inout TokenWriter) -> Bool {
        if let pieces = english.pieces(s, chunkStart, chunkEnd) {
            appendPieces(pieces, from: chunkStart, into: &tokens)
        } else if markIsSuffix(s, chunkStart, chunkEnd, classes) {
            let mark = Token(start: Int32(chunkEnd - 1), end: Int32(chunkEnd), isSpace: false)
            guard let pieces = english.pieces(s, chunkStart, chunkEnd - 1) else {
                tokens.append(chunkStart, chunkEnd - 1)
                tokens.append(mark)
                return false
            }
            appendPieces(pieces, from: chunkStart, into: &tokens)
            tokens.append(mark)
        } else {
            tokens.append(chunkStart, chunkEnd)
        }
        return true
    }

    /// `suffix(s, chunkStart, chunkEnd, classes) == 1` for ASCII letters then a mark, without the
    /// rules that need a digit, a second mark or a non-ASCII character: the mark is a plain suffix,
    /// or a period after a lower-case letter or after two upper-case ones.
    @inline(__always)
    static func markIsSuffix(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ chunkStart: Int, _ chunkEnd: Int, _ classes: CharacterTable.Lookup) -> Bool {
        let mark = s[chunkEnd - 1]
        if classes.isPlainSuffix(mark) { return true }
        guard mark == "." else { return false }
        // ASCII letters: the upper-case ones are below 0x61, the lower-case ones not.
        return s[chunkEnd - 2].value >= 0x61 || (chunkEnd - chunkStart >= 3 && s[chunkEnd - 3].value < 0x61)
    }

    /// The chunk's tokens by affixes and infixes, consulting the special cases of `exceptions`
    /// (`.none` while the special cases themselves are split: spaCy tokenizes them without any,
    /// to find them again later).
    /// `tokens` needs room for `chunkEnd - chunkStart` more tokens.
    static func splitChunk(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ chunkStart: Int, _ chunkEnd: Int,
                           exceptions: SpacyExceptions, classes: CharacterTable.Lookup = CharacterTable.lookup, into tokens: inout TokenWriter) {
        if let pieces = exceptions.pieces(s, chunkStart, chunkEnd) {
            appendPieces(pieces, from: chunkStart, into: &tokens)
            return
        }
        var start = chunkStart
        var end = chunkEnd
        // Suffixes are split off outermost first but come last, in text order: they are written
        // downwards from the top of the chunk's room (its tokens are at most its characters, so
        // the tokens before them never reach them), then moved down behind the others.
        let top = tokens.count + (chunkEnd - chunkStart)
        var suffixCount = 0
        @inline(__always) func pushSuffix(_ suffixStart: Int, _ suffixEnd: Int) {
            suffixCount += 1
            tokens.base[top - suffixCount] = Token(start: Int32(suffixStart), end: Int32(suffixEnd), isSpace: false)
        }
        var lastLength = -1
        var checkedWhole = true  // the whole chunk was just looked up
        while start < end && end - start != lastLength {
            if !checkedWhole && exceptions.isSpecial(s, start, end) { break }
            checkedWhole = false
            lastLength = end - start
            let prefixLength = prefix(s, start, end, classes)
            if prefixLength > 0, start + prefixLength < end, exceptions.isSpecial(s, start + prefixLength, end) {
                tokens.append(start, start + prefixLength)
                start += prefixLength
                break
            }
            let suffixLength = suffix(s, start + prefixLength, end, classes)
            if suffixLength > 0, end - suffixLength > start, exceptions.isSpecial(s, start, end - suffixLength) {
                pushSuffix(end - suffixLength, end)
                end -= suffixLength
                break
            }
            if prefixLength > 0 && suffixLength > 0 && prefixLength + suffixLength <= end - start {
                tokens.append(start, start + prefixLength)
                pushSuffix(end - suffixLength, end)
                start += prefixLength
                end -= suffixLength
            } else if prefixLength > 0 {
                tokens.append(start, start + prefixLength)
                start += prefixLength
            } else if suffixLength > 0 {
                pushSuffix(end - suffixLength, end)
                end -= suffixLength
            }
        }
        if start < end {
            if (start != chunkStart || end != chunkEnd), let pieces = exceptions.pieces(s, start, end) {
                appendPieces(pieces, from: start, into: &tokens)
            } else if SpacyURLMatch.matches(s, start, end) {
                tokens.append(start, end)
            } else {
                splitInfixes(s, start, end, classes, into: &tokens)
            }
        }
        for slot in (top - suffixCount)..<top { tokens.append(tokens.base[slot]) }
    }

    static func appendPieces(_ pieces: [Int], from start: Int, into tokens: inout TokenWriter) {
        var position = start
        for length in pieces {
            tokens.append(position, position + length)
            position += length
        }
    }

    /// Length of the prefix spaCy splits off `s[start..<end]`, or 0.
    static func prefix(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, _ classes: CharacterTable.Lookup) -> Int {
        let first = s[start]
        if first == "." {
            var run = start
            while run < end, s[run] == "." { run += 1 }
            return run - start >= 2 ? run - start : 0
        }
        if first == "U", end - start >= 3, s[start + 1] == "S", s[start + 2] == "$" { return 3 }
        if first == "C" || first == "A", end - start >= 2, s[start + 1] == "$" { return 2 }
        if first == "+" { return start + 1 < end && SpacyCharacterClasses.isDigit(s[start + 1]) ? 0 : 1 }
        return classes.isPrefix(first) ? 1 : 0
    }

    /// Length of the suffix spaCy splits off `s[start..<end]` (the match starting leftmost), or 0.
    static func suffix(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, _ classes: CharacterTable.Lookup) -> Int {
        guard start < end else { return 0 }
        var best = 0
        let last = s[end - 1]
        // A run of two or more periods.
        if last == "." {
            var run = end
            while run > start, s[run - 1] == "." { run -= 1 }
            if end - run >= 2 { best = end - run }
        }
        if end - start >= 2 {
            let before = s[end - 2]
            if (before == "'" || before == "’") && (last == "s" || last == "S") { best = max(best, 2) }
            if before == "…" && last == "…" { best = max(best, 2) }
        }
        // Units and currency after a digit: the longest unit that ends the text after a digit
        // (looked up per length, not unit by unit), then US$, C$ and A$.
        if best < 4 {
            let units = SpacyCharacterClasses.unitTable
            var length = min(units.maximumLength, end - start - 1)
            while length > best {
                if SpacyCharacterClasses.isDigit(s[end - length - 1]) && units.contains(s, end - length, end) { best = length; break }
                length -= 1
            }
            if end - start >= 4, s[end - 1] == "$", s[end - 2] == "S", s[end - 3] == "U", SpacyCharacterClasses.isDigit(s[end - 4]) {
                best = max(best, 3)
            }
            if end - start >= 3, s[end - 1] == "$", s[end - 2] == "C" || s[end - 2] == "A", SpacyCharacterClasses.isDigit(s[end - 3]) {
                best = max(best, 2)
            }
        }
        if best > 0 { return best }
        if classes.isPlainSuffix(last) { return 1 }
        if end - start >= 2 {
            let before = s[end - 2]
            if last == "+" && SpacyCharacterClasses.isDigit(before) { return 1 }
            if classes.isCurrency(last) && SpacyCharacterClasses.isDigit(before) { return 1 }
            if last == "." {
                if classes.allowsPeriodSuffix(after: before) { return 1 }
                if end - start >= 3 {
                    let first = s[end - 3]
                    if classes.isUpper(first) && classes.isUpper(before) { return 1 }
                    if first == "°" && "FfCcKk".unicodeScalars.contains(before) { return 1 }
                }
            }
        }
        return 0
    }

    /// Splits at spaCy's infixes (leftmost first, never at the very start).
    static func splitInfixes(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, _ classes: CharacterTable.Lookup,
                             into tokens: inout TokenWriter) {
        var piece = start
        var index = start
        while index < end {
            guard classes.has(s[index], CharacterTable.infixStart) else { index += 1; continue }
            let length = infix(s, index, start, end, classes)
            if length == 0 { index += 1; continue }
            if index != start {
                if index != piece { tokens.append(piece, index) }
                tokens.append(index, index + length)
                piece = index + length
            }
            index += length
        }
        if piece < end { tokens.append(piece, end) }
    }

    /// Length of an infix match at `index` (lookbehind may see `start`..., lookahead up to `end`).
    @inline(__always)
    static func infix(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ index: Int, _ start: Int, _ end: Int, _ C: CharacterTable.Lookup) -> Int {
        let c = s[index]
        if c == "." && index + 1 < end && s[index + 1] == "." {
            var run = index
            while run < end, s[run] == "." { run += 1 }
            return run - index
        }
        if c == "…" { return 1 }
        if C.isIcon(c) { return 1 }
        let hasBefore = index > start
        let hasAfter = index + 1 < end
        guard hasBefore else { return 0 }
        let before = s[index - 1]
        if (c == "+" || c == "-" || c == "*" || c == "^") && C.isDigit(before) && hasAfter && (C.isDigit(s[index + 1]) || s[index + 1] == "-") {
            return 1
        }
        if c == "." && hasAfter && (C.isLower(before) || C.isQuote(before)) && (C.isUpper(s[index + 1]) || C.isQuote(s[index + 1])) { return 1 }
        if c == "," && hasAfter && C.isAlpha(before) && C.isAlpha(s[index + 1]) { return 1 }
        if C.isAlpha(before) || C.isDigit(before) {
            for hyphen in SpacyCharacterClasses.hyphens where index + hyphen.count < end {
                var same = true
                for offset in 0..<hyphen.count where s[index + offset] != hyphen[offset] { same = false; break }
                if same && C.isAlpha(s[index + hyphen.count]) { return hyphen.count }
            }
        }
        if (c == ":" || c == "<" || c == ">" || c == "=" || c == "/") && hasAfter && (C.isAlpha(before) || C.isDigit(before)) && C.isAlpha(s[index + 1]) {
            return 1
        }
        return 0
    }
}
