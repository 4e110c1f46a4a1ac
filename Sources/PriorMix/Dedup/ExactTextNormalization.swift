import Foundation

/// The text exact and paragraph deduplication compare: Unicode NFC (so a precomposed "é" equals
/// "e" + combining accent), every run of whitespace (any Unicode white space, newlines included)
/// collapsed to one space, leading and trailing whitespace dropped, and with `caseFold` the
/// Unicode lowercase mapping. Nothing else changes: punctuation, digits and accents count.
public enum ExactTextNormalization {
    public static func normalized(_ text: Substring, caseFold: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var pendingSpace = false
            for byte in text.utf8 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(caseFold && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            return out
        }
        var composed = String(text).precomposedStringWithCanonicalMapping
        if caseFold { composed = composed.lowercased() }
        var pendingSpace = false
        for scalar in composed.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            UTF8.encode(scalar) { out.append($0) }
        }
        return out
    }

    public static func normalized(_ text: String, caseFold: Bool) -> [UInt8] {
        normalized(text[...], caseFold: caseFold)
    }
}
