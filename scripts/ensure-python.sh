#!/usr/bin/env bash
# Installs the small PyPI packages the interoperability tests compare against (the real peers:
# HF tokenizers, fastText, tiktoken, numpy, zstandard, pyarrow, and datatrove with spaCy's English
# word tokenizer for MinHash deduplication), when any is missing. No torch.
set -euo pipefail
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { "$(dirname "$0")/ensure-deps.sh" python3 python3-pip; }
packages=(tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow "datatrove==0.10.1" spacy "xxhash<4")
if ! "$python" -c "import tokenizers, fasttext, numpy, zstandard, tiktoken, pyarrow, datatrove, spacy, xxhash" 2>/dev/null; then
  echo "installing Python test peers: ${packages[*]}" >&2
  "$python" -m pip install -q --disable-pip-version-check "${packages[@]}" \
    || "$python" -m pip install -q --disable-pip-version-check --break-system-packages "${packages[@]}"
fi
