import CLibcExtras

/// One document's text as the rules read it: its characters (code points, the unit datatrove
/// measures in) and its words, split once and shared by every rule of the chain.
public final class FilterText {
    public let text: String
    /// Decoded on first use: the language rule reads the UTF-8 itself, and the documents it removes
    /// need no characters at all.
    public private(set) lazy var scalars: [Unicode.Scalar] = Self.decode(text)
    private var cachedWords: [SpacyWordSplitter.Token]?
    /// The thread's reusable tables, fetched once per text.
    private(set) lazy var scratch = FilterScratch.forCurrentThread()

    public init(_ text: String) {
        self.text = text
    }

    /// A text whose characters (and words) the rule that wrote it may already have: a rewriting
    /// rule builds them anyway, so the next rules neither decode the string nor split it again.
    /// `scalars` (when given) must be `text`'s code points, `words` its words.
    init(_ text: String, scalars: [Unicode.Scalar]?, words: [SpacyWordSplitter.Token]?) {
        self.text = text
        if let scalars {
            self.scalars = scalars
            cachedWords = words
        }
    }

    /// The string's code points, decoded from its UTF-8 in one pass (a string's UTF-8 is valid, so
    /// no checks), runs of ASCII eight bytes at a time; `Array(text.unicodeScalars)` walks it twice.
    static func decode(_ text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { utf8 in
            let count = utf8.count
            return [Unicode.Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
                var index = 0
                var written = 0
                let source = UnsafeRawPointer(utf8.baseAddress)
                let target = UnsafeMutableRawPointer(buffer.baseAddress)
                while index < count {
                    // Eight ASCII bytes widened at once (most text is ASCII).
                    if index + 8 <= count, let source, let target,
                       source.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        let bytes = source.loadUnaligned(fromByteOffset: index, as: SIMD8<UInt8>.self)
                        target.storeBytes(of: SIMD8<UInt32>(truncatingIfNeeded: bytes), toByteOffset: written * 4, as: SIMD8<UInt32>.self)
                        index += 8
                        written += 8
                        continue
                    }
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
        // `tokenize` appends its tokens at their exact count: no capacity to guess here.
        var tokens: [SpacyWordSplitter.Token] = []
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
        scalars.withUnsafeBufferPointer { s in
            var lines: [Range<Int>] = []
            var start = 0
            let count = s.count
            // The "\n" of a "\r\n", which ends no line of its own.
            var pairedFeed = -1
            func lineBreak(at index: Int) {
                let c = s[index]
                guard index != pairedFeed, PythonCharacters.isLineBreak(c) else { return }
                lines.append(start..<index)
                if c == "\r", index + 1 < count, s[index + 1] == "\n" {
                    pairedFeed = index + 1
                    start = index + 2
                } else {
                    start = index + 1
                }
            }
            // Only characters outside U+001F ... U+0084 (which holds nearly every character of
            // Latin text, and no line break) are looked at: 16 characters' worth found at once.
            var index = 0
            while index + 16 <= count {
                var outside = CharacterTable.outsideLineBreakFreeRange(s.baseAddress.unsafelyUnwrapped + index)
                while outside != 0 {
                    lineBreak(at: index + outside.trailingZeroBitCount)
                    outside &= outside - 1
                }
                index += 16
            }
            for position in index..<count where s[position].value &- 0x1F >= 0x66 { lineBreak(at: position) }
            if start < count { lines.append(start..<count) }
            return lines
        }
    }

    /// Ranges between the separators of `text.split("\n")` (every piece, empty ones included).
    public func newlinePieces() -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        scalars.withUnsafeBufferPointer { s in
            var start = 0
            while true {
                let index = firstLineFeed(s, from: start, to: s.count)
                pieces.append(start..<index)
                guard index < s.count else { break }
                start = index + 1
            }
        }
        return pieces
    }

    /// `range` without Python whitespace at either end.
    public func stripped(_ range: Range<Int>) -> Range<Int> { scalars.withUnsafeBufferPointer { Self.stripped($0, range) } }

    /// `str.strip()` of `scalars[range]`, as the range left. Rules stripping every line pass the
    /// characters they hold: reading `scalars` per line retained and released the array each time.
    static func stripped(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>) -> Range<Int> {
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

/// The index of the first `character` in `s[from..<to]`, or `to`: glibc's `wmemchr`, a vector
/// search, over the characters as the 32-bit values they are.
@inline(__always)
func firstIndex(of character: Unicode.Scalar, in s: UnsafeBufferPointer<Unicode.Scalar>, from: Int, to: Int) -> Int {
    guard from < to, let base = s.baseAddress else { return to }
    let count = to - from
    return (base + from).withMemoryRebound(to: UInt32.self, capacity: count) { from + priormix_find_character($0, count, character.value) }
}

/// The index of the first line feed in `s[from..<to]`, or `to`.
@inline(__always)
func firstLineFeed(_ s: UnsafeBufferPointer<Unicode.Scalar>, from: Int, to: Int) -> Int {
    firstIndex(of: "\n", in: s, from: from, to: to)
}

/// A 64-bit hash of a run of characters, for the duplicate counts (lines, paragraphs, n-grams):
/// two characters (one 8-byte load) a step in each of two independent lanes, each step a multiply
/// and a shift, so the processor overlaps the lanes (FNV's one multiply per character in a single
/// chain cost four times as long); the length and a final mix make every bit depend on every input.
@inline(__always)
func characterHash(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>) -> UInt64 {
    @inline(__always) func step(_ state: UInt64, _ value: UInt64) -> UInt64 {
        let product = (state ^ value) &* 0xBF58_476D_1CE4_E5B9
        return product ^ (product >> 31)
    }
    let count = range.count
    var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    if count > 0, let base = s.baseAddress {
        let raw = UnsafeRawPointer(base + range.lowerBound)
        var offset = 0
        while offset + 4 <= count {
            a = step(a, raw.loadUnaligned(fromByteOffset: offset * 4, as: UInt64.self))
            b = step(b, raw.loadUnaligned(fromByteOffset: offset * 4 + 8, as: UInt64.self))
            offset += 4
        }
        if offset + 2 <= count {
            a = step(a, raw.loadUnaligned(fromByteOffset: offset * 4, as: UInt64.self))
            offset += 2
        }
        if offset < count { b = step(b, UInt64(raw.loadUnaligned(fromByteOffset: offset * 4, as: UInt32.self))) }
    }
    return finalMix(a ^ (b << 32 | b >> 32) ^ (UInt64(count) &* 0x94D0_49BB_1331_11EB))
}

/// murmur3's 64-bit finalizer: every output bit depends on every input bit.
@inline(__always)
func finalMix(_ value: UInt64) -> UInt64 {
    var hash = (value ^ (value >> 33)) &* 0xFF51_AFD7_ED55_8CCD
    hash = (hash ^ (hash >> 33)) &* 0xC4CE_B9FE_1A85_EC53
    return hash ^ (hash >> 33)
}
