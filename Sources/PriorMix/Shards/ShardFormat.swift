/// The token file layouts PriorMix writes.
public enum ShardFormat: String, Codable, Sendable, CaseIterable {
    /// Megatron-LM indexed dataset: `.bin` raw tokens, `.idx` index (uint16 below 65,500 ids, else int32).
    case megatron
    /// llm.c: 256 int32 header (magic, version, token count) then tokens; EOT before each document.
    case llmc
    /// nanoGPT: headerless uint16 tokens, EOT after each document.
    case nanogpt

    /// Megatron picks uint16 when the vocabulary is below 65,500 ids, else int32.
    static func megatronUsesUInt16(vocabularySize: Int) -> Bool { vocabularySize < 65_500 }
}

/// One finished shard as the manifest records it.
public struct ShardRecord: Codable, Sendable, Equatable {
    public var split: String
    /// Files of the shard relative to the output directory (`.bin`, and `.idx` for Megatron).
    public var files: [String]
    public var sha256: [String: String]
    public var tokens: Int
    public var documents: Int
    public var tokensByCategory: [String: Int]
    public var tokensByTag: [String: Int]
}
