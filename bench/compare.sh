#!/usr/bin/env bash
# Two opsite binaries side by side on one site, warm and cold, in one run.
#
#     bench/compare.sh OLD_BINARY NEW_BINARY SITE_DIR [RUNS]
#
# Each binary builds its own copy of the site (on tmpfs when SITE_DIR is),
# so their caches never mix. Prints hyperfine's summary and the median ratio.
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); site=$(realpath "$3"); runs=${4:-20}
work=$(mktemp -d "$(dirname "$site")/compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$site" "$work/old"; cp -r "$site" "$work/new"
rm -rf "$work"/{old,new}/{public,.opsite-cache}
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/warm.json" \
  -n old-warm "bash -c 'cd $work/old && $old build'" -n new-warm "bash -c 'cd $work/new && $new build'"
hyperfine -N --runs $(( runs / 3 + 2 )) --export-json "$work/cold.json" \
  --prepare "rm -rf $work/old/.opsite-cache $work/new/.opsite-cache" \
  -n old-cold "bash -c 'cd $work/old && $old build'" -n new-cold "bash -c 'cd $work/new && $new build'"
python3 - "$work" <<'PY'
import json, statistics, sys
for kind in ("warm", "cold"):
    r = json.load(open(f"{sys.argv[1]}/{kind}.json"))["results"]
    old, new = (statistics.median(x["times"]) * 1000 for x in r)
    print(f"{kind}: old {old:.0f} ms, new {new:.0f} ms (median), new/old {new / old:.3f}")
PY
