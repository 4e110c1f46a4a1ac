"""Reads a PriorMix shard set back with numpy, for MixtureTests: checks every shard's sha256, header,
pointers and end-of-text tokens against manifest.json for FORMAT (megatron, llmc or nanogpt) and
prints, as a JSON list, the text of the first document of every shard.

usage: read_shards.py SHARD_DIR FORMAT
"""
import json, sys, hashlib, numpy as np
out, fmt = sys.argv[1], sys.argv[2]
manifest = json.load(open(out + "/manifest.json"))
eot = manifest["tokenizer"]["end_of_text_id"]
report = []
for shard in manifest["train"] + [s for v in manifest["validation"].values() for s in v]:
    name = shard["files"][0]
    raw = open(out + "/" + name, "rb").read()
    for f in shard["files"]:
        assert hashlib.sha256(open(out + "/" + f, "rb").read()).hexdigest() == shard["sha256"][f], f
    if fmt == "megatron":
        idx = open(out + "/" + name[:-4] + ".idx", "rb").read()
        assert idx[:9] == b"MMIDIDX\x00\x00"
        version = np.frombuffer(idx, np.uint64, 1, 9)[0]; code = idx[17]
        seqs, docs = np.frombuffer(idx, np.uint64, 2, 18)
        lengths = np.frombuffer(idx, np.int32, int(seqs), 34)
        pointers = np.frombuffer(idx, np.int64, int(seqs), 34 + 4 * int(seqs))
        doc_index = np.frombuffer(idx, np.int64, int(docs), 34 + 12 * int(seqs))
        assert version == 1 and code == 8 and docs == seqs + 1
        assert list(doc_index) == list(range(int(seqs) + 1))
        tokens = np.frombuffer(raw, np.uint16)
        assert int(lengths.sum()) == len(tokens) == shard["tokens"]
        assert list(pointers) == list(np.concatenate([[0], np.cumsum(lengths[:-1]) * 2]))
        ends = np.cumsum(lengths) - 1
        assert all(tokens[ends] == eot) and int((tokens == eot).sum()) == int(seqs) == shard["documents"]
        first = tokens[: lengths[0] - 1]
    elif fmt == "llmc":
        header = np.frombuffer(raw[:1024], np.int32)
        assert header[0] == 20240520 and header[1] == 1
        tokens = np.frombuffer(raw[1024:], np.uint16)
        assert header[2] == len(tokens) == shard["tokens"]
        assert tokens[0] == eot and int((tokens == eot).sum()) == shard["documents"]
        second = np.nonzero(tokens == eot)[0]
        first = tokens[1: second[1] if len(second) > 1 else len(tokens)]
    else:
        tokens = np.frombuffer(raw, np.uint16)
        assert len(tokens) == shard["tokens"] and tokens[-1] == eot
        assert int((tokens == eot).sum()) == shard["documents"]
        first = tokens[: np.nonzero(tokens == eot)[0][0]]
    report.append(bytes(first.astype(np.uint8)).decode("utf-8"))
print(json.dumps(report))
