/// What a character is to the lexicon scanner. ASCII is classified by table; the few non-ASCII
/// ranges that matter (punctuation, math, Greek, degree and micro signs) by their UTF-8 bytes,
/// without decoding scalars; every other non-ASCII character counts as a letter, so accented
/// and non-Latin words stay whole.
enum CharacterClass: UInt8 {
    case space, newline, letter, digit, underscore, apostrophe
    /// A non-ASCII letter (hashed byte for byte, not lowercased).
    case otherLetter
    /// A Greek letter: part of a word, but a lone one is a mathematical symbol.
    case greek
    /// `’`: an apostrophe inside a word, a quotation mark elsewhere.
    case curlyApostrophe
    case mathSymbol
    /// `°`, which makes a preceding number a measurement.
    case degree
    /// Any other punctuation; the scanner looks at the byte itself.
    case punctuation

    /// The class of each ASCII byte. Scanners copy this pointer into a local once per scan, so
    /// the hot loop pays neither a lazy-global check nor array bounds checks.
    nonisolated(unsafe) static let asciiTable: UnsafePointer<CharacterClass> = {
        let table = UnsafeMutablePointer<CharacterClass>.allocate(capacity: 128)
        for byte in 0..<128 { table[byte] = classify(UInt8(byte)) }
        return UnsafePointer(table)
    }()

    private static func classify(_ byte: UInt8) -> CharacterClass {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
        case UInt8(ascii: "_"): return .underscore
        case UInt8(ascii: "'"): return .apostrophe
        case 0x0A: return .newline
        case 0x20, 0x09, 0x0D, 0x0B, 0x0C: return .space
        case 0..<0x20, 0x7F: return .space
        default: return .punctuation
        }
    }

    /// The class of the character starting at `index` and its length in bytes (valid UTF-8 assumed;
    /// a stray continuation byte is one byte of punctuation).
    @inline(__always)
    static func at(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int,
                   _ ascii: UnsafePointer<CharacterClass> = asciiTable) -> (CharacterClass, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (ascii[Int(lead)], 1) }
        if lead < 0xC0 { return (.punctuation, 1) }
        let second: UInt8 = index + 1 < end ? bytes[index + 1] : 0
        if lead < 0xE0 {
            switch lead {
            case 0xC2:
                switch second {
                case 0xB0: return (.degree, 2)
                case 0xB1, 0xB2, 0xB3, 0xB9, 0xAC: return (.mathSymbol, 2)   // ± ² ³ ¹ ¬
                case 0xB5: return (.otherLetter, 2)                           // µ, as in µm
                default: return (.punctuation, 2)                             // NBSP, « », ·, ©, …
                }
            case 0xC3:
                return (second == 0x97 || second == 0xB7) ? (.mathSymbol, 2) : (.otherLetter, 2)  // × ÷
            case 0xCE, 0xCF:
                return (second >= 0x91 || lead == 0xCF) && !(lead == 0xCF && second > 0x89) ? (.greek, 2) : (.otherLetter, 2)
            default:
                return (.otherLetter, 2)
            }
        }
        if lead < 0xF0 {
            guard lead == 0xE2 else { return (.otherLetter, 3) }
            let third: UInt8 = index + 2 < end ? bytes[index + 2] : 0
            switch second {
            case 0x80:
                return third == 0x99 ? (.curlyApostrophe, 3) : (.punctuation, 3)  // quotes, dashes, bullets
            case 0x81:
                return third >= 0xB0 ? (.mathSymbol, 3) : (.punctuation, 3)       // superscripts
            case 0x82:
                return third < 0xA0 ? (.mathSymbol, 3) : (.punctuation, 3)        // subscripts; currency
            case 0x84:
                // Double-struck ℂ ℕ ℚ ℝ ℤ name number sets.
                return (third == 0x82 || third == 0x95 || third == 0x9A || third == 0x9D || third == 0xA4) ? (.mathSymbol, 3) : (.punctuation, 3)
            case 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B:
                return (.mathSymbol, 3)                                           // arrows, mathematical operators
            default:
                return (.punctuation, 3)                                          // box drawing, dingbats, technical
            }
        }
        return (.otherLetter, lead < 0xF8 ? 4 : 1)
    }

    /// Letters, digits, underscores and non-ASCII letters make up words.
    @inline(__always)
    var isWordPart: Bool {
        switch self {
        case .letter, .digit, .underscore, .otherLetter, .greek: return true
        default: return false
        }
    }
}
