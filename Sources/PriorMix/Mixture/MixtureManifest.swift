import Foundation

/// `manifest.json`: everything needed to trust and reproduce a shard set — recipe, seed,
/// tokenizer, inputs with hashes, every shard with its hash and composition, and the achieved
/// composition beside the target.
public struct MixtureManifest: Codable, Sendable {
    public struct TokenizerInfo: Codable, Sendable {
        public var path: String
        public var sha256: String
        public var vocabularySize: Int
        public var endOfTextID: UInt32

        // `endOfTextID` becomes `end_of_text_id` when written, which `convertFromSnakeCase` reads
        // back as `endOfTextId`; naming the key that way makes the manifest load again.
        private enum CodingKeys: String, CodingKey {
            case path, sha256, vocabularySize, endOfTextID = "endOfTextId"
        }
    }

    public struct InputInfo: Codable, Sendable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public struct BucketComposition: Codable, Sendable {
        public var name: String
        public var categories: [String]
        public var targetShare: Double
        public var achievedShare: Double
        public var tokens: Int
    }

    public struct Composition: Codable, Sendable {
        public var tokens: Int
        public var documents: Int
        public var buckets: [BucketComposition]
        public var tokensByCategory: [String: Int]
        public var reasoningShare: Double
        public var visualShare: Double
        public var reasoningTarget: Double?
        public var visualTarget: Double?
    }

    public var formatVersion = 1
    public var recipe: String
    public var recipePath: String
    public var seed: UInt64
    public var format: ShardFormat
    public var shardTokens: Int
    public var tokenizer: TokenizerInfo
    public var inputs: [InputInfo]
    public var plan: MixturePlan
    public var train: [ShardRecord]
    /// Validation shards per category.
    public var validation: [String: [ShardRecord]]
    public var achieved: Composition
    public var excludedDocuments: Int
    public var invalidLines: Int

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    public static func load(path: String) throws -> MixtureManifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(MixtureManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw PriorMixError(.malformedInput, "not a PriorMix manifest: \(error.localizedDescription)", file: path)
        }
    }

    /// The achieved composition as a table: per bucket target, achieved, difference in points.
    public var compositionTable: String {
        let g = ProgressLine.grouped
        var rows = [["bucket", "target", "achieved", "difference", "tokens"]]
        for bucket in achieved.buckets {
            rows.append([bucket.name, String(format: "%.2f%%", bucket.targetShare * 100), String(format: "%.2f%%", bucket.achievedShare * 100),
                         NumberStyle.signed((bucket.achievedShare - bucket.targetShare) * 100, decimals: 2) + " pp", g(bucket.tokens)])
        }
        var text = AlignedTable(rows: rows, rightAligned: [1, 2, 3, 4]).text
        let validationShards = validation.values.flatMap { $0 }
        text += String(format: "\nreasoning %.1f%%%@, visual %.1f%%%@; %@ tokens in %d train shards, %@ validation documents in %d validation shards",
                       achieved.reasoningShare * 100, achieved.reasoningTarget.map { String(format: " (target %.1f%%)", $0 * 100) } ?? "",
                       achieved.visualShare * 100, achieved.visualTarget.map { String(format: " (target %.1f%%)", $0 * 100) } ?? "",
                       g(achieved.tokens), train.count, g(validationShards.reduce(0) { $0 + $1.documents }), validationShards.count)
        return text
    }
}
