#!/usr/bin/env bash
# What decoding floats exactly costs (issue #12, item 5c): the decode group of the speed
# bench built with serde_json's `float_roundtrip` (as generated crates have it) and
# without, run alternately ROUNDS times (default 3) so that both see the same machine.
#
#   scripts/float-roundtrip-cost.sh [ROUNDS]
#
# Prints each run's rows; compare the medians of the two builds' float rows (and the
# Kirim page, which holds no floats and should not move).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
cargo bench --quiet --bench speed --no-run
cargo bench --quiet --bench speed --no-default-features --features rustls \
  --target-dir target/float-off --no-run
for round in $(seq "$rounds"); do
  echo "## round $round: float_roundtrip on"
  cargo bench --quiet --bench speed -- decode | grep '^| [0-9]'
  echo "## round $round: float_roundtrip off"
  cargo bench --quiet --bench speed --no-default-features --features rustls \
    --target-dir target/float-off -- decode | grep '^| [0-9]'
done
