"""What the bench scripts beside this file share: one command's wall time and peak memory,
and our generator built at an older revision."""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "target/corpus/directory/package/api"
# The documents the bench scripts name, from spec/ and scripts/fetch-specs.sh.
DOCUMENTS = {
    "Kirim spec": ROOT / "spec/conversations.yaml",
    "Stripe": CORPUS / "stripe.com.json",
    "GitHub": ROOT / "target/corpus/octokit/package/generated/api.github.com.json",
    "Kubernetes": CORPUS / "kubernetes.io.json",
}


def run(command, cwd=None, env=None):
    """Runs `command`; returns (seconds, peak MiB, succeeded, stderr). The peak is the
    largest resident set of the process tree (wait4's ru_maxrss).

    A child's ru_maxrss counts this script's own pages up to its exec (fork and vfork
    share them), so a command that stays under this script's size would read as this
    script's size: every generator 16 MiB on the Kirim spec. Such a command runs a second
    time under GNU time, a small process whose own resident size is the floor instead."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    ok = os.waitstatus_to_exitcode(status) == 0
    peak = usage.ru_maxrss
    if ok and peak <= resource.getrusage(resource.RUSAGE_SELF).ru_maxrss:
        peak = peak_under_time(command, cwd, env) or peak
    return seconds, peak / 1024, ok, stderr


def peak_under_time(command, cwd, env):
    """`command`'s peak resident KiB, run under GNU time; None without it (said once)."""
    gnu_time = shutil.which("time")
    if gnu_time is None:
        if not getattr(peak_under_time, "warned", False):
            print("NOTE: GNU time is not installed (apt-get install time): peaks under this script's "
                  "own size are this script's size", file=sys.stderr)
            peak_under_time.warned = True
        return None
    with tempfile.NamedTemporaryFile("r") as report:
        completed = subprocess.run(
            [gnu_time, "-f", "%M", "-o", report.name, *[str(part) for part in command]],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        lines = report.read().split()
    return int(lines[-1]) if completed.returncode == 0 and lines else None


def old_generator(revision, work):
    """Our generator at an older revision, built in a worktree of this repository under
    `work` (its own target folder, so today's build is untouched)."""
    tree = Path(work) / "old"
    # Resolved here: in the worktree, `HEAD` or a branch name would mean the worktree's own.
    revision = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    if not (tree / ".git").exists():
        shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(["git", "worktree", "add", "--detach", tree, revision], cwd=ROOT, check=True, stdout=sys.stderr)
    else:
        subprocess.run(["git", "checkout", "--detach", revision], cwd=tree, check=True, stdout=sys.stderr)
    env = dict(os.environ, CARGO_TARGET_DIR=str(tree / "target"))
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "openapi-client-gen"], cwd=tree, env=env, check=True)
    return tree / "target/release/openapi-client-gen"


def clippy_crate(generator, document, folder, name, env):
    """Generates `document` as the crate `name` in `folder` (a workspace of its own) and
    runs `cargo clippy --all-features -D warnings` on it with `env` (its shared target
    folder). Returns (the generation, the check, or None when generation failed)."""
    generated = subprocess.run(
        [generator, "generate", document, "--out", folder, "--crate", name, "--no-rustfmt"], capture_output=True, text=True
    )
    if generated.returncode != 0:
        return generated, None
    with open(Path(folder) / "Cargo.toml", "a") as manifest:
        manifest.write("\n[workspace]\n")
    checked = subprocess.run(
        ["cargo", "clippy", "--quiet", "--all-features", "--", "-D", "warnings"], cwd=folder, env=env, capture_output=True, text=True
    )
    return generated, checked
