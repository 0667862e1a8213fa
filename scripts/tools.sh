#!/usr/bin/env bash
# Installs every tool that `make serve` and `make test` need, skipping each one that is already
# present at the right version. Safe to run again and again: a warm machine passes in ~1 s.
# Every install says what it installs, about how long that takes on 2 cores, and how long it
# took. Debian's and npm's packages install in the background while cargo compiles.
# Usage: scripts/tools.sh         everything (make test)
#        scripts/tools.sh serve   only what `trunk serve` needs (make serve): no browsers,
#                                 no wasm-pack, no geckodriver
#        scripts/tools.sh first   rustup's wasm32 target, rustfmt and clippy (seconds), and
#                                 Debian's browsers (apt-get): what scripts/test.sh needs
#                                 before the tools it builds in the background. apt-get runs
#                                 here, in the foreground, so that sudo can ask for a
#                                 password and a failing test never stops it half-way
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
WHAT="${1:-all}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# `cargo install` of a binary at an exact version unless `<bin> --version` already reports it.
cargo_tool() {
  local bin="$1" crate="$2" version="$3"; shift 3
  # Read the whole output first: with pipefail, `grep -q` closing the pipe early would fail a
  # multi-line --version (geckodriver prints 7 lines) with SIGPIPE, and reinstall it.
  local reported
  if command -v "$bin" >/dev/null 2>&1 && reported="$("$bin" --version 2>/dev/null)" \
    && grep -qF "$version" <<<"$reported"; then
    return 0
  fi
  log "installing $crate $version (cargo install; $CARGO_TOOL_ETA on 2 cores)"
  local start=$SECONDS ticks
  cpu_ticks; ticks=$CPU_TICKS
  cargo install "$crate" --version "$version" --force "$@"
  took "$start" "$ticks"
  log "$crate $version installed in $TOOK"
}

ensure_rust_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rustup target wasm32-unknown-unknown (seconds)"
    local start=$SECONDS
    rustup target add wasm32-unknown-unknown
    log "wasm32-unknown-unknown added in $((SECONDS - start)) s"
  fi
  for c in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$c"; then
      log "adding rustup component $c (seconds)"
      rustup component add "$c"
    fi
  done
}

# Debian's browsers and chromium's driver, in one apt transaction for whatever is missing.
# firefox-esr is for the Firefox runs of the browser tests and the Firefox e2e smoke test;
# WebKitGTK's WebDriver (MiniBrowser) under Xvfb for the WebKit (Safari's engine) smoke test.
ensure_browsers() {
  local missing=()
  { [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; } || missing+=(chromium chromium-driver)
  [ -x "$FIREFOX" ] || missing+=(firefox-esr)
  { [ -x "$WEBKIT_DRIVER" ] && [ -x "$WEBKIT_BROWSER" ]; } || missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian ${missing[*]} (apt-get; about 2 min)"
  local start=$SECONDS ticks
  cpu_ticks; ticks=$CPU_TICKS
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  took "$start" "$ticks"
  log "${missing[*]} installed in $TOOK"
}

ensure_npm_packages() {
  # package-lock.json pins playwright-core (the e2e driver) and binaryen (wasm-opt for Trunk).
  # npm writes node_modules/.package-lock.json on every install; newer than ours means current.
  local installed="$REPO_ROOT/node_modules/.package-lock.json"
  if [ -x "$REPO_ROOT/node_modules/.bin/wasm-opt" ] && [ "$installed" -nt "$REPO_ROOT/package-lock.json" ]; then
    return 0
  fi
  log "installing npm packages from package-lock.json (npm ci; under a minute)"
  local start=$SECONDS ticks
  cpu_ticks; ticks=$CPU_TICKS
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  took "$start" "$ticks"
  log "npm packages installed in $TOOK"
}

# Runs "$@" in the background with its output prefixed; `wait_all` fails if any failed.
BACKGROUND=()
background() {
  local name="$1"; shift
  ( "$@" 2>&1 | sed -u "s/^/[$name] /" >&2; exit "${PIPESTATUS[0]}" ) &
  BACKGROUND+=("$!:$name")
}
wait_all() {
  local failed=0 entry
  for entry in "${BACKGROUND[@]}"; do
    wait "${entry%%:*}" || { echo "tools.sh: ${entry#*:} failed" >&2; failed=1; }
  done
  return "$failed"
}

total=$SECONDS
ensure_rust_target
if [ "$WHAT" = first ]; then
  ensure_browsers
  exit 0
fi
# Debian's browsers and npm's packages while cargo compiles: they need the network and the
# disk, cargo the cores.
if [ "$WHAT" != serve ]; then
  background apt ensure_browsers
fi
background npm ensure_npm_packages
# Every tool is built quickly rather than made fast: opt-level 0, no LTO, 16 codegen units, no
# debug info (config overrides each crate's own [profile.release]), all four in one target
# directory, so that the crates they share (serde, clap, tokio, hyper...) compile once where
# their features agree. They mostly run other programs (cargo, wasm-opt, browsers), so their own
# speed hardly matters; the exception is wasm-bindgen's own work on a module (parsing,
# rewriting, emitting), so the crates that do it keep opt-level 1. docs/PERFORMANCE.md, P7.
# The directory (about 2 GB) goes once they are installed, as `cargo install`'s own would.
QUICK_TARGET="$(mktemp -d "${TMPDIR:-/tmp}/bulkpool-tools.XXXXXX")"
trap 'rm -rf "$QUICK_TARGET"' EXIT
quick_tool() (
  export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false
  cargo_tool "$@" --target-dir "$QUICK_TARGET"
)
WASM_WORK=()
for crate in walrus wasm-bindgen-cli-support wasm-bindgen-shared wasmparser wasm-encoder gimli \
  leb128 leb128fmt id-arena; do
  WASM_WORK+=(--config "profile.release.package.$crate.opt-level=1")
done
# wasm-bindgen-cli's own lockfile pins a webpki-roots the registry mirror lacks: no --locked.
# No default features: they add a TLS stack for downloads, and nothing here downloads.
CARGO_TOOL_ETA="about 1 min" quick_tool wasm-bindgen wasm-bindgen-cli "$(wasm_bindgen_version)" \
  --no-default-features "${WASM_WORK[@]}"
# Trunk's own release profile uses fat LTO and one codegen unit: ~15 min on 2 cores.
# No default features: its update check and its TLS stack (for downloading tools) go unused.
CARGO_TOOL_ETA="about 3 min" quick_tool trunk trunk "$TRUNK_VERSION" --locked --no-default-features
if [ "$WHAT" != serve ]; then
  CARGO_TOOL_ETA="about 1 min" quick_tool wasm-pack wasm-pack "$WASM_PACK_VERSION" --locked
  # The WebDriver server for `wasm-pack test --firefox` (npm's geckodriver downloads from GitHub).
  CARGO_TOOL_ETA="about 1 min" quick_tool geckodriver geckodriver "$GECKODRIVER_VERSION" --locked
fi
wait_all
[ $((SECONDS - total)) -lt 2 ] || log "tools ($WHAT) ready in $((SECONDS - total)) s"
