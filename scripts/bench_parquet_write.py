# Writes a synthetic JSONL corpus as FineWeb-shaped Parquet for `priormix bench parquet`.
# Usage: python3 scripts/bench_parquet_write.py CORPUS.jsonl OUT.parquet
import json, sys
import pyarrow as pa, pyarrow.parquet as pq
source, target = sys.argv[1], sys.argv[2]
rows = [json.loads(line) for line in open(source, encoding="utf-8")]
table = pa.table({
    "text": [r["text"] for r in rows], "id": [r["id"] for r in rows],
    "dump": ["CC-MAIN-2024-42"] * len(rows), "url": [r["metadata"]["url"] for r in rows],
    "date": [r["added"] for r in rows], "language": [r["metadata"]["lang"] for r in rows],
    "language_score": [0.9] * len(rows), "token_count": [len(r["text"].split()) for r in rows],
})
pq.write_table(table, target, compression="zstd", row_group_size=10000)
