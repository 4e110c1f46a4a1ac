import Foundation
import PriorMix

/// `config.json` as HuggingFace transformers reads it for `LlamaForCausalLM`.
public enum LlamaConfigJSON {
    public static func data(_ config: ModelConfig) throws -> Data {
        var object: [String: Any] = [
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "vocab_size": config.vocabularySize,
            "hidden_size": config.hiddenSize,
            "intermediate_size": config.intermediateSize,
            "num_hidden_layers": config.layers,
            "num_attention_heads": config.heads,
            "num_key_value_heads": config.keyValueHeads,
            "head_dim": config.headDimension,
            "max_position_embeddings": config.contextLength,
            "rms_norm_eps": config.rmsNormEps,
            "rope_theta": config.ropeTheta,
            "rope_scaling": NSNull(),
            "hidden_act": "silu",
            "attention_bias": false,
            "attention_dropout": 0.0,
            "mlp_bias": false,
            "tie_word_embeddings": false,
            "initializer_range": 0.02,
            "pretraining_tp": 1,
            "use_cache": true,
            "torch_dtype": "float32",
        ]
        if let eos = config.endOfTextID {
            object["eos_token_id"] = eos
            object["bos_token_id"] = eos
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }

    public static func load(path: String) throws -> ModelConfig {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PriorMixError(.malformedInput, "not a JSON object", file: path, hint: "a checkpoint directory holds the config.json the trainer wrote")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = object[key] as? Int else { throw PriorMixError(.malformedInput, "missing integer '\(key)'", file: path) }
            return value
        }
        let heads = try integer("num_attention_heads")
        var config = ModelConfig(vocabularySize: try integer("vocab_size"), hiddenSize: try integer("hidden_size"),
                                 layers: try integer("num_hidden_layers"), heads: heads,
                                 keyValueHeads: (object["num_key_value_heads"] as? Int) ?? heads,
                                 intermediateSize: try integer("intermediate_size"),
                                 contextLength: try integer("max_position_embeddings"),
                                 ropeTheta: (object["rope_theta"] as? Double) ?? 10_000,
                                 rmsNormEps: (object["rms_norm_eps"] as? Double) ?? 1e-6,
                                 endOfTextID: object["eos_token_id"] as? Int)
        if let headDim = object["head_dim"] as? Int, headDim != config.headDimension {
            throw PriorMixError(.unsupportedInput, "head_dim \(headDim) differs from hidden_size / num_attention_heads", file: path)
        }
        if object["tie_word_embeddings"] as? Bool == true {
            throw PriorMixError(.unsupportedInput, "tied embeddings are not supported (the trainer writes an untied lm_head)", file: path)
        }
        config.endOfTextID = object["eos_token_id"] as? Int
        try config.validate()
        return config
    }
}
