#!/usr/bin/env python3
"""Quantized fastText models made by the real `fasttext` package for the .ftz tests, one per layout
the format allows, and fastText's predictions (every label) for each line of PROBES.json.

usage: fasttext_quantized_models.py TRAIN.txt TRAIN_MANY_LABELS.txt PROBES.json OUTDIR
writes OUTDIR/<variant>.ftz; prints {"<variant>": [[[label, p], ...] per probe], ...}
"""
import json
import sys

import fasttext

train, train_many, probes_path, out = sys.argv[1:5]
probes = json.load(open(probes_path, encoding="utf-8"))
variants = {
    # pruned (cutoff), norms quantized, pieces of 5 floats over 12 (the last piece 2), word bigrams
    "softmax-pruned-qnorm": (train, dict(dim=12, wordNgrams=2, minn=2, maxn=4, bucket=5000, loss="softmax"),
                             dict(cutoff=2000, qnorm=True, dsub=5)),
    # every bucket kept (no prune index), no norms, one-vs-all sigmoids
    "ova-unpruned": (train, dict(dim=16, wordNgrams=1, minn=2, maxn=3, bucket=2000, loss="ova"), dict(qnorm=False, dsub=2)),
    # hierarchical softmax over 300 labels with the output matrix quantized too (needs >= 256 labels)
    "hs-qout": (train_many, dict(dim=8, wordNgrams=1, minn=3, maxn=5, bucket=3000, loss="hs"),
                dict(cutoff=1500, qnorm=True, qout=True, dsub=2)),
}
result = {}
for name, (data, options, quantize) in variants.items():
    model = fasttext.train_supervised(input=data, thread=1, seed=5, verbose=0, epoch=5, lr=0.5, **options)
    model.quantize(input=data, retrain=False, **quantize)
    model.save_model(f"{out}/{name}.ftz")
    rows = []
    for line in probes:
        pairs = model.f.predict(line + "\n", -1, 0.0, "strict")
        rows.append([[label[len("__label__"):], probability] for probability, label in pairs])
    result[name] = rows
print(json.dumps(result))
