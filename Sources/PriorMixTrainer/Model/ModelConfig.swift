import Foundation
import PriorMix

/// The shape of a Llama-style decoder. Field names follow HuggingFace's `LlamaConfig` in
/// `config.json`, so a checkpoint directory loads as `LlamaForCausalLM`.
public struct ModelConfig: Codable, Sendable, Equatable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var keyValueHeads: Int
    public var intermediateSize: Int
    public var contextLength: Int
    public var ropeTheta: Double = 10_000
    public var rmsNormEps: Double = 1e-5
    /// Written as `eos_token_id`; the shards' end-of-text token.
    public var endOfTextID: Int?

    // Checkpoint JSON uses snake case; convertFromSnakeCase reads end_of_text_id as endOfTextId.
    enum CodingKeys: String, CodingKey {
        case vocabularySize, hiddenSize, layers, heads, keyValueHeads, intermediateSize, contextLength, ropeTheta, rmsNormEps
        case endOfTextID = "endOfTextId"
    }

    public init(vocabularySize: Int, hiddenSize: Int, layers: Int, heads: Int, keyValueHeads: Int,
                intermediateSize: Int, contextLength: Int, ropeTheta: Double = 10_000, rmsNormEps: Double = 1e-5,
                endOfTextID: Int? = nil) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.keyValueHeads = keyValueHeads
        self.intermediateSize = intermediateSize
        self.contextLength = contextLength
        self.ropeTheta = ropeTheta
        self.rmsNormEps = rmsNormEps
        self.endOfTextID = endOfTextID
    }

    public var headDimension: Int { hiddenSize / heads }
    public var queryWidth: Int { heads * headDimension }
    public var keyValueWidth: Int { keyValueHeads * headDimension }

    public func validate() throws {
        func fail(_ message: String) -> PriorMixError { PriorMixError(.usage, "model: " + message) }
        guard vocabularySize > 1, hiddenSize > 0, layers > 0, heads > 0, keyValueHeads > 0, intermediateSize > 0, contextLength > 1 else {
            throw fail("every dimension must be positive (vocabulary \(vocabularySize), hidden \(hiddenSize), layers \(layers), heads \(heads), kv heads \(keyValueHeads), intermediate \(intermediateSize), context \(contextLength))")
        }
        guard hiddenSize % heads == 0 else { throw fail("hidden size \(hiddenSize) is not a multiple of the \(heads) heads") }
        guard headDimension % 2 == 0 else { throw fail("head dimension \(headDimension) must be even for rotary embeddings") }
        guard heads % keyValueHeads == 0 else { throw fail("\(heads) heads cannot be shared among \(keyValueHeads) key/value heads") }
        guard ropeTheta > 0, rmsNormEps > 0 else { throw fail("rope theta and RMSNorm epsilon must be positive") }
    }

    /// Parameters in the model (embeddings and head included).
    public var parameterCount: Int {
        let attention = hiddenSize * (2 * queryWidth + 2 * keyValueWidth)
        let mlp = 3 * hiddenSize * intermediateSize
        return 2 * vocabularySize * hiddenSize + layers * (attention + mlp + 2 * hiddenSize) + hiddenSize
    }

    /// Named sizes from one that trains in minutes on two cores upward; the vocabulary comes from the shards.
    public enum Preset: String, CaseIterable, Sendable {
        case tiny, small, medium, large

        public func config(vocabularySize: Int) -> ModelConfig {
            switch self {
            case .tiny: ModelConfig(vocabularySize: vocabularySize, hiddenSize: 128, layers: 4, heads: 4, keyValueHeads: 2, intermediateSize: 352, contextLength: 256)
            case .small: ModelConfig(vocabularySize: vocabularySize, hiddenSize: 256, layers: 6, heads: 8, keyValueHeads: 4, intermediateSize: 704, contextLength: 512)
            case .medium: ModelConfig(vocabularySize: vocabularySize, hiddenSize: 512, layers: 8, heads: 8, keyValueHeads: 4, intermediateSize: 1408, contextLength: 1024)
            case .large: ModelConfig(vocabularySize: vocabularySize, hiddenSize: 768, layers: 12, heads: 12, keyValueHeads: 4, intermediateSize: 2048, contextLength: 2048)
            }
        }
    }
}
