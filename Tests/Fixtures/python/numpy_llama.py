"""An independent numpy implementation of HuggingFace's Llama forward pass, for LlamaParityTests:
reads CHECKPOINT_DIR's config.json and model.safetensors (with a reader written from the format's
definition), computes the logits of the tokens in TOKENS_JSON and compares them with the float32
logits PriorMix wrote to LOGITS_F32; exits 1 when they differ by 1e-4 or more.

usage: numpy_llama.py CHECKPOINT_DIR TOKENS_JSON LOGITS_F32
"""
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
