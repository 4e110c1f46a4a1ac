/// One document's text as the rules read it: its characters (code points, the unit datatrove
/// measures in) and its words, split once and shared by every rule of the chain.
public final class FilterText {
    public let text: String
    /// Decoded on first use: the language rule reads the UTF-8 itself, and the documents it removes
    /// need no characters at all.
    public private(set) lazy var scalars: [Unicode.Scalar] = Self.decode(text)
    private var cachedWords: [SpacyWordSplitter.Token]?

    public init(_ text: String) {
        self.text = text
    }

    /// The string's code points, decoded from its UTF-8 in one pass (a string's UTF-8 is valid, so
    /// no checks), ASCII taking the short way; `Array(text.unicodeScalars)` walks it twice.
    static func decode(_ text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { utf8 in
            let count = utf8.count
            return [Unicode.Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
                var index = 0
                var written = 0
                while index < count {
                    let lead = UInt32(utf8[index])
                    var value: UInt32
                    if lead < 0x80 {
                        value = lead; index += 1
                    } else if lead < 0xE0 {
                        value = (lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F); index += 2
                    } else if lead < 0xF0 {
                        value = (lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F); index += 3
                    } else {
                        value = (lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12 | UInt32(utf8[index + 2] & 0x3F) << 6
                            | UInt32(utf8[index + 3] & 0x3F)
                        index += 4
                    }
                    buffer[written] = Unicode.Scalar(value).unsafelyUnwrapped
                    written += 1
                }
                initialized = written
            }
        }
    }

    public var count: Int { scalars.count }

    /// The words datatrove's `split_into_words` gives (spaCy English, blanks dropped).
    public var words: [SpacyWordSplitter.Token] {
        if let cachedWords { return cachedWords }
        var tokens: [SpacyWordSplitter.Token] = []
        tokens.reserveCapacity(scalars.count / 5 + 1)
        scalars.withUnsafeBufferPointer { SpacyWordSplitter.tokenize($0, 0..<$0.count, spaces: false, into: &tokens) }
        cachedWords = tokens
        return tokens
    }

    /// The words as strings (for tests and the parity tool).
    public var wordStrings: [String] {
        words.map { string(Int($0.start)..<Int($0.end)) }
    }

    private var cachedLines: [Range<Int>]?

    /// `str.splitlines()`: ranges of the lines, without their line breaks (found once per text:
    /// Gopher's quality rule and C4 both read them).
    public func pythonLines() -> [Range<Int>] {
        if let cachedLines { return cachedLines }
        let lines = findPythonLines()
        cachedLines = lines
        return lines
    }

    private func findPythonLines() -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        var index = 0
        let count = scalars.count
        while index < count {
            let c = scalars[index]
            if PythonCharacters.isLineBreak(c) {
                lines.append(start..<index)
                if c == "\r", index + 1 < count, scalars[index + 1] == "\n" { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < count { lines.append(start..<count) }
        return lines
    }

    /// Ranges between the separators of `text.split("\n")` (every piece, empty ones included).
    public func newlinePieces() -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = 0
        for index in scalars.indices where scalars[index] == "\n" {
            pieces.append(start..<index)
            start = index + 1
        }
        pieces.append(start..<scalars.count)
        return pieces
    }

    /// `range` without Python whitespace at either end.
    public func stripped(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, PythonCharacters.isSpace(scalars[lower]) { lower += 1 }
        while upper > lower, PythonCharacters.isSpace(scalars[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    public func string(_ range: Range<Int>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[range])
        return text
    }
}

/// A 64-bit hash of a run of characters, for the duplicate counts (lines, paragraphs, n-grams).
@inline(__always)
func characterHash(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for index in range { hash = (hash ^ UInt64(s[index].value)) &* 0x100_0000_01B3 }
    return hash ^ (UInt64(range.count) &* 0x9E37_79B9_7F4A_7C15)
}
