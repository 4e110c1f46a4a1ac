/// GPT-2's byte-level alphabet: each byte is shown as a printable character so vocabularies
/// can be stored as text. Printable Latin-1 bytes stand for themselves; the other 68 bytes
/// (controls, space, DEL, NBSP, soft hyphen …) map to U+0100 onwards, in byte order.
public enum ByteLevelAlphabet {
    /// The character of each byte.
    public static let characters: [Character] = (0..<256).map { Character(Unicode.Scalar(scalarValue(for: UInt8($0)))!) }

    private static let byteOfScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for b in 0..<256 { map[scalarValue(for: UInt8(b))] = UInt8(b) }
        return map
    }()

    static func scalarValue(for byte: UInt8) -> UInt32 {
        let b = UInt32(byte)
        if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) { return b }
        // Bytes outside the printable ranges are numbered in order from 256.
        var n: UInt32 = 0
        for other in 0..<b where !((0x21...0x7E).contains(other) || (0xA1...0xAC).contains(other) || (0xAE...0xFF).contains(other)) {
            n += 1
        }
        return 256 + n
    }

    public static func character(for byte: UInt8) -> Character { characters[Int(byte)] }

    /// The text form of raw bytes (as written in tokenizer.json vocabularies).
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var text = ""
        for b in bytes { text.unicodeScalars.append(Unicode.Scalar(scalarValue(for: b))!) }
        return text
    }

    /// The raw bytes of a token written in the alphabet, or nil if any character is outside it.
    public static func decode(_ token: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.unicodeScalars.count)
        for scalar in token.unicodeScalars {
            guard let b = byteOfScalar[scalar.value] else { return nil }
            bytes.append(b)
        }
        return bytes
    }
}
