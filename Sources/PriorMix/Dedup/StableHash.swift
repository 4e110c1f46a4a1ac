/// A fast 64-bit hash of bytes whose value is the same on every platform and in every release
/// (little-endian word loads, fixed constants), because dedup's spill files and decisions written by
/// one rank are read by another. Not cryptographic: a multiply-rotate mix of 8-byte words,
/// finished with SplitMix64's finalizer.
enum StableHash {
    private static let k1: UInt64 = 0x87C3_7B91_1142_53D5
    private static let k2: UInt64 = 0x4CF5_AD43_2745_937F

    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            h = step(h, word)
            index += 8
        }
        if index < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            h = step(h, tail)
        }
        return SplitMix64.mix(h)
    }

    static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    /// Combines a sequence of 64-bit values in order (shingles from word hashes, band keys from
    /// signature rows).
    @inline(__always)
    static func step(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (word &* k1).rotated(31) &* k2
        return (h ^ mixed).rotated(27) &* 5 &+ 0x52DC_E729
    }
}

extension UInt64 {
    @inline(__always)
    func rotated(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}
