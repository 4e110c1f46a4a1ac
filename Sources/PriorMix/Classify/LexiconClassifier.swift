import Foundation

/// The default classifier: works offline with no training data. Per-category lexicons and
/// structural signals (`TextSignals`) give a linear score per category; a softmax at the
/// taxonomy's temperature turns scores into calibrated probabilities.
public struct LexiconClassifier: DocumentClassifier {
    public let taxonomy: CategoryTaxonomy
    /// Word (or two-word pair) hash → index into `entries`, whose slices list (category, weight).
    private let table: TermHashTable
    private let entryStarts: [Int32]
    private let entryCategories: [Int32]
    private let entryWeights: [Double]
    private let signalWeights: [[Double]]

    public init(taxonomy: CategoryTaxonomy) {
        self.taxonomy = taxonomy
        var words: [UInt64: [(Int, Double)]] = [:]
        var pairs: [UInt64: [(Int, Double)]] = [:]
        for (index, category) in taxonomy.categories.enumerated() {
            for (entry, weight) in category.lexicon {
                let parts = entry.split(separator: " ").map { Array($0.utf8) }
                func add(_ table: inout [UInt64: [(Int, Double)]], _ hash: UInt64) {
                    // A word listed twice for one category keeps its larger weight.
                    if let at = table[hash]?.firstIndex(where: { $0.0 == index }) {
                        table[hash]![at].1 = max(table[hash]![at].1, weight)
                    } else {
                        table[hash, default: []].append((index, weight))
                    }
                }
                if parts.count == 1 {
                    add(&words, WordScanner.hash(parts[0]))
                    if parts[0].last != UInt8(ascii: "s") { add(&words, WordScanner.hash(parts[0] + [UInt8(ascii: "s")])) }
                } else if parts.count == 2 {
                    add(&pairs, WordScanner.pairHash(WordScanner.hash(parts[0]), WordScanner.hash(parts[1])))
                }
            }
        }
        // Flatten both maps into one table; pair hashes live in the same key space.
        var starts: [Int32] = [0], categories: [Int32] = [], weights: [Double] = []
        var table = TermHashTable(capacity: words.count + pairs.count)
        for (hash, list) in Array(words) + Array(pairs) {
            table.insert(hash, value: Int32(starts.count - 1))
            for (category, weight) in list { categories.append(Int32(category)); weights.append(weight) }
            starts.append(Int32(categories.count))
        }
        self.table = table
        entryStarts = starts
        entryCategories = categories
        entryWeights = weights
        signalWeights = taxonomy.categories.map { category in TextSignals.Signal.allCases.map { category.signalWeights[$0] ?? 0 } }
    }

    /// Category scores before the softmax, with the signals that went into them.
    public func scores(_ text: String) -> (scores: [Double], signals: TextSignals) {
        var hits = [Double](repeating: 0, count: taxonomy.categories.count)
        var previous: UInt64 = 0
        var text = text
        let signals = text.withUTF8 { buffer in
            TextSignals.measure(buffer) { _, hash in
                addHits(table.value(for: hash), to: &hits)
                if previous != 0 { addHits(table.value(for: WordScanner.pairHash(previous, hash)), to: &hits) }
                previous = hash
            }
        }
        let per100 = 100.0 / Double(max(signals.wordCount, 20))
        var scores = [Double](repeating: 0, count: hits.count)
        for (index, category) in taxonomy.categories.enumerated() {
            var score = category.bias + taxonomy.lexiconWeight * log1p(hits[index] * per100)
            for (signal, weight) in zip(signals.values, signalWeights[index]) { score += weight * signal }
            scores[index] = score
        }
        return (scores, signals)
    }

    /// The lexicon entries a text matched, per category (in `categoryIDs` order), most weight first:
    /// what `classifier explain` shows so a user can see which words drove a decision.
    public func matchedTerms(_ text: String) -> [[(term: String, count: Int, weight: Double)]] {
        var found = [[String: (count: Int, weight: Double)]](repeating: [:], count: taxonomy.categories.count)
        func record(_ term: String, _ entry: Int32) {
            guard entry >= 0 else { return }
            for index in Int(entryStarts[Int(entry)])..<Int(entryStarts[Int(entry) + 1]) {
                let category = Int(entryCategories[index])
                found[category][term, default: (0, entryWeights[index])].count += 1
            }
        }
        var previous: (word: String, hash: UInt64)?
        WordScanner.forEachWord(text) { word, hash in
            record(word, table.value(for: hash))
            if let previous { record(previous.word + " " + word, table.value(for: WordScanner.pairHash(previous.hash, hash))) }
            previous = (word, hash)
        }
        return found.map { terms in
            terms.map { (term: $0.key, count: $0.value.count, weight: $0.value.weight) }
                .sorted { ($0.weight * Double($0.count), $1.term) > ($1.weight * Double($1.count), $0.term) }
        }
    }

    @inline(__always)
    private func addHits(_ entry: Int32, to hits: inout [Double]) {
        guard entry >= 0 else { return }
        for index in Int(entryStarts[Int(entry)])..<Int(entryStarts[Int(entry) + 1]) {
            hits[Int(entryCategories[index])] += entryWeights[index]
        }
    }

    public func probabilities(_ text: String) -> [Double] {
        let raw = scores(text).scores
        let maximum = raw.max() ?? 0
        let exponentials = raw.map { exp(($0 - maximum) / taxonomy.temperature) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }

    public func classify(_ text: String) -> CategoryPrediction {
        CategoryPrediction.ranked(labels: CategoryTaxonomy.categoryIDs, probabilities: probabilities(text), k: 3, method: "lexicon")
    }
}

/// A trained fastText model as a classifier; labels outside the 16 categories are kept as named.
public struct FastTextClassifier: DocumentClassifier {
    public let model: FastTextModel
    /// Apply `FastTextText.normalize` first (models PriorMix trained expect it).
    public let preprocess: Bool

    public init(model: FastTextModel, preprocess: Bool = true) {
        self.model = model
        self.preprocess = preprocess
    }

    public func classify(_ text: String) -> CategoryPrediction {
        var text = text
        let probabilities = preprocess ? text.withUTF8 { model.probabilities(normalizing: $0) } : model.probabilities(text)
        guard probabilities.contains(where: { $0 > 0 }) else {
            return CategoryPrediction(category: "web_crawl", confidence: 0, top: [], method: "model")
        }
        return CategoryPrediction.ranked(labels: model.labels, probabilities: probabilities, k: 3, method: "model")
    }
}
