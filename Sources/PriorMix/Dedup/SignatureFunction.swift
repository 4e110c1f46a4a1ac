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
            let shingles = shingler.shingles(text)
            var values = minHasher.signature(shingles)
            if options.verification == .jaccard {
                // The distinct shingles, sorted, after the signature: what true Jaccard compares.
                for shingle in Array(Set(shingles)).sorted() { values += Self.split(shingle) }
            }
            return values
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
            guard values.count >= minHasher.hashCount else { return [] }
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
            switch options.verification {
            case .none: return true
            case .signature: return MinHasher.estimatedSimilarity(Array(a.prefix(minHasher.hashCount)), Array(b.prefix(minHasher.hashCount))) >= options.threshold
            case .jaccard: return Self.jaccard(a.dropFirst(minHasher.hashCount), b.dropFirst(minHasher.hashCount)) >= options.threshold
            }
        case .paragraph: return false
        }
    }

    /// Whether the merge must read the candidates' signatures back to confirm pairs.
    var needsConfirmation: Bool { options.mode == .exact || options.verification != .none }

    /// Jaccard similarity of two sorted lists of distinct 64-bit values stored as u32 pairs.
    static func jaccard(_ a: ArraySlice<UInt32>, _ b: ArraySlice<UInt32>) -> Double {
        func values(_ slice: ArraySlice<UInt32>) -> [UInt64] {
            stride(from: slice.startIndex, to: slice.endIndex - 1, by: 2).map { UInt64(slice[$0]) | UInt64(slice[$0 + 1]) << 32 }
        }
        let x = values(a), y = values(b)
        guard !x.isEmpty || !y.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { shared += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(x.count + y.count - shared)
    }

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
