#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080 with `trunk serve`, installing missing tools first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$REPO_ROOT/scripts/tools.sh" serve
cd "$REPO_ROOT"
# Trunk refuses to start when a path in Trunk.toml's [watch] ignore does not exist ("error taking
# the canonical path to the watch ignore path"), and a fresh clone has no target/ or dist/.
mkdir -p target dist
exec trunk serve --locked "$@"
