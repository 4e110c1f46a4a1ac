#!/usr/bin/env python3
"""Reference side of `priormix bench train`: the same Llama decoder and training step (AdamW,
clipping) in plain PyTorch on the CPU; prints training tokens per second. Never installed by the
project: the benchmark uses it only when the Python it is given has torch.

usage: bench_train_torch.py VOCAB HIDDEN LAYERS HEADS KV_HEADS INTERMEDIATE CONTEXT BATCH STEPS THREADS
"""
import sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

V, D, L, H, KV, FF, T, B, STEPS, THREADS = map(int, sys.argv[1:11])
torch.set_num_threads(THREADS)
torch.manual_seed(42)
HD = D // H

class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps
    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

inv_freq = 1.0 / (10000.0 ** (torch.arange(0, HD, 2).float() / HD))
freqs = torch.outer(torch.arange(T).float(), inv_freq)
emb = torch.cat([freqs, freqs], dim=-1)
COS, SIN = emb.cos(), emb.sin()
MASK = torch.full((T, T), float("-inf")).triu(1)

def rotate_half(x):
    return torch.cat([-x[..., HD // 2:], x[..., :HD // 2]], dim=-1)

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_layernorm = RMSNorm(D)
        self.q_proj = nn.Linear(D, H * HD, bias=False)
        self.k_proj = nn.Linear(D, KV * HD, bias=False)
        self.v_proj = nn.Linear(D, KV * HD, bias=False)
        self.o_proj = nn.Linear(H * HD, D, bias=False)
        self.post_attention_layernorm = RMSNorm(D)
        self.gate_proj = nn.Linear(D, FF, bias=False)
        self.up_proj = nn.Linear(D, FF, bias=False)
        self.down_proj = nn.Linear(FF, D, bias=False)
    def forward(self, h):
        b, t, _ = h.shape
        x = self.input_layernorm(h)
        q = self.q_proj(x).view(b, t, H, HD).transpose(1, 2)
        k = self.k_proj(x).view(b, t, KV, HD).transpose(1, 2)
        v = self.v_proj(x).view(b, t, KV, HD).transpose(1, 2)
        q = q * COS + rotate_half(q) * SIN
        k = k * COS + rotate_half(k) * SIN
        k = k.repeat_interleave(H // KV, dim=1)
        v = v.repeat_interleave(H // KV, dim=1)
        if hasattr(F, "scaled_dot_product_attention"):
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:  # torch < 2.0
            scores = (q @ k.transpose(-1, -2)) / HD ** 0.5 + MASK[:t, :t]
            a = torch.softmax(scores, dim=-1) @ v
        h = h + self.o_proj(a.transpose(1, 2).reshape(b, t, H * HD))
        x = self.post_attention_layernorm(h)
        return h + self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))

class Llama(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(V, D)
        self.layers = nn.ModuleList([Block() for _ in range(L)])
        self.norm = RMSNorm(D)
        self.lm_head = nn.Linear(D, V, bias=False)
    def forward(self, tokens):
        h = self.embed_tokens(tokens)
        for layer in self.layers:
            h = layer(h)
        return self.lm_head(self.norm(h))

model = Llama()
for p in model.parameters():
    if p.dim() > 1:
        nn.init.normal_(p, std=0.02)
decay = [p for p in model.parameters() if p.dim() > 1]
other = [p for p in model.parameters() if p.dim() == 1]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}], lr=3e-4, betas=(0.9, 0.95), eps=1e-8)

def step():
    tokens = torch.randint(0, V, (B, T + 1))
    logits = model(tokens[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, V), tokens[:, 1:].reshape(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()

step()
start = time.perf_counter()
for _ in range(STEPS):
    step()
print(STEPS * B * T / (time.perf_counter() - start))
