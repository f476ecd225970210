"""The project against DuckDB and polars computing the same per-group figures.

    .venv/bin/python benchmarks/bench_peers.py [--layouts current,long,groups]
                                               [--sizes 1M,5M] [--repeat 3]

For each layout (`benchmarks/layouts.py`) and size, a cached CSV log, then `--repeat`
interleaved rounds (the order of the sides turns each round) of three fresh processes
(`peers_once.py`):

* project: `python -m framework analyze LOG --map FIELD=COLUMN … --format json --out
  /dev/null` (every field mapped by hand, so detection is the same for all), run through
  the CLI's `main` after the imports;
* DuckDB: one SQL query over the CSV (every column as text) giving the figures of
  `benchmarks/peers.py` per group;
* polars: one lazy query doing the same.

Each process reports its time and its peak memory (VmHWM at the end minus after the
imports). Medians are printed with the targets of issue 13 marked PASS or MISS: project
≤ 0.8× DuckDB, ≤ 1.0× polars, peak memory ≤ 1.5× the file, and time from the smallest to
the largest size growing no faster than the rows.

Agreement: in the first round the peers write their figures; the project's are read from its
count tables (one more, untimed, process). Every figure of every group must be equal: a line
per log says so, or shows the first differences, and the exit code is 1 if any differ.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_table import (  # noqa: E402
    median,
    megabytes,
    parse_sizes,
    ratio,
    render,
    seconds,
    times,
    verdict,
)
from benchmarks.layouts import LAYOUTS, OUT, cached_layout  # noqa: E402
from benchmarks.peers import differences  # noqa: E402

CHILD = ROOT / "benchmarks" / "peers_once.py"
SIDES = ("project", "duckdb", "polars")
VS_DUCKDB = 0.8  # project time at most 0.8× DuckDB's
VS_POLARS = 1.0  # … and at most polars'
MEMORY_LIMIT = 1.5  # peak memory at most 1.5× the file


@dataclass
class Run:
    """The measurements of one log: per side, one entry per round."""

    layout: str
    rows: int
    size: int
    seconds: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in SIDES})
    peak: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in SIDES})
    agree: str = ""
    ok: bool = True

    def time(self, side: str) -> float:
        return median(self.seconds[side])

    def memory(self, side: str) -> float:
        return median(self.peak[side])


def in_child(side: str, path: Path, figures: Path | None = None) -> dict[str, float]:
    """Run one side once in a fresh process."""
    options = ["--figures", str(figures)] if figures is not None else []
    done = subprocess.run(
        [sys.executable, str(CHILD), side, str(path), *options],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"{side} on {path.name} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(layout: str, rows: int, path: Path, repeat: int) -> Run:
    run = Run(layout, rows, path.stat().st_size)
    figures = {side: OUT / f"figures-{side}-{path.stem}.csv" for side in ("duckdb", "polars")}
    for number in range(repeat):
        turn = number % len(SIDES)
        for side in SIDES[turn:] + SIDES[:turn]:
            out = figures.get(side) if number == 0 else None
            child = in_child(side, path, out)
            run.seconds[side].append(child["seconds"])
            run.peak[side].append(child["peak_bytes"] - child["baseline_bytes"])
        print(
            f"    round {number + 1}: "
            + ", ".join(f"{side} {run.seconds[side][-1]:.2f} s" for side in SIDES),
            flush=True,
        )
    project = OUT / f"figures-project-{path.stem}.csv"
    in_child("figures", path, project)
    ours = pd.read_csv(project, keep_default_na=False)
    found = []
    for side, where in figures.items():
        theirs = pd.read_csv(where, keep_default_na=False)
        found += [f"{side}: {line}" for line in differences(ours, theirs)]
    run.ok = not found
    run.agree = (
        f"per-group figures agree: {len(ours):,} groups"
        if run.ok
        else "per-group figures differ: " + "; ".join(found)
    )
    print(f"    {run.agree}", flush=True)
    return run


def table_rows(runs: list[Run]) -> list[list[str]]:
    header = ["layout", "rows", "file", "project", "DuckDB", "polars", "÷ DuckDB", "÷ polars"]
    header += ["project peak", "÷ file", "DuckDB peak", "polars peak"]
    out = [header]
    for r in runs:
        project = r.time("project")
        out.append(
            [
                r.layout,
                f"{r.rows:,}",
                megabytes(r.size),
                seconds(project),
                seconds(r.time("duckdb")),
                seconds(r.time("polars")),
                times(ratio(project, r.time("duckdb"))),
                times(ratio(project, r.time("polars"))),
                megabytes(r.memory("project")),
                times(ratio(r.memory("project"), r.size)),
                megabytes(r.memory("duckdb")),
                megabytes(r.memory("polars")),
            ]
        )
    return out


def targets(runs: list[Run]) -> list[str]:
    lines = []
    for r in runs:
        project = r.time("project")
        lines += [
            f"{r.layout}, {r.rows:,} rows:",
            f"  {f'project ≤ {VS_DUCKDB:g}× DuckDB':<27}"
            + verdict(ratio(project, r.time("duckdb")), VS_DUCKDB),
            f"  {f'project ≤ {VS_POLARS:g}× polars':<27}"
            + verdict(ratio(project, r.time("polars")), VS_POLARS),
            f"  {f'peak memory ≤ {MEMORY_LIMIT:g}× file':<27}"
            + verdict(ratio(r.memory("project"), r.size), MEMORY_LIMIT),
        ]
    for layout in dict.fromkeys(r.layout for r in runs):
        sized = sorted((r for r in runs if r.layout == layout), key=lambda r: r.rows)
        if len(sized) < 2:
            continue
        small, large = sized[0], sized[-1]
        growth = ratio(large.rows, small.rows)
        lines.append(
            f"{layout}: project time {small.rows:,} → {large.rows:,} rows ≤ {growth:g}× (the rows) "
            + verdict(ratio(large.time("project"), small.time("project")), growth)
        )
    return lines


NOTES = """\
project      `python -m framework analyze LOG --map … --format json --out /dev/null` in a fresh
             process (its `main` called after the imports): read, map, group, infer, diagnose
             every group (at most 2,000; the rest counted as one), write the JSON
DuckDB       one SQL query over read_csv(all_varchar): the figures of benchmarks/peers.py
polars       one lazy query over scan_csv(infer_schema=False), the same figures
÷ DuckDB     project time ÷ DuckDB time (medians); ÷ polars likewise
peak         VmHWM of the process at the end minus after its imports; ÷ file: the project's
             peak ÷ the file size
current 5M   the sample generator's first million rows, repeated (new exception ids)"""


def environment(repeat: int) -> str:
    import duckdb
    import polars

    return (
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"polars {polars.__version__}, {os.cpu_count()} CPUs; "
        f"median of {repeat} interleaved rounds, each a fresh process"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="layouts, comma-separated")
    parser.add_argument("--sizes", default="1M,5M", help="row counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per log (median taken)")
    args = parser.parse_args(argv)
    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as error:
        parser.error(str(error))
    layouts = [name.strip() for name in args.layouts.split(",") if name.strip()]
    unknown = [name for name in layouts if name not in LAYOUTS]
    if unknown or not layouts:
        parser.error(f"--layouts: one or more of {', '.join(LAYOUTS)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(environment(args.repeat))
    runs = []
    for layout in layouts:
        for rows in sizes:
            print(f"  {layout}, {rows:,} rows …", flush=True)
            path = cached_layout(layout, rows)
            runs.append(measure(layout, rows, path, args.repeat))
    print()
    print(render(table_rows(runs)))
    print()
    for r in runs:
        print(f"{r.layout}, {r.rows:,} rows: {r.agree}")
    print()
    print("\n".join(targets(runs)))
    print()
    print(NOTES)
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
