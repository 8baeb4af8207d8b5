#!/usr/bin/env bash
# Five versions of a P-page site (four tags and the working tree), side by
# side with one version's build: the first versioned build (empty cache), a
# rebuild after editing one working-tree page, and a plain build of the
# same tree without [versions].
#
#     bench/versions.sh BINARY [P]
set -euo pipefail
bin=$(realpath "$1"); p=${2:-1000}
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d /dev/shm/versions-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$here/gen-site.py" "$p" "$work/site" >/dev/null
cd "$work/site"
g() { git -c user.name=b -c user.email=b@e "$@"; }
g init -q -b main
for v in 1 2 3 4; do
  # Each release edits a page and adds one.
  printf -- '---\ntitle: "Release %s"\n---\nWhat changed in %s.\n' "$v" "$v" > "content/release-$v.md"
  g add -A; g commit -qm "release $v"; g tag "v$v.0"
done
mkdir "$work/plain" && cp -r content book.toml "$work/plain/"
printf '\n[versions]\nrefs = ["v*"]\n' >> book.toml
page=$(find content -name '*.md' ! -name '_index.md' | sort | head -1)
"$bin" build -q >/dev/null
"$bin" build -q --root "$work/plain" >/dev/null
hyperfine -N --warmup 1 --runs 7 --export-json "$work/times.json" \
  --prepare "rm -rf $work/site/.opsite-cache/versions $work/site/public" -n "5 versions, first build" "$bin build -q" \
  --prepare "sh -c 'echo \"Edited \$(date +%N).\" >> $page'" -n "5 versions, working tree edited" "$bin build -q" \
  --prepare "sh -c 'echo \"Edited \$(date +%N).\" >> $work/plain/$page'" -n "1 version (no [versions])" "$bin build -q --root $work/plain"
python3 - "$work/times.json" <<'PY'
import json, statistics, sys
rs = json.load(open(sys.argv[1]))["results"]
one = statistics.median(rs[-1]["times"])
for r in rs:
    m = statistics.median(r["times"])
    print(f"{r['command']:<36} median {m*1000:7.1f} ms  {m/one:5.2f}x one version")
PY
