/// A tokenizer-free estimate of how many tokens a BPE tokenizer with a ~32,000-entry vocabulary
/// (the paper's setting) spends on a piece of UTF-8 text.
///
/// The rule: one token per four ASCII bytes, where a run of whitespace counts as one byte (BPE
/// vocabularies merge indentation and line breaks into few tokens), plus one token per non-ASCII
/// character (accented letters, CJK, symbols rarely share a token with their neighbours in
/// English-centred vocabularies). It runs in one pass and never looks at more than one byte at a
/// time, so it can be summed over pieces of a text: the estimate of a concatenation differs from
/// the sum of the pieces' estimates by less than one token per piece.
///
/// Complexity: O(n) in the number of bytes.
public enum TokenEstimate {
    /// Weighted size in quarter tokens; `tokens(fromQuarters:)` rounds it up.
    @inline(__always)
    static func quarters(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var total = 0
        var inSpace = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
                if !(space && inSpace) { total += 1 }
                inSpace = space
            } else {
                // Lead bytes count a whole token; continuation bytes (10xxxxxx) count nothing.
                if byte >= 0xC0 { total += 4 }
                inSpace = false
            }
            index += 1
        }
        return total
    }

    @inline(__always)
    static func tokens(fromQuarters quarters: Int) -> Int { (quarters + 3) / 4 }

    /// Estimated tokens of `bytes[start..<end]`.
    public static func tokens(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        tokens(fromQuarters: quarters(bytes, from: start, to: end))
    }

    /// Estimated tokens of a whole string.
    public static func tokens(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { tokens($0, from: 0, to: $0.count) }
    }
}
