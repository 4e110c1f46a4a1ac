/// o200k: words split at case changes (with marks counted as letters of either case),
/// contractions glued to the word, `/` and newlines after punctuation.
extension PieceScanner {
    func o200k(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        let (c0, n0) = table.classAt(t, s)
        let prefixed = ScalarClass.isPrefix(c0) && s + n0 < e
        // A: P? U* W+ contraction?  — tried with the prefix, then without.
        if prefixed, let end = caseWord(t, s + n0, e) { return end }
        if ScalarClass.isCaseUpper(c0) || ScalarClass.isCaseLower(c0), let end = caseWord(t, s, e) { return end }
        // B: P? U+ W* contraction?
        if prefixed, ScalarClass.isCaseUpper(table.classAt(t, s + n0).0) { return capitalWord(t, s + n0, e) }
        if ScalarClass.isCaseUpper(c0) { return capitalWord(t, s, e) }
        if c0 == ScalarClass.number { return digits(t, s, e, 3) }
        if let end = punctuation(t, s, e, c0, alsoSlash: true) { return end }
        return whitespace(t, s, e, newlineGroups: true, wholeTrailingSpace: false)
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` then an optional contraction,
    /// or nil. Greedy U* backtracks to the last scalar that is also in W when no Ll follows.
    func caseWord(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var j = s
        var lastBoth = -1  // end of the last Lm/Lo/M inside the U run
        var c: UInt8 = 0
        var n = 0
        while j < e {
            (c, n) = table.classAt(t, j)
            guard ScalarClass.isCaseUpper(c) else { break }
            j += n
            if c != ScalarClass.upper { lastBoth = j }
        }
        if j < e && c == ScalarClass.lower {
            j = run(t, j, e, ScalarClass.isCaseLower)
            return withContraction(t, j, e)
        }
        return lastBoth >= 0 ? withContraction(t, lastBoth, e) : nil
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` then an optional contraction.
    func capitalWord(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        let j = run(t, s, e, ScalarClass.isCaseUpper)
        return withContraction(t, run(t, j, e, ScalarClass.isCaseLower), e)
    }

    @inline(__always)
    func withContraction(_ t: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        if i < e, t[i] == 0x27, let end = contraction(t, i, e) { return end }
        return i
    }
}
