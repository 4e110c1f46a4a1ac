/// A document's category with its probability, and the runners-up.
public struct CategoryPrediction: Sendable, Equatable {
    public var category: String
    public var confidence: Double
    /// The most probable categories, best first (usually three).
    public var top: [(category: String, probability: Double)]
    /// Where the prediction came from: "lexicon", "model" or "source".
    public var method: String

    public init(category: String, confidence: Double, top: [(category: String, probability: Double)], method: String) {
        self.category = category
        self.confidence = confidence
        self.top = top
        self.method = method
    }

    public static func == (lhs: CategoryPrediction, rhs: CategoryPrediction) -> Bool {
        lhs.category == rhs.category && lhs.confidence == rhs.confidence && lhs.method == rhs.method
            && lhs.top.map(\.category) == rhs.top.map(\.category) && lhs.top.map(\.probability) == rhs.top.map(\.probability)
    }

    /// The best `k` of a full probability vector over `labels`.
    static func ranked(labels: [String], probabilities: [Double], k: Int, method: String) -> CategoryPrediction {
        let order = probabilities.indices.sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
        let top = order.prefix(k).map { (category: labels[$0], probability: probabilities[$0]) }
        return CategoryPrediction(category: top.first?.category ?? "web_crawl", confidence: top.first?.probability ?? 0, top: top, method: method)
    }
}

/// Anything that assigns one of the 16 categories to a text. Implementations are immutable and
/// thread-safe: classification runs on all cores.
public protocol DocumentClassifier: Sendable {
    func classify(_ text: String) -> CategoryPrediction
}
