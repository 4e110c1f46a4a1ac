/// What the tokenize pass learns about the corpus, per bucket and tag class: documents, tokens
/// (each document's tokens plus its end-of-text token), tokens in reasoning and visual segments,
/// and a histogram of tokens over the sampling key, from which exact fractional quotas are cut.
/// Integer counts only (tag tokens are rounded per document), so per-rank statistics merge exactly.
public struct MixtureStatistics: Codable, Sendable, Equatable {
    /// Document-level tag classes: the sampling unit for tag targets.
    public enum TagClass: Int, CaseIterable, Codable, Sendable {
        case neither = 0, reasoning, visual, both

        public init(reasoningShare: Double, visualShare: Double) {
            switch (reasoningShare >= 0.5, visualShare >= 0.5) {
            case (false, false): self = .neither
            case (true, false): self = .reasoning
            case (false, true): self = .visual
            case (true, true): self = .both
            }
        }
    }

    public static let histogramBins = 4096

    public struct Cell: Codable, Sendable, Equatable {
        public var documents = 0
        public var tokens = 0
        public var reasoningTokens = 0
        public var visualTokens = 0
        public var tokensByCategory: [String: Int] = [:]
        /// Tokens by sampling-key bin.
        public var histogram = [Int](repeating: 0, count: MixtureStatistics.histogramBins)

        mutating func merge(_ other: Cell) {
            documents += other.documents
            tokens += other.tokens
            reasoningTokens += other.reasoningTokens
            visualTokens += other.visualTokens
            tokensByCategory.merge(other.tokensByCategory, uniquingKeysWith: +)
            for index in histogram.indices { histogram[index] += other.histogram[index] }
        }
    }

    /// cells[bucket][tagClass]
    public var cells: [[Cell]]
    /// Documents of categories the recipe leaves out.
    public var excludedDocuments = 0
    public var excludedTokens = 0
    /// Validation documents and tokens per category.
    public var validationDocuments: [String: Int] = [:]
    public var validationTokens: [String: Int] = [:]
    public var invalidLines = 0

    public init(buckets: Int) {
        cells = Array(repeating: Array(repeating: Cell(), count: TagClass.allCases.count), count: buckets)
    }

    public static func bin(_ unit: Double) -> Int { min(histogramBins - 1, Int(unit * Double(histogramBins))) }

    mutating func addTraining(bucket: Int, category: String, tokens: Int, reasoningShare: Double, visualShare: Double, unit: Double) {
        let tagClass = TagClass(reasoningShare: reasoningShare, visualShare: visualShare).rawValue
        cells[bucket][tagClass].documents += 1
        cells[bucket][tagClass].tokens += tokens
        cells[bucket][tagClass].reasoningTokens += Int((Double(tokens) * reasoningShare).rounded())
        cells[bucket][tagClass].visualTokens += Int((Double(tokens) * visualShare).rounded())
        cells[bucket][tagClass].tokensByCategory[category, default: 0] += tokens
        cells[bucket][tagClass].histogram[Self.bin(unit)] += tokens
    }

    public mutating func merge(_ other: MixtureStatistics) {
        for b in cells.indices { for k in cells[b].indices { cells[b][k].merge(other.cells[b][k]) } }
        excludedDocuments += other.excludedDocuments
        excludedTokens += other.excludedTokens
        validationDocuments.merge(other.validationDocuments, uniquingKeysWith: +)
        validationTokens.merge(other.validationTokens, uniquingKeysWith: +)
        invalidLines += other.invalidLines
    }

    public func bucketTokens(_ bucket: Int) -> Int { cells[bucket].reduce(0) { $0 + $1.tokens } }
}
