#!/usr/bin/env bash
# Installs the small PyPI packages the interoperability tests compare against (the real peers:
# HF tokenizers, fastText, tiktoken, numpy, zstandard, pyarrow, datatrove), when any is missing.
set -euo pipefail
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { "$(dirname "$0")/ensure-deps.sh" python3 python3-pip; }
if ! "$python" -c "import tokenizers, fasttext, numpy, zstandard, tiktoken, pyarrow" 2>/dev/null; then
  echo "installing Python test peers: tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow" >&2
  "$python" -m pip install -q --disable-pip-version-check tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow \
    || "$python" -m pip install -q --disable-pip-version-check --break-system-packages tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow
fi
# datatrove's filters are the reference of the filter rules' parity test: its English word splitting
# needs spaCy, its language filter fasteners, its hashing xxhash below 4. No torch.
if ! "$python" -c "import datatrove, spacy, xxhash, fasteners" 2>/dev/null; then
  echo "installing Python test peers: datatrove==0.10.1 spacy 'xxhash<4' fasteners" >&2
  "$python" -m pip install -q --disable-pip-version-check datatrove==0.10.1 spacy 'xxhash<4' fasteners \
    || "$python" -m pip install -q --disable-pip-version-check --break-system-packages datatrove==0.10.1 spacy 'xxhash<4' fasteners
fi
