#!/usr/bin/env bash
# Every test bulkpool has, in the order CI runs them. Installs missing tools first (scripts/tools.sh).
# Exits non-zero on the first failure. Usage: scripts/test.sh   (or: make test)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

step() {
  local name="$1"; shift
  log "$name"
  local start=$SECONDS
  "$@"
  log "$name: ok ($((SECONDS - start)) s)"
}

total=$SECONDS
step "tools" scripts/tools.sh
step "tool pins agree" scripts/check-pins.sh
step "cargo fmt --check" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (wasm32, web)" cargo clippy -p bulkpool-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
step "cargo test (native)" cargo test --workspace --locked
step "browser tests: web" wasm-pack test --headless --chrome --mode no-install web
step "browser tests: allocator" wasm-pack test --headless --chrome --mode no-install allocator
step "trunk build --release" scripts/build.sh
step "e2e (headless Chromium)" node --test --test-concurrency=1 e2e/
# The browser bench in smoke mode, so that it cannot rot; it never fails on a timing.
step "browser bench (smoke)" node e2e/perf.mjs --smoke
log "all tests passed in $((SECONDS - total)) s"
