import Foundation

/// Leave-package-out cross-validation of the lexicon, the learned model and their combination, and
/// the fit of the combination's weight and temperatures on its out-of-package predictions.
///
/// Packages are dealt to `folds` folds category by category (largest first, the starting fold
/// rotating), so with at most `folds` packages in a category every fold holds out at most one of
/// them: each document is predicted by a model that never saw its package, trained on every other
/// package of its category — leave-one-package-out per category, at the cost of `folds` trainings.
/// Everything chosen here (weight, temperatures) is chosen on these training-side predictions only.
public struct PackageHoldout {
    public struct Example: Sendable {
        public var text: String
        public var category: String
        public var package: String

        public init(text: String, category: String, package: String) {
            self.text = text
            self.category = category
            self.package = package
        }
    }

    /// Recall figures of one classifier over the held-out predictions.
    public struct Scores: Codable, Equatable, Sendable {
        /// Recall per category (documents of the category labelled as it).
        public var recall: [String: Double]
        /// Mean recall over the distinctive seven categories present.
        public var macroDistinctive: Double
        /// Mean recall over every category present.
        public var macroAll: Double
        public var accuracy: Double
        /// Mean negative log-likelihood of the true category (what the temperature minimises).
        public var logLoss: Double
    }

    public struct PackageRow: Codable, Equatable, Sendable {
        public var category: String
        public var package: String
        public var documents: Int
        public var lexicon: Double
        public var learned: Double
        public var combined: Double
    }

    /// A category's true share of the held-out documents beside the counted (arg-max) and expected
    /// (sum of calibrated probabilities) shares of the combined classifier.
    public struct Share: Codable, Equatable, Sendable {
        public var category: String
        public var trueShare: Double
        public var counted: Double
        public var expected: Double
    }

    public struct Result: Codable, Equatable, PrettyJSONEncodable, Sendable {
        public var documents: Int
        public var packages: Int
        public var folds: Int
        public var learnedWeight: Double
        public var temperature: Double
        public var learnedTemperature: Double
        /// Per-category log-prior corrections of the combination (empty when not fitted).
        public var categoryOffsets: [String: Double]
        public var lexicon: Scores
        public var learned: Scores
        /// The combination as shipped, each fold's documents with a weight and offsets fitted without them.
        public var combined: Scores
        /// The combination with the weight fitted on every document and no offsets (what shipped before them).
        public var combinedWithoutOffsets: Scores
        public var byPackage: [PackageRow]
        public var shares: [Share]

        public var table: String {
            func percent(_ value: Double) -> String { String(format: "%.1f", 100 * value) }
            var rows = [["category", "held-out package", "documents", "lexicon %", "learned %", "combined %"]]
            rows += byPackage.map { [$0.category, $0.package, "\($0.documents)", percent($0.lexicon), percent($0.learned), percent($0.combined)] }
            var lines = [AlignedTable(rows: rows, rightAligned: [2, 3, 4, 5]).text, ""]
            var summary = [["", "lexicon", "learned", "combined"]]
            for category in CategoryTaxonomy.categoryIDs where combined.recall[category] != nil {
                summary.append([category, percent(lexicon.recall[category]!), percent(learned.recall[category]!), percent(combined.recall[category]!)])
            }
            summary.append(["macro, distinctive seven", percent(lexicon.macroDistinctive), percent(learned.macroDistinctive), percent(combined.macroDistinctive)])
            summary.append(["macro, all categories", percent(lexicon.macroAll), percent(learned.macroAll), percent(combined.macroAll)])
            summary.append(["accuracy", percent(lexicon.accuracy), percent(learned.accuracy), percent(combined.accuracy)])
            summary.append(["log loss", String(format: "%.3f", lexicon.logLoss), String(format: "%.3f", learned.logLoss), String(format: "%.3f", combined.logLoss)])
            lines.append(AlignedTable(rows: summary, rightAligned: [1, 2, 3]).text)
            lines.append("")
            lines.append("\(documents) documents, \(packages) packages, \(folds) folds; chosen: learned weight \(String(format: "%.2f", learnedWeight)), "
                         + "temperature \(String(format: "%.2f", temperature)) (learned alone \(String(format: "%.2f", learnedTemperature)))")
            if !categoryOffsets.isEmpty {
                lines.append("category offsets (fitted per fold without its packages for the figures above): "
                             + CategoryTaxonomy.categoryIDs.compactMap { id in categoryOffsets[id].map { "\(id) \(String(format: "%+.2f", $0))" } }.joined(separator: ", "))
                lines.append("combined without offsets (weight fitted on all): \(percent(combinedWithoutOffsets.macroDistinctive)) distinctive seven, "
                             + "\(percent(combinedWithoutOffsets.macroAll)) all categories")
            }
            var shareRows = [["category", "true %", "counted %", "expected %"]]
            shareRows += shares.map { [$0.category, percent($0.trueShare), percent($0.counted), percent($0.expected)] }
            lines.append("")
            lines.append(AlignedTable(rows: shareRows, rightAligned: [1, 2, 3]).text)
            return lines.joined(separator: "\n")
        }
    }

    /// The categories whose vocabulary sets them apart; the issue's first aim is measured on them.
    public static let distinctiveCategories = ["code", "law", "mathematics", "medicine", "food", "qa_forum", "literature"]

    public var trainer: FastTextTrainer
    public var folds = 10
    /// Candidate weights of the learned model in the combination.
    public var weights: [Double] = stride(from: 0.0, through: 1.0, by: 0.05).map { $0 }
    public var threads = 2
    /// Train on words found in at least this many packages (`PackageVocabulary`); 1 keeps every word.
    public var minimumPackages = 1
    /// Fit per-category log-prior corrections of the combination (`CombinedClassifier.categoryOffsets`).
    public var categoryOffsets = true

    public init(trainer: FastTextTrainer) {
        self.trainer = trainer
    }

    /// Fold of each example: category by category, each package not yet dealt (largest first) goes
    /// to the least filled fold that holds no other package of the category (any fold once all do).
    /// A package in several categories is dealt once, with its first category.
    public func foldAssignment(_ examples: [Example]) -> [Int] {
        var sizes: [String: [String: Int]] = [:]
        for example in examples { sizes[example.category, default: [:]][example.package, default: 0] += 1 }
        var foldOfPackage: [String: Int] = [:]
        var filled = [Int](repeating: 0, count: folds)
        for category in sizes.keys.sorted() {
            let packages = sizes[category]!.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            var used = Set(packages.compactMap { foldOfPackage[$0.key] })
            for (package, size) in packages where foldOfPackage[package] == nil {
                let free = (0..<folds).filter { !used.contains($0) }
                let fold = (free.isEmpty ? Array(0..<folds) : free).min { (filled[$0], $0) < (filled[$1], $1) }!
                foldOfPackage[package] = fold
                filled[fold] += size
                used.insert(fold)
            }
        }
        return examples.map { foldOfPackage[$0.package]! }
    }

    /// The model `classifier fit` ships: trained on every example, as each fold's model is on its part.
    public func trainOnAll(_ examples: [Example]) throws -> FastTextModel {
        let normalized = examples.map { FastTextText.normalize($0.text) }
        return try Self.train(trainer, minimumPackages: minimumPackages, examples, normalized: normalized, indices: Array(examples.indices))
    }

    /// Trains on `indices` of the examples, on the words found in at least `minimumPackages` of their packages.
    /// The examples are visited in a seeded shuffled order: labelled files usually come grouped by
    /// category, and single-threaded SGD with a decaying rate over such blocks ends biased towards the
    /// categories it saw last.
    static func train(_ trainer: FastTextTrainer, minimumPackages: Int, _ examples: [Example], normalized: [String], indices: [Int]) throws -> FastTextModel {
        let vocabulary = PackageVocabulary(indices.map { (normalized[$0], examples[$0].package) }, minimumPackages: minimumPackages)
        var random = SplitMix64(seed: trainer.seed)
        let order = indices.shuffled(using: &random)
        return try trainer.train { visit in
            for index in order { try visit(vocabulary.filter(normalized[index]), [examples[index].category]) }
        }
    }

    /// Every example's fold and its out-of-package log-probabilities: the lexicon's, and those of the
    /// model trained without the example's fold (nil when the model had no feature for the text).
    public struct OutOfFold: Sendable {
        public var fold: [Int]
        public var lexicon: [[Double]]
        public var learned: [[Double]?]
    }

    public func outOfFold(_ examples: [Example], lexicon: LexiconClassifier) throws -> OutOfFold {
        let normalized = examples.map { FastTextText.normalize($0.text) }
        let fold = foldAssignment(examples)
        let lexiconLogs = examples.map { lexicon.probabilities($0.text).map { log(max($0, 1e-300)) } }

        // One model per fold, trained without the fold's packages; folds train in parallel.
        let trainer = self.trainer
        let minimumPackages = self.minimumPackages
        let learnedLogs = UnsafeSendableBox([[Double]?](repeating: nil, count: examples.count))
        let failure = UnsafeSendableBox<Error?>(nil)
        let lock = NSLock()
        let queue = DispatchQueue(label: "holdout", attributes: .concurrent)
        let group = DispatchGroup()
        let semaphore = DispatchSemaphore(value: max(1, threads))
        for current in 0..<folds {
            semaphore.wait()
            queue.async(group: group) {
                defer { semaphore.signal() }
                do {
                    let model = try Self.train(trainer, minimumPackages: minimumPackages, examples, normalized: normalized,
                                               indices: normalized.indices.filter { fold[$0] != current })
                    let learned = LearnedClassifier(model: model)
                    var found: [(Int, [Double]?)] = []
                    for index in normalized.indices where fold[index] == current {
                        found.append((index, learned.logProbabilities(examples[index].text)))
                    }
                    lock.lock(); for (index, logs) in found { learnedLogs.value[index] = logs }; lock.unlock()
                } catch {
                    lock.lock(); failure.value = error; lock.unlock()
                }
            }
        }
        group.wait()
        if let error = failure.value { throw error }
        return OutOfFold(fold: fold, lexicon: lexiconLogs, learned: learnedLogs.value)
    }

    public func run(_ examples: [Example], lexicon: LexiconClassifier) throws -> Result {
        try run(examples, outOfFold: try outOfFold(examples, lexicon: lexicon))
    }

    /// The figures and the fitted combination of given out-of-fold predictions.
    public func run(_ examples: [Example], outOfFold: OutOfFold) throws -> Result {
        let categories = CategoryTaxonomy.categoryIDs
        let truth = examples.map { categories.firstIndex(of: $0.category) ?? -1 }
        let lexiconLogs = outOfFold.lexicon
        let learnedLogs = outOfFold.learned
        let foldCount = folds

        let uniform = [Double](repeating: -log(Double(categories.count)), count: categories.count)
        let learnedOnly = learnedLogs.map { $0 ?? uniform }
        func scores(_ logs: [[Double]]) -> Scores { Self.scores(logs, truth: truth, categories: categories) }
        func objective(_ s: Scores) -> Double { (s.macroDistinctive + s.macroAll) / 2 }

        // The weight by recall (arg-max does not depend on the temperature), then the per-category
        // offsets by weighted log loss, on the given documents only; with the members' combination
        // at that weight before the offsets.
        func fitted(on members: [Int]) -> (weight: Double, offsets: [Double], logs: [[Double]]) {
            let memberTruth = members.map { truth[$0] }
            var bestWeight = 0.0, bestObjective = -1.0, bestLogs: [[Double]] = []
            for weight in weights {
                let logs = members.map { CombinedClassifier.combine(lexicon: lexiconLogs[$0], learned: learnedLogs[$0], learnedWeight: weight, temperature: 1) }
                let value = objective(Self.scores(logs, truth: memberTruth, categories: categories))
                if value > bestObjective + 1e-12 { bestObjective = value; bestWeight = weight; bestLogs = logs }
            }
            guard categoryOffsets else { return (bestWeight, [], bestLogs) }
            return (bestWeight, Self.fitOffsets(bestLogs, truth: memberTruth, categories: categories), bestLogs)
        }
        // Nested: each fold's documents are combined with a weight and offsets fitted on the other
        // folds' out-of-package predictions, so the figures reported are not fitted on themselves.
        var nested = [[Double]](repeating: [], count: examples.count)
        for current in 0..<foldCount {
            let held = examples.indices.filter { outOfFold.fold[$0] == current }
            guard !held.isEmpty else { continue }
            let (weight, offsets, _) = fitted(on: examples.indices.filter { outOfFold.fold[$0] != current })
            for index in held {
                nested[index] = CombinedClassifier.combine(lexicon: lexiconLogs[index], learned: learnedLogs[index], learnedWeight: weight,
                                                           temperature: 1, offsets: offsets)
            }
        }
        // What ships: the weight and offsets fitted on every document; the temperature fitted (by log
        // loss) on the nested predictions, i.e. on documents whose offsets were fitted without them.
        let (bestWeight, offsets, logsWithoutOffsets) = fitted(on: Array(examples.indices))
        let temperature = Self.fitTemperature { t in scores(nested.map { LogSpace.normalized($0.map { $0 / t }) }).logLoss }
        let learnedTemperature = Self.fitTemperature { t in scores(learnedOnly.map { LogSpace.normalized($0.map { $0 / t }) }).logLoss }
        let combinedLogs = nested.map { LogSpace.normalized($0.map { $0 / temperature }) }
        let withoutOffsets = scores(logsWithoutOffsets)
        let lexiconScores = scores(lexiconLogs)
        let learnedScores = scores(learnedOnly.map { LogSpace.normalized($0.map { $0 / learnedTemperature }) })
        let combinedScores = scores(combinedLogs)

        let argmax = Self.argmax
        var rows: [PackageRow] = []
        let byPackage = Dictionary(grouping: examples.indices, by: { examples[$0].category + "\u{0}" + examples[$0].package })
        for key in byPackage.keys.sorted() {
            let members = byPackage[key]!
            func recall(_ logs: [[Double]]) -> Double { Double(members.filter { argmax(logs[$0]) == truth[$0] }.count) / Double(members.count) }
            rows.append(PackageRow(category: examples[members[0]].category, package: examples[members[0]].package, documents: members.count,
                                   lexicon: recall(lexiconLogs), learned: recall(learnedOnly), combined: recall(combinedLogs)))
        }
        let count = Double(examples.count)
        var shares: [Share] = []
        for (index, category) in categories.enumerated() {
            shares.append(Share(category: category, trueShare: Double(truth.filter { $0 == index }.count) / count,
                                counted: Double(combinedLogs.filter { argmax($0) == index }.count) / count,
                                expected: combinedLogs.reduce(0) { $0 + exp($1[index]) } / count))
        }
        return Result(documents: examples.count, packages: Set(examples.map(\.package)).count, folds: foldCount,
                      learnedWeight: bestWeight, temperature: temperature, learnedTemperature: learnedTemperature,
                      categoryOffsets: Dictionary(uniqueKeysWithValues: zip(categories, offsets)),
                      lexicon: lexiconScores, learned: learnedScores, combined: combinedScores, combinedWithoutOffsets: withoutOffsets,
                      byPackage: rows, shares: shares)
    }

    /// The index of the largest value; ties go to the lower index.
    static func argmax(_ logs: [Double]) -> Int { logs.indices.max { logs[$0] != logs[$1] ? logs[$0] < logs[$1] : $0 > $1 }! }

    static func scores(_ logs: [[Double]], truth: [Int], categories: [String]) -> Scores {
        var hits = [Int](repeating: 0, count: categories.count), totals = hits
        var loss = 0.0, correct = 0
        for (row, label) in zip(logs, truth) where label >= 0 {
            totals[label] += 1
            if argmax(row) == label { hits[label] += 1; correct += 1 }
            loss -= max(row[label], log(1e-12))
        }
        var recall: [String: Double] = [:]
        for (index, category) in categories.enumerated() where totals[index] > 0 { recall[category] = Double(hits[index]) / Double(totals[index]) }
        func mean(_ names: [String]) -> Double {
            let values = names.compactMap { recall[$0] }
            return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
        let n = Double(max(totals.reduce(0, +), 1))
        return Scores(recall: recall, macroDistinctive: mean(distinctiveCategories), macroAll: mean(categories),
                      accuracy: Double(correct) / n, logLoss: loss / n)
    }

    /// Per-category offsets `b` minimising the log loss of `softmax(logs + b)`, each document weighted
    /// as the holdout's objective weighs it (half the macro recall over the distinctive seven, half
    /// over all categories present: within a category every document counts alike), plus a small
    /// ridge (0.001 |b|²) that keeps the fit finite for a category absent from `truth`. Convex; solved
    /// by gradient descent from zero (a fixed schedule, so the same predictions give the same offsets).
    static func fitOffsets(_ logs: [[Double]], truth: [Int], categories: [String]) -> [Double] {
        let count = categories.count
        var totals = [Int](repeating: 0, count: count)
        for label in truth where label >= 0 { totals[label] += 1 }
        let present = totals.indices.filter { totals[$0] > 0 }
        let distinctive = present.filter { distinctiveCategories.contains(categories[$0]) }
        guard !present.isEmpty else { return [Double](repeating: 0, count: count) }
        var documentWeight = [Double](repeating: 0, count: count)
        for label in present {
            let categoryWeight = 0.5 / Double(present.count) + (distinctive.contains(label) ? 0.5 / Double(distinctive.count) : 0)
            documentWeight[label] = categoryWeight / Double(totals[label])
        }
        let ridge = 0.001
        var offsets = [Double](repeating: 0, count: count)
        var gradient = offsets, probabilities = offsets
        for _ in 0..<1000 {
            for index in 0..<count { gradient[index] = ridge * offsets[index] }
            for (row, label) in zip(logs, truth) where label >= 0 {
                var maximum = -Double.infinity
                for index in 0..<count { probabilities[index] = row[index] + offsets[index]; maximum = max(maximum, probabilities[index]) }
                var total = 0.0
                for index in 0..<count { probabilities[index] = exp(probabilities[index] - maximum); total += probabilities[index] }
                let weight = documentWeight[label]
                for index in 0..<count { gradient[index] += weight * probabilities[index] / total }
                gradient[label] -= weight
            }
            // The objective's curvature is at most a half (weights sum to one): a unit step is safe.
            for index in 0..<count { offsets[index] -= gradient[index] }
            if gradient.allSatisfy({ abs($0) < 1e-8 }) { break }
        }
        return offsets
    }

    /// The temperature minimising `loss`, by golden-section search on log t over [0.1, 10].
    static func fitTemperature(_ loss: (Double) -> Double) -> Double {
        var low = log(0.1), high = log(10.0)
        let ratio = (sqrt(5.0) - 1) / 2
        var a = high - ratio * (high - low), b = low + ratio * (high - low)
        var fa = loss(exp(a)), fb = loss(exp(b))
        for _ in 0..<40 {
            if fa < fb { high = b; b = a; fb = fa; a = high - ratio * (high - low); fa = loss(exp(a)) } else { low = a; a = b; fa = fb; b = low + ratio * (high - low); fb = loss(exp(b)) }
        }
        return exp((low + high) / 2)
    }
}

/// A mutable box shared by worker closures; every access is guarded by the caller's lock.
final class UnsafeSendableBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
