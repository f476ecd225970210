"""Speed and memory of `python -m framework analyze` on 100k- and 1M-row logs.

    .venv/bin/python benchmarks/bench_analyze.py [--sizes 100000,1000000] [--repeat 5] [--keep]

For each size a CSV log is generated with `data.generate_samples.generate` (cached in
benchmarks/out/ under its rows, seed and generator version), then, interleaved over
`--repeat` rounds so that noise hits every side alike:

* parse: `pyarrow.csv.read_csv` on the file's bytes, every column read as text (the same
  Arrow type `read_log` asks for; no type inference, nothing else) — the floor;
* end-to-end: `read_log_file` + `analyze_table` (detect the mapping, analyse), which is what
  `python -m framework analyze` does before it prints;
* a fresh child process (`analyze_once.py`) that runs the end-to-end path once: its peak
  resident memory above its own baseline after the imports, and its cold time; and another
  that runs only the parse once, cold, so that cold is compared with cold.

Medians are printed, with the targets at 1M rows (end-to-end ≤ 5× parse, peak memory ≤ 3×
the file size) marked PASS or MISS. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.analyze_once import parse_with_pyarrow  # noqa: E402
from benchmarks.bench_table import (  # noqa: E402
    cache_name,
    median,
    megabytes,
    parse_sizes,
    ratio,
    render,
    seconds,
    times,
    verdict,
)
from data.generate_samples import generate  # noqa: E402
from framework.analysis.pipeline import analyze_table  # noqa: E402
from framework.columns.mapping import detect_mapping  # noqa: E402
from framework.logs.reading import read_log_file  # noqa: E402
from framework.spec.loader import load_spec  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
CHILD = ROOT / "benchmarks" / "analyze_once.py"
GENERATOR = ("generate_samples.py", "logmaker.py", "render.py", "families.py")
SEED = 7
TARGET_ROWS = 1_000_000
TIME_LIMIT = 5.0  # end-to-end at most 5× the parse time
MEMORY_LIMIT = 3.0  # peak memory at most 3× the file size
T = TypeVar("T")


@dataclass
class Figures:
    """The measurements of one log size, one entry per round."""

    rows: int
    size: int
    parse: list[float] = field(default_factory=list)
    read: list[float] = field(default_factory=list)
    analyze: list[float] = field(default_factory=list)
    mapping: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    cold_parse: list[float] = field(default_factory=list)
    peak: list[float] = field(default_factory=list)

    @property
    def end_to_end(self) -> list[float]:
        return [r + a for r, a in zip(self.read, self.analyze, strict=True)]


def generator_version() -> str:
    """A digest of the generator's source: a new version makes new cached logs."""
    digest = hashlib.sha256()
    for name in GENERATOR:
        digest.update((ROOT / "data" / name).read_bytes())
    return digest.hexdigest()[:10]


def cached_log(rows: int, keep_stale: bool) -> Path:
    """The generated log of `rows` rows, written once and reused while the generator is the
    same; logs of an older generator version are removed unless `keep_stale`."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / cache_name(rows, SEED, generator_version())
    if path.exists():
        print(f"  {rows:,} rows: reusing the cached {path.relative_to(ROOT)}")
        return path
    if not keep_stale:
        for stale in OUT.glob(f"log-{rows}-seed{SEED}-gen*.csv"):
            stale.unlink()
    print(f"  {rows:,} rows: generating {path.relative_to(ROOT)} …", end=" ", flush=True)
    start = time.perf_counter()
    frame = generate(rows, SEED)
    partial = path.with_suffix(".partial")
    frame.to_csv(partial, index=False, lineterminator="\n")
    partial.replace(path)
    print(f"{time.perf_counter() - start:.0f} s")
    return path


def clock(action: Callable[[], T]) -> tuple[T, float]:
    """The action's result and how long it took, in seconds."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def in_child(path: Path, *options: str) -> dict[str, float]:
    """Run the end-to-end analysis (or, with --parse, the parse) once in a fresh process."""
    done = subprocess.run(
        [sys.executable, str(CHILD), *options, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(path: Path, rows: int, repeat: int) -> Figures:
    """`repeat` interleaved rounds of parse, end-to-end and a fresh-process run."""
    spec = load_spec()
    figures = Figures(rows, path.stat().st_size)
    for _ in range(repeat):
        figures.parse.append(clock(partial(parse_with_pyarrow, path.read_bytes()))[1])
        table, took = clock(partial(read_log_file, path))
        figures.read.append(took)
        figures.analyze.append(clock(partial(analyze_table, table, spec))[1])
        figures.mapping.append(clock(partial(detect_mapping, table.frame, spec))[1])
        del table
        child = in_child(path)
        figures.cold.append(child["seconds"])
        figures.peak.append(child["peak_bytes"] - child["baseline_bytes"])
        figures.cold_parse.append(in_child(path, "--parse")["seconds"])
    return figures


def table_rows(results: list[Figures]) -> list[list[str]]:
    header = ["rows", "file", "parse", "read_log", "mapping", "analyze_table", "end-to-end"]
    header += ["÷ parse", "cold parse", "cold", "÷ cold parse", "peak memory", "÷ file"]
    rows = [header]
    for f in results:
        parse, e2e, cold = median(f.parse), median(f.end_to_end), median(f.cold)
        cold_parse = median(f.cold_parse)
        peak = median(f.peak)
        rows.append(
            [
                f"{f.rows:,}",
                megabytes(f.size),
                seconds(parse),
                seconds(median(f.read)),
                seconds(median(f.mapping)),
                seconds(median(f.analyze)),
                seconds(e2e),
                times(ratio(e2e, parse)),
                seconds(cold_parse),
                seconds(cold),
                times(ratio(cold, cold_parse)),
                megabytes(peak),
                times(ratio(peak, f.size)),
            ]
        )
    return rows


def targets(results: list[Figures]) -> list[str]:
    at = [f for f in results if f.rows >= TARGET_ROWS] or results[-1:]
    lines = []
    for f in at:
        parse = median(f.parse)
        lines += [
            f"Targets at {f.rows:,} rows (set for {TARGET_ROWS:,}):",
            f"  end-to-end ≤ {TIME_LIMIT:g}× parse      "
            + verdict(ratio(median(f.end_to_end), parse), TIME_LIMIT),
            f"  cold end-to-end ≤ {TIME_LIMIT:g}× cold parse "
            + verdict(ratio(median(f.cold), median(f.cold_parse)), TIME_LIMIT),
            f"  peak memory ≤ {MEMORY_LIMIT:g}× file    "
            + verdict(ratio(median(f.peak), f.size), MEMORY_LIMIT),
        ]
    return lines


NOTES = """\
parse        pyarrow.csv.read_csv on the bytes already in memory, all columns as text
read_log     read_log_file: read the file, detect encoding and delimiter, text DataFrame
mapping      detect_mapping alone (it is also inside analyze_table)
analyze_table  detect the mapping, then group, infer and diagnose every group
end-to-end   read_log + analyze_table, warm (this process ran it before), median
cold parse   the parse, first run in a fresh process (analyze_once.py --parse), median
cold         end-to-end, first run in a fresh process (as the CLI runs it), median
peak memory  high-water resident memory (VmHWM) of that fresh process at the end, minus the
             same after its imports: every byte it held (file bytes, Arrow pool, numpy,
             Python objects, allocator slack). tracemalloc would miss Arrow's pool, Arrow's
             counters miss numpy, and ru_maxrss of a child inherits the parent's peak"""


def environment(repeat: int) -> str:
    return (
        f"Python {platform.python_version()}, pyarrow {pa.__version__}, pandas {pd.__version__}, "
        f"{os.cpu_count()} CPUs; median of {repeat} interleaved rounds"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="row counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per size (median taken)")
    parser.add_argument(
        "--keep", action="store_true", help="keep cached logs of older generator versions"
    )
    args = parser.parse_args(argv)
    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as error:
        parser.error(str(error))
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print("Logs (data.generate_samples.generate, seed 7, CSV):")
    paths = [cached_log(rows, args.keep) for rows in sizes]
    print(environment(args.repeat))
    results = []
    for rows, path in zip(sizes, paths, strict=True):
        print(f"  measuring {rows:,} rows …", flush=True)
        results.append(measure(path, rows, args.repeat))
    print()
    print(render(table_rows(results)))
    print()
    print("\n".join(targets(results)))
    print()
    print(NOTES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
