import Foundation

/// The learned half of the default classifier as shipped: a fastText-format model beside a small
/// JSON file (`taxonomy/models/classifier.json`) holding the model's checksum, the combination's
/// weight and temperatures chosen by `PackageHoldout`, what it was trained on and the command that
/// reproduces it. The checksum is checked on load, so a model and its fitted weights never part.
public struct LearnedModelBundle: Codable, Equatable, PrettyJSONEncodable, Sendable {
    public static let fileName = "classifier.json"

    /// The model file, relative to the bundle's directory.
    public var model: String
    public var modelSHA256: String
    public var learnedWeight: Double
    public var temperature: Double
    public var learnedTemperature: Double
    /// Per-category log-prior corrections of the combination, by category id (absent in bundles
    /// written before they were fitted: no correction).
    public var categoryOffsets: [String: Double]?
    /// The labelled files the model was trained on, as given to `classifier fit`.
    public var trainedOn: [String]
    public var command: String
    /// The leave-package-out figures measured when the weights were chosen.
    public var holdoutMacroDistinctive: [String: Double]
    public var holdoutMacroAll: [String: Double]

    public init(model: String, modelSHA256: String, learnedWeight: Double, temperature: Double, learnedTemperature: Double,
                trainedOn: [String], command: String, holdoutMacroDistinctive: [String: Double], holdoutMacroAll: [String: Double],
                categoryOffsets: [String: Double]? = nil) {
        self.model = model
        self.modelSHA256 = modelSHA256
        self.learnedWeight = learnedWeight
        self.temperature = temperature
        self.learnedTemperature = learnedTemperature
        self.categoryOffsets = categoryOffsets
        self.trainedOn = trainedOn
        self.command = command
        self.holdoutMacroDistinctive = holdoutMacroDistinctive
        self.holdoutMacroAll = holdoutMacroAll
    }

    /// The combined classifier this bundle describes, over `model` (the bundle's model, as `load` returns it).
    public func combined(lexicon: LexiconClassifier, model: FastTextModel) -> CombinedClassifier {
        CombinedClassifier(lexicon: lexicon, learned: LearnedClassifier(model: model), learnedWeight: learnedWeight, temperature: temperature,
                           categoryOffsets: categoryOffsets.map { offsets in CategoryTaxonomy.categoryIDs.map { offsets[$0] ?? 0 } } ?? [])
    }

    /// The offsets in a classifier's fingerprint (empty without offsets), so that a change of them shows.
    var offsetsFingerprint: String {
        guard let offsets = categoryOffsets, !offsets.isEmpty else { return "" }
        return " b=" + offsets.keys.sorted().map { "\($0):\(offsets[$0]!)" }.joined(separator: ",")
    }

    /// The bundle in `directory` (nil when there is none) with its model, checksum checked.
    public static func load(directory: String) throws -> (bundle: LearnedModelBundle, model: FastTextModel)? {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bundle: LearnedModelBundle
        do {
            bundle = try JSONDecoder().decode(LearnedModelBundle.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw PriorMixError(.malformedInput, "not a classifier bundle: \(error)", file: path,
                                hint: "write it with priormix classifier fit")
        }
        guard !bundle.model.contains("/"), !bundle.model.hasPrefix(".") else {
            throw PriorMixError(.malformedInput, "the model must be a file name beside the bundle", file: path)
        }
        for (category, offset) in bundle.categoryOffsets ?? [:] where !CategoryTaxonomy.categoryIDs.contains(category) || !offset.isFinite {
            throw PriorMixError(.malformedInput, "category offset \(category): \(offset) is not a finite offset of a known category", file: path)
        }
        let modelPath = directory + "/" + bundle.model
        let bytes = try Data(contentsOf: URL(fileURLWithPath: modelPath))
        let digest = SHA256.hex(of: bytes)
        guard digest == bundle.modelSHA256 else {
            throw PriorMixError(.malformedInput, "checksum \(digest) differs from the bundle's \(bundle.modelSHA256)", file: modelPath,
                                hint: "the model and \(fileName) were written together by priormix classifier fit; restore both")
        }
        return (bundle, try FastTextModel.load(path: modelPath))
    }
}

/// Which classifier decides a document's category.
public enum ClassifierKind: String, CaseIterable, Sendable {
    case lexicon, learned, combined

    /// The classifier of this kind from a taxonomy directory (its `models/` holds the learned part).
    /// `combined` without a bundle falls back to the lexicon when `required` is false (a custom
    /// taxonomy directory without models), and is an error naming the directory otherwise.
    public func classifier(taxonomy: CategoryTaxonomy, directory: String, required: Bool) throws -> (DocumentClassifier, fingerprint: String) {
        let lexicon = LexiconClassifier(taxonomy: taxonomy)
        if self == .lexicon { return (lexicon, "lexicon") }
        guard let (bundle, model) = try LearnedModelBundle.load(directory: directory + "/models") else {
            if self == .combined && !required { return (lexicon, "lexicon (no models/\(LearnedModelBundle.fileName))") }
            throw PriorMixError(.io, "no learned classifier in \(directory)/models",
                                hint: "train one with priormix classifier fit, or choose --classifier lexicon")
        }
        if self == .learned {
            return (LearnedClassifier(model: model, temperature: bundle.learnedTemperature), "learned \(bundle.modelSHA256)")
        }
        return (bundle.combined(lexicon: lexicon, model: model),
                "combined \(bundle.modelSHA256) w=\(bundle.learnedWeight) t=\(bundle.temperature)" + bundle.offsetsFingerprint)
    }
}
