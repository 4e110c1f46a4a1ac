/// The text preparation PriorMix applies before its fastText models see a document: lowercase,
/// punctuation split from words, all whitespace single spaces (fastText needs one line per
/// example). Training and prediction both apply it, so a user's own fastText model trained on
/// raw text is used with `preprocess: false` instead.
public enum FastTextText {
    public static func normalize(_ text: String) -> String {
        String(decoding: normalizedBytes(text), as: UTF8.self)
    }

    /// The normalised text as UTF-8 bytes (valid when the text is: only ASCII bytes are changed),
    /// for callers that hand bytes straight to a model and need no String.
    public static func normalizedBytes(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { normalizedBytes(utf8: $0) }
    }

    /// `normalizedBytes` of text given as UTF-8 bytes.
    public static func normalizedBytes(utf8 input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // At most three output bytes per input byte (punctuation gets a space on each side).
        [UInt8](unsafeUninitializedCapacity: input.count * 3) { out, written in
            var count = 0
            var lastWasSpace = true
            for byte in input {
                switch byte {
                case 0x41...0x5A:
                    out[count] = byte + 32; count += 1; lastWasSpace = false
                case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x00:
                    if !lastWasSpace { out[count] = 0x20; count += 1; lastWasSpace = true }
                case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
                    if !lastWasSpace { out[count] = 0x20; count += 1 }
                    out[count] = byte; out[count + 1] = 0x20; count += 2; lastWasSpace = true
                default:
                    out[count] = byte; count += 1; lastWasSpace = false
                }
            }
            if count > 0 && out[count - 1] == 0x20 { count -= 1 }
            written = count
        }
    }

    /// Bytes 0–63 and 64–127 that `normalizedBytes` turns into spaces (whitespace, NUL) or splits
    /// off as tokens of their own (ASCII punctuation), one bit each.
    private static let separatorsLow: UInt64 = {
        var bits: UInt64 = 0
        for byte in [0x00, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] + Array(0x20...0x2F) + Array(0x3A...0x3F) { bits |= 1 << UInt64(byte) }
        return bits
    }()
    private static let separatorsHigh: UInt64 = {
        var bits: UInt64 = 0
        for byte in [0x40] + Array(0x5B...0x60) + Array(0x7B...0x7E) { bits |= 1 << UInt64(byte - 64) }
        return bits
    }()

    /// Calls `body` with each token fastText reads from the line `normalizedBytes(text)` and its
    /// fastText hash (the end-of-line token `</s>` left to the caller), without building the normalised
    /// text: one pass over the raw bytes cuts, lowercases and hashes. A token of letters, digits
    /// and other bytes is lowercased into `scratch` (at least `text.count` bytes) at the offsets it
    /// has in `text`; each ASCII punctuation byte is a token of its own.
    @inline(__always)
    public static func forEachNormalizedToken(_ text: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>,
                                              _ body: (UnsafeBufferPointer<UInt8>, UInt32) -> Void) {
        // Read once per call: a static in the loop would be checked for initialisation each time.
        let low = separatorsLow, high = separatorsHigh
        @inline(__always) func isSeparator(_ byte: UInt8) -> Bool {
            byte < 0x80 && ((byte < 0x40 ? low : high) >> UInt64(byte & 0x3F)) & 1 != 0
        }
        let count = text.count
        var index = 0
        while index < count {
            let byte = text[index]
            if isSeparator(byte) {
                let isSpace = byte == 0x20 || byte <= 0x0D
                if !isSpace {
                    scratch[index] = byte
                    body(UnsafeBufferPointer(start: scratch + index, count: 1), FNV1a.fastTextStep(FNV1a.offset32, byte))
                }
                index += 1
                continue
            }
            let start = index
            var hash = FNV1a.offset32
            repeat {
                let letter = text[index]
                let lower = letter >= 0x41 && letter <= 0x5A ? letter + 32 : letter
                scratch[index] = lower
                hash = FNV1a.fastTextStep(hash, lower)
                index += 1
            } while index < count && !isSeparator(text[index])
            body(UnsafeBufferPointer(start: scratch + start, count: index - start), hash)
        }
    }
}
