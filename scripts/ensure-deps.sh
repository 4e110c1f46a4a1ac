#!/usr/bin/env bash
# Installs the Debian packages PriorMix needs when any is missing; quiet when all are present.
# Usage: scripts/ensure-deps.sh [extra-package ...]
set -euo pipefail

packages=(libzstd-dev libxml2-dev zlib1g-dev libopenblas-dev libbrotli-dev liblz4-dev pkg-config zstd "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
