#!/usr/bin/env bash
# Every row of docs/PERFORMANCE.md's budget table, into target/bench/*.json:
#   size.json     P1  the release modules (the first render's and the whole app's: raw, gzip -9,
#                     brotli) and the minimal Yew counter built alike, with a per-crate
#                     breakdown of the first module before wasm-opt (twiggy)
#   trace.json    P2  trace generation, wasm ÷ native, the same scenarios (s8, big, large);
#                 P3  the 2^20-frame, 1,000 × 256-page scenario in the browser
#   browser.json  P3b, P4, P5, P6, M  (e2e/perf.mjs)
#   first-run-test.json, first-run-serve.json  P7, with BENCH_FIRST_RUN=1 (scripts/first-run.sh)
# and criterion's native table (target/criterion). Usage: scripts/bench.sh  (or: make bench)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
scripts/tools.sh
mkdir -p target/bench
gz() { gzip -9 -c "$1" | wc -c; }

log "P1: release build and the minimal Yew counter"
scripts/build.sh > /dev/null
first=$(ls dist/bulkpool-web-*_bg.wasm)
extra=$(ls dist/bulkpool-extra-*_bg.wasm)
cargo build --release --locked --target wasm32-unknown-unknown \
  --manifest-path bench/counter/Cargo.toml --target-dir target/counter 2>/dev/null \
  || cargo build --release --target wasm32-unknown-unknown \
       --manifest-path bench/counter/Cargo.toml --target-dir target/counter
wasm-bindgen --target web --out-dir target/counter/out \
  target/counter/wasm32-unknown-unknown/release/yew-counter.wasm
wasm-opt -Oz target/counter/out/yew-counter_bg.wasm -o target/counter/out/opt.wasm
counter=target/counter/out/opt.wasm
# The app's module before wasm-opt, with names, for the breakdown.
wasm-bindgen --target web --out-dir target/bench/wb target/wasm32-unknown-unknown/release/bulkpool-web.wasm
command -v twiggy > /dev/null || cargo install --locked twiggy
twiggy top -n 1000000 --format csv target/bench/wb/bulkpool-web_bg.wasm > target/bench/twiggy.csv
node scripts/size.mjs "$first" "$extra" "$counter" target/bench/twiggy.csv > target/bench/size.json
cat target/bench/size.json

log "P2, P3: trace generation, native (bench profile) and wasm (release, headless Chromium)"
cargo run -q --locked --profile bench -p bulkpool-allocator --example bench_trace > target/bench/trace-native.txt
BULKPOOL_BENCH_FULL=1 wasm-pack test --release --headless --chrome --mode no-install allocator \
  --test wasm_bench -- --nocapture 2>&1 | grep '^BENCH' > target/bench/trace-wasm.txt
node scripts/ratio.mjs target/bench/trace-native.txt target/bench/trace-wasm.txt > target/bench/trace.json
cat target/bench/trace.json

log "P3b, P4, P5, M: the browser bench"
cargo build -q --locked -p bulkpool-allocator   # the CLI that writes the large scenario's link
node e2e/perf.mjs

log "native trace generation (criterion)"
cargo bench --locked -p bulkpool-allocator --bench trace
log "native: a user's scenario of 2,560 ops validated, written as a link, read back (criterion)"
cargo bench --locked -p bulkpool-allocator --bench link
# P7 rebuilds every tool from crates.io in a scratch clone (about 45 min), so only on request.
if [ "${BENCH_FIRST_RUN:-}" = 1 ]; then
  log "P7: a fresh machine's first make test and make serve (scripts/first-run.sh)"
  scripts/first-run.sh test
  scripts/first-run.sh serve
else
  log "P7 (a fresh machine's first run, about 45 min) not run: BENCH_FIRST_RUN=1 make bench, or make first-run"
fi
log "bench: done; figures in target/bench/"
