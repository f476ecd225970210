"""Speed of comparing two periods (`python -m framework compare`) at 100k and 1M rows.

    .venv/bin/python benchmarks/bench_compare.py [--sizes 100000,1000000] [--repeat 3]

The log is the benchmark log of bench_analyze.py (`data.generate_samples.generate`, seed 7,
cached in benchmarks/out/), split on the middle day of its span, so each period holds about
half the rows. Per round, in this process:

* read: `read_log_file`;
* split: `split_log` — parse the timestamps, cut the rows, analyse both halves;
* compare: `compare` on the two periods (reading every group), alone;
* report: the HTML report of the comparison (both charts rendered to SVG);
* end-to-end: read + split + compare, what `compare LOG --split-at DAY --format json` does
  before it prints.

Medians are printed. The comparison itself works on per-group aggregates, so its cost follows
the number of groups, not the rows; the split is two analyses of half the log each.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_analyze import cached_log  # noqa: E402
from benchmarks.bench_table import median, parse_sizes, render, seconds  # noqa: E402
from framework.analysis.comparison import compare  # noqa: E402
from framework.analysis.cost import observation_window  # noqa: E402
from framework.analysis.periods import split_log  # noqa: E402
from framework.analysis.pipeline import analyze_table  # noqa: E402
from framework.logs.reading import read_log_file  # noqa: E402
from framework.report.comparison_report import comparison_report_html  # noqa: E402
from framework.spec.loader import load_spec  # noqa: E402

T = TypeVar("T")


def clock(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def measure(path: Path, repeat: int) -> dict[str, list[float]]:
    spec = load_spec()
    table = read_log_file(path)
    _, whole = analyze_table(table, spec)
    window = observation_window(whole)
    assert window is not None
    day = window.first_day + timedelta(days=window.days // 2)
    figures: dict[str, list[float]] = {"read": [], "split": [], "compare": [], "report": []}
    for _ in range(repeat):
        table, took = clock(partial(read_log_file, path))
        figures["read"].append(took)
        split, took = clock(partial(split_log, table, spec, day, label="fix"))
        figures["split"].append(took)
        comparison, took = clock(partial(compare, split.before, split.after, [split.marker]))
        figures["compare"].append(took)
        figures["report"].append(clock(partial(comparison_report_html, comparison))[1])
    figures["groups"] = [float(len(comparison.groups))]
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="row counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size (median taken)")
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.sizes)
    print("Logs (data.generate_samples.generate, seed 7, CSV):")
    paths = [cached_log(rows, keep_stale=False) for rows in sizes]
    header = ["rows", "groups", "read", "split (2 analyses)", "compare", "report (HTML)"]
    rows = [[*header, "end-to-end"]]
    for size, path in zip(sizes, paths, strict=True):
        print(f"  measuring {size:,} rows …", flush=True)
        f = measure(path, args.repeat)
        e2e = median(
            [r + s + c for r, s, c in zip(f["read"], f["split"], f["compare"], strict=True)]
        )
        rows.append(
            [
                f"{size:,}",
                f"{f['groups'][0]:.0f}",
                seconds(median(f["read"])),
                seconds(median(f["split"])),
                f"{median(f['compare']) * 1000:.1f} ms",
                seconds(median(f["report"])),
                seconds(e2e),
            ]
        )
    print()
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; median of {args.repeat} rounds"
    )
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
