#!/usr/bin/env bash
# The hosted site: this build at the root and again at m/<model>/, beside every earlier
# archived build, so that a link made with an older model can still open the model it was made
# with (docs/HOSTING.md, docs/CHANGELOG.md). Re-deploying adds, never removes: every m/*/ found
# in the output (or restored from the deployed site with --restore) is kept.
#
# Usage: scripts/site.sh [--base URL-or-path] [--dist DIR] [--out DIR] [--restore URL]
#   --base     where the site will be served (default /); the build's URLs are relative, so
#              the same files work under any base: it only names the addresses printed
#   --dist     a release build to use (default: build one with scripts/build.sh into dist/)
#   --out      the site's directory (default: site/)
#   --restore  first fetch the archived builds of the site deployed at URL (its m/manifest.txt
#              lists every file of every m/*/), as .github/workflows/pages.yml does
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

base="/" dist="" out="site" restore=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --dist) dist="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --restore) restore="$2"; shift 2 ;;
    *) echo "site.sh: unknown argument $1 (see the usage at the top of the script)" >&2; exit 2 ;;
  esac
done
case "$base" in */) ;; *) base="$base/" ;; esac

if [ -z "$dist" ]; then
  scripts/build.sh
  dist="dist"
fi
[ -f "$dist/index.html" ] || { echo "site.sh: $dist/index.html is missing: not a build" >&2; exit 1; }

# The build's model, which scripts/build.sh wrote into its page.
model="$(sed -n 's/.*<meta name="bulkpool-model" content="\([0-9][0-9]*\)">.*/\1/p' "$dist/index.html")"
[ -n "$model" ] || { echo "site.sh: $dist/index.html names no model: build it with scripts/build.sh" >&2; exit 1; }

mkdir -p "$out/m"
if [ -n "$restore" ]; then
  scripts/site-restore.sh "$restore" "$out"
fi

# The root: this build, replacing the previous root (only m/ is kept).
find "$out" -mindepth 1 -maxdepth 1 ! -name m -exec rm -rf {} +
cp -R "$dist"/. "$out"/
# m/<model>/: this build again (an earlier build of the same model is replaced by this one).
rm -rf "$out/m/$model"
mkdir -p "$out/m/$model"
cp -R "$dist"/. "$out/m/$model"/

# Which builds the site keeps, for the notice over an old link (web/src/components/
# model_notice.rs): in every page, the models and where they are from that page.
models="$(find "$out/m" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | grep -E '^[0-9]+$' | sort -n | tr '\n' ' ' | sed 's/ $//')"
set_meta() { # page, archive base
  local page="$1" rel="$2"
  sed -i -e '/<meta name="bulkpool-archive/d' "$page"
  sed -i -e "s|</head>|<meta name=\"bulkpool-archives\" content=\"$models\">\n<meta name=\"bulkpool-archive-base\" content=\"$rel\">\n</head>|" "$page"
}
set_meta "$out/index.html" "m/"
for m in $models; do
  [ -f "$out/m/$m/index.html" ] && set_meta "$out/m/$m/index.html" "../"
done

# Every file of every archived build, for the next deployment's --restore.
(cd "$out/m" && find . -mindepth 2 -type f ! -name manifest.txt | sed 's|^\./||' | sort > manifest.txt)

log "site: $out/ (model $model at the root and at m/$model/; archived models: $models)"
for m in $models; do
  log "  ${base}m/$m/"
done
