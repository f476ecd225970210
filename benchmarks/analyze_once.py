"""Analyse one log end to end in this (fresh) process; print its time and peak memory as JSON.

    .venv/bin/python benchmarks/analyze_once.py benchmarks/out/log-1000000-seed7-gen….csv

`bench_analyze.py` runs this as a child process, so the peak is that of the analysis alone:
the high-water mark of resident memory (the most the process ever held: Python objects,
numpy, Arrow's memory pool, allocator slack, the file's bytes) is read once after the imports
and the spec (`baseline_bytes`) and once at the end (`peak_bytes`). Their difference is what
the analysis needed. `seconds` is the first, cold run in a new process, as the CLI sees it.

The mark is `VmHWM` from /proc/self/status. `getrusage(...).ru_maxrss` would be wrong here:
Linux carries it across `exec`, so a child started by a big parent reports the parent's peak.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from framework.logs import read_log_file
from framework.pipeline import analyze_table
from framework.spec import load_spec


def max_rss_bytes() -> int:
    """The largest resident set this process has had so far, in bytes."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # reported in kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def main() -> None:
    path = Path(sys.argv[1])
    spec = load_spec()
    baseline = max_rss_bytes()
    start = time.perf_counter()
    _, analysis = analyze_table(read_log_file(path), spec)
    elapsed = time.perf_counter() - start
    result = {
        "seconds": elapsed,
        "baseline_bytes": baseline,
        "peak_bytes": max_rss_bytes(),
        "groups": len(analysis.groups),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
