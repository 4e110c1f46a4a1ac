import Foundation
import XCTest
import PriorMix
@testable import PriorMixTrainer

/// The checkpoint read by an independent numpy implementation of HuggingFace's Llama forward pass
/// (rotate_half RoPE with rope_theta, RMSNorm with rms_norm_eps, repeat_kv for grouped queries,
/// SwiGLU, untied lm_head) gives the logits the Swift model computes. The safetensors file is read
/// by a reader written here from the format's definition, not by the safetensors package.
final class LlamaParityTests: XCTestCase {
    static let numpyLlama = #"""
    import json, struct, sys
    import numpy as np

    directory, tokens_path, logits_path = sys.argv[1:4]

    def read_safetensors(path):
        with open(path, "rb") as f:
            data = f.read()
        (length,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8:8 + length])
        base = 8 + length
        tensors = {}
        for name, entry in header.items():
            if name == "__metadata__":
                continue
            assert entry["dtype"] == "F32", entry
            start, end = entry["data_offsets"]
            tensors[name] = np.frombuffer(data[base + start:base + end], dtype="<f4").astype(np.float64).reshape(entry["shape"])
        return tensors

    config = json.load(open(directory + "/config.json"))
    assert config["architectures"] == ["LlamaForCausalLM"] and config["model_type"] == "llama"
    assert config["tie_word_embeddings"] is False and config["hidden_act"] == "silu"
    w = read_safetensors(directory + "/model.safetensors")
    tokens = np.array(json.load(open(tokens_path)))
    expected = np.fromfile(logits_path, dtype="<f4").reshape(len(tokens), config["vocab_size"])

    heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]
    hd = config.get("head_dim") or config["hidden_size"] // heads
    eps, theta = config["rms_norm_eps"], config["rope_theta"]
    T = len(tokens)

    def rms_norm(x, weight):
        return weight * (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps))

    inv_freq = 1.0 / (theta ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
    freqs = np.outer(np.arange(T, dtype=np.float64), inv_freq)
    emb = np.concatenate([freqs, freqs], axis=-1)
    cos, sin = np.cos(emb), np.sin(emb)

    def rotate_half(x):
        return np.concatenate([-x[..., hd // 2:], x[..., :hd // 2]], axis=-1)

    def silu(x):
        return x / (1.0 + np.exp(-x))

    h = w["model.embed_tokens.weight"][tokens]
    mask = np.triu(np.full((T, T), -np.inf), k=1)
    for i in range(config["num_hidden_layers"]):
        p = "model.layers.%d." % i
        x = rms_norm(h, w[p + "input_layernorm.weight"])
        q = (x @ w[p + "self_attn.q_proj.weight"].T).reshape(T, heads, hd).transpose(1, 0, 2)
        k = (x @ w[p + "self_attn.k_proj.weight"].T).reshape(T, kv_heads, hd).transpose(1, 0, 2)
        v = (x @ w[p + "self_attn.v_proj.weight"].T).reshape(T, kv_heads, hd).transpose(1, 0, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = np.repeat(k, heads // kv_heads, axis=0)
        v = np.repeat(v, heads // kv_heads, axis=0)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(hd) + mask
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = scores / scores.sum(axis=-1, keepdims=True)
        attn = (probs @ v).transpose(1, 0, 2).reshape(T, heads * hd)
        h = h + attn @ w[p + "self_attn.o_proj.weight"].T
        x = rms_norm(h, w[p + "post_attention_layernorm.weight"])
        mlp = silu(x @ w[p + "mlp.gate_proj.weight"].T) * (x @ w[p + "mlp.up_proj.weight"].T)
        h = h + mlp @ w[p + "mlp.down_proj.weight"].T
    logits = rms_norm(h, w["model.norm.weight"]) @ w["lm_head.weight"].T
    difference = np.abs(logits - expected).max()
    print("max abs logit difference %.3g (logit scale %.3g)" % (difference, np.abs(logits).max()))
    sys.exit(0 if difference < 1e-4 else 1)
    """#

    func testCheckpointLogitsMatchAnIndependentNumpyLlama() throws {
        let directory = try makeTemporaryDirectory(self)
        let config = ModelConfig(vocabularySize: 61, hiddenSize: 48, layers: 2, heads: 6, keyValueHeads: 2, intermediateSize: 80,
                                 contextLength: 24, ropeTheta: 500_000, rmsNormEps: 1e-5, endOfTextID: 60)
        // Large enough weights that the logits are of order one, and norm gains away from 1.
        let model = try LlamaModel<Float>.initialized(config: config, seed: 7, standardDeviation: 0.15)
        var random = SplitMix64(seed: 3)
        for entry in model.layout.entries where !entry.decays {
            for i in entry.offset..<(entry.offset + entry.count) { model.parameters[i] = 0.5 + Float(random.next() % 1000) / 1000 }
        }
        try Checkpoint.writeModel(model, tokenizerFile: nil, directory: directory)
        let tokens: [Int32] = (0..<20).map { Int32(($0 * 37 + 11) % 61) }
        let logits = model.logits(tokens: tokens)
        XCTAssertGreaterThan(logits.map(abs).max() ?? 0, 0.5, "logits too small to compare meaningfully")
        var bytes: [UInt8] = []
        for value in logits { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/logits.f32"))
        try Data("\(tokens)".utf8).write(to: URL(fileURLWithPath: directory + "/tokens.json"))
        let result = try runPython(Self.numpyLlama, arguments: [directory, directory + "/tokens.json", directory + "/logits.f32"], requiring: "numpy")
        print(result.stdout, result.stderr)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("max abs logit difference"))
    }

    func testSafeTensorsRoundTripAndErrorsNameTheFile() throws {
        let directory = try makeTemporaryDirectory(self)
        let values: [Float] = [1, -2.5, 3e-8, .pi, 0, 7]
        try values.withUnsafeBufferPointer { buffer in
            try SafeTensors.write([SafeTensors.Tensor(name: "a.weight", shape: [2, 3], values: buffer)], to: directory + "/t.safetensors")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/t.safetensors"))
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual((8 + headerLength) % 8, 0, "data block 8-byte aligned")
        let read = try SafeTensors.read(path: directory + "/t.safetensors")
        XCTAssertEqual(read["a.weight"]?.shape, [2, 3])
        XCTAssertEqual(read["a.weight"]?.values, values)
        try Data(bytes.prefix(30)).write(to: URL(fileURLWithPath: directory + "/cut.safetensors"))
        XCTAssertThrowsError(try SafeTensors.read(path: directory + "/cut.safetensors")) { error in
            XCTAssertTrue("\(error)".contains("cut.safetensors"), "\(error)")
        }
    }
}
