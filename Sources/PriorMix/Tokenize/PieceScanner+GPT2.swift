/// GPT-2's pattern: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
/// (contractions are lower case only).
extension PieceScanner {
    func gpt2(_ t: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        let b = t[s]
        if b == 0x27, s + 1 < e {  // 's 't 'm 'd 're 've 'll, lower case only
            let c = t[s + 1]
            if c == 0x73 || c == 0x74 || c == 0x6D || c == 0x64 { return s + 2 }
            if s + 2 < e {
                let d = t[s + 2]
                if (c == 0x72 && d == 0x65) || (c == 0x76 && d == 0x65) || (c == 0x6C && d == 0x6C) { return s + 3 }
            }
        }
        let i = (b == 0x20 && s + 1 < e) ? s + 1 : s
        let (c, _) = table.classAt(t, i)
        if ScalarClass.isLetter(c) { return run(t, i, e, ScalarClass.isLetter) }
        if c == ScalarClass.number { return run(t, i, e) { $0 == ScalarClass.number } }
        if ScalarClass.isPunctuation(c) { return run(t, i, e, ScalarClass.isPunctuation) }
        return whitespace(t, s, e, newlineGroups: false, wholeTrailingSpace: false)
    }
}
