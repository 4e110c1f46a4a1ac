import Foundation

/// A language and the probability the identifier gives it.
public struct LanguagePrediction: Sendable, Equatable, Codable {
    /// The model's label without `__label__`: an ISO 639 code for lid.176 (`en`, `fr`, `zh`, `als` …).
    public var language: String
    /// fastText's reported probability (see `FastTextModel.Prediction.probability`).
    public var score: Double

    public init(language: String, score: Double) {
        self.language = language
        self.score = score
    }
}

/// Language identification with fastText's published lid.176 model (or any fastText language
/// model), giving exactly what datatrove's `LanguageFilter` (its `FT176LID`) computes: newlines
/// become spaces (fastText reads one line), every label is scored, and the best one is the language.
///
/// ```swift
/// let identifier = try LanguageIdentifier()                // models/lid.176.ftz (`make models`)
/// identifier.identify("Der schnelle braune Fuchs")         // LanguagePrediction(language: "de", score: 0.9…)
/// identifier.scores("…").prefix(3)                          // every language, best first
/// ```
/// Immutable: one identifier serves any number of threads at once.
public final class LanguageIdentifier: Sendable {
    /// Where `make models` (scripts/fetch-models.sh) puts lid.176.ftz, relative to the checkout.
    public static let defaultModelPath = "models/lid.176.ftz"

    public let model: FastTextModel
    /// The label names, read from the dictionary once: naming each of the 176 scores of every
    /// document through the dictionary copied the dictionary's arrays each time.
    private let languages: [String]

    public init(model: FastTextModel) {
        self.model = model
        languages = model.labels
    }

    /// Loads the model at `modelPath`; a missing default model says how to fetch it.
    public convenience init(modelPath: String = LanguageIdentifier.defaultModelPath) throws {
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw PriorMixError(.io, "language identification model not found", file: modelPath,
                                hint: "run `make models` (scripts/fetch-models.sh) to fetch lid.176.ftz, or pass the path of a fastText language model")
        }
        self.init(model: try FastTextModel.load(path: modelPath))
    }

    /// The text as datatrove hands it to fastText's Python `predict` (which refuses newlines): each
    /// "\n" replaced by a space. `identify` and `scores` need not call it (the engine reads newlines
    /// as spaces); it is for handing the same text to the Python package.
    public static func prepare(_ text: String) -> String {
        guard text.utf8.contains(0x0A) else { return text }
        return String(decoding: text.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
    }

    /// The most probable language and its probability; nil only when the model has no label or
    /// the text gives it no feature (lid.176 always answers: an empty text scores its end-of-line token).
    public func identify(_ text: String) -> LanguagePrediction? {
        // Every label is ranked, then the best taken, as datatrove asks fastText for k = -1: with
        // k = 1 fastText's tree search may prune differently.
        ranked(text).first.map(prediction)
    }

    /// Every language with its probability, best first (datatrove's per-language scores, which its
    /// filter compares with the threshold when a language list is given).
    public func scores(_ text: String) -> [LanguagePrediction] {
        ranked(text).map(prediction)
    }

    private func prediction(_ entry: (score: Float, label: Int32)) -> LanguagePrediction {
        LanguagePrediction(language: languages[Int(entry.label)], score: Double(Foundation.exp(entry.score)))
    }

    /// Newlines need no replacing here: the engine already reads them as spaces. The calling
    /// thread's feature cache spares the words it has seen before their n-gram hashing.
    func ranked(_ text: String) -> [(score: Float, label: Int32)] {
        var text = text
        let cache = model.threadFeatureCache()
        return text.withUTF8 { model.ranked(utf8: $0, k: 0, threshold: 0, cache: cache) }
    }

    /// The best language, and the best of `languages` (nil: no list, the best language), as the
    /// first entries of `scores` would give them, without naming all 176.
    public func bestScores(_ text: String, among languages: [String]?) -> (top: LanguagePrediction?, best: LanguagePrediction?) {
        bestScores(text, amongLabels: languages.map(labelIndices))
    }

    /// The model's label indices of `names` (for `bestScores(_:amongLabels:)`, found once per run).
    public func labelIndices(_ names: [String]) -> Set<Int32> {
        Set(languages.indices.filter { names.contains(languages[$0]) }.map(Int32.init))
    }

    /// `bestScores(_:among:)` with the list already turned into label indices.
    public func bestScores(_ text: String, amongLabels labels: Set<Int32>?) -> (top: LanguagePrediction?, best: LanguagePrediction?) {
        var text = text
        let cache = model.threadFeatureCache()
        let (top, best) = text.withUTF8 { model.bestEntries(utf8: $0, among: labels, cache: cache) }
        return (top.map(prediction), best.map(prediction))
    }
}
