#!/usr/bin/env bash
# Regenerates the MS-NRBF corpus in this directory (*.bin and expected.json) with Mono's
# BinaryFormatter. Developer script; not run in CI. Output is deterministic: running it
# twice gives byte-identical files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in mcs mono; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "generate.sh: '$tool' not found. Install Mono with:" >&2
    echo "  apt-get install -y mono-mcs mono-runtime" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mcs -nologo -warnaserror+ -out:"$tmp/WeftCorpus.exe" -r:System.Core.dll "$here/Corpus.cs"
mkdir "$tmp/out"
mono "$tmp/WeftCorpus.exe" "$tmp/out"

rm -f "$here"/*.bin "$here/expected.json"
cp "$tmp"/out/*.bin "$tmp/out/expected.json" "$here/"
echo "generate.sh: wrote $(ls "$tmp"/out/*.bin | wc -l) .bin files and expected.json to $here"
