#!/usr/bin/env python3
"""Runs datatrove's own filters on a JSONL file and prints, per document, each rule's verdict.

Used by the parity test (Tests/PriorMixTests/Filter) and usable on its own:

    python3 scripts/datatrove_filters_reference.py docs.jsonl [--tokens] [--lid MODEL] > verdicts.jsonl

Each rule sees the document as read (rules are judged one by one, not chained), so a difference
points at one rule. Output: one JSON object a line, in input order:
{"id", "gopher_quality": "keep" | reason, "gopher_repetition": ..., "c4": ..., "fineweb": ...,
 "pii": {"text_changed": bool, "text": masked text}}; with --tokens also "words" (spaCy's words
after datatrove's strip) and "sentences" (the sentence count datatrove gives each whole text); with
--lid MODEL also "language": datatrove's LanguageFilter (English, threshold 0.65) with MODEL (e.g.
models/lid.176.ftz) in place of the lid.176.bin it would download.
"""
import copy
import io
import json
import sys

from datatrove.data import Document
from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter, GopherQualityFilter,
                                        GopherRepetitionFilter)
from datatrove.pipeline.formatters import PIIFormatter
from datatrove.utils.text import split_into_sentences, split_into_words


class NumpyTwoFastText:
    """fastText's model with the `predict` datatrove calls, minus the wrapper's numpy 1 only step:
    the same call into the C++ model (one line, ending in a newline, as the wrapper adds)."""

    def __init__(self, path):
        from fasttext.FastText import _FastText
        self.model = _FastText(path)

    def predict(self, text, k=1, threshold=0.0):
        import numpy
        pairs = self.model.f.predict(text + "\n", k, threshold, "strict")
        probabilities, labels = zip(*pairs) if pairs else ((), ())
        return labels, numpy.asarray(probabilities)


def verdict(rule, doc):
    try:
        result = rule.filter(doc)
    except ZeroDivisionError:
        return "error:ZeroDivisionError"
    if isinstance(result, tuple):
        return result[1] if not result[0] else "keep"
    return "keep" if result else "drop"


def lines(path):
    opener = open
    if path.endswith(".zst"):
        import zstandard
        handle = zstandard.ZstdDecompressor().stream_reader(open(path, "rb"))
        return io.TextIOWrapper(handle, encoding="utf-8")
    return opener(path, encoding="utf-8")


def main():
    path = sys.argv[1]
    tokens = "--tokens" in sys.argv[2:]
    rules = {}
    if "--lid" in sys.argv:
        from datatrove.pipeline.filters import LanguageFilter
        import datatrove.pipeline.base as base
        # datatrove asks for the fasttext-numpy2-wheel distribution; the project's peer is
        # fasttext-wheel (the same fasttext module), so that one check is skipped while building.
        check = base.check_required_dependencies
        base.check_required_dependencies = lambda *arguments: None
        try:
            language = LanguageFilter(languages=["en"], language_threshold=0.65)
        finally:
            base.check_required_dependencies = check
        language.model._model = NumpyTwoFastText(sys.argv[sys.argv.index("--lid") + 1])
        rules["language"] = language
    rules.update({
        "gopher_quality": GopherQualityFilter(),
        "gopher_repetition": GopherRepetitionFilter(),
        "c4": C4QualityFilter(filter_no_terminal_punct=True),
        "fineweb": FineWebQualityFilter(),
    })
    pii = PIIFormatter()
    out = sys.stdout
    for number, line in enumerate(lines(path)):
        if not line.strip():
            continue
        record = json.loads(line)
        text = record.get("text", "")
        row = {"id": record.get("id", str(number))}
        for name, rule in rules.items():
            row[name] = verdict(rule, Document(text=text, id=row["id"]))
        masked = pii.format(text)
        row["pii"] = {"text_changed": masked != text, "text": masked}
        if tokens:
            row["words"] = split_into_words(text)
            row["sentences"] = len(split_into_sentences(text))
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
