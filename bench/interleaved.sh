#!/usr/bin/env bash
# Two opsite binaries on one site, their builds alternated run by run (a
# drift of the machine then touches both alike; hyperfine runs one
# command's runs, then the other's). Warm builds, then cold ones (no
# .opsite-cache). Prints each one's median and the ratio.
#
#     bench/interleaved.sh OLD_BINARY NEW_BINARY SITE_DIR [RUNS]
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); site=$(realpath "$3"); runs=${4:-15}
work=$(mktemp -d "$(dirname "$site")/interleaved.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$site" "$work/old"; cp -r "$site" "$work/new"
rm -rf "$work"/{old,new}/{public,.opsite-cache}
for b in old new; do (cd "$work/$b" && "${!b}" build -q && "${!b}" build -q); done
ms() { local s e; s=$(date +%s%N); (cd "$work/$1" && "${!1}" build -q); e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
for kind in warm cold; do
  : > "$work/$kind"
  for _ in $(seq 1 "$runs"); do
    for b in old new; do
      [ "$kind" = cold ] && rm -rf "$work/$b/.opsite-cache"
      echo "$b $(ms $b)" >> "$work/$kind"
    done
  done
  python3 - "$work/$kind" "$kind" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
m = {b: statistics.median(int(t) for k, t in rows if k == b) for b in ("old", "new")}
print(f"{sys.argv[2]}: old {m['old']:.0f} ms, new {m['new']:.0f} ms (median of {len(rows)//2} alternated runs), new/old {m['new']/m['old']:.3f}")
PY
done
