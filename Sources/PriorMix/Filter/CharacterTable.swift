#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

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
    /// first character's flags; every other character asks the Unicode tables once for its general
    /// category (and, outside ASCII, two binary properties) and reads the listed sets from a
    /// membership array, where `compute` asks a dozen questions and hashes into five sets (building
    /// the table that way cost tens of milliseconds at every start). `CharacterTableTests` checks the
    /// whole plane against `compute`, the definitions.
    // Written once, while the lazy global is initialised; only read after that.
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x10000)
        table.initialize(repeating: 0, count: 0x10000)
        var listed = [UInt8](repeating: 0, count: 0x10000)
        for (set, bit) in [(SpacyCharacterClasses.punctuation, Listed.spacyPunctuation), (SpacyCharacterClasses.quotes, Listed.spacyQuote),
                           (SpacyCharacterClasses.currency, Listed.spacyCurrency), (DatatrovePunctuation.extra, Listed.datatroveExtra),
                           (DatatrovePunctuation.newerTerminals, Listed.newerTerminal)] {
            for value in set where value < 0x10000 { listed[Int(value)] |= bit }
        }
        let ideograph = compute("\u{4E00}")
        let hangul = compute("\u{AC00}")
        for value in 0..<0x10000 {
            if value >= 0x4E00 && value <= 0x9FFF { table[value] = ideograph; continue }
            if value >= 0xAC00 && value <= 0xD7A3 { table[value] = hangul; continue }
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            table[value] = derive(scalar, listed: listed[value])
        }
        return table
    }()

    /// Bits of the membership array the table is built with.
    private enum Listed {
        static let spacyPunctuation: UInt8 = 1
        static let spacyQuote: UInt8 = 2
        static let spacyCurrency: UInt8 = 4
        static let datatroveExtra: UInt8 = 8
        static let newerTerminal: UInt8 = 16
    }

    /// The table itself, for loops that look up every character: fetching it once keeps the
    /// lazy global's initialisation check out of the loop.
    static var lookup: Lookup { Lookup(table: table) }

    struct Lookup {
        let table: UnsafeMutablePointer<UInt32>

        @inline(__always)
        func flags(_ c: Unicode.Scalar) -> UInt32 {
            let value = Int(c.value)
            return value < 0x10000 ? table[value] : CharacterTable.compute(c)
        }

        @inline(__always)
        func has(_ c: Unicode.Scalar, _ flag: UInt32) -> Bool { flags(c) & flag != 0 }

        // SpacyCharacterClasses' predicates, for the word splitter's loops.
        @inline(__always) func isQuote(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyQuote) }
        @inline(__always) func isCurrency(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyCurrency) }
        @inline(__always) func isIcon(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyIcon) }
        @inline(__always) func isAlpha(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyAlpha) }
        @inline(__always) func isLower(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyLower) }
        @inline(__always) func isUpper(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyUpper) }
        @inline(__always) func isPrefix(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyPrefix) }
        @inline(__always) func isPlainSuffix(_ c: Unicode.Scalar) -> Bool { has(c, CharacterTable.spacyPlainSuffix) }
        @inline(__always) func allowsPeriodSuffix(after c: Unicode.Scalar) -> Bool { has(c, CharacterTable.periodSuffixAfter) }
        @inline(__always) func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

        /// Python's `str.isspace`. Printable ASCII other than the space (0x21...0x7E, most
        /// characters of running text) never is: one comparison before the table's look-up.
        @inline(__always) func isPythonSpace(_ c: Unicode.Scalar) -> Bool { c.value &- 0x21 >= 0x5E && has(c, CharacterTable.pythonSpace) }
    }

    @inline(__always)
    static func flags(_ c: Unicode.Scalar) -> UInt32 { lookup.flags(c) }

    @inline(__always)
    static func has(_ c: Unicode.Scalar, _ flag: UInt32) -> Bool { lookup.has(c, flag) }

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
    /// `compute`'s flags from one general-category query, two binary properties and the membership
    /// bits of the listed sets (the same definitions, spelled for building the table fast).
    private static func derive(_ c: Unicode.Scalar, listed: UInt8) -> UInt32 {
        let value = c.value
        let category = c.properties.generalCategory
        let ascii = value < 0x80
        let asciiLetter = ascii && (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A
        let isDigit = value >= 0x30 && value <= 0x39
        let letterCategory: Bool
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: letterCategory = true
        default: letterCategory = false
        }
        let alpha = ascii ? asciiLetter : letterCategory
        let lower = ascii ? (value >= 0x61 && value <= 0x7A) : (category == .lowercaseLetter || category == .otherLetter)
        let upper = ascii ? (value >= 0x41 && value <= 0x5A) : (category == .uppercaseLetter || category == .titlecaseLetter || category == .otherLetter)
        let space = ascii ? (value == 0x20 || (value >= 0x09 && value <= 0x0D) || (value >= 0x1C && value <= 0x1F)) : c.properties.isWhitespace
        var word = alpha
        if ascii {
            word = asciiLetter || isDigit || value == 0x5F
        } else if !word {
            switch category {
            case .decimalNumber, .letterNumber, .otherNumber: word = true
            default: break
            }
        }
        let isPunctuationCategory: Bool
        switch category {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            isPunctuationCategory = true
        default: isPunctuationCategory = false
        }
        let spacyPunctuation = listed & Listed.spacyPunctuation != 0
        let spacyQuote = listed & Listed.spacyQuote != 0
        let currency = listed & Listed.spacyCurrency != 0 || (value >= 0x20A0 && value <= 0x20BF)
        let icon = value >= 0xA6 && category == .otherSymbol
        var prefix = spacyPunctuation || spacyQuote || currency || icon
        switch value {
        case 0xA7, 0x25, 0x3D, 0x2014, 0x2013: prefix = true
        default: break
        }
        let plainSuffix = value == 0x2014 || value == 0x2013 || spacyPunctuation || spacyQuote || icon
        var periodAfter = isDigit || lower || spacyPunctuation || spacyQuote
        switch value {
        case 0x25, 0xB2, 0x2D, 0x2B, 0x28, 0x3F, 0x3A, 0x7C: periodAfter = true
        default: break
        }
        var infix = icon
        switch value {
        case 0x2E, 0x2026, 0x2B, 0x2D, 0x2A, 0x5E, 0x2C, 0x2013, 0x2014, 0x7E, 0x3A, 0x3C, 0x3E, 0x3D, 0x2F: infix = true
        default: break
        }
        let terminal: Bool
        if ascii {
            terminal = value == 0x21 || value == 0x2E || value == 0x3F
        } else if listed & Listed.newerTerminal != 0 {
            terminal = false
        } else if value >= 0x17D6 && value <= 0x17DA {
            terminal = value != 0x17D7 && value != 0x17D8 || c.properties.isSentenceTerminal
        } else {
            terminal = c.properties.isSentenceTerminal
        }
        let datatrovePunctuation: Bool
        if ascii {
            if value < 0x20 {
                datatrovePunctuation = value != 0x09 && value != 0x0A
            } else {
                datatrovePunctuation = value == 0x7F || (value >= 0x21 && value <= 0x2F) || (value >= 0x3A && value <= 0x40)
                    || (value >= 0x5B && value <= 0x60) || (value >= 0x7B && value <= 0x7E)
            }
        } else {
            datatrovePunctuation = value <= 0x9F || listed & Listed.datatroveExtra != 0 || terminal
        }
        var flags: UInt32 = 0
        func set(_ condition: Bool, _ flag: UInt32) { if condition { flags |= flag } }
        set(space, pythonSpace); set(alpha, pythonAlpha); set(word, pythonWord); set(isPunctuationCategory, punctuationCategory)
        set(spacyPunctuation, Self.spacyPunctuation); set(spacyQuote, Self.spacyQuote); set(currency, spacyCurrency); set(icon, spacyIcon)
        set(alpha, spacyAlpha); set(lower, spacyLower); set(upper, spacyUpper); set(prefix, spacyPrefix); set(plainSuffix, spacyPlainSuffix)
        set(periodAfter, periodSuffixAfter); set(infix, infixStart); set(datatrovePunctuation, Self.datatrovePunctuation)
        set(terminal, datatroveTerminal); set(isDigit, digit)
        return flags
    }
}

/// Sixteen characters classified at once, for scans that mostly meet printable ASCII. On x86-64
/// with SSE2: the characters narrowed to bytes with saturation (ASCII stays, any other character
/// becomes 0x80 or more), then range tests of all 16 bytes; elsewhere a loop.
extension CharacterTable {
    #if arch(x86_64)
    @inline(__always)
    private static func narrowed(_ p: UnsafePointer<Unicode.Scalar>) -> __m128i {
        let raw = UnsafeRawPointer(p)
        func load(_ offset: Int) -> __m128i { _mm_loadu_si128((raw + offset).assumingMemoryBound(to: __m128i.self)) }
        return _mm_packus_epi16(_mm_packs_epi32(load(0), load(16)), _mm_packs_epi32(load(32), load(48)))
    }
    #endif

    /// Bit i of each mask says whether `p[i]` (of 16 characters) is printable ASCII other than the
    /// space (so never Python whitespace), an ASCII letter, an ASCII digit.
    @inline(__always)
    static func asciiMasks(_ p: UnsafePointer<Unicode.Scalar>) -> (printable: UInt32, letters: UInt32, digits: UInt32) {
        #if arch(x86_64)
        let bytes = narrowed(p)
        func within(_ v: __m128i, _ low: Int8, _ high: Int8) -> UInt32 {
            // Signed byte compares: the bytes of 0x80 and more are negative, below every range.
            UInt32(_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(low - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8(high + 1)))))
        }
        return (within(bytes, 0x21, 0x7E), within(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), 0x61, 0x7A), within(bytes, 0x30, 0x39))
        #else
        var masks: (printable: UInt32, letters: UInt32, digits: UInt32) = (0, 0, 0)
        for i in 0..<16 {
            let value = p[i].value
            masks.printable |= (value &- 0x21 < 0x5E ? 1 : 0) << i
            masks.letters |= ((value | 0x20) &- 0x61 < 26 ? 1 : 0) << i
            masks.digits |= (value &- 0x30 < 10 ? 1 : 0) << i
        }
        return masks
        #endif
    }

    /// Bit i set when `p[i]` (of 16 characters) is below U+001F or above U+0084, the range
    /// without line breaks that holds nearly every character of Latin text.
    @inline(__always)
    static func outsideLineBreakFreeRange(_ p: UnsafePointer<Unicode.Scalar>) -> UInt32 {
        #if arch(x86_64)
        // Unsigned: the byte minus 0x1F is at most 0x65 inside (0xFF, any wide character, is not).
        let offset = _mm_sub_epi8(narrowed(p), _mm_set1_epi8(0x1F))
        return ~UInt32(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(0x65)), offset))) & 0xFFFF
        #else
        var outside: UInt32 = 0
        for i in 0..<16 { outside |= (p[i].value &- 0x1F >= 0x66 ? 1 : 0) << i }
        return outside
        #endif
    }
}
