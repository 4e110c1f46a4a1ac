import Foundation

/// The learned half of the default classifier: a fastText-format model trained on a provenance-
/// labelled corpus of many packages (`priormix classifier fit`), its probabilities re-ordered to
/// the taxonomy's 16 categories and softened by a temperature fitted on held-out packages.
public struct LearnedClassifier: DocumentClassifier {
    public let model: FastTextModel
    /// Probabilities are raised to 1/temperature and renormalised (temperature scaling in log space).
    public var temperature: Double
    /// Model label index → category index (-1 for a label outside the 16).
    private let categoryOfLabel: [Int]

    public init(model: FastTextModel, temperature: Double = 1) {
        self.model = model
        self.temperature = temperature
        categoryOfLabel = model.labels.map { CategoryTaxonomy.categoryIDs.firstIndex(of: $0) ?? -1 }
    }

    /// Log-probabilities over `CategoryTaxonomy.categoryIDs`; nil when the model has no feature for the
    /// text (fastText counts the end of the line as a word, so in practice any text gets its prior). A category the model never saw gets a small floor rather than minus infinity.
    public func logProbabilities(_ text: String) -> [Double]? {
        var text = text
        let raw = text.withUTF8 { model.probabilities(normalizing: $0) }
        guard raw.contains(where: { $0 > 0 }) else { return nil }
        var logs = [Double](repeating: log(1e-6), count: CategoryTaxonomy.categoryIDs.count)
        for (label, probability) in raw.enumerated() where categoryOfLabel[label] >= 0 {
            logs[categoryOfLabel[label]] = log(max(probability, 1e-6)) / temperature
        }
        return LogSpace.normalized(logs)
    }

    public func classify(_ text: String) -> CategoryPrediction {
        guard let logs = logProbabilities(text) else {
            return CategoryPrediction(category: "web_crawl", confidence: 0, top: [], method: "learned")
        }
        return CategoryPrediction.ranked(labels: CategoryTaxonomy.categoryIDs, probabilities: logs.map(exp), k: 3, method: "learned")
    }
}

/// Helpers for probability vectors kept as logarithms.
public enum LogSpace {
    /// Subtracts the log of the sum of exponentials, so the exponentials add up to one.
    public static func normalized(_ logs: [Double]) -> [Double] {
        let maximum = logs.max() ?? 0
        let total = logs.reduce(0) { $0 + exp($1 - maximum) }
        let shift = maximum + log(total)
        return logs.map { $0 - shift }
    }
}
