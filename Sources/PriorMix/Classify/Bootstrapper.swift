import Foundation

/// Self-training: the default classifier labels a user's own corpus, the confidently labelled
/// part (balanced by a per-category cap) trains the fastText-compatible engine, so the model
/// learns the user's vocabulary. The labelled sample streams through a temporary file.
public struct Bootstrapper {
    public var classifier: DocumentClassifier
    public var minimumConfidence = 0.3
    public var perCategoryCap = 20_000
    public var trainer = FastTextTrainer()
    public var ingest = StageRunner.Configuration()

    public init(classifier: DocumentClassifier) {
        self.classifier = classifier
    }

    public struct Result {
        public var model: FastTextModel
        /// Training documents per category (after the confidence filter and the cap).
        public var used: [String: Int]
        public var read: Int
    }

    public func run(inputs: [String], workDirectory: String) throws -> Result {
        var configuration = ingest
        configuration.command = "bootstrap"
        configuration.documentsName = "labelled"
        configuration.overwrite = true  // a scratch directory of this process
        configuration.stages = StageChain(ConfidentLabels(classifier: classifier, minimumConfidence: minimumConfidence))
        let pipeline = StageRunner(configuration: configuration) { document, out in
            var json = JSONWriter()
            json.beginObject()
            json.member("text", string: document.text)
            json.key("category")
            json.raw(document.field("category") ?? [])
            json.endObject()
            out.append(contentsOf: json.bytes)
            out.append(0x0A)
        }
        let summary = try pipeline.run(inputs: inputs, outputDirectory: workDirectory)
        let labelled = LabeledCorpus(path: summary.outputs["documents"]!)
        var used: [String: Int] = [:]
        let cap = perCategoryCap
        // The cap keeps the first documents of each category in input order: deterministic.
        let model = try trainer.train { visit in
            var seen: [String: Int] = [:]
            try labelled.forEach { text, labels in
                seen[labels[0], default: 0] += 1
                if seen[labels[0]]! <= cap { try visit(text, labels) }
            }
            used = seen.mapValues { min($0, cap) }
        }
        return Result(model: model, used: used, read: summary.totals.read)
    }
}

/// Keeps the documents the classifier labels with at least `minimumConfidence`, as fastText
/// training text with the label in a `category` field.
private struct ConfidentLabels: DocumentStage {
    var classifier: DocumentClassifier
    var minimumConfidence: Double
    var name: String { "confident-labels" }
    var fingerprint: String { "min=\(minimumConfidence)" }

    func process(_ document: Document, statistics: inout CategoryStatistics) -> StageVerdict {
        let prediction = classifier.classify(document.text)
        guard prediction.confidence >= minimumConfidence else {
            return .remove(reason: "low-confidence", detail: "confidence \(prediction.confidence)")
        }
        statistics.add(category: prediction.category, bytes: document.text.utf8.count, confidence: prediction.confidence)
        var json = JSONWriter()
        json.string(prediction.category)
        return .keep(Document(id: document.id, text: FastTextText.normalize(document.text), source: document.source,
                              fields: [RawJSONField(name: "category", rawValue: json.bytes)]))
    }
}
