#!/usr/bin/env python3
"""datatrove's filtering pipeline on a jsonl(.zst) file, timed: the peer of `priormix bench filter`.

    python3 scripts/bench_filter_peer.py INPUT.jsonl.zst WORKDIR [--lid MODEL] [--steps TYPE:NAME,...]
                                         [--languages en,de] [--language-threshold 0.65]

Runs datatrove's LocalPipelineExecutor on one task and one worker (one core): JsonlReader, the
filters of --steps in order, each with datatrove's defaults, then JsonlWriter. A step is a PriorMix
rule type (language, gopher_repetition, gopher_quality, c4, fineweb, pii) and the name its removals
count under. Without --steps, the rules of taxonomy/filters/default.yaml: LanguageFilter (English,
0.65; MODEL in place of the lid.176.bin datatrove would download; left out without --lid),
GopherRepetitionFilter, GopherQualityFilter, C4QualityFilter, FineWebQualityFilter, PIIFormatter.
Each filter's exclusion writer keeps what it removed, so every document's fate is known. Prints one
JSON object: {"seconds", "cpu_seconds", "documents", "kept", "removed": {id: name}}.
"""
import glob
import gzip
import json
import os
import sys
import time


class NumpyTwoFastText:
    """fastText's model with the `predict` datatrove calls, minus the wrapper's numpy 1 only step.
    Loaded on first use: the executor copies the pipeline before running it."""

    def __init__(self, path):
        self.path = path
        self.model = None

    def predict(self, text, k=1, threshold=0.0):
        import numpy
        if self.model is None:
            from fasttext.FastText import _FastText
            self.model = _FastText(self.path)
        pairs = self.model.f.predict(text + "\n", k, threshold, "strict")
        probabilities, labels = zip(*pairs) if pairs else ((), ())
        return labels, numpy.asarray(probabilities)


def main():
    source, work = sys.argv[1], sys.argv[2]

    def option(name, default=None):
        return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default

    lid = option("--lid")
    default_steps = ("language:language," if lid else "") + \
        "gopher_repetition:gopher_repetition,gopher_quality:gopher_quality,c4:c4,fineweb:fineweb,pii:pii"
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter, GopherQualityFilter,
                                            GopherRepetitionFilter, LanguageFilter)
    from datatrove.pipeline.formatters import PIIFormatter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    import datatrove.pipeline.base as base

    def excluded(rule):
        return JsonlWriter(os.path.join(work, "removed", rule), compression="gzip")

    def language_filter(name):
        if not lid:
            sys.exit("bench_filter_peer.py: a language step needs --lid MODEL")
        # datatrove asks for the fasttext-numpy2-wheel distribution; the installed fasttext-wheel is
        # the same module. The executor copies its steps (which checks again), so the check stays off.
        base.check_required_dependencies = lambda *arguments: None
        languages = option("--languages", "en")  # empty: any language (the best one's score counts)
        language = LanguageFilter(languages=languages.split(",") if languages else None,
                                  language_threshold=float(option("--language-threshold", "0.65")),
                                  exclusion_writer=excluded(name))
        language.model._model = NumpyTwoFastText(lid)
        return language

    makers = {
        "language": language_filter,
        "gopher_repetition": lambda name: GopherRepetitionFilter(exclusion_writer=excluded(name)),
        "gopher_quality": lambda name: GopherQualityFilter(exclusion_writer=excluded(name)),
        "c4": lambda name: C4QualityFilter(exclusion_writer=excluded(name)),
        "fineweb": lambda name: FineWebQualityFilter(exclusion_writer=excluded(name)),
        "pii": lambda name: PIIFormatter(),
    }
    steps = [JsonlReader(os.path.dirname(os.path.abspath(source)), glob_pattern=os.path.basename(source),
                         compression="infer", text_key="text", id_key="id")]
    for step in option("--steps", default_steps).split(","):
        kind, _, name = step.partition(":")
        if kind not in makers:
            sys.exit(f"bench_filter_peer.py: unknown step {kind!r} (known: {', '.join(makers)})")
        steps.append(makers[kind](name or kind))
    steps.append(JsonlWriter(os.path.join(work, "kept"), compression="gzip"))
    executor = LocalPipelineExecutor(pipeline=steps, tasks=1, workers=1, logging_dir=os.path.join(work, "logs"),
                                     skip_completed=False)
    start, cpu_start = time.perf_counter(), time.process_time()
    executor.run()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    removed = {}
    for rule_directory in glob.glob(os.path.join(work, "removed", "*")):
        for path in glob.glob(os.path.join(rule_directory, "*.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    removed[json.loads(line)["id"]] = os.path.basename(rule_directory)
    kept = 0
    for path in glob.glob(os.path.join(work, "kept", "*.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            kept += sum(1 for _ in handle)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "documents": kept + len(removed), "kept": kept, "removed": removed}))


if __name__ == "__main__":
    main()
