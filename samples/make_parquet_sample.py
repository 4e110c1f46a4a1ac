#!/usr/bin/env python3
"""Write samples/parquet/fineweb-style.parquet from the project's own Dolma-style sample.

Run from the repository root (needs pyarrow: scripts/ensure-python.sh installs it):

    python3 samples/make_parquet_sample.py

The rows take their text from samples/jsonl/dolma-style.jsonl (written for PriorMix) and are laid
out as FineWeb ships its Parquet files: text, id, dump, url, date, file_path, language,
language_score, token_count. ZSTD, data page v2, three row groups. Deterministic: ids, dates and
scores derive from the input alone.
"""
import hashlib
import json

import pyarrow as pa
import pyarrow.parquet as pq

rows = [json.loads(line) for line in open("samples/jsonl/dolma-style.jsonl", encoding="utf-8")]
table = pa.table({
    "text": [r["text"] for r in rows],
    "id": ["<urn:uuid:%s>" % hashlib.sha1(r["id"].encode()).hexdigest()[:32] for r in rows],
    "dump": ["CC-MAIN-2024-42"] * len(rows),
    "url": [r["metadata"]["url"] for r in rows],
    "date": ["2024-10-%02dT06:12:40Z" % (1 + i) for i in range(len(rows))],
    "file_path": ["s3://commoncrawl.example/crawl-data/CC-MAIN-2024-42/segments/%04d.warc.gz" % i for i in range(len(rows))],
    "language": [r["metadata"].get("lang", "en") for r in rows],
    "language_score": pa.array([round(0.80 + (int(hashlib.sha1(r["id"].encode()).hexdigest()[:4], 16) % 200) / 1000, 3) for r in rows], pa.float64()),
    "token_count": pa.array([len(r["text"].split()) for r in rows], pa.int64()),
})
pq.write_table(table, "samples/parquet/fineweb-style.parquet", compression="zstd", data_page_version="2.0", row_group_size=6)
print("wrote samples/parquet/fineweb-style.parquet: %d rows" % len(rows))
