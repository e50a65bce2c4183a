#!/usr/bin/env bash
# Compile cost of the generated code (issue #6, item 2): `cargo check` and
# `cargo build --release` of the generated Kirim and GitHub clients from a warm dependency
# cache, with wall time and peak memory, and lines of code per operation and per type.
#
#   scripts/compile-cost.sh            # both clients
#   scripts/compile-cost.sh kirim      # one
#
# Needs GNU time (/usr/bin/time) and, for GitHub, the corpus packages in target/corpus/
# (scripts/fetch-specs.sh). Each crate is built once to warm the dependencies, then its
# own source is touched and rebuilt: only the generated crate is measured. The incremental
# cache of the first check is deleted first: a check that finds its own cache for the same
# text only reloads results (GitHub's: 19 s instead of 62 s), which is not what a user's
# first check of a freshly generated client costs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/compile-cost
mkdir -p "$work"
cargo build --quiet --release -p openapi-client-gen
generator=target/release/openapi-client-gen

declare -A specs=(
  [kirim]=spec/conversations.yaml
  [github]=target/corpus/octokit/package/generated/api.github.com.json
)
targets=("$@")
[ $# -eq 0 ] && targets=(kirim github)

measure() { # label, command...: prints "label: S s, M MiB"
  local label=$1; shift
  local figures
  figures=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$figures" "$@" >/dev/null 2>&1
  awk -v l="$label" '{ printf "%s: %.1f s, %.0f MiB peak\n", l, $1, $2 / 1024 }' "$figures"
  rm -f "$figures"
}

for name in "${targets[@]}"; do
  spec=${specs[$name]}
  if [ ! -f "$spec" ]; then
    echo "$name: $spec is missing (scripts/fetch-specs.sh)"; continue
  fi
  crate="$work/$name"
  rm -rf "$crate"
  "$generator" generate "$spec" --out "$crate" --crate "client-$name" >/dev/null 2>&1
  printf '\n# Alone, not a member of this repository'"'"'s workspace.\n[workspace]\n' >>"$crate/Cargo.toml"
  lib="$crate/src/lib.rs"
  # The crate is a module tree: every Rust file under src/.
  source=$(find "$crate/src" -name '*.rs' | sort)
  lines=$(cat $source | wc -l)
  operations=$(cat $source | grep -cE '^ *pub async fn ' || true)
  types=$(cat $source | grep -cE '^ *pub (struct|enum) ' || true)
  echo "== $name: $lines lines, $operations operations, $types types in models and client"
  awk -v l="$lines" -v o="$operations" -v t="$types" \
    'BEGIN { if (o > 0) printf "   %.0f lines per operation, ", l / o; if (t > 0) printf "%.0f lines per type (both over the whole crate)\n", l / t }'
  export CARGO_TARGET_DIR="$PWD/$work/target-$name"
  (cd "$crate" && cargo check --quiet 2>/dev/null && cargo build --release --quiet 2>/dev/null) # warm the dependencies
  touch "$lib"
  rm -rf "$CARGO_TARGET_DIR/debug/incremental"
  (cd "$crate" && measure "   cargo check (warm dependencies)" cargo check --quiet)
  touch "$lib"
  (cd "$crate" && measure "   cargo build --release (warm dependencies)" cargo build --release --quiet)
  unset CARGO_TARGET_DIR
done
