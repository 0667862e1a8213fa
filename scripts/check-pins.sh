#!/usr/bin/env bash
# Fails when the tool pins drift apart. Trunk downloads a wasm-bindgen or wasm-opt from GitHub
# (impossible here) unless the one on PATH reports exactly the version Trunk.toml pins, and
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock. So all of these must agree:
#   Cargo.lock wasm-bindgen = web/Cargo.toml "=X" = Trunk.toml [tools] wasm_bindgen
#     = `wasm-bindgen --version` = `wasm-bindgen-test-runner --version` (what tools.sh installed)
#   Trunk.toml [tools] wasm_opt = version_$WASM_OPT_VERSION = package.json binaryen's major
#     = `wasm-opt --version` (the first on PATH, as Trunk sees it)
# Usage: scripts/check-pins.sh   (run by scripts/test.sh after scripts/tools.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

failures=0
same() {
  local what="$1" want="$2" got="$3"
  if [ "$want" = "$got" ]; then
    printf '  ok  %-52s %s\n' "$what" "$got"
  else
    printf '  FAIL %-51s %s, expected %s\n' "$what" "${got:-<nothing>}" "$want" >&2
    failures=$((failures + 1))
  fi
}

# The value of `key = "value"` in [section] of a TOML file (the simple form our files use).
toml_value() {
  awk -v section="[$2]" -v key="$3" '
    /^\[/ { in_section = ($0 == section) }
    in_section && $1 == key && $2 == "=" { v = $3; gsub(/"/, "", v); print v; exit }
  ' "$1"
}

lock="$(wasm_bindgen_version)"
[ -n "$lock" ] || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }
echo "wasm-bindgen (Cargo.lock): $lock"
same "web/Cargo.toml wasm-bindgen" "=$lock" "$(toml_value web/Cargo.toml dependencies wasm-bindgen)"
same "Trunk.toml [tools] wasm_bindgen" "$lock" "$(toml_value Trunk.toml tools wasm_bindgen)"
same "wasm-bindgen --version" "$lock" "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')"
same "wasm-bindgen-test-runner --version" "$lock" \
  "$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{ print $2 }')"

echo "wasm-opt (scripts/env.sh): version_$WASM_OPT_VERSION"
same "Trunk.toml [tools] wasm_opt" "version_$WASM_OPT_VERSION" "$(toml_value Trunk.toml tools wasm_opt)"
same "package.json binaryen (major)" "$WASM_OPT_VERSION" \
  "$(node -p 'require("./package.json").devDependencies.binaryen.split(".")[0]')"
# Trunk reads the third word of `wasm-opt --version` ("wasm-opt version 132 (version_132)").
same "wasm-opt --version ($(command -v wasm-opt || echo none))" "version_$WASM_OPT_VERSION" \
  "version_$(wasm-opt --version 2>/dev/null | awk '{ print $3 }')"

[ "$failures" -eq 0 ] || { echo "$failures pin(s) disagree: see scripts/check-pins.sh" >&2; exit 1; }
