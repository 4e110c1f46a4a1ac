/// A Bloom filter sized for `capacity` items at false-positive rate `p`: m = -n ln p / (ln 2)^2
/// bits and k = (m / n) ln 2 probes (double hashing from one 64-bit hash). Paragraph
/// deduplication keeps the hashes of every line seen so far in it, in input order: a line the
/// filter already holds is a repeat (or, with probability about p, a unique line taken for one).
struct BloomFilter {
    private var words: [UInt64]
    let bitCount: UInt64
    let probes: Int

    init(capacity: Int, falsePositiveRate p: Double) {
        let n = Double(max(1, capacity))
        let bits = Self.bits(capacity: capacity, falsePositiveRate: p)
        bitCount = UInt64(bits)
        probes = max(1, Int((bits / n * log(2)).rounded()))
        words = [UInt64](repeating: 0, count: Int((bitCount + 63) / 64))
    }

    /// Bytes the filter needs for `capacity` items at rate `p`.
    static func bytes(capacity: Int, falsePositiveRate p: Double) -> Int {
        Int(bits(capacity: capacity, falsePositiveRate: p) / 8) + 8
    }

    /// The optimal bit count for `capacity` items at false-positive rate `p` (at least one word).
    private static func bits(capacity: Int, falsePositiveRate p: Double) -> Double {
        max(64, (-Double(max(1, capacity)) * log(p) / (log(2) * log(2))).rounded(.up))
    }

    var byteCount: Int { words.count * 8 }

    /// Adds `hash`; returns whether it was (probably) there already.
    mutating func insert(_ hash: UInt64) -> Bool {
        let h1 = hash, h2 = SplitMix64.mix(hash) | 1
        var present = true
        for i in 0..<UInt64(probes) {
            let bit = (h1 &+ i &* h2) % bitCount
            let word = Int(bit >> 6), mask = UInt64(1) << (bit & 63)
            if words[word] & mask == 0 { present = false; words[word] |= mask }
        }
        return present
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
