#!/usr/bin/env bash
# Release build of the static site into dist/, relocatable: relative URLs, so it can be hosted
# under any sub-path (e.g. https://example.org/tools/bulkpool/). Prints the .wasm sizes.
# BULKPOOL_BUILD=dev builds without --release (no LTO, no wasm-opt: the e2e test's second model).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
if [ "${BULKPOOL_BUILD:-release}" = dev ]; then
  trunk build --locked --public-url ./ "$@"
else
  trunk build --release --locked --public-url ./ "$@"
fi
# The model this build runs (allocator/src/model/version.rs), for scripts/site.sh.
model="$(sed -n 's/^pub const MODEL: u32 = \([0-9][0-9]*\);$/\1/p' allocator/src/model/version.rs)"
sed -i "s|</head>|<meta name=\"bulkpool-model\" content=\"$model\">\n</head>|" dist/index.html
for wasm in dist/*.wasm; do
  printf 'release wasm: %s  %d bytes raw, %d bytes gzip -9\n' \
    "$(basename "$wasm")" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
done
