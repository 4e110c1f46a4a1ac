/// What deduplication removes and how it decides; everything here goes into the run's
/// fingerprint, so parts computed under other settings are never reused.
public struct DedupOptions: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// Whole documents whose normalized text is identical (see `ExactTextNormalization`).
        case exact
        /// Whole documents whose word-shingle sets are similar (MinHash signatures, LSH bands).
        case minhash
        /// Lines repeated anywhere earlier in the corpus (a Bloom filter, as Dolma does).
        case paragraph
    }

    /// How MinHash candidate pairs (documents sharing a band) are confirmed.
    public enum Verification: String, Sendable, Codable, CaseIterable {
        /// Every pair sharing a band is a duplicate (datatrove's behaviour).
        case none
        /// A pair is a duplicate when the share of equal signature values (the estimated
        /// Jaccard similarity) reaches `threshold`.
        case signature
        /// A pair is a duplicate when the true Jaccard similarity of the two shingle sets reaches
        /// `threshold`: the signature pass also stores every document's distinct shingle hashes
        /// (8 bytes a shingle on disk, about 1.5 times the text), the merge reads those of the
        /// candidates only.
        case jaccard
    }

    public var mode: Mode
    /// Words per shingle (MinHash).
    public var shingleWords = 5
    public var bands = 14
    public var rowsPerBand = 8
    /// Seeds the MinHash permutations: every rank must use the same.
    public var seed: UInt64 = 1
    public var verification = Verification.none
    public var threshold = 0.8
    /// Exact and paragraph modes: compare text case-folded.
    public var caseFold = false
    /// Paragraph mode: the Bloom filter's false-positive rate at the corpus's paragraph count.
    public var falsePositiveRate = 1e-6
    /// Paragraph mode: the Bloom filter may not exceed this many bytes (the run refuses, with the
    /// size it would need, rather than use more memory).
    public var maxFilterBytes = 4 << 30

    public init(mode: Mode) {
        self.mode = mode
    }

    public var hashCount: Int { bands * rowsPerBand }

    /// Names the settings that decide the output.
    public var fingerprint: String {
        switch mode {
        case .exact: return "exact fold=\(caseFold)"
        case .minhash:
            return "minhash n=\(shingleWords) b=\(bands) r=\(rowsPerBand) seed=\(seed) verify=\(verification.rawValue)"
                + (verification == .none ? "" : " t=\(threshold)")
        case .paragraph: return "paragraph fold=\(caseFold) fp=\(falsePositiveRate)"
        }
    }

    /// The probability that a pair of Jaccard similarity `s` shares at least one band:
    /// 1 - (1 - s^r)^b, the S-curve of banded LSH.
    public func candidateProbability(similarity s: Double) -> Double {
        1 - pow(1 - pow(s, Double(rowsPerBand)), Double(bands))
    }

    public func validate() throws {
        guard shingleWords >= 1, shingleWords <= 64 else { throw PriorMixError(.usage, "--shingle-words must be between 1 and 64") }
        guard bands >= 1, rowsPerBand >= 1, bands * rowsPerBand <= 4096 else {
            throw PriorMixError(.usage, "--bands and --rows must be positive, at most 4,096 hashes in all")
        }
        guard threshold > 0, threshold <= 1 else { throw PriorMixError(.usage, "--threshold must be in (0, 1]") }
        guard falsePositiveRate > 0, falsePositiveRate < 0.5 else { throw PriorMixError(.usage, "--false-positive-rate must be in (0, 0.5)") }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
