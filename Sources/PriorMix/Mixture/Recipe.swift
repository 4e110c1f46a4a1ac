import Foundation

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

    /// Reads a recipe file. Errors name the file, the line and the key (see `ConfigurationFile`).
    public static func load(path: String) throws -> Recipe {
        let root = try ConfigurationFile.open(path, kind: .recipe)
        guard root.isMapping else { throw root.fail("expected a mapping at the top level") }
        let known: Set<String> = ["name", "description", "total_tokens", "seed", "max_epochs", "validation_share", "tokenizer", "buckets", "tags"]
        if let (unknown, node) = try root.entries().filter({ !known.contains($0.0) }).min(by: { $0.0 < $1.0 }) {
            throw node.fail("unknown recipe key '\(PriorMixError.excerpt(unknown))' (known: \(known.sorted().joined(separator: ", ")))")
        }
        var buckets: [Bucket] = []
        let bucketsNode = try root.optional("buckets")
        if let bucketsNode {
            guard bucketsNode.isMapping else { throw bucketsNode.fail("'buckets' must map bucket names to weights") }
            for (name, value) in try bucketsNode.entries().sorted(by: { $0.0 < $1.0 }) {
                var weight: Double?
                var categories = [name]
                if value.isMapping {
                    weight = try value.optional("weight")?.number()
                    if let list = try value.optional("categories") {
                        guard list.isSequence else { throw list.fail("buckets.\(name).categories must be a list of category ids") }
                        categories = try list.strings()
                    }
                } else {
                    weight = try value.number()
                }
                guard let weight, weight > 0 else { throw value.fail("buckets.\(name) needs a positive weight") }
                for category in categories where !CategoryTaxonomy.categoryIDs.contains(category) {
                    throw value.fail("buckets.\(name): unknown category '\(PriorMixError.excerpt(category))' (categories: \(CategoryTaxonomy.categoryIDs.joined(separator: ", ")))")
                }
                buckets.append(Bucket(name: name, share: weight, categories: categories))
            }
            let total = buckets.reduce(0) { $0 + $1.share }
            guard abs(total - 100) < 0.01 else { throw bucketsNode.fail("bucket weights add up to \(total), not 100") }
            for index in buckets.indices { buckets[index].share /= 100 }
            let all = buckets.flatMap(\.categories)
            if let repeated = all.first(where: { category in all.filter { $0 == category }.count > 1 }) {
                throw bucketsNode.fail("category '\(repeated)' is in more than one bucket")
            }
        }
        var reasoning: Double?, visual: Double?
        if let tags = try root.optional("tags") {
            guard tags.isMapping else { throw tags.fail("'tags' must map reasoning/visual to percentages") }
            if let (unknown, node) = try tags.entries().filter({ !["reasoning", "visual"].contains($0.0) }).min(by: { $0.0 < $1.0 }) {
                throw node.fail("tags: unknown target '\(PriorMixError.excerpt(unknown))'")
            }
            for (key, node) in try tags.entries() {
                let value = try node.number() / 100
                guard (0...1).contains(value) else { throw node.fail("tags.\(key) must be between 0 and 100") }
                if key == "reasoning" { reasoning = value } else { visual = value }
            }
        }
        guard !buckets.isEmpty || reasoning != nil || visual != nil else { throw root.fail("a recipe needs buckets, tag targets, or both") }
        let maxEpochsNode = try root.optional("max_epochs")
        let maxEpochs = try maxEpochsNode?.number() ?? 4
        guard maxEpochs >= 1 else { throw (maxEpochsNode ?? root).fail("max_epochs must be at least 1") }
        let validationNode = try root.optional("validation_share")
        let validation = try validationNode?.number() ?? 0.005
        guard (0..<1).contains(validation) else { throw (validationNode ?? root).fail("validation_share must be in [0, 1)") }
        let seed = try root.optional("seed")?.number() ?? 42
        return Recipe(name: try root.optional("name")?.string() ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
                      description: try root.optional("description")?.string() ?? "",
                      totalTokens: Int(try root.optional("total_tokens")?.number() ?? 10_000_000),
                      seed: UInt64(max(0, seed)), maxEpochs: maxEpochs, validationShare: validation,
                      tokenizer: try root.optional("tokenizer")?.string(), buckets: buckets,
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
