import Foundation

/// The default classifier: the lexicon and the learned model multiplied in log space,
/// `(1 - w) · log p_lexicon + w · log p_learned + b_category`, then divided by a temperature and
/// normalised. The two err differently (the lexicon on news and reference prose, the model on sources
/// unlike its training packages), and a product lets either veto what the other half-believes; a
/// weighted sum of probabilities did worse in every variant measured. The per-category offsets `b`
/// (log-prior corrections) temper categories the product over-calls (code, computer science) in favour
/// of those it under-calls. `w`, `b` and the temperature are chosen by leave-package-out
/// cross-validation on the training side (`PackageHoldout`), never on test data.
public struct CombinedClassifier: DocumentClassifier {
    public let lexicon: LexiconClassifier
    public let learned: LearnedClassifier
    public var learnedWeight: Double
    public var temperature: Double
    /// One log-prior correction per category of `CategoryTaxonomy.categoryIDs`; empty for none.
    public var categoryOffsets: [Double]

    public init(lexicon: LexiconClassifier, learned: LearnedClassifier, learnedWeight: Double, temperature: Double, categoryOffsets: [Double] = []) {
        self.lexicon = lexicon
        self.learned = learned
        self.learnedWeight = learnedWeight
        self.temperature = temperature
        self.categoryOffsets = categoryOffsets
    }

    /// The combined log-probabilities of two log-probability vectors (the same rule the holdout tunes).
    /// `offsets` (empty for none) are added before the temperature divides.
    public static func combine(lexicon: [Double], learned: [Double]?, learnedWeight: Double, temperature: Double, offsets: [Double] = []) -> [Double] {
        var scores = learned.map { zip(lexicon, $0).map { (1 - learnedWeight) * $0 + learnedWeight * $1 } } ?? lexicon
        if !offsets.isEmpty { for index in scores.indices { scores[index] += offsets[index] } }
        return LogSpace.normalized(scores.map { $0 / temperature })
    }

    public func classify(_ text: String) -> CategoryPrediction {
        let lexiconLogs = lexicon.probabilities(text).map { log(max($0, 1e-300)) }
        // A weight of zero (what the holdout chooses when the model does not help) leaves the model out.
        let learnedLogs = learnedWeight > 0 ? learned.logProbabilities(text) : nil
        let combined = Self.combine(lexicon: lexiconLogs, learned: learnedLogs, learnedWeight: learnedWeight, temperature: temperature,
                                    offsets: categoryOffsets)
        // `method` says which parts voted.
        return CategoryPrediction.ranked(labels: CategoryTaxonomy.categoryIDs, probabilities: combined.map(exp), k: 3,
                                         method: learnedLogs == nil ? "lexicon" : "lexicon+learned")
    }
}
