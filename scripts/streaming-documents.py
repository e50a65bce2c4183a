#!/usr/bin/env python3
"""The corpus documents whose success responses are streams (server-sent events, JSON
lines or JSON text sequences), each generated as a crate and checked with
`cargo clippy -D warnings` (issue #15): how many streaming methods each client has, and
whether it is clean. The table goes into CORPUS.md.

    scripts/fetch-specs.sh
    cargo build --release -p openapi-client-gen
    scripts/streaming-documents.py [--work target/streaming]
"""

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

import measure

STREAMS = {
    "text/event-stream": "events",
    "application/x-ndjson": "lines",
    "application/jsonl": "lines",
    "application/x-jsonlines": "lines",
    "application/json-seq": "records",
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def streamed(document):
    """The (operation, media type) pairs whose 2xx response documents a stream."""
    found = []
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            for status, response in (operation.get("responses") or {}).items():
                if not str(status).startswith("2") or not isinstance(response, dict):
                    continue
                for media_type in response.get("content") or {}:
                    essence = media_type.split(";")[0].strip().lower()
                    if essence in STREAMS:
                        found.append((f"{method.upper()} {path}", essence))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default=str(measure.ROOT / "target/streaming"))
    args = parser.parse_args()
    work = Path(args.work)
    ours = measure.ROOT / "target/release/openapi-client-gen"
    if not ours.exists() or not measure.CORPUS.exists():
        sys.exit("build the release CLI and run scripts/fetch-specs.sh first")
    rows = []
    for path in sorted(measure.CORPUS.rglob("*.json")):
        try:
            document = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if not str(document.get("openapi", "")).startswith("3"):
            continue
        pairs = streamed(document)
        if pairs:
            rows.append((path, pairs))
    shutil.rmtree(work, ignore_errors=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / "target"))
    print("| document | streamed responses | streaming methods | clippy -D warnings |")
    print("|---|---|---:|---|")
    failures = 0
    for path, pairs in rows:
        name = re.sub(r"[^a-z0-9]+", "-", path.relative_to(measure.CORPUS).with_suffix("").as_posix().lower()).strip("-")
        folder = work / name
        generated, checked = measure.clippy_crate(ours, path, folder, name, env)
        if checked is None:
            print(f"| {path.name} | {len(pairs)} | — | generation failed: {generated.stderr.strip()[:120]} |")
            failures += 1
            continue
        source = "".join(p.read_text() for p in (folder / "src").rglob("*.rs"))
        methods = len(re.findall(r"-> Result<\s*(?:EventStream|LineStream)<", source))
        verdict = "clean" if checked.returncode == 0 else "FAILED: " + checked.stderr.strip().splitlines()[0][:120]
        failures += checked.returncode != 0 or methods == 0
        kinds = ", ".join(sorted({STREAMS[media] for _, media in pairs}))
        print(f"| {path.relative_to(measure.CORPUS)} | {len(pairs)} ({kinds}) | {methods} | {verdict} |", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
