/// Per-category totals of a classified corpus: documents, text bytes, and a histogram of the
/// classifier's confidence. Integer counts only, so statistics of parts merge exactly into the
/// statistics of the whole.
public struct CategoryStatistics: StageStatistics, Equatable {
    public struct Totals: Codable, Sendable, Equatable {
        public var documents = 0
        public var bytes = 0
        /// Documents by confidence decile: [0, 0.1), [0.1, 0.2) … [0.9, 1].
        public var confidenceHistogram = [Int](repeating: 0, count: 10)

        public init() {}

        mutating func merge(_ other: Totals) {
            documents += other.documents
            bytes += other.bytes
            for index in confidenceHistogram.indices { confidenceHistogram[index] += other.confidenceHistogram[index] }
        }
    }

    public var categories: [String: Totals] = [:]
    /// The six labels per category (the paper's Table 4), when documents were tagged.
    public var tags = TagStatistics()
    /// Documents whose LLM tagging failed and fell back to the fast tagger.
    public var taggerFallbacks = 0

    public init() {}

    public mutating func add(category: String, bytes: Int, confidence: Double) {
        var totals = categories[category] ?? Totals()
        totals.documents += 1
        totals.bytes += bytes
        totals.confidenceHistogram[min(9, max(0, Int(confidence * 10)))] += 1
        categories[category] = totals
    }

    public mutating func merge(_ other: CategoryStatistics) {
        for (category, totals) in other.categories { categories[category, default: Totals()].merge(totals) }
        tags.merge(other.tags)
        taggerFallbacks += other.taggerFallbacks
    }

    public var isEmpty: Bool { categories.isEmpty }

    public func contribute(to summary: inout RunSummary) {
        if !isEmpty { summary.categories = self }
    }
}
