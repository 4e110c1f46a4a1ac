#!/usr/bin/env bash
# Installs the small PyPI packages the interoperability tests compare against (the real peers:
# HF tokenizers, fastText, tiktoken, numpy, zstandard, pyarrow, and datatrove, the reference of the
# filter rules and of MinHash deduplication: its English word splitting needs spaCy, its language
# filter fasteners, its hashing xxhash below 4), when any is missing. No torch.
set -euo pipefail
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { "$(dirname "$0")/ensure-deps.sh" python3 python3-pip; }
packages=(tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow "datatrove==0.10.1" spacy "xxhash<4" fasteners)
if ! "$python" -c "import tokenizers, fasttext, numpy, zstandard, tiktoken, pyarrow, datatrove, spacy, xxhash, fasteners" 2>/dev/null; then
  echo "installing Python test peers: ${packages[*]}" >&2
  "$python" -m pip install -q --disable-pip-version-check "${packages[@]}" \
    || "$python" -m pip install -q --disable-pip-version-check --break-system-packages "${packages[@]}"
fi
