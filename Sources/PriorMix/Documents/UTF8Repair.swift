/// Turns bytes of unknown quality into a `String`, replacing each invalid UTF-8 sequence with
/// U+FFFD, and says whether anything had to be replaced so runs can count repaired documents.
public enum UTF8Repair {
    public static func string<C: Collection>(from bytes: C) -> (text: String, repaired: Bool) where C.Element == UInt8 {
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, false) }
        return (String(decoding: bytes, as: UTF8.self), true)
    }

    public static func string(from bytes: UnsafeBufferPointer<UInt8>) -> (text: String, repaired: Bool) {
        string(from: bytes[...])
    }
}
