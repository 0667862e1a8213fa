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
# The whole app's module (index.html's second rust link, web/src/full.rs): Trunk gives it a fixed
# name; name it after its content, as Trunk names the first module, so that a long-lived cache
# never pairs an old one with a new first module, and tell the page its name.
if [ -f dist/bulkpool-extra.js ]; then
  hash="$(cat dist/bulkpool-extra.js dist/bulkpool-extra_bg.wasm | sha256sum | cut -c1-16)"
  mv dist/bulkpool-extra.js "dist/bulkpool-extra-$hash.js"
  mv dist/bulkpool-extra_bg.wasm "dist/bulkpool-extra-${hash}_bg.wasm"
  sed -i "s|</head>|<meta name=\"bulkpool-extra\" content=\"bulkpool-extra-$hash\">\n</head>|" dist/index.html
fi
for wasm in dist/*.wasm; do
  case "$wasm" in
    *bulkpool-extra-*) role="loaded on first use" ;;
    *) role="first render" ;;
  esac
  printf 'release wasm (%s): %s  %d bytes raw, %d bytes gzip -9, %d bytes brotli\n' "$role" \
    "$(basename "$wasm")" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)" \
    "$(node -e 'const z=require("zlib");process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1])).length))' "$wasm")"
done
