"""One command's wall time and peak memory, for the bench scripts beside this file."""

import os
import subprocess
import time


def run(command, cwd=None, env=None):
    """Runs `command`; returns (seconds, peak MiB, succeeded, stderr). The peak is the
    largest resident set of the process tree (wait4's ru_maxrss)."""
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
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status) == 0, stderr
