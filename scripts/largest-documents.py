#!/usr/bin/env python3
"""The largest documents as crates, checked like the compile sample (issue #13).

Each of Stripe, GitHub, Kubernetes, Microsoft Graph v1.0, EC2 and Compute is generated as
a crate, then `cargo clippy -- -D warnings` runs on it with every tag's feature (the
default), with one feature alone: the largest that holds at most a tenth of the operations
(the smallest feature where none does), which is what a program calling a few operations
compiles, and with all features (the opt-in modules too: the mock, webhooks, metadata,
tracing, middleware). Each crate's dependencies are built first, by an empty crate with
the same manifest, so the figures are the generated code's own.

    scripts/fetch-specs.sh
    scripts/largest-documents.py [NAME...]      # names as below; default: all six

Prints a Markdown table (the one in CORPUS.md); exits 1 if any check fails.
"""

import os
import re
import shutil
import subprocess
import sys

import measure

ROOT = measure.ROOT
API = measure.CORPUS
DOCUMENTS = {
    **{name: measure.DOCUMENTS[name] for name in ("Stripe", "GitHub", "Kubernetes")},
    "Microsoft Graph v1.0": API / "microsoft.com/graph.json",
    "EC2": API / "amazonaws.com/ec2.json",
    "Compute": API / "googleapis.com/compute.json",
}
GENERATOR = ROOT / "target/release/openapi-client-gen"
WORK = ROOT / "target/largest"


def run(command, cwd=None):
    """Runs `command` with the shared target folder; returns (seconds, peak MiB, ok, stderr)."""
    return measure.run(command, cwd, dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target")))


def features(crate):
    """The crate's features and their operation counts, from the list in its lib.rs."""
    text = (crate / "src/lib.rs").read_text()
    return {name: int(count) for name, count in re.findall(r"^//! - `([^`]+)`: (\d+) operations?", text, re.M)}


def one_feature(counts):
    total = sum(counts.values())
    small = {name: n for name, n in counts.items() if n * 10 <= total}
    if small:
        return max(small, key=lambda name: (small[name], name))
    return min(counts, key=lambda name: (counts[name], name))


def fmt(seconds, peak):
    return f"{seconds:.1f} s, {peak / 1024:.2f} GiB" if peak >= 1024 else f"{seconds:.1f} s, {peak:.0f} MiB"


def failure(stderr):
    lines = [line for line in stderr.splitlines() if line.startswith(("error", "warning"))]
    return "; ".join(lines[:3]) or stderr.strip().splitlines()[-1:]


def main():
    names = sys.argv[1:] or list(DOCUMENTS)
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "openapi-client-gen"], cwd=ROOT, check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    rows, failed = [], False
    for name in names:
        document = DOCUMENTS[name]
        if not document.exists():
            print(f"MISSING: {document} (scripts/fetch-specs.sh)", file=sys.stderr)
            failed = True
            continue
        crate = WORK / re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        shutil.rmtree(crate, ignore_errors=True)
        seconds, peak, ok, stderr = run([GENERATOR, "generate", document, "--out", crate, "--crate", crate.name])
        if not ok:
            rows.append(f"| {name} | generation failed: {failure(stderr)} | | | | | |")
            failed = True
            continue
        generation = fmt(seconds, peak)
        manifest = (crate / "Cargo.toml").read_text() + "\n[workspace]\n"
        (crate / "Cargo.toml").write_text(manifest)
        shutil.copy(ROOT / "Cargo.lock", crate / "Cargo.lock")
        # The dependencies, built by an empty crate with the same manifest.
        deps = WORK / "deps"
        shutil.rmtree(deps, ignore_errors=True)
        (deps / "src").mkdir(parents=True)
        (deps / "Cargo.toml").write_text(re.sub(r'(?m)^name = ".*"$', 'name = "deps"', manifest, count=1))
        (deps / "src/lib.rs").write_text("")
        shutil.copy(ROOT / "Cargo.lock", deps / "Cargo.lock")
        run(["cargo", "clippy", "--quiet", "--all-features"], cwd=deps)
        size = sum(p.stat().st_size for p in (crate / "src").rglob("*.rs"))
        counts = features(crate)
        print(f"{name}: generated, {size / 1e6:.1f} MB, {len(counts)} features; checking …", file=sys.stderr)
        seconds, peak, ok, stderr = run(["cargo", "clippy", "--quiet", "--", "-D", "warnings"], cwd=crate)
        whole = fmt(seconds, peak) if ok else f"failed: {failure(stderr)}"
        failed |= not ok
        if counts:
            feature = one_feature(counts)
            seconds, peak, ok, stderr = run(
                ["cargo", "clippy", "--quiet", "--no-default-features", "--features", feature, "--", "-D", "warnings"],
                cwd=crate,
            )
            alone = (fmt(seconds, peak) if ok else f"failed: {failure(stderr)}") + f" (`{feature}`, {counts[feature]} of {sum(counts.values())} operations)"
            failed |= not ok
        else:
            alone = "no features"
        seconds, peak, ok, stderr = run(["cargo", "clippy", "--quiet", "--all-features", "--", "-D", "warnings"], cwd=crate)
        everything = fmt(seconds, peak) if ok else f"failed: {failure(stderr)}"
        failed |= not ok
        rows.append(f"| {name} | {size / 1e6:.1f} MB | {generation} | {len(counts)} | {whole} | {alone} | {everything} |")
        print(rows[-1], file=sys.stderr)
    print("| document | code | generation | features | clippy -D warnings, default features | clippy -D warnings, one feature | clippy -D warnings, all features |")
    print("|---|---:|---:|---:|---:|---|---:|")
    print("\n".join(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
