/// Where each named weight lives in the one flat parameter buffer. One buffer (and one gradient
/// buffer of the same layout) keeps the optimizer, clipping, gradient reduction and checkpoints
/// simple loops over all parameters. Names and shapes are HuggingFace Llama's; linear weights are
/// stored `[out, in]` as `torch.nn.Linear` keeps them.
public struct ParameterLayout: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var shape: [Int]
        public var offset: Int
        public var count: Int { shape.reduce(1, *) }
        /// Matrices decay under AdamW; norm gains do not.
        public var decays: Bool { shape.count > 1 }
    }

    public struct Layer: Sendable {
        public var inputNorm, query, key, value, output, postAttentionNorm, gate, up, down: Int
    }

    public private(set) var entries: [Entry] = []
    public private(set) var count = 0
    public let embedding: Int
    public let layers: [Layer]
    public let finalNorm: Int
    public let head: Int

    public init(_ config: ModelConfig) {
        var entries: [Entry] = []
        var count = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let offset = count
            entries.append(Entry(name: name, shape: shape, offset: offset))
            count += shape.reduce(1, *)
            return offset
        }
        let d = config.hiddenSize
        embedding = add("model.embed_tokens.weight", [config.vocabularySize, d])
        layers = (0..<config.layers).map { index in
            let p = "model.layers.\(index)."
            return Layer(inputNorm: add(p + "input_layernorm.weight", [d]),
                         query: add(p + "self_attn.q_proj.weight", [config.queryWidth, d]),
                         key: add(p + "self_attn.k_proj.weight", [config.keyValueWidth, d]),
                         value: add(p + "self_attn.v_proj.weight", [config.keyValueWidth, d]),
                         output: add(p + "self_attn.o_proj.weight", [d, config.queryWidth]),
                         postAttentionNorm: add(p + "post_attention_layernorm.weight", [d]),
                         gate: add(p + "mlp.gate_proj.weight", [config.intermediateSize, d]),
                         up: add(p + "mlp.up_proj.weight", [config.intermediateSize, d]),
                         down: add(p + "mlp.down_proj.weight", [d, config.intermediateSize]))
        }
        finalNorm = add("model.norm.weight", [d])
        head = add("lm_head.weight", [config.vocabularySize, d])
        self.entries = entries
        self.count = count
    }
}
