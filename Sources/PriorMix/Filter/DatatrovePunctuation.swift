/// The two character sets datatrove's rules test against (`datatrove.utils.text`): its punctuation
/// set, which decides which words are "symbol words" for Gopher, and its terminal punctuation, which
/// decides which lines end a sentence for FineWeb. The terminal set is Unicode's Sentence_Terminal
/// property; the punctuation set is ASCII and CJK punctuation, control characters and the terminal
/// set (a test checks both against datatrove's own sets).
enum DatatrovePunctuation {
    /// Non-ASCII members of datatrove's punctuation string (besides the terminal set).
    static let extra: Set<UInt32> = [
        0x2013, 0x2014, 0x2019, 0x201C, 0x201D, 0x201E, 0x2026, 0x2236, 0x2501, 0x25BA,
        0x3001, 0x3002, 0x3008, 0x3009, 0x300A, 0x300B, 0x300C, 0x300D, 0x3010, 0x3011,
        0xFF01, 0xFF05, 0xFF08, 0xFF09, 0xFF0C, 0xFF0E, 0xFF11, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF5E,
        0xAB, 0xB4, 0xBB,
    ]

    /// Whether a character is in datatrove's `PUNCTUATION_SET`.
    @inline(__always)
    static func computeIsPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            // Controls except tab and line feed, and every ASCII punctuation mark.
            if value < 0x20 { return value != 0x09 && value != 0x0A }
            if value == 0x7F { return true }
            return (value >= 0x21 && value <= 0x2F) || (value >= 0x3A && value <= 0x40)
                || (value >= 0x5B && value <= 0x60) || (value >= 0x7B && value <= 0x7E)
        }
        if value <= 0x9F { return true }
        return extra.contains(value) || computeIsTerminal(scalar)
    }

    /// Sentence terminals of Unicode versions after datatrove's list (Swift's tables are newer).
    static let newerTerminals: Set<UInt32> = [
        0x1B4E, 0x1B4F, 0x1B7F, 0x2024, 0x2CF9, 0x2CFA, 0x2CFB, 0xFE12, 0xFE15, 0xFE16, 0x113D4, 0x113D5, 0x16D6E, 0x16D6F,
    ]

    /// Whether a character is in datatrove's `TERMINAL_PUNCTUATION` (Unicode Sentence_Terminal).
    @inline(__always)
    static func computeIsTerminal(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x21 || value == 0x2E || value == 0x3F }
        if newerTerminals.contains(value) { return false }
        if value >= 0x17D6 && value <= 0x17DA { return value != 0x17D7 && value != 0x17D8 || scalar.properties.isSentenceTerminal }
        return scalar.properties.isSentenceTerminal
    }

    @inline(__always) static func isPunctuation(_ c: Unicode.Scalar) -> Bool { CharacterTable.has(c, CharacterTable.datatrovePunctuation) }
    @inline(__always) static func isTerminal(_ c: Unicode.Scalar) -> Bool { CharacterTable.has(c, CharacterTable.datatroveTerminal) }
}
