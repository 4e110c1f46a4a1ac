#!/usr/bin/env python3
"""Independent numpy implementation of the representation-alignment metrics of the Platonic
Representation Hypothesis paper (Huh et al., 2024), written from the definitions in its public
reference code (metrics.py, measure_alignment.py) for PriorMix's parity tests.

It works the plain way, on full n x n matrices in float64, so it checks PriorMix's Swift code
(which avoids n x n matrices where it can) rather than repeating it:

    python3 scripts/alignment_reference.py A.npy B.npy --metric mutual_knn --k 10
    python3 scripts/alignment_reference.py A.npy B.npy --metric all        # every metric at once

Prints JSON: {"metric": {"scores": [[...]], ...}} with one score per (layer of A, layer of B).
Feature preparation follows measure_alignment.py: values clipped at the --outlier-quantile of
their absolute values (per item over layers and columns, averaged over items; --exact-quantile
for the whole-array variant), then each item's features L2-normalised per layer.
svcca uses an exact SVD and exact CCA (the reference uses randomised svd_lowrank and sklearn's
iterative CCA, which approximate the same quantities).
"""
import argparse
import json
import sys

import numpy as np

METRICS = ["mutual_knn", "cycle_knn", "cka", "unbiased_cka", "cknna", "svcca"]


def load(path):
    x = np.load(path).astype(np.float64)
    if x.ndim == 2:
        x = x[:, None, :]
    if x.ndim != 3:
        raise SystemExit(f"{path}: expected 2 or 3 dimensions, got shape {x.shape}")
    return x


def clip_outliers(x, q, exact):
    if q >= 1:
        return x
    if exact:
        flat = np.sort(np.abs(x).ravel())
        t = flat[min(int(q * flat.size), flat.size - 1)]
    else:
        t = np.quantile(np.abs(x.reshape(x.shape[0], -1)), q, axis=1).mean()
    return np.clip(x, -t, t)


def l2_normalize(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def knn(feats, k):
    gram = feats @ feats.T
    np.fill_diagonal(gram, -1e8)
    return np.argsort(-gram, axis=1, kind="stable")[:, :k]


def neighbor_mask(indices, n):
    mask = np.zeros((n, n))
    mask[np.arange(n)[:, None], indices] = 1.0
    return mask


def mutual_knn(a, b, k):
    n = a.shape[0]
    shared = neighbor_mask(knn(a, k), n) * neighbor_mask(knn(b, k), n)
    return float((shared.sum(axis=1) / k).mean())


def cycle_knn(a, b, k):
    knn_a, knn_b = knn(a, k), knn(b, k)
    n = a.shape[0]
    round_trip = knn_a[knn_b]  # (n, k, k): the A-neighbours of each B-neighbour
    return float((round_trip == np.arange(n)[:, None, None]).reshape(n, -1).max(axis=1).mean())


def hsic_biased(K, L):
    n = K.shape[0]
    H = np.eye(n) - 1.0 / n
    return np.trace(K @ H @ L @ H)


def hsic_unbiased(K, L):
    m = K.shape[0]
    Kt, Lt = K.copy(), L.copy()
    np.fill_diagonal(Kt, 0)
    np.fill_diagonal(Lt, 0)
    value = (np.sum(Kt * Lt.T) + np.sum(Kt) * np.sum(Lt) / ((m - 1) * (m - 2))
             - 2 * np.sum(Kt @ Lt) / (m - 2))
    return value / (m * (m - 3))


def cka(a, b, unbiased=False):
    K, L = a @ a.T, b @ b.T
    hsic = hsic_unbiased if unbiased else hsic_biased
    return float(hsic(K, L) / (np.sqrt(hsic(K, K) * hsic(L, L)) + 1e-6))


def cknna(a, b, k):
    n = a.shape[0]
    K, L = a @ a.T, b @ b.T

    def similarity(K, L):
        K_hat, L_hat = K.copy(), L.copy()
        np.fill_diagonal(K_hat, -np.inf)
        np.fill_diagonal(L_hat, -np.inf)
        mask_k = neighbor_mask(np.argsort(-K_hat, axis=1, kind="stable")[:, :k], n)
        mask_l = neighbor_mask(np.argsort(-L_hat, axis=1, kind="stable")[:, :k], n)
        mask = mask_k * mask_l
        return hsic_unbiased(mask * K, mask * L)

    return float(similarity(K, L) / (np.sqrt(similarity(K, K) * similarity(L, L)) + 1e-6))


def svcca(a, b, dims=10):
    def standardize(x):
        x = x - x.mean(axis=0)
        return x / (x.std(axis=0, ddof=1) + 1e-8)

    def top_left_singular(x):
        # A wide matrix is first reduced by QR of its transpose (x = Rᵀ Qᵀ, same left singular
        # vectors as Rᵀ), which keeps the SVD square and small.
        if x.shape[1] > x.shape[0]:
            x = np.linalg.qr(x.T, mode="r").T
        u, _, _ = np.linalg.svd(x, full_matrices=False)
        return u[:, :dims]

    u1, u2 = top_left_singular(standardize(a)), top_left_singular(standardize(b))
    # Classic CCA: whiten each side with its covariance, then the singular values of the whitened
    # cross-covariance are the canonical correlations.
    u1, u2 = u1 - u1.mean(axis=0), u2 - u2.mean(axis=0)

    def inverse_sqrt(c):
        w, v = np.linalg.eigh(c)
        return v @ np.diag(1 / np.sqrt(w)) @ v.T

    c11, c22, c12 = u1.T @ u1, u2.T @ u2, u1.T @ u2
    correlations = np.linalg.svd(inverse_sqrt(c11) @ c12 @ inverse_sqrt(c22), compute_uv=False)
    return float(np.mean(correlations[:dims]))


def score(metric, a, b, k):
    if metric == "mutual_knn":
        return mutual_knn(a, b, k)
    if metric == "cycle_knn":
        return cycle_knn(a, b, k)
    if metric == "cka":
        return cka(a, b)
    if metric == "unbiased_cka":
        return cka(a, b, unbiased=True)
    if metric == "cknna":
        return cknna(a, b, k)
    if metric == "svcca":
        return svcca(a, b)
    raise SystemExit(f"unknown metric {metric}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--metric", default="mutual_knn", choices=METRICS + ["all"])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--outlier-quantile", type=float, default=0.95)
    parser.add_argument("--exact-quantile", action="store_true")
    parser.add_argument("--no-normalize", action="store_true")
    args = parser.parse_args()

    a = clip_outliers(load(args.a), args.outlier_quantile, args.exact_quantile)
    b = clip_outliers(load(args.b), args.outlier_quantile, args.exact_quantile)
    prepare = (lambda x: x) if args.no_normalize else l2_normalize
    layers_a = [prepare(a[:, i, :]) for i in range(a.shape[1])]
    layers_b = [prepare(b[:, j, :]) for j in range(b.shape[1])]
    out = {}
    for metric in (METRICS if args.metric == "all" else [args.metric]):
        out[metric] = {"scores": [[score(metric, x, y, args.k) for y in layers_b] for x in layers_a]}
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
