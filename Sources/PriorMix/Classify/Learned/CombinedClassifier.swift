import Foundation

/// The default classifier: the lexicon and the learned model multiplied in log space,
/// `(1 - w) · log p_lexicon + w · log p_learned`, then divided by a temperature and normalised.
/// The two err differently (the lexicon on news and reference prose, the model on sources unlike
/// its training packages), and a product lets either veto what the other half-believes; a weighted
/// sum of probabilities did worse in every variant measured. `w` and the temperature are chosen by
/// leave-package-out cross-validation on the training side (`PackageHoldout`), never on test data.
public struct CombinedClassifier: DocumentClassifier {
    public let lexicon: LexiconClassifier
    public let learned: LearnedClassifier
    public var learnedWeight: Double
    public var temperature: Double

    public init(lexicon: LexiconClassifier, learned: LearnedClassifier, learnedWeight: Double, temperature: Double) {
        self.lexicon = lexicon
        self.learned = learned
        self.learnedWeight = learnedWeight
        self.temperature = temperature
    }

    /// The combined log-probabilities of two log-probability vectors (the same rule the holdout tunes).
    public static func combine(lexicon: [Double], learned: [Double]?, learnedWeight: Double, temperature: Double) -> [Double] {
        guard let learned else { return LogSpace.normalized(lexicon.map { $0 / temperature }) }
        return LogSpace.normalized(zip(lexicon, learned).map { ((1 - learnedWeight) * $0 + learnedWeight * $1) / temperature })
    }

    public func classify(_ text: String) -> CategoryPrediction {
        let lexiconLogs = lexicon.probabilities(text).map { log(max($0, 1e-300)) }
        // A weight of zero (what the holdout chooses when the model does not help) leaves the model out.
        let learnedLogs = learnedWeight > 0 ? learned.logProbabilities(text) : nil
        let combined = Self.combine(lexicon: lexiconLogs, learned: learnedLogs, learnedWeight: learnedWeight, temperature: temperature)
        // `method` says which parts voted.
        return CategoryPrediction.ranked(labels: CategoryTaxonomy.categoryIDs, probabilities: combined.map(exp), k: 3,
                                         method: learnedLogs == nil ? "lexicon" : "lexicon+learned")
    }
}
