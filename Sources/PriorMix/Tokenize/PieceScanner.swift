/// Splits text into pre-tokenization pieces exactly as the regex of a `SplitPattern` does under
/// leftmost-first alternation with backtracking (Oniguruma in HF tokenizers, fancy-regex in
/// tiktoken), in one forward pass. Each alternative is a small hand-written matcher; where the
/// regex would backtrack, the matcher remembers the position it would backtrack to (the last
/// newline of a whitespace run, the last Lm/Lo/M of an o200k capital run) while scanning forward.
/// Every byte is examined a bounded number of times, so the cost is linear in the text length,
/// including megabytes without whitespace or digit runs.
struct PieceScanner: @unchecked Sendable {
    let pattern: SplitPattern
    let table = ScalarClassTable.shared

    init(_ pattern: SplitPattern) {
        self.pattern = pattern
    }

    /// The end of the piece starting at `start` (`start < end`); `text[start..<end]` is valid UTF-8.
    @inline(__always)
    func pieceEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        switch pattern {
        case .gpt2: return gpt2(text, start, end)
        case .llama3: return cl100k(text, start, end, maxDigits: 3, wholeTrailingSpace: false)
        case .cl100k: return cl100k(text, start, end, maxDigits: 3, wholeTrailingSpace: true)
        case .cl100kHF: return cl100k(text, start, end, maxDigits: .max, wholeTrailingSpace: true)
        case .qwen2: return cl100k(text, start, end, maxDigits: 1, wholeTrailingSpace: false)
        case .o200k: return o200k(text, start, end)
        }
    }

    /// Calls `body` with the bounds of every piece of `text[start..<end]`.
    @inline(__always)
    func forEachPiece(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ body: (Int, Int) -> Void) {
        var i = start
        while i < end {
            let j = pieceEnd(text, i, end)
            body(i, j)
            i = j
        }
    }

    // MARK: - Shared alternatives

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at `s` (where `t[s]` is an apostrophe). Case-insensitive
    /// matching folds U+017F LATIN SMALL LETTER LONG S to `s`, as both regex engines do.
    func contraction(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        guard s + 1 < e else { return nil }
        let c = t[s + 1] | 0x20
        let isASCIILetter = t[s + 1] & 0xDF >= 0x41 && t[s + 1] & 0xDF <= 0x5A
        if isASCIILetter {
            if c == 0x73 || c == 0x74 || c == 0x6D || c == 0x64 { return s + 2 }
            if s + 2 < e, t[s + 2] & 0xDF >= 0x41, t[s + 2] & 0xDF <= 0x5A {
                let d = t[s + 2] | 0x20
                if (c == 0x72 && d == 0x65) || (c == 0x76 && d == 0x65) || (c == 0x6C && d == 0x6C) { return s + 3 }
            }
            return nil
        }
        if t[s + 1] == 0xC5, s + 2 < e, t[s + 2] == 0xBF { return s + 3 }  // ſ
        return nil
    }

    /// `\p{N}{1,max}`
    @inline(__always)
    func digits(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ max: Int) -> Int {
        var j = s
        var count = 0
        while j < e && count < max {
            let (c, n) = table.classAt(t, j)
            guard c == ScalarClass.number else { break }
            j += n
            count += 1
        }
        return j
    }

    /// ` ?[^\s\p{L}\p{N}]+[\r\n]*` (with `/` too for o200k), or nil.
    @inline(__always)
    func punctuation(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ c0: UInt8, alsoSlash: Bool) -> Int? {
        var i = s
        if t[s] == 0x20 {
            guard s + 1 < e, ScalarClass.isPunctuation(table.classAt(t, s + 1).0) else { return nil }
            i = s + 1
        } else if !ScalarClass.isPunctuation(c0) {
            return nil
        }
        var j = run(t, i, e, ScalarClass.isPunctuation)
        while j < e && (t[j] == 0x0A || t[j] == 0x0D || (alsoSlash && t[j] == 0x2F)) { j += 1 }
        return j
    }

    /// The whitespace alternatives at `s` (where a whitespace scalar starts):
    /// `\s++$` (optional), `\s*[\r\n]+` (optional), `\s+(?!\S)`, `\s+`.
    func whitespace(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int, newlineGroups: Bool, wholeTrailingSpace: Bool) -> Int {
        var j = s
        var lastStart = s
        var lastNewlineEnd = -1
        while j < e {
            let (c, n) = table.classAt(t, j)
            guard ScalarClass.isSpace(c) else { break }
            if c == ScalarClass.newline { lastNewlineEnd = j + n }
            lastStart = j
            j += n
        }
        if j == s { return s + table.classAt(t, s).1 }  // not whitespace: unreachable for the supported patterns
        if wholeTrailingSpace && j == e { return e }
        if newlineGroups && lastNewlineEnd >= 0 { return lastNewlineEnd }
        if j == e { return e }
        return lastStart > s ? lastStart : j
    }

    /// The end of the run of scalars whose class satisfies `member`, from `s`.
    @inline(__always)
    func run(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ member: (UInt8) -> Bool) -> Int {
        var j = s
        while j < e {
            let b = t[j]
            if b < 0x80 {
                guard member(table.blocks[Int(b)]) else { break }
                j += 1
            } else {
                let (c, n) = table.classAt(t, j)
                guard member(c) else { break }
                j += n
            }
        }
        return j
    }
}
