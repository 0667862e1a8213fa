#!/usr/bin/env bash
# Fetches the archived builds (m/<model>/) of a deployed bulkpool site into a site directory,
# so that the next deployment keeps them: the deployed site is the one copy that holds exactly
# what readers' links open. Every file is listed in the site's m/manifest.txt (scripts/site.sh
# writes it). A site with no manifest is a first deployment; any other failure stops, rather
# than deploy a site that has lost an archive.
#
# Usage: scripts/site-restore.sh URL [DIR]     (URL: the site's root, e.g. https://o.github.io/r/)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
url="${1:?usage: scripts/site-restore.sh URL [DIR]}"
out="${2:-$REPO_ROOT/site}"
case "$url" in */) ;; *) url="$url/" ;; esac

mkdir -p "$out/m"
manifest="$(mktemp)"
trap 'rm -f "$manifest"' EXIT
status="$(curl -sS -o "$manifest" -w '%{http_code}' "${url}m/manifest.txt")" || {
  echo "site-restore: ${url}m/manifest.txt cannot be fetched" >&2
  exit 1
}
case "$status" in
  200) ;;
  404) log "site-restore: ${url} has no m/manifest.txt: nothing archived yet"; exit 0 ;;
  *) echo "site-restore: ${url}m/manifest.txt: HTTP $status" >&2; exit 1 ;;
esac
n=0
while IFS= read -r file; do
  [ -n "$file" ] || continue
  # Only files inside m/<model>/, never a path that climbs out.
  if ! [[ "$file" =~ ^[0-9]+/[A-Za-z0-9._/-]+$ ]] || [[ "$file" == *..* ]]; then
    echo "site-restore: refusing manifest entry '$file'" >&2
    exit 1
  fi
  mkdir -p "$out/m/$(dirname "$file")"
  curl -sSf -o "$out/m/$file" "${url}m/$file"
  n=$((n + 1))
done < "$manifest"
log "site-restore: $n files of $(cut -d/ -f1 "$manifest" | sort -un | tr '\n' ' ')from ${url}m/"
