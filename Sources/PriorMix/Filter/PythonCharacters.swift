/// Python's `str` character predicates, which datatrove's rules are written in: whitespace for
/// `split()`/`strip()`, line boundaries for `splitlines()`, letters for `isalpha()`, word characters
/// for `re`'s `\w` and `\b`. Matching them decides the same lines, words and boundaries as datatrove.
enum PythonCharacters {
    /// `str.isspace()`: Unicode White_Space plus the four ASCII information separators.
    @inline(__always)
    static func computeIsSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) || (value >= 0x1C && value <= 0x1F) }
        return scalar.properties.isWhitespace
    }

    /// A boundary of `str.splitlines()` (CR LF counts as one, handled by the caller).
    @inline(__always)
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// `str.isalpha()`: general categories Lu, Ll, Lt, Lm, Lo.
    @inline(__always)
    static func computeIsAlpha(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// `re`'s `\w` on `str`: alphanumeric (letters, and the numeric categories Python counts) or `_`.
    @inline(__always)
    static func computeIsWord(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A || (value >= 0x30 && value <= 0x39) || value == 0x5F
        }
        if computeIsAlpha(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    /// `unicodedata.category(c).startswith("P")`, spaCy's test for punctuation tokens.
    @inline(__always)
    static func computeIsPunctuationCategory(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool { CharacterTable.lookup.isPythonSpace(c) }
    @inline(__always) static func isAlpha(_ c: Unicode.Scalar) -> Bool { CharacterTable.has(c, CharacterTable.pythonAlpha) }
    @inline(__always) static func isWord(_ c: Unicode.Scalar) -> Bool { CharacterTable.has(c, CharacterTable.pythonWord) }
    @inline(__always) static func isPunctuationCategory(_ c: Unicode.Scalar) -> Bool { CharacterTable.has(c, CharacterTable.punctuationCategory) }
}
