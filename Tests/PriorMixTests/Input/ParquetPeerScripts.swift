/// Python run by the Parquet tests: pyarrow, the reference implementation, writes the files and
/// states the values PriorMix must read, in PriorMix's JSON conventions (float32 at its shortest
/// form, timestamps in ISO 8601 with the unit's digits, dates as YYYY-MM-DD, maps as key/value
/// objects). Files are generated at test time; nothing is committed.
enum ParquetPeerScripts {
    static let common = #"""
import json, sys, os, datetime, random
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

EPOCH = datetime.datetime(1970, 1, 1)

def iso(value, unit, utc):
    per = {"ms": 1000, "us": 1000000, "ns": 1000000000}[unit]
    digits = {"ms": 3, "us": 6, "ns": 9}[unit]
    seconds, fraction = divmod(value, per)
    moment = EPOCH + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "." + str(fraction).zfill(digits) + ("Z" if utc else "")

def expected_value(value, typ):
    if value is None:
        return None
    if pa.types.is_timestamp(typ):
        return iso(value, typ.unit, typ.tz is not None)
    if pa.types.is_date32(typ):
        return (datetime.date(1970, 1, 1) + datetime.timedelta(days=value)).isoformat()
    if pa.types.is_float32(typ):
        return None if not np.isfinite(value) else float(str(np.float32(value)))
    if pa.types.is_floating(typ):
        return None if not np.isfinite(value) else value
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ):
        return value.decode("utf-8")
    if pa.types.is_map(typ):
        return [{"key": expected_value(k, typ.key_type), "value": expected_value(v, typ.item_type)} for k, v in value]
    if pa.types.is_list(typ) or pa.types.is_large_list(typ):
        return [expected_value(v, typ.value_type) for v in value]
    if pa.types.is_struct(typ):
        return {typ.field(i).name: expected_value(value[typ.field(i).name], typ.field(i).type) for i in range(typ.num_fields)}
    return value

def raw_table(table):
    # Timestamps and dates as their stored integers, so expectations are computed from the stored value.
    columns = []
    for field, column in zip(table.schema, table.columns):
        if pa.types.is_timestamp(field.type):
            column = column.cast(pa.int64())
        elif pa.types.is_date32(field.type):
            column = column.cast(pa.int32())
        columns.append(column)
    return pa.table(columns, names=table.schema.names)

def write_expected(table, path):
    raw = raw_table(table).to_pylist()
    with open(path, "w", encoding="utf-8") as out:
        for row in raw:
            obj = {field.name: expected_value(row[field.name], field.type) for field in table.schema}
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")

def corpus_table(rows, seed):
    rng = random.Random(seed)
    words = ["lighthouse", "kelp", "prime", "lemma", "münze", "東京", "naïve", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "emoji 🙂"]
    texts, ids, scores, f32, flags, ts, ts_ms, days, u32, tags, meta, pairs, items, grid, small = [], [], [], [], [], [], [], [], [], [], [], [], [], [], []
    for i in range(rows):
        n = rng.randint(0, 40)
        texts.append(None if i % 17 == 5 else " ".join(rng.choice(words) for _ in range(n)))
        ids.append(i * 7919 - 3000)
        scores.append(None if i % 11 == 3 else (float("nan") if i == 9 else rng.uniform(-1e6, 1e6)))
        f32.append(rng.uniform(-100, 100))
        flags.append(None if i % 13 == 0 else rng.random() < 0.5)
        ts.append(1700000000000000 + i * 1234567 - (10**15 if i == 4 else 0))
        ts_ms.append(None if i % 7 == 1 else 1600000000000 + i * 997)
        days.append(19000 + i - (30000 if i == 2 else 0))
        u32.append(rng.randint(0, 2**32 - 1))
        tags.append(None if i % 9 == 4 else [None if j == 2 else rng.choice(words) for j in range(rng.randint(0, 4))])
        meta.append(None if i % 10 == 6 else {"url": "https://example.org/%d" % i, "n": None if i % 4 == 0 else i})
        pairs.append(None if i % 8 == 7 else [(rng.choice(["a", "b", "c"]) + str(j), j * i) for j in range(rng.randint(0, 3))])
        items.append([{"a": j, "b": None if j == 1 else "x" * j} for j in range(rng.randint(0, 3))])
        grid.append([[k for k in range(rng.randint(0, 2))] for _ in range(rng.randint(0, 3))])
        small.append(rng.randint(0, 5))
    return pa.table({
        "text": pa.array(texts, pa.string()),
        "id": pa.array(ids, pa.int64()),
        "score": pa.array(scores, pa.float64()),
        "f32": pa.array(f32, pa.float32()),
        "flag": pa.array(flags, pa.bool_()),
        "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
        "ts_ms": pa.array(ts_ms, pa.timestamp("ms")),
        "day": pa.array(days, pa.date32()),
        "u32": pa.array(u32, pa.uint32()),
        "small": pa.array(small, pa.int32()),
        "tags": pa.array(tags, pa.list_(pa.string())),
        "meta": pa.array(meta, pa.struct([("url", pa.string()), ("n", pa.int32())])),
        "pairs": pa.array(pairs, pa.map_(pa.string(), pa.int64())),
        "items": pa.array(items, pa.list_(pa.struct([("a", pa.int64()), ("b", pa.string())]))),
        "grid": pa.array(grid, pa.list_(pa.list_(pa.int32()))),
    })
"""#

    /// Writes the codec × page version × dictionary matrix and the encoding cases into argv[1].
    static let matrix = common + "\n" + #"""
out = sys.argv[1]
table = corpus_table(1000, 1)
write_expected(table, os.path.join(out, "expected.jsonl"))
cases = []
for codec in ["none", "snappy", "gzip", "zstd", "brotli", "lz4"]:
    for version in ["1.0", "2.0"]:
        for dictionary in [True, False]:
            name = "%s-v%s-%s.parquet" % (codec, version, "dict" if dictionary else "plain")
            pq.write_table(table, os.path.join(out, name), compression=codec, data_page_version=version,
                           use_dictionary=dictionary, row_group_size=400, data_page_size=4096,
                           write_page_checksum=(codec == "zstd"))
            cases.append(name)
flat = ["text", "id", "score", "f32", "small"]
encodings = {"text": "DELTA_LENGTH_BYTE_ARRAY", "id": "DELTA_BINARY_PACKED", "score": "BYTE_STREAM_SPLIT",
             "f32": "BYTE_STREAM_SPLIT", "small": "DELTA_BINARY_PACKED"}
for version in ["1.0", "2.0"]:
    for text_encoding in ["DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY"]:
        encodings["text"] = text_encoding
        name = "delta-%s-v%s.parquet" % (text_encoding.lower(), version)
        pq.write_table(table, os.path.join(out, name), compression="zstd", data_page_version=version,
                       use_dictionary=False, column_encoding=encodings, row_group_size=300, data_page_size=2048)
        cases.append(name)
pq.write_table(table, os.path.join(out, "row-per-group.parquet"), compression="snappy", row_group_size=1)
cases.append("row-per-group.parquet")
json.dump(cases, open(os.path.join(out, "cases.json"), "w"))
"""#

    /// Files for the damage tests, and where row group 2's `text` column chunk lies.
    static let damage = common + "\n" + #"""
out = sys.argv[1]
table = corpus_table(300, 2)
pq.write_table(table, os.path.join(out, "checked.parquet"), compression="zstd", row_group_size=100, write_page_checksum=True)
pq.write_table(table, os.path.join(out, "plain.parquet"), compression="none", use_dictionary=False, row_group_size=100)
pq.write_table(pa.table({"a": pa.array(range(50), pa.int64()), "b": pa.array([0.5] * 50)}), os.path.join(out, "numbers.parquet"))
docs = pa.table({"doc_id": ["d%03d" % i for i in range(30)], "body": ["Document %d about the lighthouse." % i for i in range(30)],
                 "lang": ["en"] * 30, "year": list(range(1990, 2020))})
pq.write_table(docs, os.path.join(out, "docs.parquet"), compression="snappy", row_group_size=10)
chunks = {}
for name in ["checked.parquet", "plain.parquet"]:
    column = pq.ParquetFile(os.path.join(out, name)).metadata.row_group(1).column(0)
    start = column.dictionary_page_offset if column.has_dictionary_page else column.data_page_offset
    chunks[name] = {"start": start, "data": column.data_page_offset, "size": column.total_compressed_size}
json.dump(chunks, open(os.path.join(out, "chunks.json"), "w"))
"""#
}
