/// Splits UTF-8 text into lowercase words in one pass, reporting each word's 64-bit hash and
/// where it stands (start of a line, after a number), plus per-line and per-character events.
/// The default classifier and its structural signals are all computed from this single pass.
///
/// Deliberately not the tagger's definition of a word (`LexiconScanner`, `CharacterClass`): here a
/// word is a run of ASCII letters and non-ASCII bytes only. Digits, `_` and `'` end a word and reach
/// the signals as characters (numbers and measurements, code syntax), so `h2o` is `h` `o`,
/// `snake_case` is `snake` `case`, `don't` is `don` `t`; non-ASCII punctuation (`—`, `×`) stays inside
/// a word and only U+00A0 separates. Plural forms are listed in `categories.yaml` rather than
/// derived. The category weights and the measured accuracy figures rest on this split; the tagger
/// keeps identifiers and possessives whole instead (see `LexiconScanner`). One definition would
/// change the words one side sees, and with them its outputs and figures, so each keeps its own.
struct WordScanner {
    struct Word {
        var hash: UInt64
        var start: Int
        var length: Int
        var atLineStart: Bool
        var afterNumber: Bool
    }

    /// FNV-1a 64 over lowercase ASCII letters and raw non-ASCII bytes.
    @inline(__always)
    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        FNV1a.hash64(lowercasingASCII: bytes)
    }

    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 { FNV1a.lowercaseASCII(byte) }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte >= 0x80
    }

    @inline(__always)
    static func isNoBreakSpace(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        text[index] == 0xC2 && index + 1 < text.count && text[index + 1] == 0xA0
    }

    /// Hash of two words in a row, for two-word lexicon entries.
    @inline(__always)
    static func pairHash(_ first: UInt64, _ second: UInt64) -> UInt64 {
        (first &* 0x9E37_79B9_7F4A_7C15) ^ second
    }

    /// Each word of `text` as a lowercase string, with its hash: for tools that show or count
    /// words (explain, learn-lexicon), split exactly as the classifier splits them.
    static func forEachWord(_ text: String, _ visit: (String, UInt64) -> Void) {
        var text = text
        text.withUTF8 { buffer in
            scan(buffer, word: { word in
                let bytes = buffer[word.start..<word.start + word.length].map(lowercase)
                visit(String(decoding: bytes, as: UTF8.self), word.hash)
            }, character: { _, _ in }, line: { _ in })
        }
    }

    /// Calls `word` for every word and `character` for every non-word, non-space byte, and
    /// `line` at the end of each line with its trimmed byte range.
    static func scan(_ text: UnsafeBufferPointer<UInt8>,
                     word: (Word) -> Void,
                     character: (UInt8, Int) -> Void,
                     line: (Range<Int>) -> Void) {
        var index = 0
        let count = text.count
        var lineStart = 0
        var atLineStart = true
        var afterNumber = false
        while index < count {
            let byte = text[index]
            if isWordByte(byte) {
                if byte == 0xC2 && isNoBreakSpace(text, index) {
                    // U+00A0 separates words like a space ("11.9.\u{A0}How do I …", indented FAQ answers).
                    index += 2
                    continue
                }
                var h = FNV1a.offset64
                let start = index
                while index < count {
                    let letter = text[index]
                    guard isWordByte(letter), letter != 0xC2 || !isNoBreakSpace(text, index) else { break }
                    h = FNV1a.step(h, lowercase(letter))
                    index += 1
                }
                word(Word(hash: h, start: start, length: index - start, atLineStart: atLineStart, afterNumber: afterNumber))
                atLineStart = false
                afterNumber = false
                continue
            }
            if byte == 0x0A {
                line(lineStart..<index)
                lineStart = index + 1
                atLineStart = true
                afterNumber = false
            } else if byte >= 0x30 && byte <= 0x39 {
                while index + 1 < count, (text[index + 1] >= 0x30 && text[index + 1] <= 0x39) || text[index + 1] == 0x2E || text[index + 1] == 0x2C {
                    character(text[index], index)
                    index += 1
                }
                character(text[index], index)
                afterNumber = true
                atLineStart = false
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                character(byte, index)
                if byte != 0x2F && byte != 0x2D { afterNumber = false }  // "1/2 cup", "2-3 tbsp"
                // Leading markup (bullets, numbering) keeps the next word at the line start.
                if !(byte == 0x2A || byte == 0x2D || byte == 0x23 || byte == 0x2E || byte == 0x29) { atLineStart = false }
            }
            index += 1
        }
        if lineStart < count { line(lineStart..<count) }
    }
}
