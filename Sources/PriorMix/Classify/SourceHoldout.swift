import Foundation

/// Measures how a trained classifier generalises across sources: for every category with
/// documents from two or more sources, each source in turn is held out, a fastText model is
/// trained on everything else, and the held-out documents' recall is compared with the default
/// classifier's (which trains on nothing). A random split of the same data, where every source
/// is seen in training, shows by contrast how much of a model's accuracy is memorised sources.
public struct SourceHoldout {
    public struct Example {
        public var text: String
        public var category: String
        public var source: String

        public init(text: String, category: String, source: String) {
            self.text = text
            self.category = category
            self.source = source
        }
    }

    public struct Fold: Codable, Equatable {
        public var category: String
        public var source: String
        public var documents: Int
        /// Share of the source's documents a model trained without that source labels correctly.
        public var trainedRecall: Double
        /// The same share for the default classifier.
        public var defaultRecall: Double
    }

    public struct Result: Codable, Equatable, PrettyJSONEncodable {
        public var folds: [Fold]
        /// Accuracy of a model trained on a seeded random half and tested on the other half.
        public var randomSplitTrainedAccuracy: Double
        public var randomSplitDefaultAccuracy: Double

        /// Each held-out source's recall, the means, and the random split for contrast.
        public var table: String {
            func percent(_ value: Double) -> String { String(format: "%.1f", 100 * value) }
            var rows = [["category", "held-out source", "documents", "trained without it %", "default %"]]
            rows += folds.map { [$0.category, $0.source, "\($0.documents)", percent($0.trainedRecall), percent($0.defaultRecall)] }
            var lines = [AlignedTable(rows: rows, rightAligned: [2, 3, 4]).text]
            if !folds.isEmpty {
                let count = Double(folds.count)
                lines.append("mean over \(folds.count) held-out sources: trained \(percent(folds.map(\.trainedRecall).reduce(0, +) / count))%, "
                             + "default \(percent(folds.map(\.defaultRecall).reduce(0, +) / count))%")
            }
            lines.append("random half split (every source seen in training): trained \(percent(randomSplitTrainedAccuracy))%, "
                         + "default \(percent(randomSplitDefaultAccuracy))%")
            return lines.joined(separator: "\n")
        }
    }

    public var trainer = FastTextTrainer()
    /// At most this many sources held out per category, the largest first.
    public var maximumSourcesPerCategory = 4
    public var seed: UInt64 = 7

    public init() {}

    /// The source key of a document: the first capture group of `pattern` (or its whole match)
    /// when it matches, else the value itself — e.g. a package name out of a file path.
    public static func sourceKey(_ value: String, pattern: NSRegularExpression?) -> String {
        guard let pattern, let match = pattern.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) else { return value }
        for group in 1..<max(match.numberOfRanges, 1) {
            if let range = Range(match.range(at: group), in: value), !range.isEmpty { return String(value[range]) }
        }
        return Range(match.range, in: value).map { String(value[$0]) } ?? value
    }

    public func run(_ examples: [Example], defaultClassifier: DocumentClassifier) throws -> Result {
        let normalized = examples.map { FastTextText.normalize($0.text) }
        let defaultCorrect = examples.map { defaultClassifier.classify($0.text).category == $0.category }

        func train(on indices: [Int]) throws -> FastTextModel {
            try trainer.train { visit in for index in indices { try visit(normalized[index], [examples[index].category]) } }
        }
        func correct(_ model: FastTextModel, _ index: Int) -> Bool {
            FastTextClassifier(model: model, preprocess: false).classify(normalized[index]).category == examples[index].category
        }

        var folds: [Fold] = []
        let byCategory = Dictionary(grouping: examples.indices, by: { examples[$0].category })
        for category in byCategory.keys.sorted() {
            let bySource = Dictionary(grouping: byCategory[category]!, by: { examples[$0].source })
            guard bySource.count >= 2 else { continue }
            let held = bySource.keys.sorted { (bySource[$0]!.count, $1) > (bySource[$1]!.count, $0) }.prefix(maximumSourcesPerCategory)
            for source in held {
                let test = bySource[source]!
                let excluded = Set(test)
                let model = try train(on: examples.indices.filter { !excluded.contains($0) })
                folds.append(Fold(category: category, source: source, documents: test.count,
                                  trainedRecall: Double(test.filter { correct(model, $0) }.count) / Double(test.count),
                                  defaultRecall: Double(test.filter { defaultCorrect[$0] }.count) / Double(test.count)))
            }
        }

        var random = SplitMix64(seed: seed)
        var order = Array(examples.indices)
        for index in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(index, Int(random.next() % UInt64(index + 1))) }
        let half = order.count / 2
        let test = Array(order[half...])
        let model = try train(on: Array(order[..<half]))
        return Result(folds: folds,
                      randomSplitTrainedAccuracy: Double(test.filter { correct(model, $0) }.count) / Double(max(test.count, 1)),
                      randomSplitDefaultAccuracy: Double(test.filter { defaultCorrect[$0] }.count) / Double(max(test.count, 1)))
    }
}
