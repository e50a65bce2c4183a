#!/usr/bin/env bash
# No-op rebuild (issue #6, item 6): a second `cargo build` with nothing changed does not
# run the generator. build.rs prints a line into its output file each time it generates;
# this script builds twice and shows that the file (and its timestamp) did not change.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
output=$(ls -t target/debug/build/kirim-*/output | head -1)
before=$(stat -c '%y' "$output")
echo "after the first build: $output, written $before:"
grep 'openapi-client-gen regenerated' "$output" | sed 's/^/  /'
start=$(date +%s%N)
cargo build --quiet
took=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(stat -c '%y' "$(ls -t target/debug/build/kirim-*/output | head -1)")
echo "second build took ${took} ms; the build script's output was written $after"
if [ "$before" = "$after" ]; then
  echo "unchanged: the generator did not run"
else
  echo "CHANGED: the build script ran again" >&2
  exit 1
fi
