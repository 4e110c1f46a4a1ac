/// Computes a document's signature values for the configured mode (see `DocumentSignature`).
/// Pure and thread-safe: the signature pass calls it on every core.
public struct SignatureFunction: Sendable {
    public let options: DedupOptions
    private let shingler: ShingleHasher
    private let minHasher: MinHasher

    public init(options: DedupOptions) {
        self.options = options
        shingler = ShingleHasher(words: options.shingleWords)
        minHasher = MinHasher(bands: options.bands, rowsPerBand: options.rowsPerBand, seed: options.seed)
    }

    public func values(_ text: String) -> [UInt32] {
        switch options.mode {
        case .minhash:
            return minHasher.signature(shingler.shingles(text))
        case .exact:
            let normalized = ExactTextNormalization.normalized(text, caseFold: options.caseFold)
            let first = StableHash.hash(normalized, seed: 1), second = StableHash.hash(normalized, seed: 2)
            return Self.split(first) + Self.split(second)
        case .paragraph:
            var values: [UInt32] = []
            for line in ParagraphLines.lines(text) {
                let normalized = ExactTextNormalization.normalized(line, caseFold: options.caseFold)
                // 0 marks a blank line: never a duplicate.
                let hash = normalized.isEmpty ? 0 : max(1, StableHash.hash(normalized, seed: 3))
                values += Self.split(hash)
            }
            return values
        }
    }

    /// The band keys the merge compares: MinHash one per band (none without a signature), exact one
    /// (the first text hash). Paragraph mode has no bands.
    func bandKeys(_ values: [UInt32]) -> [UInt64] {
        switch options.mode {
        case .minhash:
            guard values.count == minHasher.hashCount else { return [] }
            return values.withUnsafeBufferPointer { minHasher.bandKeys($0) }
        case .exact:
            return values.count == 4 ? [UInt64(values[0]) | UInt64(values[1]) << 32] : []
        case .paragraph:
            return []
        }
    }

    /// Whether two documents sharing a band are duplicates: exact mode checks the second hash;
    /// MinHash with `--verify signature` checks the estimated similarity.
    func confirms(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        switch options.mode {
        case .exact: return a == b
        case .minhash:
            return options.verification == .none || MinHasher.estimatedSimilarity(a, b) >= options.threshold
        case .paragraph: return false
        }
    }

    /// Whether the merge must read the candidates' signatures back to confirm pairs.
    var needsConfirmation: Bool { options.mode == .exact || options.verification != .none }

    static func split(_ value: UInt64) -> [UInt32] {
        [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
    }
}

/// Paragraph mode's paragraphs: the lines of the text, split at "\n" (a "\r" before it stays with
/// the line and is white space to the normalization). Dolma's paragraph deduplication splits the
/// same way.
public enum ParagraphLines {
    public static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }
}
