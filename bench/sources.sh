#!/usr/bin/env bash
# A site built from N local git repositories of P pages each: the first
# fetch, then a rebuild with nothing changed (one `git ls-remote` each).
#
#     bench/sources.sh BINARY [N] [P]
set -euo pipefail
bin=$(realpath "$1"); n=${2:-5}; p=${3:-200}
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d /dev/shm/sources-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site/content"
printf '[site]\ntitle = "Sources"\nbase_url = "https://example.org/"\n' > "$work/site/book.toml"
printf -- '---\ntitle: Home\n---\nAll teams.\n' > "$work/site/content/_index.md"
for i in $(seq 1 "$n"); do
  python3 "$here/gen-site.py" "$p" "$work/gen$i" >/dev/null
  repo="$work/repo$i"; mkdir -p "$repo"
  mv "$work/gen$i/content" "$repo/docs"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=b -c user.email=b@e commit -qm pages
  printf '\n[[sources]]\ngit = "file://%s"\ndir = "docs"\nmount = "team%s"\n' "$repo" "$i" >> "$work/site/book.toml"
done
cd "$work/site"
hyperfine -N --runs 5 --prepare "rm -rf $work/site/.opsite-cache" -n first-fetch "$bin build -q"
hyperfine -N --warmup 1 --runs 10 -n rebuild-unchanged "$bin build -q"
