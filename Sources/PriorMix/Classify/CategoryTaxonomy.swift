import Foundation

/// The 16 source categories and what the default classifier knows of each, loaded from
/// `taxonomy/categories.yaml`; and the provenance mapping from `taxonomy/sources.yaml`.
public struct CategoryTaxonomy: Sendable {
    /// The paper's categories in a fixed order: probabilities and reports use it.
    public static let categoryIDs = ["academia", "arts", "biology", "code", "computer_science", "economics",
                                     "encyclopedia", "food", "law", "literature", "mathematics", "medicine",
                                     "philosophy", "politics", "qa_forum", "web_crawl"]

    public struct Category: Sendable {
        public var id: String
        public var name: String
        public var description: String
        public var bias: Double
        /// Lexicon entries: word (or "first second") and weight.
        public var lexicon: [(String, Double)]
        public var signalWeights: [TextSignals.Signal: Double]
    }

    public var version: Int
    public var temperature: Double
    public var lexiconWeight: Double
    public var categories: [Category]
    /// Lowercased source names (dataset, RedPajama set, Dolma source …) to category ids.
    public var sourceMapping: [String: String]

    /// Loads `categories.yaml` and `sources.yaml` from a taxonomy directory. Errors name the file,
    /// the line and the key (see `ConfigurationFile`).
    public static func load(directory: String) throws -> CategoryTaxonomy {
        let path = directory + "/categories.yaml"
        let root = try ConfigurationFile.open(path, kind: .taxonomy)
        guard root.isMapping else { throw root.fail("expected a mapping at the top level") }
        func number(_ node: ConfigurationNode?, default fallback: Double) throws -> Double {
            try node?.number() ?? fallback
        }
        // Strength name → weight, applied in name order (the order the lexicon was always built in).
        let strengths = try (root.optional("strengths")?.entries() ?? [])
            .sorted { $0.0 < $1.0 }
            .map { ($0.0, try $0.1.number()) }
        let categoriesNode = try root.optional("categories")
        let described = try categoriesNode?.entries() ?? []
        var categories: [Category] = []
        for id in categoryIDs {
            guard let node = described.first(where: { $0.0 == id })?.1 else {
                throw (categoriesNode ?? root).fail("category '\(id)' is missing", hint: "all 16 categories must be described")
            }
            var lexicon: [(String, Double)] = []
            for (strength, weight) in strengths {
                let words = try node.optional(strength)?.string() ?? ""
                lexicon += words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { (String($0).replacingOccurrences(of: "_", with: " "), weight) }
            }
            var signalWeights: [TextSignals.Signal: Double] = [:]
            for (name, value) in try node.optional("signals")?.entries() ?? [] {
                guard let signal = TextSignals.Signal(rawValue: name) else {
                    throw value.fail("unknown signal '\(PriorMixError.excerpt(name))'",
                                     hint: "known signals: \(TextSignals.Signal.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                signalWeights[signal] = try value.number()
            }
            categories.append(Category(id: id, name: try node.optional("name")?.string() ?? id,
                                       description: try node.optional("description")?.string() ?? "",
                                       bias: try number(node.optional("bias"), default: 0),
                                       lexicon: lexicon, signalWeights: signalWeights))
        }
        // Learned word lists (`priormix classifier learn-lexicon`) join the hand-written ones; a word
        // in both keeps its larger weight.
        let learnedWeight = try number(root.optional("learned_weight"), default: 1)
        for file in try root.optional("learned_lexicons")?.strings() ?? [] {
            let learned = try LexiconLearner.load(path: file.hasPrefix("/") ? file : directory + "/" + file)
            for index in categories.indices {
                categories[index].lexicon += (learned[categories[index].id] ?? []).map { ($0.0, $0.1 * learnedWeight) }
            }
        }
        if let (extra, node) = described.filter({ !categoryIDs.contains($0.0) }).min(by: { $0.0 < $1.0 }) {
            throw node.fail("unknown category '\(PriorMixError.excerpt(extra))'", hint: "the categories are: \(categoryIDs.joined(separator: ", "))")
        }

        var mapping: [String: String] = [:]
        let sourcesPath = directory + "/sources.yaml"
        if FileManager.default.fileExists(atPath: sourcesPath) {
            let sources = try ConfigurationFile.open(sourcesPath, kind: .sources)
            guard sources.isMapping else { throw sources.fail("expected a mapping at the top level") }
            for (category, names) in try sources.optional("sources")?.entries() ?? [] {
                guard categoryIDs.contains(category) else {
                    throw names.fail("unknown category '\(PriorMixError.excerpt(category))'", hint: "the categories are: \(categoryIDs.joined(separator: ", "))")
                }
                for name in try names.strings() { mapping[name.lowercased()] = category }
            }
        }
        return CategoryTaxonomy(version: Int(try number(root.optional("version"), default: 1)),
                                temperature: try number(root.optional("temperature"), default: 1),
                                lexiconWeight: try number(root.optional("lexicon_weight"), default: 1),
                                categories: categories, sourceMapping: mapping)
    }

    /// The category a document's source names, if the mapping knows it: the whole name, then each
    /// path component ("…/open-web-math/part-3.json.gz" → "open-web-math"), then their pieces
    /// ("c4-train.00001" → "c4"), most specific first.
    public func category(forSource source: String) -> String? {
        let lowered = source.lowercased()
        if let exact = sourceMapping[lowered] { return exact }
        let components = lowered.split(whereSeparator: { "/\\:".contains($0) }).map(String.init).reversed()
        for component in components {
            if let mapped = sourceMapping[component] ?? component.split(separator: ".").first.flatMap({ sourceMapping[String($0)] }) {
                return mapped
            }
        }
        for component in components {
            for piece in component.split(whereSeparator: { ".-_ ".contains($0) }) {
                if let mapped = sourceMapping[String(piece)] { return mapped }
            }
        }
        return nil
    }
}
