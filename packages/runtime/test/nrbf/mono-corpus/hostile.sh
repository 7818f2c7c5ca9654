#!/usr/bin/env bash
# Runs every case of Hostile.cs against Mono's BinaryFormatter, each in its own mono process
# with `timeout 60` and a 4 GiB address-space limit, and prints one line per case
# (used to write hostile-mono-results.md). Developer script; not run in CI.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for tool in mcs mono timeout; do
  command -v "$tool" >/dev/null 2>&1 || { echo "hostile.sh: '$tool' not found (apt-get install -y mono-mcs mono-runtime)" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mcs -nologo -warnaserror+ -out:"$tmp/WeftHostile.exe" "$here/Hostile.cs"

mono --version | head -1
for c in $(mono "$tmp/WeftHostile.exe" list); do
  echo "case $c"
  echo "  bytes $(mono "$tmp/WeftHostile.exe" hex "$c")"
  set +e
  out="$( (ulimit -v 4194304; exec timeout 60 mono "$tmp/WeftHostile.exe" run "$c") 2>"$tmp/stderr")"
  rc=$?
  set -e
  echo "  exit $rc"
  if [ -n "$out" ]; then echo "  $out"; fi
  if [ -s "$tmp/stderr" ]; then echo "  stderr: $(head -c 600 "$tmp/stderr" | tr '\n' ' ')"; fi
done
