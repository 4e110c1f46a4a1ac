#!/usr/bin/env python3
"""Peer side of `priormix bench lid`: the `fasttext` package predicting languages for every line
of TEXTS (one document a line, newlines already replaced by spaces, as datatrove does) with MODEL.

Wall and CPU seconds of each of REPEATS runs (load time excluded): k = 1 (`predict`'s default) and k = -1 followed by the
best label (what datatrove's FT176LID does). Prints JSON:
{"k1_seconds": [...], "all_seconds": [...], "k1_cpu_seconds": [...], "all_cpu_seconds": [...],
 "k1": [[label, p], ...], "best": [[label, p], ...]}

usage: bench_lid_peer.py MODEL TEXTS.txt [REPEATS]
"""
import json
import sys
import time

import fasttext

model = fasttext.load_model(sys.argv[1])
# newline="": no universal-newline translation, so a "\r" inside a document stays in its line.
lines = open(sys.argv[2], encoding="utf-8", newline="").read().split("\n")[:-1]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
predict = model.f.predict  # what model.predict calls, without its numpy step

def run(k):
    return [predict(line + "\n", k, 0.0, "strict") for line in lines]

result = {"k1_seconds": [], "all_seconds": [], "k1_cpu_seconds": [], "all_cpu_seconds": []}
for _ in range(repeats):
    start, cpu = time.perf_counter(), time.thread_time()
    k1 = run(1)
    result["k1_seconds"].append(time.perf_counter() - start)
    result["k1_cpu_seconds"].append(time.thread_time() - cpu)
    start, cpu = time.perf_counter(), time.thread_time()
    every = run(-1)
    best = [max(pairs, key=lambda pair: pair[0]) if pairs else None for pairs in every]
    result["all_seconds"].append(time.perf_counter() - start)
    result["all_cpu_seconds"].append(time.thread_time() - cpu)

def strip(pair):
    return None if pair is None else [pair[1][len("__label__"):], pair[0]]

result["k1"] = [strip(pairs[0] if pairs else None) for pairs in k1]
result["best"] = [strip(pair) for pair in best]
print(json.dumps(result))
