#!/usr/bin/env python3
"""Peer side of `priormix bench tokenize` on pathological inputs: times tiktoken and HF
`tokenizers` once per text of DOCUMENTS_JSONL ({"name", "text"} lines), each in a child process of
its own, so a crash (tiktoken's regex overflows its stack on long whitespace runs) is reported as
that row's error instead of ending the run. Prints a JSON list of rows.

usage: bench_tokenizers_pathological.py TOKENIZER_JSON DOCUMENTS_JSONL REGEX
       bench_tokenizers_pathological.py --one tiktoken|hf TOKENIZER_JSON DOCUMENTS_JSONL REGEX INDEX   (the child)
"""
import json, subprocess, sys, time


def time_one(kind, path, docs_path, regex, index):
    text = [json.loads(l)["text"] for l in open(docs_path, encoding="utf-8")][index]
    if kind == "tiktoken":
        from bench_tokenizers_common import tiktoken_encoding
        enc = tiktoken_encoding(path, regex, with_special_tokens=False)
        run = lambda: enc.encode_ordinary(text)
    else:
        from tokenizers import Tokenizer
        hf = Tokenizer.from_file(path)
        run = lambda: hf.encode(text, add_special_tokens=False).ids
    s = time.perf_counter(); ids = run(); t = time.perf_counter() - s
    print(json.dumps({"seconds": t, "tokens": len(ids)}))


def time_all(path, docs_path, regex):
    names = [json.loads(l)["name"] for l in open(docs_path, encoding="utf-8")]
    sizes = [len(json.loads(l)["text"].encode()) for l in open(docs_path, encoding="utf-8")]
    results = []
    for index, name in enumerate(names):
        for kind, label in (("tiktoken", "tiktoken"), ("hf", "HF tokenizers")):
            row = {"peer": label, "name": name, "bytes": sizes[index]}
            try:
                done = subprocess.run([sys.executable, __file__, "--one", kind, path, docs_path, regex, str(index)],
                                      capture_output=True, text=True, timeout=300)
                if done.returncode == 0:
                    row.update(json.loads(done.stdout))
                else:
                    lines = [l for l in done.stderr.splitlines() if "Error" in l or "panicked" in l]
                    row["error"] = (lines[-1] if lines else "exit %d" % done.returncode).strip()[:120]
            except subprocess.TimeoutExpired:
                row["error"] = "no result within 300 s"
            results.append(row)
    print(json.dumps(results))


if sys.argv[1] == "--one":
    time_one(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
else:
    time_all(sys.argv[1], sys.argv[2], sys.argv[3])
