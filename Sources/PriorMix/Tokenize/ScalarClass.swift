/// The classes of Unicode scalars that the supported split patterns tell apart. One byte per
/// scalar, looked up in a two-level table, so scanners never call into a regex engine or the
/// (much slower) Unicode property API on the hot path.
///
/// - `\p{L}` = upper ∪ lower ∪ otherLetter; `\p{N}` = number; `\s` = newline ∪ space;
/// - o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` = upper ∪ otherLetter ∪ mark and
///   `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` = lower ∪ otherLetter ∪ mark.
enum ScalarClass {
    static let other: UInt8 = 0        // punctuation, symbols, controls, unassigned
    static let upper: UInt8 = 1        // Lu, Lt
    static let lower: UInt8 = 2        // Ll
    static let otherLetter: UInt8 = 3  // Lm, Lo
    static let mark: UInt8 = 4         // Mn, Mc, Me (not \p{L})
    static let number: UInt8 = 5       // Nd, Nl, No
    static let newline: UInt8 = 6      // \r and \n only
    static let space: UInt8 = 7        // every other White_Space scalar

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { c &- 1 < 3 }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c >= newline }
    /// `[^\s\p{L}\p{N}]`
    @inline(__always) static func isPunctuation(_ c: UInt8) -> Bool { c == other || c == mark }
    /// `[^\r\n\p{L}\p{N}]`
    @inline(__always) static func isPrefix(_ c: UInt8) -> Bool { c == other || c == mark || c == space }
    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`
    @inline(__always) static func isCaseUpper(_ c: UInt8) -> Bool { c == upper || c == otherLetter || c == mark }
    /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`
    @inline(__always) static func isCaseLower(_ c: UInt8) -> Bool { c &- 2 < 3 }

    /// The class of one scalar, from the Unicode data built into the Swift runtime.
    static func classify(_ scalar: Unicode.Scalar) -> UInt8 {
        if scalar == "\r" || scalar == "\n" { return newline }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return upper
        case .lowercaseLetter: return lower
        case .modifierLetter, .otherLetter: return otherLetter
        case .nonspacingMark, .spacingMark, .enclosingMark: return mark
        case .decimalNumber, .letterNumber, .otherNumber: return number
        // White_Space scalars are all controls or separators; asking only for these keeps
        // building the table quick.
        case .control, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return properties.isWhitespace ? space : other
        default: return other
        }
    }
}

/// Scalar → class for all of Unicode: 256-scalar blocks, identical blocks shared. Built once per
/// process (about 1.1 million property look-ups) and never freed, so scanners can hold raw pointers.
final class ScalarClassTable: @unchecked Sendable {
    static let shared = ScalarClassTable()

    let blockIndex: UnsafeMutablePointer<UInt16>   // 0x1100 entries
    let blocks: UnsafeMutablePointer<UInt8>

    private init() {
        var blockOf: [[UInt8]: UInt16] = [:]
        var blockList: [[UInt8]] = []
        let index = UnsafeMutablePointer<UInt16>.allocate(capacity: 0x1100)
        var block = [UInt8](repeating: 0, count: 256)
        for high in 0..<0x1100 {
            for low in 0..<256 {
                let value = UInt32(high << 8 | low)
                block[low] = Unicode.Scalar(value).map(ScalarClass.classify) ?? ScalarClass.other
            }
            if let known = blockOf[block] {
                index[high] = known
            } else {
                let id = UInt16(blockList.count)
                blockOf[block] = id
                blockList.append(block)
                index[high] = id
            }
        }
        blockIndex = index
        blocks = .allocate(capacity: blockList.count * 256)
        for (id, content) in blockList.enumerated() {
            for low in 0..<256 { blocks[id * 256 + low] = content[low] }
        }
    }

    @inline(__always) func classOf(_ scalar: UInt32) -> UInt8 {
        blocks[Int(blockIndex[Int(scalar >> 8)]) &* 256 &+ Int(scalar & 0xFF)]
    }

    /// The class and UTF-8 length of the scalar starting at `text[i]`; `text` must be valid UTF-8.
    @inline(__always) func classAt(_ text: UnsafePointer<UInt8>, _ i: Int) -> (UInt8, Int) {
        let b0 = UInt32(text[i])
        if b0 < 0x80 { return (blocks[Int(b0)], 1) }
        if b0 < 0xE0 {
            return (classOf((b0 & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F)), 2)
        }
        if b0 < 0xF0 {
            return (classOf((b0 & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)), 3)
        }
        return (classOf((b0 & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F)), 4)
    }
}
