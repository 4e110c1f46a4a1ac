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
        return text.withUTF8 { input in
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
    }
}
