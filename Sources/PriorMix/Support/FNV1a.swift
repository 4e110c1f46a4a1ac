/// FNV-1a (Fowler–Noll–Vo): the small non-cryptographic hash behind word lookups (classifier and
/// tagger lexicons), per-document selection keys, and fastText's dictionary. One definition, so
/// the word hashes of the classifier and the tagger are the same numbers by construction.
///
/// ```swift
/// FNV1a.hash64("the".utf8)                        // 64-bit FNV-1a of the bytes
/// FNV1a.hash64(lowercasingASCII: "The".utf8)      // the same number: words are hashed lowercased
/// FNV1a.fastTextHash("é".utf8)                    // fastText's 32-bit variant (sign-extended bytes)
/// ```
public enum FNV1a {
    public static let offset64: UInt64 = 0xCBF2_9CE4_8422_2325
    public static let prime64: UInt64 = 0x0000_0100_0000_01B3

    /// One byte into a running 64-bit hash (start from `offset64`), for scanners that hash a word
    /// as they walk it.
    @inline(__always)
    public static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime64
    }

    /// 64-bit FNV-1a of `bytes`.
    @inline(__always)
    public static func hash64<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var hash = offset64
        for byte in bytes { hash = step(hash, byte) }
        return hash
    }

    /// 64-bit FNV-1a of `bytes` with ASCII A–Z lowercased (other bytes, UTF-8 included, as they
    /// are): how the classifier's and the tagger's scanners hash words.
    @inline(__always)
    public static func hash64<S: Sequence>(lowercasingASCII bytes: S) -> UInt64 where S.Element == UInt8 {
        var hash = offset64
        for byte in bytes { hash = step(hash, lowercaseASCII(byte)) }
        return hash
    }

    @inline(__always)
    public static func lowercaseASCII(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    public static let offset32: UInt32 = 2_166_136_261
    public static let prime32: UInt32 = 16_777_619

    /// fastText's dictionary hash: 32-bit FNV-1a with each byte sign-extended first (fastText
    /// reads words as C `char`, an `int8_t`), so bytes of 0x80 and above differ from standard
    /// FNV-1a. Models trained by fastText only load correctly with exactly this.
    @inline(__always)
    public static func fastTextHash<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var hash = offset32
        for byte in bytes { hash = fastTextStep(hash, byte) }
        return hash
    }

    /// One byte into a running fastText hash (start from `offset32`), for n-grams hashed as they grow.
    @inline(__always)
    public static func fastTextStep(_ hash: UInt32, _ byte: UInt8) -> UInt32 {
        (hash ^ UInt32(bitPattern: Int32(Int8(bitPattern: byte)))) &* prime32
    }
}
