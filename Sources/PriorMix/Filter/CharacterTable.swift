/// Every character class the rules test, looked up in one table for the Basic Multilingual Plane
/// (built once from the definitions in `PythonCharacters`, `DatatrovePunctuation` and
/// `SpacyCharacterClasses`), so the word splitter pays one load per character instead of a hash
/// lookup or a Unicode property query. Characters above U+FFFF are computed each time.
enum CharacterTable {
    static let pythonSpace: UInt32 = 1 << 0
    static let pythonAlpha: UInt32 = 1 << 1
    static let pythonWord: UInt32 = 1 << 2
    static let punctuationCategory: UInt32 = 1 << 3
    static let spacyPunctuation: UInt32 = 1 << 4
    static let spacyQuote: UInt32 = 1 << 5
    static let spacyCurrency: UInt32 = 1 << 6
    static let spacyIcon: UInt32 = 1 << 7
    static let spacyAlpha: UInt32 = 1 << 8
    static let spacyLower: UInt32 = 1 << 9
    static let spacyUpper: UInt32 = 1 << 10
    static let spacyPrefix: UInt32 = 1 << 11
    static let spacyPlainSuffix: UInt32 = 1 << 12
    static let periodSuffixAfter: UInt32 = 1 << 13
    static let infixStart: UInt32 = 1 << 14
    static let datatrovePunctuation: UInt32 = 1 << 15
    static let datatroveTerminal: UInt32 = 1 << 16
    static let digit: UInt32 = 1 << 17

    /// Built once per process. The CJK Unified Ideographs and the Hangul syllables (half the plane,
    /// every one of them a letter of category Lo in none of the listed sets) take their block's
    /// first character's flags instead of each querying the Unicode properties again;
    /// `CharacterTableTests` checks the whole plane against the definitions.
    private static let table: [UInt32] = {
        let ideograph = compute("\u{4E00}")
        let hangul = compute("\u{AC00}")
        return (0..<0x10000).map { value in
            if value >= 0x4E00 && value <= 0x9FFF { return ideograph }
            if value >= 0xAC00 && value <= 0xD7A3 { return hangul }
            return Unicode.Scalar(UInt32(value)).map(compute) ?? 0
        }
    }()

    @inline(__always)
    static func flags(_ c: Unicode.Scalar) -> UInt32 {
        let value = Int(c.value)
        return value < 0x10000 ? table.withUnsafeBufferPointer { $0[value] } : compute(c)
    }

    @inline(__always)
    static func has(_ c: Unicode.Scalar, _ flag: UInt32) -> Bool { flags(c) & flag != 0 }

    static func compute(_ c: Unicode.Scalar) -> UInt32 {
        typealias S = SpacyCharacterClasses
        var flags: UInt32 = 0
        func set(_ condition: Bool, _ flag: UInt32) { if condition { flags |= flag } }
        set(PythonCharacters.computeIsSpace(c), pythonSpace)
        set(PythonCharacters.computeIsAlpha(c), pythonAlpha)
        set(PythonCharacters.computeIsWord(c), pythonWord)
        set(PythonCharacters.computeIsPunctuationCategory(c), punctuationCategory)
        set(S.computeIsPunctuation(c), spacyPunctuation)
        set(S.computeIsQuote(c), spacyQuote)
        set(S.computeIsCurrency(c), spacyCurrency)
        set(S.computeIsIcon(c), spacyIcon)
        set(S.computeIsAlpha(c), spacyAlpha)
        set(S.computeIsLower(c), spacyLower)
        set(S.computeIsUpper(c), spacyUpper)
        set(S.computeIsPrefix(c), spacyPrefix)
        set(S.computeIsPlainSuffix(c), spacyPlainSuffix)
        set(S.computeAllowsPeriodSuffix(after: c), periodSuffixAfter)
        set(S.computeCanStartInfix(c), infixStart)
        set(DatatrovePunctuation.computeIsPunctuation(c), datatrovePunctuation)
        set(DatatrovePunctuation.computeIsTerminal(c), datatroveTerminal)
        set(c.value >= 0x30 && c.value <= 0x39, digit)
        return flags
    }
}
