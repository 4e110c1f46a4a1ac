/// Label counts per category, accumulated document by document and merged across threads or
/// runs. Everything is an integer count per label combination (the 64 subsets of the six
/// labels), so merging is exact and every share in the paper's Table 4 layout — per category,
/// the share of segments with each label, with any reasoning label, with any visual label — can
/// be derived, by segments or by tokens.
public struct TagStatistics: Sendable, Equatable, Codable {
    /// The counts of one category.
    public struct Counts: Sendable, Equatable, Codable {
        public var documents = 0
        /// Segments and tokens per label combination, indexed by `LabelSet.mask` (0 = no label).
        public var segmentsByCombination = [Int](repeating: 0, count: 64)
        public var tokensByCombination = [Int](repeating: 0, count: 64)

        public init() {}

        public var segments: Int { segmentsByCombination.reduce(0, +) }
        public var tokens: Int { tokensByCombination.reduce(0, +) }

        public mutating func add(_ tags: DocumentTags) {
            documents += 1
            for segment in tags.segments {
                segmentsByCombination[Int(segment.labels.mask)] += 1
                tokensByCombination[Int(segment.labels.mask)] += segment.tokens
            }
        }

        public mutating func merge(_ other: Counts) {
            documents += other.documents
            for mask in 0..<64 {
                segmentsByCombination[mask] += other.segmentsByCombination[mask]
                tokensByCombination[mask] += other.tokensByCombination[mask]
            }
        }

        /// Segments (or tokens) whose label set satisfies `predicate`.
        public func count(byTokens: Bool = false, where predicate: (LabelSet) -> Bool) -> Int {
            let counts = byTokens ? tokensByCombination : segmentsByCombination
            return (0..<64).reduce(0) { $0 + (predicate(LabelSet(mask: UInt8($1))) ? counts[$1] : 0) }
        }

        /// Share of segments (or tokens) whose label set satisfies `predicate`; 0 when empty.
        public func share(byTokens: Bool = false, where predicate: (LabelSet) -> Bool) -> Double {
            let total = byTokens ? tokens : segments
            return total == 0 ? 0 : Double(count(byTokens: byTokens, where: predicate)) / Double(total)
        }
    }

    public var categories: [String: Counts] = [:]

    public init() {}

    public mutating func add(_ tags: DocumentTags, category: String) {
        categories[category, default: Counts()].add(tags)
    }

    public mutating func merge(_ other: TagStatistics) {
        for (category, counts) in other.categories { categories[category, default: Counts()].merge(counts) }
    }

    /// All categories together.
    public var total: Counts {
        categories.values.reduce(into: Counts()) { $0.merge($1) }
    }
}

/// One row of the Table 4 layout: shares (0...1) of a category's segments (or tokens).
public struct TagStatisticsRow: Sendable, Equatable, Codable {
    public var category: String
    public var documents: Int
    public var segments: Int
    public var tokens: Int
    /// Share with each label, keyed by its raw value.
    public var labels: [String: Double]
    /// Share with any reasoning label (the paper's "reasoning combination").
    public var reasoning: Double
    /// Share with any visual label (the paper's "visual combination").
    public var visual: Double
    /// Share with no label.
    public var none: Double

    public init(category: String, counts: TagStatistics.Counts, byTokens: Bool = false) {
        self.category = category
        documents = counts.documents
        segments = counts.segments
        tokens = counts.tokens
        labels = Dictionary(uniqueKeysWithValues: ContentLabel.allCases.map { label in
            (label.rawValue, counts.share(byTokens: byTokens) { $0.contains(label) })
        })
        reasoning = counts.share(byTokens: byTokens) { $0.hasReasoning }
        visual = counts.share(byTokens: byTokens) { $0.hasVisual }
        none = counts.share(byTokens: byTokens) { $0.isEmpty }
    }
}
