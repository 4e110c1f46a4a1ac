#!/usr/bin/env python3
"""Peer side of `priormix bench tokenize`: times tiktoken and HF `tokenizers` on the benchmark's
documents with the same vocabulary and split regex (best of REPETITIONS runs, with the CPU time of
that run), writes their ids beside IDS_PATH (IDS_PATH.tiktoken and IDS_PATH.hf; per document a u32
count, then u32 ids) and prints the timings as one JSON object.

usage: bench_tokenizers_peer.py TOKENIZER_JSON DOCUMENTS_JSONL REGEX THREADS REPETITIONS IDS_PATH
"""
import array, json, sys, time
from tokenizers import Tokenizer
from bench_tokenizers_common import tiktoken_encoding

path, docs_path, regex, threads, reps, ids_path = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
docs = [json.loads(line)["text"] for line in open(docs_path, encoding="utf-8")]
enc = tiktoken_encoding(path, regex, with_special_tokens=True)
hf = Tokenizer.from_file(path)


def best(fn):
    t, cpu, out = float("inf"), 0.0, None
    for _ in range(reps):
        c = time.process_time(); s = time.perf_counter(); out = fn(); w = time.perf_counter() - s
        if w < t: t, cpu = w, time.process_time() - c
    return (t, cpu), out


if threads == 1:
    tt, tids = best(lambda: [enc.encode_ordinary(d) for d in docs])
    ht, hids = best(lambda: [e.ids for e in hf.encode_batch(docs, add_special_tokens=False)])
else:
    tt, tids = best(lambda: enc.encode_ordinary_batch(docs, num_threads=threads))
    ht, hids = best(lambda: [e.ids for e in hf.encode_batch(docs, add_special_tokens=False)])
for suffix, all_ids in (("tiktoken", tids), ("hf", hids)):
    out = array.array("I")
    for ids in all_ids:
        out.append(len(ids)); out.extend(ids)
    with open(ids_path + "." + suffix, "wb") as f:
        out.tofile(f)
print(json.dumps({"tiktoken_seconds": tt[0], "tiktoken_cpu": tt[1], "tiktoken_tokens": sum(map(len, tids)),
                  "hf_seconds": ht[0], "hf_cpu": ht[1], "hf_tokens": sum(map(len, hids))}))
