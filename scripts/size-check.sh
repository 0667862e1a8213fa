#!/usr/bin/env bash
# P1's floor (docs/PERFORMANCE.md): the module the first render needs (dist/bulkpool-web-*_bg.wasm,
# after wasm-opt) must stay at or under 250,000 bytes gzip -9. Size is deterministic, unlike time,
# so CI fails on it (scripts/test.sh runs this after the release build). The whole app's module,
# loaded on first use, must be there too, named after its hash (scripts/build.sh).
# Usage: scripts/size-check.sh [dist]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIST="${1:-dist}"
FLOOR=250000
shopt -s nullglob
first=("$DIST"/bulkpool-web-*_bg.wasm)
extra=("$DIST"/bulkpool-extra-*_bg.wasm)
if [ "${#first[@]}" -ne 1 ] || [ "${#extra[@]}" -ne 1 ]; then
  echo "expected one first-render module and one whole-app module in $DIST/, found ${#first[@]} and ${#extra[@]}" >&2
  exit 1
fi
if ! grep -q "name=\"bulkpool-extra\" content=\"$(basename "${extra[0]}" _bg.wasm)\"" "$DIST/index.html"; then
  echo "$DIST/index.html does not name the whole app's module $(basename "${extra[0]}")" >&2
  exit 1
fi
gz="$(gzip -9 -c "${first[0]}" | wc -c)"
raw="$(stat -c %s "${first[0]}")"
if [ "$gz" -gt "$FLOOR" ]; then
  echo "P1: the first-render module $(basename "${first[0]}") is $gz bytes gzip -9 ($raw raw), over the floor of $FLOOR" >&2
  exit 1
fi
echo "P1: the first-render module is $gz bytes gzip -9 ($raw raw); floor $FLOOR"
