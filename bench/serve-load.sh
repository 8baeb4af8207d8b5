#!/usr/bin/env bash
# `opsite serve` under load while a page is saved every 100 ms.
#
#     bench/serve-load.sh BINARY SITE_DIR [SECONDS]
#
# wrk (apt-get install wrk) keeps 64 connections busy on one existing page
# for SECONDS (default 30) while another process rewrites a different page
# ten times a second, so every answer races a rebuild. Prints wrk's summary
# (requests/s, latency percentiles, socket errors, non-2xx answers).
set -euo pipefail
bin=$(realpath "$1"); site=$(realpath "$2"); secs=${3:-30}
work=$(mktemp -d "$(dirname "$site")/load.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$site/." "$work/"
rm -rf "$work/public"
port=$(( 20000 + RANDOM % 20000 ))
(cd "$work" && "$bin" serve -q -p "$port" >/dev/null 2>&1) &
until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 0.2; done
page=$(cd "$work/content" && find . -name '*.md' ! -name '_index.md' | sort | sed -n 2p)
url=$(echo "$page" | sed 's|^\./||; s|\.md$|/|')
edit=$(cd "$work/content" && find . -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
(
  i=0
  while true; do
    i=$((i + 1))
    printf -- '---\ntitle: "Edited %s"\n---\nSaved %s times.\n' "$i" "$i" > "$work/content/$edit.tmp"
    mv "$work/content/$edit.tmp" "$work/content/$edit"
    sleep 0.1
  done
) &
wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:$port/$url"
