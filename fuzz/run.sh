#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600) with cargo-fuzz on a
# nightly toolchain (rustup toolchain install nightly; cargo install cargo-fuzz).
# Seeds live in fuzz/corpus/<target>/; findings land in fuzz/artifacts/.
# Not part of `cargo test` or CI: fuzzing needs minutes per target.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
for t in highlight page notebook navfile summary toc rules book_toml; do
  echo "== $t ($secs s)"
  # A copy of the seeds: new inputs go to a scratch corpus, not the repository.
  work=$(mktemp -d); cp -r "corpus/$t/." "$work/"
  cargo +nightly fuzz run "$t" "$work" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 2>&1 | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|panicked|SUMMARY|Done" | tail -3
  rm -rf "$work"
done
