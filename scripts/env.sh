# Sourced by the other scripts: pinned tool versions and the environment every tool needs.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# Pins. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock; scripts/tools.sh reads it from there.
# Trunk.toml's [tools] pins the same wasm-bindgen and wasm-opt for Trunk (scripts/check-pins.sh).
TRUNK_VERSION="0.21.14"   # 0.22 needs rustc 1.96.1
WASM_PACK_VERSION="0.15.1"
WASM_OPT_VERSION="132"    # npm binaryen; Debian's binaryen 108 cannot read rustc 1.95 output
GECKODRIVER_VERSION="0.37.1"

export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$REPO_ROOT/node_modules/.bin:$CARGO_HOME/bin:$PATH"

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$REPO_ROOT/Cargo.lock"
}

# Trunk finds the versions Trunk.toml pins on PATH and downloads nothing; this stops its online
# check for a newer Trunk.
export TRUNK_SKIP_VERSION_CHECK=true

# Headless-browser tests, never the network. Chromium by default; scripts/test.sh runs the
# Firefox steps with GECKODRIVER set and CHROMEDRIVER unset (wasm-bindgen-test-runner prefers
# GECKODRIVER over CHROMEDRIVER, and a geckodriver on PATH over chromedriver).
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export FIREFOX="${FIREFOX:-/usr/bin/firefox-esr}"
export GECKODRIVER_BIN="${GECKODRIVER_BIN:-$CARGO_HOME/bin/geckodriver}"
# WebKitGTK (Safari's engine): its WebDriver server and the browser it drives (e2e/webkit.test.mjs).
export WEBKIT_DRIVER="${WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}"
export WEBKIT_BROWSER="${WEBKIT_BROWSER:-/usr/lib/$(uname -m)-linux-gnu/webkit2gtk-4.1/MiniBrowser}"
# puppeteer-core (the Firefox e2e driver) never downloads a browser; belt and braces.
export PUPPETEER_SKIP_DOWNLOAD=true
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$REPO_ROOT/scripts/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# CPU_TICKS: the CPU time (user + system, clock ticks) of the current shell's finished children,
# fields 16 and 17 of /proc/<pid>/stat. Call it without $(...), which would be another shell.
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() {
  local stat
  read -r stat <"/proc/$BASHPID/stat"
  # shellcheck disable=SC2086 # the fields after "pid (comm) "
  set -- ${stat##*) }
  CPU_TICKS=$((${14} + ${15}))
}
# TOOK: "N s, CPU M s" since $1 (a $SECONDS) and $2 (a CPU_TICKS) in the same shell: how long a
# step took, and how busy it kept the cores (2 cores for N s give at most 2N s of CPU).
took() {
  cpu_ticks
  TOOK="$((SECONDS - $1)) s, CPU $(((CPU_TICKS - $2) / CLK_TCK)) s"
}
