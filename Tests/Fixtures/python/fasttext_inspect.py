#!/usr/bin/env python3
"""The `fasttext` package's view of texts under a model, for the tokenizer and embedding parity
tests: for every text of TEXTS.json (a JSON list of one-line strings), the words and labels of
get_line, the sentence vector (get_sentence_vector) and every label's probability (predict, k=-1);
for every distinct word met (and the extra words of WORDS.json, if given) as [word, id, subword ids, vector or null]: its id (get_word_id),
subword ids (get_subwords) and, for the first MAX_VECTORS words, its vector (get_word_vector);
and input rows 0..ROWS-1 (get_input_vector). Floats are printed exactly (float32 values as doubles).

usage: fasttext_inspect.py MODEL TEXTS.json [WORDS.json] [MAX_VECTORS] [ROWS]
"""
import json
import sys

import fasttext

model = fasttext.load_model(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
extra = json.load(open(sys.argv[3], encoding="utf-8")) if len(sys.argv) > 3 else []
max_vectors = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
rows = int(sys.argv[5]) if len(sys.argv) > 5 else 50

# Words as a list, not an object: a JSON object's keys would be merged by readers that compare
# strings up to canonical equivalence (Swift does), and "café" with a combining accent is another word.
result = {"lines": [], "words": [], "rows": []}
order = []
for text in texts:
    words, labels = model.get_line(text)
    # model.f.predict is what model.predict calls (the wrapper's numpy step fails on numpy 2).
    pairs = model.f.predict(text + "\n", -1, 0.0, "strict")
    result["lines"].append({
        "words": words,
        "labels": labels,
        "sentence_vector": [float(x) for x in model.get_sentence_vector(text)],
        "probabilities": [[label[len("__label__"):], probability] for probability, label in pairs],
    })
    order.extend(words)
order.extend(extra)
seen = set()
for word in order:
    if word in seen:
        continue
    seen.add(word)
    _, ids = model.get_subwords(word)
    vector = [float(x) for x in model.get_word_vector(word)] if len(seen) <= max_vectors else None
    result["words"].append([word, model.get_word_id(word), [int(i) for i in ids], vector])
for row in range(rows):
    result["rows"].append([float(x) for x in model.get_input_vector(row)])
print(json.dumps(result))
