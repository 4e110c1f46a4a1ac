"""Writes the paired features AlignmentParityTests compares PriorMix and scripts/alignment_reference.py on:
random, structured (a shared latent through different maps) and multi-layer, n = 1,000, widths 64 to
4,096, in float16/32/64, C and Fortran order, as numpy.save writes them.

usage: alignment_features.py OUT_DIR
"""
import sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(21)
n = 1000
# Random: no shared structure (scores near chance).
np.save(out + "/random-a.npy", rng.standard_normal((n, 64)).astype(np.float32))
np.save(out + "/random-b.npy", np.asfortranarray(rng.standard_normal((n, 64))))
# Structured: both sides see the same 12-dimensional latent through different maps, with noise,
# heavy-tailed entries (so clipping matters), and a common offset (so centring matters).
z = rng.standard_normal((n, 12))
a = z @ rng.standard_normal((12, 4096)) + 0.8 * rng.standard_t(3, (n, 4096)) + 0.5
b = np.tanh(z @ rng.standard_normal((12, 4096)) / 3) + 0.3 * rng.standard_normal((n, 4096))
np.save(out + "/wide-a.npy", np.asfortranarray(a.astype(np.float32)))
np.save(out + "/wide-b.npy", b)
# Layers: (n, 3, 256) float16 against (n, 300) float32, a stronger signal in the middle layer.
layers = np.stack([z @ rng.standard_normal((12, 256)) * s + rng.standard_normal((n, 256)) for s in (0.2, 1.5, 0.5)], axis=1)
np.save(out + "/layers-a.npy", layers.astype(np.float16))
np.save(out + "/layers-b.npy", (np.sin(z @ rng.standard_normal((12, 300))) + 0.2 * rng.standard_normal((n, 300))).astype(np.float32))
