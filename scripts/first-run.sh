#!/usr/bin/env bash
# P7 (docs/PERFORMANCE.md): a fresh machine's first `make test`, or its first `make serve` until
# the page is served, measured on this machine as if it were fresh:
#   - a clone of this repository's HEAD (what is committed, nothing else) in a scratch directory;
#   - an empty CARGO_HOME whose bin/ holds only links to rustup's proxies, so every crate is
#     downloaded again and every `cargo install`ed tool built again, from crates.io;
#   - an empty npm cache, and a PATH without this machine's ~/.cargo/bin;
#   - not fresh: rustup's toolchain with its wasm32 target (seconds to add) and Debian's
#     browsers (their apt-get runs while cargo compiles).
# Every line of the run is time-stamped into the log; the JSON has each step's own timing line
# (scripts/tools.sh's "installed in N s, CPU M s", scripts/test.sh's "ok (N s, CPU M s)") and the whole.
#
# Usage: scripts/first-run.sh test|serve   (about 20 min / 5 min on 2 cores; not part of
# `make bench`, which runs on the machine as it is). Writes target/bench/first-run-<what>.json
# and target/bench/first-run-<what>.log. The scratch directory (about 6 GB) is removed at the
# end unless KEEP_FIRST_RUN=1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
WHAT="${1:-}"
case "$WHAT" in
  test | serve) ;;
  *) echo "usage: scripts/first-run.sh test|serve" >&2; exit 2 ;;
esac
command -v rustup >/dev/null || { echo "first-run.sh: needs rustup on PATH" >&2; exit 1; }

out="$REPO_ROOT/target/bench"
mkdir -p "$out"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/bulkpool-first-run.XXXXXX")"
port=18080
cleanup() {
  pkill -f "trunk serve --locked --port $port" 2>/dev/null || true
  [ "${KEEP_FIRST_RUN:-}" = 1 ] || rm -rf "$scratch"
}
trap cleanup EXIT

git clone -q "$REPO_ROOT" "$scratch/src"
mkdir -p "$scratch/cargo/bin" "$scratch/npm-cache"
rustup_bin="$(command -v rustup)"
for proxy in cargo rustc rustup rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
  ln -s "$rustup_bin" "$scratch/cargo/bin/$proxy"
done
machine_cargo_bin="$CARGO_HOME/bin"
path="$(tr ':' '\n' <<<"$PATH" | grep -vxF "$machine_cargo_bin" | grep -v '/node_modules/.bin$' | paste -sd:)"
log "first run ($WHAT): $(git -C "$scratch/src" rev-parse --short HEAD) in $scratch, CARGO_HOME empty"

# Runs a command in the fresh clone with the fresh environment, each output line time-stamped.
fresh() {
  (
    cd "$scratch/src"
    exec env -u CARGO_TARGET_DIR -u BULKPOOL_CLI -u GECKODRIVER_BIN -u REPO_ROOT \
      CARGO_HOME="$scratch/cargo" PATH="$scratch/cargo/bin:$path" \
      npm_config_cache="$scratch/npm-cache" CI=true "$@"
  ) 2>&1 | while IFS= read -r line; do printf '%s %s\n' "$(date +%s)" "$line"; done
  return "${PIPESTATUS[0]}"
}

started=$(date +%s)
status=0
if [ "$WHAT" = test ]; then
  fresh make test >"$out/first-run-test.log" || status=$?
  served=""
else
  # `make serve` is scripts/serve.sh, which passes its arguments to `trunk serve`.
  fresh scripts/serve.sh --port "$port" >"$out/first-run-serve.log" &
  server=$!
  served=""
  while kill -0 "$server" 2>/dev/null; do
    if curl -fsS "http://127.0.0.1:$port/" 2>/dev/null | grep -q 'bulkpool'; then
      served=$(($(date +%s) - started))
      break
    fi
    sleep 2
  done
  [ -n "$served" ] || status=1
fi
total=$(($(date +%s) - started))

# The steps' own timing lines, as JSON.
steps="$(sed 's/\x1b\[[0-9;]*m//g' "$out/first-run-$WHAT.log" | awk '
  # "<what> installed in N s, CPU M s" (scripts/tools.sh) and "<step>: ok (N s, CPU M s)" (scripts/test.sh)
  function emit(name) {
    gsub(/"/, "\\\"", name); match($0, /[0-9]+ s, CPU [0-9]+ s\)?$/); split(substr($0, RSTART), t, " ")
    printf "%s{\"step\":\"%s\",\"s\":%s,\"cpu_s\":%s}", sep, name, t[1], t[4]; sep = ","
  }
  / installed in [0-9]+ s, CPU [0-9]+ s$/ { n = $0; sub(/^[0-9]+ (\[[a-z]+\] )*==> /, "", n); sub(/ installed in .*$/, "", n); emit("install " n) }
  /: ok \([0-9]+ s, CPU [0-9]+ s\)$/ { n = $0; sub(/^[0-9]+ (\[[a-z]+\] )*==> /, "", n); sub(/: ok \([^(]*$/, "", n); emit(n) }
')"
printf '{"what":"make %s","commit":"%s","exit":%d,"total_s":%d,"served_after_s":%s,"cores":%d,"steps":[%s]}\n' \
  "$WHAT" "$(git -C "$scratch/src" rev-parse --short HEAD)" "$status" "$total" "${served:-null}" "$(nproc)" "$steps" \
  >"$out/first-run-$WHAT.json"
cat "$out/first-run-$WHAT.json"
log "first run ($WHAT): exit $status after $total s; log in target/bench/first-run-$WHAT.log"
exit "$status"
