#!/usr/bin/env python3
"""The Swagger 2.0 corpus (issue #15): every Swagger 2.0 document scripts/fetch-specs.sh
fetches into target/corpus/swagger/ (Kubernetes 1.10-1.13, the AutoRest test server's
documents, ReadMe's petstores), each generated as a crate from the document as written
and checked with `cargo clippy --all-features -D warnings`. The table goes into CORPUS.md.
The oracle comparison with swagger2openapi is tests/swagger2openapi.rs (run it with
SWAGGER_ORACLE_LARGE=1 for the Kubernetes documents too).

    scripts/fetch-specs.sh
    cargo build --release -p openapi-client-gen
    scripts/swagger-documents.py [--work target/swagger-crates]
"""

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

import measure

SWAGGER = measure.ROOT / "target/corpus/swagger"
FOLDERS = [("kubernetes", "package/lib/specs"), ("autorest", "package/swagger"), ("readme", "package/2.0/json")]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def documents():
    """(name, path, document) of each Swagger 2.0 document, in a stable order."""
    found = []
    for package, folder in FOLDERS:
        for path in sorted((SWAGGER / package / folder).glob("*.json")):
            try:
                document = json.loads(path.read_text(encoding="utf-8-sig"))
            except (OSError, ValueError):
                continue
            if document.get("swagger") == "2.0":
                found.append((f"{package}/{path.name}", path, document))
    return found


def operations(document):
    return sum(
        1
        for item in (document.get("paths") or {}).values()
        if isinstance(item, dict)
        for method in METHODS
        if isinstance(item.get(method), dict)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default=str(measure.ROOT / "target/swagger-crates"))
    args = parser.parse_args()
    work = Path(args.work)
    ours = measure.ROOT / "target/release/openapi-client-gen"
    found = documents()
    if not ours.exists() or not found:
        sys.exit("build the release CLI and run scripts/fetch-specs.sh first")
    shutil.rmtree(work, ignore_errors=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / "target"))
    print("| document | size | operations | generated lines | warnings | clippy --all-features -D warnings |")
    print("|---|---:|---:|---:|---:|---|")
    failures = 0
    for name, path, document in found:
        crate = re.sub(r"[^a-z0-9]+", "-", name.lower().removesuffix(".json")).strip("-")
        folder = work / crate
        generated, checked = measure.clippy_crate(ours, path, folder, crate, env)
        size = f"{path.stat().st_size / 1024:,.0f} KB"
        if checked is None:
            print(f"| {name} | {size} | {operations(document)} | — | — | generation failed: {generated.stderr.strip()[:120]} |")
            failures += 1
            continue
        warnings = generated.stderr.count(": warning:")
        lines = sum(len(p.read_text().splitlines()) for p in (folder / "src").rglob("*.rs"))
        verdict = "clean" if checked.returncode == 0 else "FAILED: " + (checked.stderr.strip().splitlines() or ["?"])[0][:120]
        failures += checked.returncode != 0
        print(f"| {name} | {size} | {operations(document)} | {lines:,} | {warnings} | {verdict} |", flush=True)
        # The crates' own build output is large; the shared target keeps the dependencies.
        shutil.rmtree(folder / "target", ignore_errors=True)
    print(f"\n{len(found)} documents, {len(found) - failures} generated and clippy-clean", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
