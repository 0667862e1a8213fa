#!/usr/bin/env bash
# Release build of the static site into dist/, relocatable: relative URLs, so it can be hosted
# under any sub-path (e.g. https://example.org/tools/bulkpool/). Prints the .wasm sizes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
trunk build --release --locked --public-url ./ "$@"
for wasm in dist/*.wasm; do
  printf 'release wasm: %s  %d bytes raw, %d bytes gzip -9\n' \
    "$(basename "$wasm")" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
done
