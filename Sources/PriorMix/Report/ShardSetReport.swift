/// A shard set as the report sees it, read from its `manifest.json` alone (token files are not
/// opened): tokens and documents of the train shards by category and tag, validation tokens, and
/// the recipe's target share of every bucket beside what the shards achieved.
public struct ShardSetReport: Codable, Sendable, Equatable {
    public struct Bucket: Codable, Sendable, Equatable {
        public var name: String
        public var categories: [String]
        public var targetShare: Double
        /// Train tokens the shards hold for this bucket; the achieved share is derived from them.
        public var tokens: Int
    }

    public var manifest: String
    public var recipe: String
    public var seed: UInt64
    public var format: String
    public var tokenizer: String
    public var trainShards: Int
    public var validationShards: Int
    /// Tokens as the mixture's tokenizer counted them, each document's end-of-text token included.
    public var trainTokens: Int
    public var trainDocuments: Int
    public var validationDocuments: Int
    public var tokensByCategory: [String: Int]
    /// Train tokens in documents' reasoning and visual segments (`reasoning`, `visual`), rounded per document.
    public var tokensByTag: [String: Int]
    public var validationTokensByCategory: [String: Int]
    public var buckets: [Bucket]
    /// The manifest's token-weighted reasoning and visual shares, and the recipe's targets when it sets them.
    public var reasoningShare: Double
    public var visualShare: Double
    public var reasoningTarget: Double?
    public var visualTarget: Double?

    public init(manifest: MixtureManifest, path: String) throws {
        let trainTokens = manifest.train.reduce(0) { $0 + $1.tokens }
        let bucketTokens = manifest.achieved.buckets.reduce(0) { $0 + $1.tokens }
        // The shards and the composition are written from the same pass; a difference means the
        // manifest was edited or belongs to other shards.
        guard trainTokens == bucketTokens else {
            throw PriorMixError(.malformedInput, "inconsistent manifest: train shards hold \(trainTokens) tokens, the achieved buckets \(bucketTokens)",
                                file: path, hint: "rebuild the shard set with priormix mix")
        }
        self.manifest = path
        recipe = manifest.recipe
        seed = manifest.seed
        format = manifest.format.rawValue
        tokenizer = manifest.tokenizer.path
        trainShards = manifest.train.count
        validationShards = manifest.validation.values.reduce(0) { $0 + $1.count }
        self.trainTokens = trainTokens
        trainDocuments = manifest.train.reduce(0) { $0 + $1.documents }
        validationDocuments = manifest.validation.values.flatMap { $0 }.reduce(0) { $0 + $1.documents }
        tokensByCategory = manifest.train.reduce(into: [:]) { $0.merge($1.tokensByCategory, uniquingKeysWith: +) }
        tokensByTag = manifest.train.reduce(into: [:]) { $0.merge($1.tokensByTag, uniquingKeysWith: +) }
        validationTokensByCategory = manifest.validation.flatMap(\.value).reduce(into: [:]) { $0.merge($1.tokensByCategory, uniquingKeysWith: +) }
        buckets = manifest.achieved.buckets.map { Bucket(name: $0.name, categories: $0.categories, targetShare: $0.targetShare, tokens: $0.tokens) }
        reasoningShare = manifest.achieved.reasoningShare
        visualShare = manifest.achieved.visualShare
        reasoningTarget = manifest.achieved.reasoningTarget
        visualTarget = manifest.achieved.visualTarget
    }

    /// Reads `manifest.json` at `path`.
    public static func load(path: String) throws -> ShardSetReport {
        do {
            return try ShardSetReport(manifest: try MixtureManifest.load(path: path), path: path)
        } catch var error as PriorMixError where error.hint == nil {
            // A report's own JSON is the likeliest other .json on a report's command line.
            error.hint = "report reads .json files as shard set manifests; to combine reports written by --json, use --merge"
            throw error
        }
    }
}
