import Foundation

/// Cuts a document into the word shingles MinHash compares, as 64-bit hashes.
///
/// Words follow datatrove's text simplification closely, so both find the same duplicates: the
/// text is lowercased, accents are removed (canonical decomposition, combining marks dropped),
/// every number (digits, with one inner `.` or `,` between digits) becomes `0`, punctuation and
/// white space separate words. Scripts written without spaces between words (Han, Hiragana,
/// Katakana, Thai, Lao, Khmer, Myanmar, Tibetan) make every character a word of its own, so a
/// Chinese or Japanese document is shingled by character n-grams and mixed text works too.
///
/// A shingle is `n` consecutive words. A document with words but fewer than `n` of them has one
/// shingle, all its words (datatrove gives it none, so it never deduplicates short documents);
/// a document without words (empty, only punctuation) has none and is never a duplicate.
public struct ShingleHasher: Sendable {
    public var words: Int

    public init(words: Int) {
        self.words = words
    }

    /// The hashes of the document's shingles, in text order (repeats included).
    public func shingles(_ text: String) -> [UInt64] {
        let wordHashes = Self.wordHashes(text)
        guard !wordHashes.isEmpty else { return [] }
        let n = min(words, wordHashes.count)
        var result: [UInt64] = []
        result.reserveCapacity(wordHashes.count - n + 1)
        wordHashes.withUnsafeBufferPointer { w in
            for start in 0...(w.count - n) {
                var h: UInt64 = 0x1234_5678_9ABC_DEF1 &+ UInt64(n)
                for k in start..<(start + n) { h = StableHash.step(h, w[k]) }
                result.append(SplitMix64.mix(h))
            }
        }
        return result
    }

    /// One 64-bit hash per word of the simplified text.
    static func wordHashes(_ text: String) -> [UInt64] {
        var scalars: [UInt32] = []
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            scalars.reserveCapacity(text.utf8.count)
            for byte in text.utf8 { scalars.append(UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)) }
        } else {
            let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
            scalars.reserveCapacity(decomposed.utf8.count)
            for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
                scalars.append(scalar.value)
            }
        }
        return scalars.withUnsafeBufferPointer(words(in:))
    }

    private enum Kind { case separator, letter, digit, ownWord }

    @inline(__always)
    private static func kind(_ c: UInt32) -> Kind {
        if c < 0x80 {
            if (c >= 0x61 && c <= 0x7A) { return .letter }
            if c >= 0x30 && c <= 0x39 { return .digit }
            return .separator  // ASCII punctuation, white space and controls
        }
        if isUnspacedScript(c) { return .ownWord }
        guard let scalar = Unicode.Scalar(c) else { return .separator }
        let properties = scalar.properties
        if properties.isWhitespace { return .separator }
        switch properties.generalCategory {
        case .decimalNumber: return .digit
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return .separator
        default: return .letter
        }
    }

    /// Scripts whose words are not separated by spaces.
    @inline(__always)
    static func isUnspacedScript(_ c: UInt32) -> Bool {
        switch c {
        case 0x0E00...0x0EFF,  // Thai, Lao
             0x0F00...0x0FFF,  // Tibetan
             0x1000...0x109F,  // Myanmar
             0x1780...0x17FF,  // Khmer
             0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F,  // Hiragana, Katakana
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F:  // Han
            return true
        default: return false
        }
    }

    private static func words(in s: UnsafeBufferPointer<UInt32>) -> [UInt64] {
        var result: [UInt64] = []
        var h: UInt64 = 0
        var length = 0
        var inNumber = false
        func close() {
            if length > 0 { result.append(SplitMix64.mix(h ^ UInt64(length))) }
            h = 0xCBF2_9CE4_8422_2325; length = 0; inNumber = false
        }
        close()
        var i = 0
        while i < s.count {
            let c = s[i]
            switch kind(c) {
            case .letter:
                h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3
                length += 1
                inNumber = false
            case .digit:
                if !inNumber {
                    h = (h ^ 0x30) &* 0x0000_0100_0000_01B3
                    length += 1
                    inNumber = true
                }
            case .ownWord:
                close()
                h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3
                length = 1
                close()
            case .separator:
                // One `.` or `,` between digits belongs to the number ("3.14" is one `0`).
                if inNumber, c == 0x2E || c == 0x2C, i + 1 < s.count, kind(s[i + 1]) == .digit {
                    i += 2
                    while i < s.count, kind(s[i]) == .digit { i += 1 }
                    continue
                }
                close()
            }
            i += 1
        }
        close()
        return result
    }
}
