import Foundation
import Yams

/// A mixture recipe (`taxonomy/recipes/*.yaml`): how many tokens, in which proportions of source
/// buckets and/or of reasoning and visual text, with the sampling seed and the upsampling cap.
public struct Recipe: Sendable, Equatable {
    public struct Bucket: Sendable, Equatable {
        public var name: String
        /// Share of the mixture's tokens, 0…1.
        public var share: Double
        public var categories: [String]
    }

    public var name: String
    public var description: String
    public var totalTokens: Int
    public var seed: UInt64
    /// A document may be repeated at most this many times (whole repeats plus a fraction).
    public var maxEpochs: Double
    /// Share of documents held out for validation (decided per document, never repeated).
    public var validationShare: Double
    public var tokenizer: String?
    /// Source buckets; empty means one bucket holding every category.
    public var buckets: [Bucket]
    /// Targets on the tags, 0…1 shares of tokens in reasoning- or visual-labelled segments.
    public var reasoningTarget: Double?
    public var visualTarget: Double?
    public var path: String

    public static func load(path: String) throws -> Recipe {
        let root = try CategoryTaxonomy.loadYAML(path)
        func fail(_ message: String) -> PriorMixError { PriorMixError(.malformedInput, message, file: path) }
        func number(_ key: String, _ value: Any?) throws -> Double? {
            switch value {
            case nil: return nil
            case let value as Int: return Double(value)
            case let value as Double: return value
            default: throw fail("'\(key)' must be a number")
            }
        }
        let known: Set<String> = ["name", "description", "total_tokens", "seed", "max_epochs", "validation_share", "tokenizer", "buckets", "tags"]
        if let unknown = Set(root.keys).subtracting(known).sorted().first {
            throw fail("unknown recipe key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        var buckets: [Bucket] = []
        if let node = root["buckets"] {
            guard let map = node as? [String: Any] else { throw fail("'buckets' must map bucket names to weights") }
            for (name, value) in map.sorted(by: { $0.key < $1.key }) {
                var weight: Double?
                var categories = [name]
                if let entry = value as? [String: Any] {
                    weight = try number("buckets.\(name).weight", entry["weight"])
                    if let list = entry["categories"] as? [String] { categories = list }
                    else if entry["categories"] != nil { throw fail("buckets.\(name).categories must be a list of category ids") }
                } else {
                    weight = try number("buckets.\(name)", value)
                }
                guard let weight, weight > 0 else { throw fail("buckets.\(name) needs a positive weight") }
                for category in categories where !CategoryTaxonomy.categoryIDs.contains(category) {
                    throw fail("buckets.\(name): unknown category '\(category)' (categories: \(CategoryTaxonomy.categoryIDs.joined(separator: ", ")))")
                }
                buckets.append(Bucket(name: name, share: weight, categories: categories))
            }
            let total = buckets.reduce(0) { $0 + $1.share }
            guard abs(total - 100) < 0.01 else { throw fail("bucket weights add up to \(total), not 100") }
            for index in buckets.indices { buckets[index].share /= 100 }
            let all = buckets.flatMap(\.categories)
            if let repeated = all.first(where: { category in all.filter { $0 == category }.count > 1 }) {
                throw fail("category '\(repeated)' is in more than one bucket")
            }
        }
        let tags = root["tags"] as? [String: Any] ?? [:]
        if root["tags"] != nil && root["tags"] as? [String: Any] == nil { throw fail("'tags' must map reasoning/visual to percentages") }
        if let unknown = Set(tags.keys).subtracting(["reasoning", "visual"]).first { throw fail("tags: unknown target '\(unknown)'") }
        let reasoning = try number("tags.reasoning", tags["reasoning"]).map { $0 / 100 }
        let visual = try number("tags.visual", tags["visual"]).map { $0 / 100 }
        for (key, value) in [("reasoning", reasoning), ("visual", visual)] {
            if let value, !(0...1).contains(value) { throw fail("tags.\(key) must be between 0 and 100") }
        }
        guard !buckets.isEmpty || reasoning != nil || visual != nil else { throw fail("a recipe needs buckets, tag targets, or both") }
        let maxEpochs = try number("max_epochs", root["max_epochs"]) ?? 4
        let validation = try number("validation_share", root["validation_share"]) ?? 0.005
        guard maxEpochs >= 1 else { throw fail("max_epochs must be at least 1") }
        guard (0..<1).contains(validation) else { throw fail("validation_share must be in [0, 1)") }
        let seed = try number("seed", root["seed"]) ?? 42
        return Recipe(name: root["name"] as? String ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
                      description: root["description"] as? String ?? "",
                      totalTokens: Int(try number("total_tokens", root["total_tokens"]) ?? 10_000_000),
                      seed: UInt64(max(0, seed)), maxEpochs: maxEpochs, validationShare: validation,
                      tokenizer: root["tokenizer"] as? String, buckets: buckets,
                      reasoningTarget: reasoning, visualTarget: visual, path: path)
    }

    /// The bucket a category belongs to, or nil when the recipe leaves it out.
    public func bucketIndex(for category: String) -> Int? {
        if buckets.isEmpty { return 0 }
        return buckets.firstIndex { $0.categories.contains(category) }
    }

    /// Buckets as planned: the recipe's, or a single "all" bucket for tag-only recipes.
    public var effectiveBuckets: [Bucket] {
        buckets.isEmpty ? [Bucket(name: "all", share: 1, categories: CategoryTaxonomy.categoryIDs)] : buckets
    }
}
