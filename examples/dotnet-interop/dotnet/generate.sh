#!/usr/bin/env bash
# Regenerates ../data/orders.bin with Mono's BinaryFormatter from Orders.cs. Developer script:
# the example reads the committed payload and needs no Mono. The output is deterministic (fixed
# values only), so running it again gives byte-identical bytes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../data/orders.bin"

for tool in mcs mono; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "generate.sh: '$tool' not found. Install Mono with:" >&2
    echo "  apt-get install -y mono-mcs mono-runtime" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The output name sets the assembly name the stream records: Shop, Version=0.0.0.0, ...
mcs -nologo -warnaserror+ -out:"$tmp/Shop.exe" "$here/Orders.cs"
mono "$tmp/Shop.exe" "$tmp/orders.bin"

mkdir -p "$(dirname "$out")"
cp "$tmp/orders.bin" "$out"
echo "generate.sh: wrote $(cd "$(dirname "$out")" && pwd)/orders.bin"
