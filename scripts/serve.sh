#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080 with `trunk serve`, installing missing tools first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$REPO_ROOT/scripts/tools.sh" serve
cd "$REPO_ROOT"
exec trunk serve --locked "$@"
