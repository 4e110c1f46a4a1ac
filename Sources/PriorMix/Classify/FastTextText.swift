/// The text preparation PriorMix applies before its fastText models see a document: lowercase,
/// punctuation split from words, all whitespace single spaces (fastText needs one line per
/// example). Training and prediction both apply it, so a user's own fastText model trained on
/// raw text is used with `preprocess: false` instead.
public enum FastTextText {
    public static func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var lastWasSpace = true
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A:
                out.append(byte + 32); lastWasSpace = false
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x00:
                if !lastWasSpace { out.append(0x20); lastWasSpace = true }
            case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
                if !lastWasSpace { out.append(0x20) }
                out.append(byte); out.append(0x20); lastWasSpace = true
            default:
                out.append(byte); lastWasSpace = false
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
