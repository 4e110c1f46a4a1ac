#!/usr/bin/env python3
"""datatrove's four-stage MinHash deduplication (signatures, buckets, clusters, filter) on one
JSONL file, on one core, for `priormix bench dedup`.

Usage: bench_dedup_peer.py INPUT.jsonl WORKDIR [--n-grams 5 --buckets 14 --rows 8 --seed 1]

Prints one JSON object: wall and CPU seconds of the whole pipeline, the ids of the documents the
filter removed, and per kept document in a duplicate cluster its cluster id.
"""
import argparse
import json
import os
import resource
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("workdir")
    parser.add_argument("--n-grams", type=int, default=5)
    parser.add_argument("--buckets", type=int, default=14)
    parser.add_argument("--rows", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import logging
    logging.disable(logging.CRITICAL)
    from loguru import logger
    logger.remove()
    from datatrove.executor.local import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                                  MinhashDedupFilter, MinhashDedupSignature)
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.hashing import HashConfig

    config = MinhashConfig(n_grams=args.n_grams, num_buckets=args.buckets, hashes_per_bucket=args.rows, seed=args.seed,
                           hash_config=HashConfig(precision=64))
    folder, name = os.path.split(os.path.abspath(args.input))
    work = os.path.abspath(args.workdir)

    def reader():
        return JsonlReader(folder, glob_pattern=name, id_key="id", text_key="text", compression=None, doc_progress=False)

    stages = [
        [reader(), MinhashDedupSignature(output_folder=f"{work}/signatures", config=config)],
        [MinhashDedupBuckets(input_folder=f"{work}/signatures", output_folder=f"{work}/buckets", config=config)],
        [MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove_ids", config=config, save_cluster_id=True)],
        [reader(), MinhashDedupFilter(input_folder=f"{work}/remove_ids", load_cluster_ids=True,
                                      exclusion_writer=JsonlWriter(f"{work}/removed", compression=None)),
         JsonlWriter(f"{work}/kept", compression=None)],
    ]
    tasks = [1, args.buckets, 1, 1]
    started, cpu_started = time.time(), time.process_time()
    for index, (pipeline, count) in enumerate(zip(stages, tasks)):
        LocalPipelineExecutor(pipeline=pipeline, tasks=count, workers=1, logging_dir=f"{work}/logs-{index}",
                              skip_completed=False).run()
    wall, cpu = time.time() - started, time.process_time() - cpu_started

    def ids(directory, with_cluster=False):
        out = {}
        for file in sorted(os.listdir(directory)):
            with open(os.path.join(directory, file)) as handle:
                for line in handle:
                    document = json.loads(line)
                    out[document["id"]] = document.get("metadata", {}).get("minhash_cluster_id")
        return out

    removed = ids(f"{work}/removed") if os.path.isdir(f"{work}/removed") else {}
    kept = ids(f"{work}/kept")
    json.dump({"seconds": wall, "cpu_seconds": cpu,
               "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
               "removed": sorted(removed), "clusters": {k: v for k, v in kept.items() if v is not None}}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
