"""An independent numpy Llama that collects HuggingFace's hidden_states (token embeddings, each
decoder layer's output, the last one after the final RMSNorm), averages each over a text's byte-level
tokens (cut to the context) and compares them with the float32 features priormix embed wrote;
exits 1 when they differ by 1e-4 or more. For EmbedTests.

usage: numpy_hidden_states.py CHECKPOINT_DIR TEXTS_JSONL FEATURES_NPY
"""
import json, struct, sys
import numpy as np

directory, texts_path, features_path = sys.argv[1:4]
with open(directory + "/model.safetensors", "rb") as f:
    data = f.read()
(length,) = struct.unpack("<Q", data[:8])
header = json.loads(data[8:8 + length])
w = {}
for name, entry in header.items():
    if name != "__metadata__":
        start, end = entry["data_offsets"]
        w[name] = np.frombuffer(data[8 + length + start:8 + length + end], dtype="<f4").astype(np.float64).reshape(entry["shape"])
config = json.load(open(directory + "/config.json"))
heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]
hd = config["hidden_size"] // heads
eps, theta, context = config["rms_norm_eps"], config["rope_theta"], config["max_position_embeddings"]

def rms_norm(x, weight):
    return weight * (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps))

def rotate_half(x):
    return np.concatenate([-x[..., hd // 2:], x[..., :hd // 2]], axis=-1)

def hidden_states(tokens):
    T = len(tokens)
    inv_freq = 1.0 / (theta ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
    emb = np.concatenate([np.outer(np.arange(T), inv_freq)] * 2, axis=-1)
    cos, sin = np.cos(emb), np.sin(emb)
    mask = np.triu(np.full((T, T), -np.inf), k=1)
    h = w["model.embed_tokens.weight"][tokens]
    states = [h]
    for i in range(config["num_hidden_layers"]):
        p = "model.layers.%d." % i
        x = rms_norm(h, w[p + "input_layernorm.weight"])
        q = (x @ w[p + "self_attn.q_proj.weight"].T).reshape(T, heads, hd).transpose(1, 0, 2)
        k = (x @ w[p + "self_attn.k_proj.weight"].T).reshape(T, kv_heads, hd).transpose(1, 0, 2)
        v = (x @ w[p + "self_attn.v_proj.weight"].T).reshape(T, kv_heads, hd).transpose(1, 0, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k, v = np.repeat(k, heads // kv_heads, axis=0), np.repeat(v, heads // kv_heads, axis=0)
        s = q @ k.transpose(0, 2, 1) / np.sqrt(hd) + mask
        s = np.exp(s - s.max(axis=-1, keepdims=True))
        h = h + ((s / s.sum(axis=-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(T, -1) @ w[p + "self_attn.o_proj.weight"].T
        x = rms_norm(h, w[p + "post_attention_layernorm.weight"])
        gate = x @ w[p + "mlp.gate_proj.weight"].T
        h = h + ((gate / (1 + np.exp(-gate))) * (x @ w[p + "mlp.up_proj.weight"].T)) @ w[p + "mlp.down_proj.weight"].T
        states.append(h)
    states[-1] = rms_norm(h, w["model.norm.weight"])
    return np.stack([s.mean(axis=0) for s in states])

texts = [json.loads(line)["text"] for line in open(texts_path, encoding="utf-8")]
expected = np.stack([hidden_states(list(t.encode("utf-8"))[:context]) for t in texts])
got = np.load(features_path)
assert got.dtype == np.float32 and got.shape == expected.shape, (got.dtype, got.shape, expected.shape)
difference = np.abs(got - expected).max()
print("max abs difference %.3g (scale %.3g)" % (difference, np.abs(expected).max()))
sys.exit(0 if difference < 1e-4 else 1)
