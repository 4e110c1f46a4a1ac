/// The character classes spaCy's English tokenizer splits on (prefixes, suffixes, infixes), as
/// predicates over single characters. datatrove counts words with that tokenizer, so Gopher,
/// FineWeb and the C4 sentence count see the words these classes produce.
enum SpacyCharacterClasses {
    /// Opening and closing marks spaCy treats as punctuation affixes (its `_punct` list).
    static let punctuation: Set<UInt32> = [
        0x2026, 0x2C, 0x3A, 0x3B, 0x21, 0x3F, 0xBF, 0x61F, 0xA1, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x3C, 0x3E, 0x5F,
        0x23, 0x2A, 0x26, 0x3002, 0xFF1F, 0xFF01, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF5E, 0xB7, 0x964, 0x60C, 0x6D4,
        0x61B, 0x66A,
    ]
    /// Quote marks and bracket pairs (its `_quotes` list).
    static let quotes: Set<UInt32> = [
        0x27, 0x22, 0x201D, 0x201C, 0x60, 0x2018, 0xB4, 0x2019, 0x201A, 0x2C, 0x201E, 0xBB, 0xAB, 0x300C, 0x300D,
        0x300E, 0x300F, 0xFF08, 0xFF09, 0x3014, 0x3015, 0x3010, 0x3011, 0x300A, 0x300B, 0x3008, 0x3009, 0x2329,
        0x232A, 0x27E6, 0x27E7,
    ]
    /// Single-character currency signs (US$, C$ and A$ are handled as strings).
    static let currency: Set<UInt32> = [0x24, 0xA3, 0x20AC, 0xA5, 0xE3F, 0xFDFC]

    @inline(__always) static func computeIsPunctuation(_ c: Unicode.Scalar) -> Bool { punctuation.contains(c.value) }
    @inline(__always) static func computeIsQuote(_ c: Unicode.Scalar) -> Bool { quotes.contains(c.value) }

    @inline(__always)
    static func computeIsCurrency(_ c: Unicode.Scalar) -> Bool {
        currency.contains(c.value) || (c.value >= 0x20A0 && c.value <= 0x20BF)
    }

    /// spaCy's "icons": symbols of category So (dingbats, emoji, box drawing …).
    @inline(__always)
    static func computeIsIcon(_ c: Unicode.Scalar) -> Bool {
        c.value >= 0xA6 && c.properties.generalCategory == .otherSymbol
    }

    @inline(__always)
    static func computeIsAlpha(_ c: Unicode.Scalar) -> Bool {
        let value = c.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Lower case, or a letter of a script without case (Arabic, Hebrew, CJK …): spaCy puts those
    /// scripts in both its lower- and upper-case classes.
    @inline(__always)
    static func computeIsLower(_ c: Unicode.Scalar) -> Bool {
        let value = c.value
        if value < 0x80 { return value >= 0x61 && value <= 0x7A }
        let category = c.properties.generalCategory
        return category == .lowercaseLetter || category == .otherLetter
    }

    @inline(__always)
    static func computeIsUpper(_ c: Unicode.Scalar) -> Bool {
        let value = c.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        let category = c.properties.generalCategory
        return category == .uppercaseLetter || category == .titlecaseLetter || category == .otherLetter
    }

    @inline(__always) static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    /// A single-character prefix: `§ % = — –`, `+` before a non-digit (checked by the caller), the
    /// punctuation, quote, currency and icon classes.
    @inline(__always)
    static func computeIsPrefix(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0xA7, 0x25, 0x3D, 0x2014, 0x2013: return true
        default: return computeIsPunctuation(c) || computeIsQuote(c) || computeIsCurrency(c) || computeIsIcon(c)
        }
    }

    /// A single-character suffix without a condition on what precedes it.
    @inline(__always)
    static func computeIsPlainSuffix(_ c: Unicode.Scalar) -> Bool {
        c.value == 0x2014 || c.value == 0x2013 || computeIsPunctuation(c) || computeIsQuote(c) || computeIsIcon(c)
    }

    /// What may precede a `.` that is split off as a suffix: digits, lower-case letters, `% ² - +`,
    /// spaCy's punctuation and quote classes, and the characters `( ? : |` its class spells out.
    @inline(__always)
    static func computeAllowsPeriodSuffix(after c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x25, 0xB2, 0x2D, 0x2B, 0x28, 0x3F, 0x3A, 0x7C: return true
        default: return isDigit(c) || computeIsLower(c) || computeIsPunctuation(c) || computeIsQuote(c)
        }
    }

    /// Characters at which an infix can start (ellipses, icons, arithmetic signs, `.`, `,`,
    /// hyphens and `: < > = /`), so the infix scan skips every other character at once.
    static func computeCanStartInfix(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ".", "…", "+", "-", "*", "^", ",", "–", "—", "~", ":", "<", ">", "=", "/": return true
        default: return computeIsIcon(c)
        }
    }

    typealias T = CharacterTable
    @inline(__always) static func isQuote(_ c: Unicode.Scalar) -> Bool { T.has(c, T.spacyQuote) }
    @inline(__always) static func isAlpha(_ c: Unicode.Scalar) -> Bool { T.has(c, T.spacyAlpha) }
    @inline(__always) static func isLower(_ c: Unicode.Scalar) -> Bool { T.has(c, T.spacyLower) }
    @inline(__always) static func isUpper(_ c: Unicode.Scalar) -> Bool { T.has(c, T.spacyUpper) }

    /// Unit names split off a number (`5km` → `5 km`).
    static let units: [[Unicode.Scalar]] = {
        let names = "km² km³ km m² m³ dm² dm³ dm cm² cm³ cm mm² mm³ mm ha µm nm yd in ft kg mg µg lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB g m t T G M K % км² км³ км м² м³ дм² дм³ дм см² см³ см мм² мм³ мм нм кг мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тб г м"
        return names.split(separator: " ").map { Array($0.unicodeScalars) }
    }()

    /// The units as a table, for the suffix rule's look-up by length.
    static let unitTable: ScalarKeyTable<Bool> = {
        var table = ScalarKeyTable<Bool>()
        for unit in units { table.insert(unit, true) }
        return table
    }()

    /// Hyphen runs spaCy splits between letters, in the order its expression tries them.
    static let hyphens: [[Unicode.Scalar]] = ["-", "–", "—", "--", "---", "——", "~"].map { Array($0.unicodeScalars) }
}
