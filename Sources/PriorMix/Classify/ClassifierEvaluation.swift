import Foundation

/// Accuracy, macro-F1, per-category precision and recall, and the confusion matrix of a
/// classifier on labelled documents. Neighbouring categories' confusions stay visible in the matrix,
/// and, given each document's ranked categories, how often the label is at least the runner-up
/// (for labels that are arguable, a near miss differs from a miss).
public struct ClassifierEvaluation: Codable, Sendable, PrettyJSONEncodable {
    public struct CategoryScore: Codable, Sendable {
        public var category: String
        public var support: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Share of the category's documents whose label is first or second (when rankings were given).
        public var topTwoRecall: Double?
    }

    public var documents: Int
    public var accuracy: Double
    public var macroF1: Double
    /// Share of documents whose label is first or second (when rankings were given).
    public var topTwoAccuracy: Double?
    public var categories: [CategoryScore]
    /// Row = true category, column = predicted category, in `labels` order.
    public var labels: [String]
    public var confusion: [[Int]]

    /// Also measures how often the label is the prediction's runner-up.
    public init(truth: [String], predictions: [CategoryPrediction], labels: [String] = CategoryTaxonomy.categoryIDs) {
        self.init(truth: truth, predicted: predictions.map(\.category), labels: labels)
        let hits = zip(truth, predictions).map { label, prediction in
            prediction.category == label || prediction.top.dropFirst().first?.category == label
        }
        topTwoAccuracy = truth.isEmpty ? 0 : Double(hits.filter { $0 }.count) / Double(truth.count)
        for i in categories.indices where categories[i].support > 0 {
            let mine = zip(truth, hits).filter { $0.0 == categories[i].category }
            categories[i].topTwoRecall = Double(mine.filter(\.1).count) / Double(mine.count)
        }
    }

    public init(truth: [String], predicted: [String], labels explicit: [String] = CategoryTaxonomy.categoryIDs) {
        var labels = explicit
        for label in truth + predicted where !labels.contains(label) { labels.append(label) }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (t, p) in zip(truth, predicted) { confusion[index[t]!][index[p]!] += 1 }
        var scores: [CategoryScore] = []
        for (i, label) in labels.enumerated() {
            let support = confusion[i].reduce(0, +)
            let predictedCount = confusion.reduce(0) { $0 + $1[i] }
            let correct = confusion[i][i]
            let precision = predictedCount > 0 ? Double(correct) / Double(predictedCount) : 0
            let recall = support > 0 ? Double(correct) / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            if support > 0 || predictedCount > 0 {
                scores.append(CategoryScore(category: label, support: support, precision: precision, recall: recall, f1: f1))
            }
        }
        let present = scores.filter { $0.support > 0 }
        documents = truth.count
        accuracy = truth.isEmpty ? 0 : Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
        macroF1 = present.isEmpty ? 0 : present.map(\.f1).reduce(0, +) / Double(present.count)
        categories = scores
        self.labels = labels
        self.confusion = confusion
    }

    /// An aligned terminal report: the per-category table, then the confusion matrix.
    public var table: String {
        var lines = [String(format: "documents %d   accuracy %.1f%%   macro-F1 %.3f", documents, accuracy * 100, macroF1)
                     + (topTwoAccuracy.map { String(format: "   label in top two %.1f%%", $0 * 100) } ?? ""), ""]
        let width = max(16, labels.map(\.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text.count >= count ? text : text + String(repeating: " ", count: count - text.count) }
        func left(_ text: String, _ count: Int) -> String { text.count >= count ? text : String(repeating: " ", count: count - text.count) + text }
        let showTopTwo = topTwoAccuracy != nil
        lines.append(pad("category", width) + "  support  precision  recall     F1" + (showTopTwo ? "  top-2" : ""))
        for score in categories {
            lines.append(pad(score.category, width) + left(String(score.support), 9) + left(String(format: "%.3f", score.precision), 11)
                         + left(String(format: "%.3f", score.recall), 8) + left(String(format: "%.3f", score.f1), 7)
                         + (showTopTwo ? left(score.topTwoRecall.map { String(format: "%.3f", $0) } ?? "-", 7) : ""))
        }
        let used = labels.indices.filter { i in confusion[i].reduce(0, +) > 0 || confusion.contains { $0[i] > 0 } }
        lines.append("")
        lines.append("confusion (rows: true, columns: predicted)")
        lines.append(pad("", width) + used.map { left(String(labels[$0].prefix(5)), 6) }.joined())
        for i in used {
            lines.append(pad(labels[i], width) + used.map { left(confusion[i][$0] == 0 ? "." : String(confusion[i][$0]), 6) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}

/// Labelled examples from JSONL (`text` and a label field), streamed in file order.
public struct LabeledCorpus {
    public var path: String
    public var textField = "text"
    public var labelField = "category"

    public init(path: String, textField: String = "text", labelField: String = "category") {
        self.path = path
        self.textField = textField
        self.labelField = labelField
    }

    /// Calls `visit` for each line with a string text and a string (or array of strings) label.
    /// Lines without them are skipped and counted in the return value.
    @discardableResult
    public func forEach(_ visit: (String, [String]) throws -> Void) throws -> Int {
        try forEach(alsoReading: nil) { text, labels, _ in try visit(text, labels) }
    }

    /// The same, with the string value of one more field (a document's source, say) when present.
    @discardableResult
    public func forEach(alsoReading field: String?, _ visit: (String, [String], String?) throws -> Void) throws -> Int {
        let reader = try JSONLReader(path: path, maxLineBytes: 64 << 20)
        var skipped = 0
        while let record = try reader.next() {
            guard case .jsonLine = record.payload,
                  let object = try? JSONSerialization.jsonObject(with: Data(record.bytes)) as? [String: Any],
                  let text = object[textField] as? String else { skipped += 1; continue }
            let labels: [String]
            if let single = object[labelField] as? String { labels = [single] }
            else if let many = object[labelField] as? [String] { labels = many }
            else { skipped += 1; continue }
            try visit(text, labels, field.flatMap { object[$0] as? String })
        }
        return skipped
    }
}
