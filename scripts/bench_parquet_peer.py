# Times pyarrow on a Parquet file for `priormix bench parquet` (best of REPEATS); prints JSON.
# Usage: python3 scripts/bench_parquet_peer.py FILE.parquet REPEATS
import json, os, sys, time
import pyarrow as pa, pyarrow.parquet as pq
path, repeats = sys.argv[1], int(sys.argv[2])
cpu = {}
def best(fn, key=None):
    # Wall time, best of REPEATS; for one-thread rows also the best process CPU time (under `key`_cpu),
    # the steadier per-core figure on a machine shared with other work.
    times, cpus = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start); cpus.append(time.process_time() - start_cpu)
    if key: cpu[key + "_cpu"] = min(cpus)
    return min(times)
def datatrove_style(threads):
    parquet = pq.ParquetFile(path)
    documents = 0
    for batch in parquet.iter_batches(batch_size=1000, use_threads=threads):
        for row in batch.to_pylist():
            document = {"text": row.pop("text"), "id": row.pop("id"), "metadata": row}
            documents += 1
    return documents
def datatrove_reader():
    # datatrove's own ParquetReader, one Document per row (when datatrove is installed).
    from datatrove.pipeline.readers import ParquetReader
    folder, name = os.path.split(os.path.abspath(path))
    return sum(1 for _ in ParquetReader(folder, glob_pattern=name, text_key="text", id_key="id").read_file(name))
text = pq.read_table(path, columns=["text"]).column("text")
text_bytes = sum(len(s.encode("utf-8")) for s in text.to_pylist())
meta = pq.ParquetFile(path).metadata
result = {
    "text_bytes": text_bytes, "rows": meta.num_rows, "row_groups": meta.num_row_groups,
    "read_table_1": best(lambda: pq.read_table(path, use_threads=False), "read_table_1"),
    "read_table_all": best(lambda: pq.read_table(path)),
    "text_to_python_1": best(lambda: pq.read_table(path, columns=["text"], use_threads=False).column("text").to_pylist(), "text_to_python_1"),
    "datatrove_style_1": best(lambda: datatrove_style(False), "datatrove_style_1"),
    "datatrove_style": best(lambda: datatrove_style(True)),
}
try:
    import datatrove  # noqa: F401
    result["datatrove_reader_1"] = best(datatrove_reader, "datatrove_reader_1")
except ImportError:
    pass
result.update(cpu)
print(json.dumps(result))
