#!/usr/bin/env python3
"""The `fasttext` package's predictions for the parity tests: for every text of TEXTS.json (a JSON
list of strings) and every K, fastText's predict on the text with newlines replaced by spaces (as
datatrove's LanguageFilter does), as [[label without __label__, probability], ...].

usage: fasttext_predict.py MODEL TEXTS.json K[,K...]   (K = -1: every label)
prints: {"K": [[[label, p], ...] per text], ...}
"""
import json
import sys

import fasttext

model = fasttext.load_model(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
result = {}
for k in sys.argv[3].split(","):
    rows = []
    for text in texts:
        # model.f.predict is what model.predict calls (the wrapper's numpy step fails on numpy 2).
        pairs = model.f.predict(text.replace("\n", " ") + "\n", int(k), 0.0, "strict")
        rows.append([[label[len("__label__"):], probability] for probability, label in pairs])
    result[k] = rows
print(json.dumps(result))
