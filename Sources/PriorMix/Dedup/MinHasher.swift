/// MinHash signatures and their LSH band keys.
///
/// Hash function i maps a 64-bit shingle hash x to the high 32 bits of `a_i * x + b_i` (mod 2^64,
/// `a_i` odd): the multiply-add-shift family, one multiplication per hash and shingle, which the
/// compiler vectorizes. The parameters come from SplitMix64 seeded with the run's seed, so every
/// rank computes the same functions. Two documents agree in value i with probability equal to the
/// Jaccard similarity of their shingle sets; bands of `rowsPerBand` values are hashed into one
/// 64-bit key each, and documents sharing any band key are candidate duplicates.
public struct MinHasher: Sendable {
    public let bands: Int
    public let rowsPerBand: Int
    private let multipliers: [UInt64]
    private let increments: [UInt64]

    public init(bands: Int, rowsPerBand: Int, seed: UInt64) {
        self.bands = bands
        self.rowsPerBand = rowsPerBand
        var generator = SplitMix64(seed: seed ^ 0x6D69_6E68_6173_6821)
        var a: [UInt64] = [], b: [UInt64] = []
        for _ in 0..<(bands * rowsPerBand) {
            a.append(generator.next() | 1)
            b.append(generator.next())
        }
        multipliers = a
        increments = b
    }

    public var hashCount: Int { bands * rowsPerBand }

    /// The signature of a set of shingle hashes: per hash function, the least value over the
    /// shingles. Empty for no shingles.
    public func signature(_ shingles: [UInt64]) -> [UInt32] {
        guard !shingles.isEmpty else { return [] }
        let count = hashCount
        var minimum = [UInt32](repeating: .max, count: count)
        minimum.withUnsafeMutableBufferPointer { m in
            multipliers.withUnsafeBufferPointer { a in
                increments.withUnsafeBufferPointer { b in
                    for x in shingles {
                        for i in 0..<count {
                            let value = UInt32(truncatingIfNeeded: (a[i] &* x &+ b[i]) >> 32)
                            m[i] = Swift.min(m[i], value)
                        }
                    }
                }
            }
        }
        return minimum
    }

    /// One 64-bit key per band; the band's index is mixed in, so equal rows in different bands
    /// do not collide.
    public func bandKeys(_ signature: UnsafeBufferPointer<UInt32>) -> [UInt64] {
        (0..<bands).map { band in
            var h = UInt64(band) &+ 0x0BAD_5EED
            for row in 0..<rowsPerBand { h = StableHash.step(h, UInt64(signature[band * rowsPerBand + row])) }
            return SplitMix64.mix(h)
        }
    }

    /// The share of equal values: the signature's estimate of the Jaccard similarity.
    public static func estimatedSimilarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        var equal = 0
        for i in a.indices where a[i] == b[i] { equal += 1 }
        return Double(equal) / Double(a.count)
    }
}
