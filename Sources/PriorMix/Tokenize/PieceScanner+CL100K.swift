/// The Llama-3 / cl100k family: contractions in any case, one optional non-letter before
/// letters, digit groups, punctuation with trailing newlines, newline-ended whitespace.
extension PieceScanner {
    func cl100k(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int, maxDigits: Int, wholeTrailingSpace: Bool) -> Int {
        if t[s] == 0x27, let end = contraction(t, s, e) { return end }
        let (c0, n0) = table.classAt(t, s)
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if ScalarClass.isLetter(c0) { return run(t, s, e, ScalarClass.isLetter) }
        if ScalarClass.isPrefix(c0), s + n0 < e {
            let (c1, _) = table.classAt(t, s + n0)
            if ScalarClass.isLetter(c1) { return run(t, s + n0, e, ScalarClass.isLetter) }
        }
        // \p{N}{1,3}
        if c0 == ScalarClass.number { return digits(t, s, e, maxDigits) }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        if let end = punctuation(t, s, e, c0, alsoSlash: false) { return end }
        return whitespace(t, s, e, newlineGroups: true, wholeTrailingSpace: wholeTrailingSpace)
    }
}
