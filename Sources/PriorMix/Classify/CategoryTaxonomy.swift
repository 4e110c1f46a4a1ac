import Foundation
import Yams

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

    /// Loads `categories.yaml` and `sources.yaml` from a taxonomy directory.
    public static func load(directory: String) throws -> CategoryTaxonomy {
        let path = directory + "/categories.yaml"
        let root = try loadYAML(path)
        func number(_ value: Any?, _ key: String, default fallback: Double? = nil) throws -> Double {
            if let value = value as? Double { return value }
            if let value = value as? Int { return Double(value) }
            if value == nil, let fallback { return fallback }
            throw PriorMixError(.malformedInput, "'\(key)' must be a number", file: path)
        }
        let strengths = root["strengths"] as? [String: Any] ?? [:]
        let categoriesNode = root["categories"] as? [String: Any] ?? [:]
        var categories: [Category] = []
        for id in categoryIDs {
            guard let node = categoriesNode[id] as? [String: Any] else {
                throw PriorMixError(.malformedInput, "category '\(id)' is missing", file: path, hint: "all 16 categories must be described")
            }
            var lexicon: [(String, Double)] = []
            for (strength, weightValue) in strengths.sorted(by: { $0.key < $1.key }) {
                let weight = try number(weightValue, "strengths.\(strength)")
                let words = (node[strength] as? String ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" })
                lexicon += words.map { (String($0).replacingOccurrences(of: "_", with: " "), weight) }
            }
            var signalWeights: [TextSignals.Signal: Double] = [:]
            for (name, value) in node["signals"] as? [String: Any] ?? [:] {
                guard let signal = TextSignals.Signal(rawValue: name) else {
                    throw PriorMixError(.malformedInput, "categories.\(id).signals: unknown signal '\(name)'", file: path,
                                        hint: "known signals: \(TextSignals.Signal.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                signalWeights[signal] = try number(value, "categories.\(id).signals.\(name)")
            }
            categories.append(Category(id: id, name: node["name"] as? String ?? id, description: node["description"] as? String ?? "",
                                       bias: try number(node["bias"], "categories.\(id).bias", default: 0),
                                       lexicon: lexicon, signalWeights: signalWeights))
        }
        // Learned word lists (`priormix classifier learn-lexicon`) join the hand-written ones; a word
        // in both keeps its larger weight.
        let learnedWeight = try number(root["learned_weight"], "learned_weight", default: 1)
        for file in root["learned_lexicons"] as? [String] ?? [] {
            let learned = try LexiconLearner.load(path: file.hasPrefix("/") ? file : directory + "/" + file)
            for index in categories.indices {
                categories[index].lexicon += (learned[categories[index].id] ?? []).map { ($0.0, $0.1 * learnedWeight) }
            }
        }
        let unknown = Set(categoriesNode.keys).subtracting(categoryIDs)
        if let extra = unknown.sorted().first {
            throw PriorMixError(.malformedInput, "unknown category '\(extra)'", file: path, hint: "the categories are: \(categoryIDs.joined(separator: ", "))")
        }

        var mapping: [String: String] = [:]
        let sourcesPath = directory + "/sources.yaml"
        if FileManager.default.fileExists(atPath: sourcesPath) {
            let sources = try loadYAML(sourcesPath)
            for (category, names) in sources["sources"] as? [String: Any] ?? [:] {
                guard categoryIDs.contains(category) else {
                    throw PriorMixError(.malformedInput, "sources: unknown category '\(category)'", file: sourcesPath)
                }
                for name in names as? [Any] ?? [] { mapping[String(describing: name).lowercased()] = category }
            }
        }
        return CategoryTaxonomy(version: Int(try number(root["version"], "version", default: 1)),
                                temperature: try number(root["temperature"], "temperature", default: 1),
                                lexiconWeight: try number(root["lexicon_weight"], "lexicon_weight", default: 1),
                                categories: categories, sourceMapping: mapping)
    }

    static func loadYAML(_ path: String) throws -> [String: Any] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PriorMixError(.io, "cannot read taxonomy file: \(error.localizedDescription)", file: path)
        }
        do {
            guard let root = try Yams.load(yaml: text) as? [String: Any] else {
                throw PriorMixError(.malformedInput, "expected a mapping at the top level", file: path)
            }
            return root
        } catch let error as PriorMixError {
            throw error
        } catch let error as YamlError {
            throw PriorMixError(.malformedInput, "invalid YAML: \(error)", file: path)
        }
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
