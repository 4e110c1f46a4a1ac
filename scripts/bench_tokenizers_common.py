"""What the tokenizer benchmark's peer scripts share: a tiktoken Encoding built from a HuggingFace
tokenizer.json (byte-level BPE), so tiktoken encodes with exactly the benchmark's vocabulary."""
import json


def tiktoken_encoding(path, regex, with_special_tokens):
    """tiktoken with the tokens of `path` as ranks (id order) and `regex` as its split pattern.

    tiktoken merges any two tokens whose bytes form a token, HF only listed pairs, so their ids
    can differ on a trained vocabulary; the benchmark counts the documents where they agree.
    """
    import tiktoken
    spec = json.load(open(path, encoding="utf-8"))
    # GPT-2's byte-to-character table, inverted: the characters of a token back to its bytes.
    bs = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    byte_of = {chr(c): b for b, c in zip(bs, cs)}
    added = {t["content"] for t in spec.get("added_tokens", [])}
    ranks = {}
    for token, i in spec["model"]["vocab"].items():
        if token not in added and all(ch in byte_of for ch in token):
            ranks[bytes(byte_of[ch] for ch in token)] = i
    specials = {t["content"]: t["id"] for t in spec.get("added_tokens", [])} if with_special_tokens else {}
    return tiktoken.Encoding(name="bench", pat_str=regex, mergeable_ranks=ranks, special_tokens=specials)
