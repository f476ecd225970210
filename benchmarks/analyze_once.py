"""Analyse one log end to end in this (fresh) process; print its time and peak memory as JSON.

    .venv/bin/python benchmarks/analyze_once.py benchmarks/out/log-1000000-seed7-gen….csv
    .venv/bin/python benchmarks/analyze_once.py --parse benchmarks/out/log-….csv

With `--parse` it times only the floor instead, as cold as the analysis: pyarrow's CSV reader
on the file's bytes (already read), every column as text, first run in a new process.

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

import pyarrow as pa
import pyarrow.csv as pacsv

from framework.analysis.pipeline import analyze_table
from framework.logs.reading import read_log_file
from framework.logs.table import TEXT
from framework.spec.loader import load_spec


def parse_with_pyarrow(data: bytes) -> pa.Table:
    """The floor: pyarrow's CSV reader on the bytes, every column as text."""
    names = pacsv.read_csv(pa.BufferReader(data[: data.index(b"\n") + 1])).column_names
    return pacsv.read_csv(
        pa.BufferReader(data),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, TEXT)),
    )


def max_rss_bytes() -> int:
    """The largest resident set this process has had so far, in bytes."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # reported in kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def main() -> None:
    if sys.argv[1] == "--parse":
        data = Path(sys.argv[2]).read_bytes()
        start = time.perf_counter()
        parse_with_pyarrow(data)
        print(json.dumps({"seconds": time.perf_counter() - start}))
        return
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
