#!/usr/bin/env bash
# Installs the small PyPI packages the interoperability tests compare against (the real peers:
# HF tokenizers, fastText, tiktoken, numpy, zstandard, pyarrow), when any is missing.
set -euo pipefail
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { "$(dirname "$0")/ensure-deps.sh" python3 python3-pip; }
if ! "$python" -c "import tokenizers, fasttext, numpy, zstandard, tiktoken, pyarrow" 2>/dev/null; then
  echo "installing Python test peers: tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow" >&2
  "$python" -m pip install -q --disable-pip-version-check tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow \
    || "$python" -m pip install -q --disable-pip-version-check --break-system-packages tokenizers fasttext-wheel numpy zstandard tiktoken pyarrow
fi
