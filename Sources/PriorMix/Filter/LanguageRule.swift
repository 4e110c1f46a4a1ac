/// Language identification (fastText's lid.176, or any fastText language model), as datatrove's
/// `LanguageFilter` decides: with a language list, a document stays when one of those languages
/// scores above the minimum; without one, when its best language does.
public struct LanguageRule: FilterRule {
    public var name = "language"
    public let identifier: LanguageIdentifier
    public var modelDescription: String
    public var languages: [String]? {
        didSet { labels = languages.map(identifier.labelIndices) }
    }
    /// `languages` as the model's label indices, found once per run rather than per document.
    private var labels: Set<Int32>?
    public var minScore = 0.65

    public init(identifier: LanguageIdentifier, modelDescription: String) {
        self.identifier = identifier
        self.modelDescription = modelDescription
    }

    public var fingerprint: String { "language(\(modelDescription),\(languages ?? []),\(minScore))" }
    public var measures: [FilterMeasure] { [.ratio("top_language_score"), .ratio("kept_language_score")] }

    public func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome {
        var outcome = RuleOutcome(measureCount: 2)
        let (top, best) = identifier.bestScores(text.text, amongLabels: labels)
        outcome.values[0] = top?.score ?? 0
        if let languages {
            outcome.values[1] = best?.score ?? 0
            if !(best.map { $0.score > minScore } ?? false) {
                outcome.failure = ("language", "top \(top?.language ?? "none") \(formatMeasure(top?.score ?? 0)); "
                    + "best of \(languages.joined(separator: ",")) \(formatMeasure(best?.score ?? 0)) <= \(formatMeasure(minScore))")
            }
        } else {
            outcome.values[1] = top?.score ?? 0
            if !((top?.score ?? 0) > minScore) {
                outcome.failure = ("language", "top \(top?.language ?? "none") \(formatMeasure(top?.score ?? 0)) <= \(formatMeasure(minScore))")
            }
        }
        return outcome
    }
}

/// Any fastText classifier (`.bin` or `.ftz`) as a rule, such as the quality classifiers of DCLM or
/// FineWeb-Edu: the probability of one label against a threshold, keeping (or dropping) the
/// documents at or above it.
public struct ModelRule: FilterRule {
    public enum Action: String, Sendable { case keep, drop }

    public var name = "model"
    public let model: FastTextModel
    public var modelDescription: String
    public var label: String
    public var threshold: Double
    public var action: Action
    let labelIndex: Int

    public init(model: FastTextModel, modelDescription: String, label: String, threshold: Double, action: Action) throws {
        let bare = label.hasPrefix("__label__") ? String(label.dropFirst(9)) : label
        guard let index = model.labels.firstIndex(of: bare) else {
            throw PriorMixError(.usage, "the model has no label `\(bare)` (labels: \(model.labels.prefix(20).joined(separator: ", ")))",
                                file: modelDescription)
        }
        self.model = model
        self.modelDescription = modelDescription
        self.label = bare
        self.threshold = threshold
        self.action = action
        labelIndex = index
    }

    public var fingerprint: String { "model(\(modelDescription),\(label),\(threshold),\(action.rawValue))" }
    public var measures: [FilterMeasure] { [.ratio("\(label)_probability")] }

    public func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome {
        var outcome = RuleOutcome(measureCount: 1)
        let probability = model.probabilities(text.text)[labelIndex]
        outcome.values[0] = probability
        switch action {
        case .keep where probability < threshold:
            outcome.failure = ("below_threshold", "p(\(label)) \(formatMeasure(probability)) < \(formatMeasure(threshold))")
        case .drop where probability >= threshold:
            outcome.failure = ("above_threshold", "p(\(label)) \(formatMeasure(probability)) >= \(formatMeasure(threshold))")
        default:
            break
        }
        return outcome
    }
}
