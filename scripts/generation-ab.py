#!/usr/bin/env python3
"""Our generator now beside an older revision of it, in one run: wall time and peak memory
of the command line on the Kirim spec, Stripe, GitHub and Kubernetes, in both layouts
(prettyplease's, as `build.rs` generates, and rustfmt's), the two builds alternating run by
run so that the machine's noise falls on both. For a change that must not slow generation
down (issue #14: the runtime embedded from source rather than written in `quote!`).

    scripts/fetch-specs.sh
    cargo build --release -p openapi-client-gen
    scripts/generation-ab.py --old <revision> [--runs 9]

Every figure is the median with the minimum and maximum, and the ratio of the medians
(now / old).
"""

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import measure

ROOT = measure.ROOT
DOCUMENTS = measure.DOCUMENTS
NOW = ROOT / "target/release/openapi-client-gen"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True, help="the revision to compare with")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    missing = [str(path) for path in [NOW, *DOCUMENTS.values()] if not path.exists()]
    if missing:
        sys.exit("missing (build the release CLI and run scripts/fetch-specs.sh): " + ", ".join(missing))
    work = Path(tempfile.mkdtemp(prefix="generation-ab-"))
    old = measure.old_generator(args.old, ROOT / "target/generation-ab")
    builds = {"now": NOW, f"at {args.old}": old}
    print(f"| document | layout | now: median (min–max), peak | {args.old}: median (min–max), peak | ratio (time, peak) |")
    print("|---|---|---:|---:|---:|")
    for name, document in DOCUMENTS.items():
        for layout, extra in [("prettyplease", ["--no-rustfmt"]), ("rustfmt", [])]:
            figures = {label: [] for label in builds}
            for run in range(args.runs):
                order = list(builds.items())
                if run % 2:
                    order.reverse()
                for label, binary in order:
                    out = work / label.replace(" ", "-")
                    shutil.rmtree(out, ignore_errors=True)
                    seconds, peak, ok, stderr = measure.run([binary, "generate", document, "--out", out, *extra])
                    if not ok:
                        sys.exit(f"{label} failed on {name}: {stderr}")
                    figures[label].append((seconds, peak))
            cells = []
            medians = []
            for label in builds:
                times = [seconds for seconds, _ in figures[label]]
                peaks = [peak for _, peak in figures[label]]
                medians.append((statistics.median(times), statistics.median(peaks)))
                cells.append(f"{fmt(statistics.median(times))} ({fmt(min(times))}–{fmt(max(times))}), {statistics.median(peaks):.0f} MiB")
            (now_time, now_peak), (old_time, old_peak) = medians
            print(f"| {name} | {layout} | {cells[0]} | {cells[1]} | {now_time / old_time:.2f}x, {now_peak / old_peak:.2f}x |", flush=True)
    shutil.rmtree(work, ignore_errors=True)


def fmt(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    main()
