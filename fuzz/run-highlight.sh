#!/usr/bin/env bash
# Fuzzes the highlighter one grammar family at a time, SECONDS each
# (default 600), as issue 21 asks: a block that gives up within the
# target's 2 s budget is a finding (fuzz/artifacts/highlight/).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
families=(
  "js,ts,tsx,jsx" "yaml" "sh,bash,zsh,fish" "py" "go" "rs" "promql" "md" "html,xml"
  "json" "Dockerfile" "sql" "c,cpp,cs,java" "rb,php,pl,lua"
)
for f in "${families[@]}"; do
  work=$(mktemp -d); cp -r corpus/highlight/. "$work/"
  echo "== $f ($secs s)"
  OPSITE_FUZZ_LANGS="$f" cargo +nightly fuzz run -O -s none highlight "$work" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=4096 2>&1 \
    | grep -E "^#[0-9]+.*(DONE)|grammars|ERROR|panicked|SUMMARY" | tail -3
  rm -rf "$work"
done
