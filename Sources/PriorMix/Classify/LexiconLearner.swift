import Foundation

/// Learns per-category word weights from labelled documents, for the default classifier's
/// lexicons: a word enters a category's list when documents of that category contain it several
/// times more often than documents of the other categories (rates averaged per category, so a
/// large category does not drown the rest). The result is a small, readable YAML file of words
/// and weights — the same kind of knowledge as the hand-written lexicons, measured instead of
/// guessed — that `categories.yaml` can name under `learned_lexicons`.
public struct LexiconLearner {
    public var minimumDocuments = 3
    /// A word must be at least this many times more frequent in the category than elsewhere.
    public var minimumRatio = 4.0
    /// Share of the category's documents that must contain the word.
    public var minimumShare = 0.02
    public var wordsPerCategory = 400

    private var documentFrequency: [String: [Int32]] = [:]
    private var documents = [Int](repeating: 0, count: CategoryTaxonomy.categoryIDs.count)
    private let categoryIndex = Dictionary(uniqueKeysWithValues: CategoryTaxonomy.categoryIDs.enumerated().map { ($1, $0) })

    public init() {}

    /// Counts one document; labels outside the 16 categories are refused by name.
    public mutating func add(text: String, category: String) throws {
        guard let index = categoryIndex[category] else {
            throw PriorMixError(.malformedInput, "unknown category '\(category)'",
                                hint: "the categories are: \(CategoryTaxonomy.categoryIDs.joined(separator: ", "))")
        }
        documents[index] += 1
        for word in Self.distinctWords(text) {
            documentFrequency[word, default: [Int32](repeating: 0, count: documents.count)][index] += 1
        }
    }

    /// Lowercase words as the classifier's scanner sees them (ASCII letters and non-ASCII bytes).
    static func distinctWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        WordScanner.forEachWord(text) { word, _ in
            // Only words of letters: dashes and quotes glued to a word, or mojibake, make no lexicon entry.
            if word.utf8.count >= 2 && word.utf8.count <= 30 && word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) {
                words.insert(word)
            }
        }
        return words
    }

    public struct Entry: Equatable, Sendable {
        public var word: String
        public var weight: Double
    }

    /// Per category, the chosen words with weights from 0.6 (four times as frequent) to 3.0
    /// (sixty-four times or more), the strengths the hand-written lexicons use.
    public func learn() -> [String: [Entry]] {
        var result: [String: [Entry]] = [:]
        let categories = documents.indices.filter { documents[$0] > 0 }
        for category in categories {
            let others = categories.filter { $0 != category }
            guard !others.isEmpty else { continue }
            var ranked: [(entry: Entry, rank: Double)] = []
            for (word, counts) in documentFrequency where Int(counts[category]) >= minimumDocuments {
                let rate = (Double(counts[category]) + 0.5) / Double(documents[category] + 1)
                guard rate >= minimumShare else { continue }
                let rest = others.map { (Double(counts[$0]) + 0.5) / Double(documents[$0] + 1) }.reduce(0, +) / Double(others.count)
                let ratio = rate / rest
                guard ratio >= minimumRatio else { continue }
                let strength = min(1, (log(ratio) - log(minimumRatio)) / (log(64) - log(minimumRatio)))
                ranked.append((Entry(word: word, weight: ((0.6 + 2.4 * strength) * 10).rounded() / 10), rate * log(ratio)))
            }
            // Ties broken by the word itself, so the file is the same on every run.
            ranked.sort { $0.rank != $1.rank ? $0.rank > $1.rank : $0.entry.word < $1.entry.word }
            result[CategoryTaxonomy.categoryIDs[category]] = ranked.prefix(wordsPerCategory).map(\.entry)
                .sorted { $0.word < $1.word }
        }
        return result
    }

    /// The YAML file `categories.yaml` reads under `learned_lexicons`, for lists `learn()` gave:
    /// "word:weight" pairs per category (plain strings, so no word is read as a YAML boolean).
    public func yaml(_ learned: [String: [Entry]], origin: String) -> String {
        var lines = ["# Learned by `priormix classifier learn-lexicon` from \(origin):",
                     "# \(documents.reduce(0, +)) documents; a word is listed for a category when its documents contain it",
                     "# at least \(minimumRatio)x as often as the other categories' (weights 0.6 to 3.0, as in categories.yaml).",
                     "version: 1", "categories:"]
        for id in CategoryTaxonomy.categoryIDs {
            guard let entries = learned[id], !entries.isEmpty else { continue }
            lines.append("  \(id): >-")
            var line = "   "
            for entry in entries {
                let item = " \(entry.word):\(String(format: "%.1f", entry.weight))"
                if line.utf8.count + item.utf8.count > 110 { lines.append(line); line = "   " }
                line += item
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a learned-lexicon file back: category id → (word, weight).
    public static func load(path: String) throws -> [String: [(String, Double)]] {
        let root = try ConfigurationFile.open(path, kind: .learnedLexicon)
        guard root.isMapping else { throw root.fail("expected a mapping at the top level") }
        var result: [String: [(String, Double)]] = [:]
        for (id, value) in try root.optional("categories")?.entries() ?? [] {
            guard CategoryTaxonomy.categoryIDs.contains(id) else {
                throw value.fail("unknown category '\(PriorMixError.excerpt(id))'")
            }
            for item in try value.string().split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let parts = item.split(separator: ":")
                guard parts.count == 2, let weight = Double(parts[1]) else {
                    throw value.fail("expected word:weight, found '\(PriorMixError.excerpt(item))'")
                }
                result[id, default: []].append((String(parts[0]), weight))
            }
        }
        return result
    }
}
