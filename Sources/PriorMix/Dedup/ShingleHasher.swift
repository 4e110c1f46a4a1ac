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
        scalars.reserveCapacity(text.utf8.count)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 { scalars.append(UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)) }
        } else {
            // Non-ASCII scalars below U+3000 go through a table built once with Foundation
            // (lowercase, decompose, drop combining marks; white space and punctuation become a
            // space, decimal digits `0`), so a document with a few curly quotes costs what an
            // ASCII one does.
            let table = ScalarTable.entries
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    scalars.append(value >= 0x41 && value <= 0x5A ? value | 0x20 : value)
                } else if value < ScalarTable.limit {
                    let entry = table[Int(value)]
                    if entry.count > 0 { scalars.append(entry.first) }
                    if entry.count > 1 { scalars.append(entry.second) }
                    if entry.count > 2 { scalars.append(entry.third) }
                } else if isUnspacedScript(value) {
                    scalars.append(value)
                } else {
                    scalars.append(ScalarTable.map(scalar).first ?? 0x20)
                }
            }
        }
        return scalars.withUnsafeBufferPointer(words(in:))
    }

    private enum Kind { case separator, letter, digit, ownWord }

    /// Kinds after `wordHashes`' mapping: every non-ASCII separator is a space and every digit `0`
    /// by then, so what is left above ASCII is a letter or a character of an unspaced script.
    @inline(__always)
    private static func kind(_ c: UInt32) -> Kind {
        if c < 0x80 {
            if (c >= 0x61 && c <= 0x7A) { return .letter }
            if c >= 0x30 && c <= 0x39 { return .digit }
            return .separator  // ASCII punctuation, white space and controls
        }
        return isUnspacedScript(c) ? .ownWord : .letter
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

/// How `ShingleHasher` reads a non-ASCII scalar: lowercased, canonically decomposed, combining
/// marks dropped; white space, punctuation, controls and format characters as one space; decimal
/// digits as `0`. Precomputed for U+0080..U+2FFF (Latin, Greek, Cyrillic, the other alphabets, the
/// punctuation blocks), computed on the fly above.
enum ScalarTable {
    struct Entry {
        var count: UInt8 = 0
        var first: UInt32 = 0
        var second: UInt32 = 0
        var third: UInt32 = 0
    }

    static let limit: UInt32 = 0x3000

    static let entries: [Entry] = (0..<Int(limit)).map { value in
        guard value >= 0x80, let scalar = Unicode.Scalar(UInt32(value)) else { return Entry() }
        let mapped = map(scalar)
        var entry = Entry()
        entry.count = UInt8(min(3, mapped.count))
        if mapped.count > 0 { entry.first = mapped[0] }
        if mapped.count > 1 { entry.second = mapped[1] }
        if mapped.count > 2 { entry.third = mapped[2] }
        return entry
    }

    static func map(_ scalar: Unicode.Scalar) -> [UInt32] {
        let properties = scalar.properties
        if properties.isWhitespace { return [0x20] }
        switch properties.generalCategory {
        case .decimalNumber: return [0x30]
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return [0x20]
        case .nonspacingMark: return []
        default: break
        }
        return String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .nonspacingMark }.map(\.value)
    }
}
