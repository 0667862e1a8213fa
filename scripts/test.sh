#!/usr/bin/env bash
# Every test bulkpool has, in the order CI runs them. Installs missing tools (scripts/tools.sh) in
# the background while the first steps run. Exits non-zero on the first failure.
# Usage: scripts/test.sh   (or: make test)
#        scripts/test.sh --part site   the release build, its size check and the next model only
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

# The switches that make a test rewrite its expected output and pass: never during `make test`
# (the tests also refuse them where CI is set, allocator/tests/common/env.rs).
unset UPDATE_GOLDEN UPDATE_KERNEL_LINES UPDATE_FINGERPRINTS
# The files those switches rewrite. `cargo test` must leave them as it found them.
on_ci() { [ -n "${CI:-}" ] && [ "${CI}" != "false" ] && [ "${CI}" != "0" ]; }
GENERATED=(allocator/tests/golden allocator/tests/sweeps allocator/tests/kernel_lines.lock allocator/tests/model)
generated_state() {
  find "${GENERATED[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
}
native_tests() {
  local before
  before="$(generated_state)"
  cargo test --workspace --locked
  if [ "$(generated_state)" != "$before" ]; then
    echo "cargo test changed expected output that only a reviewed regeneration may change:" >&2
    diff <(echo "$before") <(generated_state) >&2 || true
    return 1
  fi
  # On CI the tree is a clean checkout: the expected output must be the committed one.
  if on_ci; then
    git diff --exit-code --stat -- "${GENERATED[@]}"
    local untracked
    untracked="$(git ls-files --others --exclude-standard -- "${GENERATED[@]}")"
    if [ -n "$untracked" ]; then
      echo "untracked expected output: $untracked" >&2
      return 1
    fi
  fi
}

step() {
  local name="$1"; shift
  log "$name"
  local start=$SECONDS ticks
  cpu_ticks; ticks=$CPU_TICKS
  "$@"
  # A background job (below) that ended during this step is in its CPU: it is not this step's.
  ended_background_ticks
  ticks=$((ticks + ENDED_TICKS))
  took "$start" "$ticks"
  log "$name: ok ($TOOK)"
  # A background job that failed stops the run now, not when a later step waits for it.
  failed_background
}

# wasm-pack test of one crate in one browser. wasm-bindgen-test-runner picks its WebDriver from
# the environment (GECKODRIVER wins over CHROMEDRIVER, and any geckodriver on PATH wins over
# chromedriver), so each run names its driver and unsets the other; and it fails unless every
# test binary's "Running headless tests in <Browser>" line names the browser asked for.
browser_tests() {
  local browser="$1" crate="$2" out status=0
  out="$(mktemp)"
  case "$browser" in
    Chrome)
      env -u GECKODRIVER -u GECKODRIVER_REMOTE -u CHROMEDRIVER_REMOTE CHROMEDRIVER="$CHROMEDRIVER" \
        wasm-pack test --headless --chrome --chromedriver "$CHROMEDRIVER" --mode no-install "$crate" ;;
    Firefox)
      env -u CHROMEDRIVER -u CHROMEDRIVER_REMOTE -u GECKODRIVER_REMOTE GECKODRIVER="$GECKODRIVER_BIN" \
        wasm-pack test --headless --firefox --geckodriver "$GECKODRIVER_BIN" --mode no-install "$crate" ;;
  esac 2>&1 | tee "$out" || status=$?
  local runs in_browser
  runs="$(grep -c 'Running headless tests in ' "$out" || true)"
  in_browser="$(grep -c "Running headless tests in $browser " "$out" || true)"
  rm -f "$out"
  [ "$status" -eq 0 ] || return "$status"
  if [ "$runs" -eq 0 ] || [ "$runs" -ne "$in_browser" ]; then
    echo "expected every test binary of $crate to run in $browser: $in_browser of $runs did" >&2
    return 1
  fi
  log "$crate: $runs test binaries ran in $browser"
}

# Two jobs run in the background, each in a session of its own (so that a failure stops every
# process of it), its lines prefixed "[name]":
#   - the tools that `cargo install` builds (about 10 min on a fresh machine), needed from the
#     browser tests on, while fmt, clippy and the native tests run;
#   - the release build, its size check and the archive test's second model (part "site"),
#     needed by the e2e tests, while the browser tests run (the Firefox runs keep one core).
# On 2 cores each pair keeps both cores busy where either alone leaves one idle. The release
# build locks target/*/release, the browser tests target/*/debug, the second model a target
# directory of its own: none waits for another (docs/PERFORMANCE.md, P7).
declare -A BG_PID BG_START BG_COUNTED
BG_DIR=""
in_background() {
  local name="$1"; shift
  [ -n "$BG_DIR" ] || BG_DIR="$(mktemp -d)"
  BG_START[$name]=$SECONDS
  # The job's CPU time (env.sh's cpu_ticks) into $BG_DIR/<name> as it ends.
  BG_TICKS_FILE="$BG_DIR/$name" setsid bash -c '
    source scripts/env.sh
    "$@" 2>&1 | sed -u "s/^/[$0] /"
    status=${PIPESTATUS[0]}
    cpu_ticks
    echo "$CPU_TICKS" >"$BG_TICKS_FILE"
    echo "$status" >"$BG_TICKS_FILE.status"
    exit "$status"' "$name" "$@" >&2 &
  BG_PID[$name]=$!
}
# ENDED_TICKS: the CPU ticks of the background jobs that ended (and that this shell reaped,
# adding their CPU time to its children's) since the last call. Not in $(...): it counts them.
ended_background_ticks() {
  local name sum=0
  for name in "${!BG_PID[@]}"; do
    if [ -z "${BG_COUNTED[$name]:-}" ] && ! kill -0 "${BG_PID[$name]}" 2>/dev/null \
      && [ -s "$BG_DIR/$name" ]; then
      sum=$((sum + $(cat "$BG_DIR/$name")))
      BG_COUNTED[$name]=1
    fi
  done
  ENDED_TICKS=$sum
}
# Fails, naming it, if a background job has ended with a failure (its status file, written as
# it ends), whether or not a step has waited for it yet.
failed_background() {
  local name
  for name in "${!BG_PID[@]}"; do
    if [ -s "$BG_DIR/$name.status" ] && [ "$(cat "$BG_DIR/$name.status")" != 0 ]; then
      echo "$name failed in the background: see the [$name] lines above" >&2
      return 1
    fi
  done
}
# Stops every background job still running, and waits (up to 10 s) until their processes are
# gone, so that nothing writes into the run's temporary directory as it is removed.
stop_background() {
  local name pgid gone deadline=$((SECONDS + 10))
  for name in "${!BG_PID[@]}"; do
    [ -n "${BG_COUNTED[$name]:-}" ] || kill -- "-${BG_PID[$name]}" 2>/dev/null || true
  done
  for name in "${!BG_PID[@]}"; do
    pgid="${BG_PID[$name]}"
    gone=false
    while [ "$SECONDS" -lt "$deadline" ]; do
      kill -0 -- "-$pgid" 2>/dev/null || { gone=true; break; }
      sleep 0.2
    done
    $gone || kill -KILL -- "-$pgid" 2>/dev/null || true
  done
  [ -z "$BG_DIR" ] || rm -rf "$BG_DIR" || true
}
wait_for() {
  local name="$1" waited=$SECONDS
  wait "${BG_PID[$name]}" || { echo "$name failed: see the [$name] lines above" >&2; return 1; }
  log "$name: done $((SECONDS - BG_START[$name])) s after it started, CPU $(($(cat "$BG_DIR/$name") / CLK_TCK)) s; the tests waited $((SECONDS - waited)) s for it"
}

# The parts, each also runnable alone: scripts/test.sh --part NAME.
part_site() {
  step "trunk build --release" scripts/build.sh
  step "first-render module size (P1 floor: 250,000 B gzip)" scripts/size-check.sh
  # The archive test's second model (e2e/next_model.mjs), cached for the e2e tests.
  step "the next model's dev build" node e2e/next_model.mjs
}
if [ "${1:-}" = --part ]; then
  declare -F "part_${2:-}" >/dev/null || { echo "usage: scripts/test.sh [--part site]" >&2; exit 2; }
  "part_$2"
  exit
fi

# Disk. A fresh run writes about FRESH_RUN_GB under target/ (docs/PERFORMANCE.md, "Disk"); a
# disk that fills shows up as a linker's bus error or "No space left on device" in whichever step
# is writing, so the free space is printed before the first step and again if any step fails.
FRESH_RUN_GB=5
target_dir="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
free_gb() {
  local dir="$target_dir"
  [ -d "$dir" ] || dir="$REPO_ROOT"
  df -P -k "$dir" | awk 'NR == 2 { printf "%.1f", $4 / 1048576 }'
}
log "disk: $(free_gb) GB free for $target_dir; a fresh run writes about $FRESH_RUN_GB GB there"
if awk -v f="$(free_gb)" -v n="$FRESH_RUN_GB" 'BEGIN { exit !(f < n) }'; then
  log "warning: less free disk than a fresh run writes; a step may fail with \"No space left on device\""
fi
# On CI every build is a first build: cargo's incremental caches (0.8 GB of native ones alone)
# would only take disk and time.
if on_ci; then
  export CARGO_INCREMENTAL=0
fi

total=$SECONDS
cpu_ticks; total_ticks=$CPU_TICKS
# Every temporary file of the run in one directory, removed as the run ends: the browsers'
# profiles (wasm-bindgen-test-runner's Chromium leaves about 20 directories, 176 MB, per run),
# the e2e tests' scratch files and the tools' build. Nothing is left in /tmp.
RUN_TMP="$(mktemp -d "${TMPDIR:-/tmp}/bulkpool-test.XXXXXX")"
export TMPDIR="$RUN_TMP"
# The EXIT trap cleans up whatever ended the run. A signal (Ctrl-C, CI's timeout) ends it at
# once, with the trap seeing status 0: `finished` tells that apart from the end. (A trap on the
# signal itself would wait for the running step to end, which can take minutes.)
finished=false
on_exit() {
  local status=$1
  stop_background
  rm -rf "$RUN_TMP" || true
  if [ "$status" -ne 0 ]; then
    log "failed (exit $status); disk: $(free_gb) GB free for $target_dir"
  elif ! $finished; then
    log "stopped by a signal before the last step; disk: $(free_gb) GB free for $target_dir"
  fi
}
trap 'on_exit $?' EXIT
step "rustup's wasm32 target, rustfmt, clippy; Debian's browsers" scripts/tools.sh first
in_background tools scripts/tools.sh
step "cargo fmt --check" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (wasm32, web)" cargo clippy -p bulkpool-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
step "cargo test (native; expected output unchanged)" native_tests
step "tools (built in the background since the start)" wait_for tools
step "tool pins agree" scripts/check-pins.sh
in_background site scripts/test.sh --part site
step "browser tests: web (Chromium)" browser_tests Chrome web
step "browser tests: allocator (Chromium)" browser_tests Chrome allocator
step "browser tests: web (Firefox)" browser_tests Firefox web
step "browser tests: allocator (Firefox)" browser_tests Firefox allocator
step "the release build, its size, the next model (in the background since the tools)" wait_for site
# e2e/*.test.mjs: headless Chromium (playwright-core), one smoke test in headless Firefox
# (e2e/firefox.test.mjs, puppeteer-core over WebDriver BiDi) and one in WebKit under Xvfb
# (e2e/webkit.test.mjs), and two models in one site (e2e/archive.test.mjs; its second model's
# dev build, made by part_site, is cached in target/e2e-next/).
# The CLI that the e2e tests compare the site's text with: the one `cargo test` just built.
export BULKPOOL_CLI="${BULKPOOL_CLI:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/debug/bulkpool}"
step "e2e (headless Chromium; Firefox and WebKit smoke; two models)" node --test --test-concurrency=1 e2e/
# The browser bench in smoke mode, so that it cannot rot; it never fails on a timing.
step "browser bench (smoke)" node e2e/perf.mjs --smoke
took "$total" "$total_ticks"
finished=true
log "all tests passed in $TOOK; target/ holds $(du -sh "$target_dir" | cut -f1), $(free_gb) GB free"
