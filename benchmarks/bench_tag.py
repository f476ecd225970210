"""Speed and memory of `python -m framework tag` on 100k and 1M incoming records.

    .venv/bin/python benchmarks/bench_tag.py [--sizes 100000,1000000] [--repeat 3]

The records are the sample generator's log (`data.generate_samples.generate`, 100,000 rows,
seed 7, our own column names, ~270 bytes of JSON each) written as JSON Lines and repeated to
the size asked for, cached in benchmarks/out/. The analysis the records are tagged with is
the log's first half, saved to a fresh SQLite database, so the records whose group only
appears later are tagged `unknown-group` (that path runs too).

Each round runs the command in a fresh process (`tag_once.py`): reading the saved analysis,
then streaming every record from the file to /dev/null. Printed: records per second (all
records ÷ the command's wall time, the analysis' loading included), peak resident memory
above the process' own baseline after its imports, and the file size. Constant memory
means the peak at 1M records is that at 100k, whatever the file size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_analyze import OUT, SEED, generator_version  # noqa: E402
from benchmarks.bench_table import median, megabytes, parse_sizes, render, seconds  # noqa: E402
from data.generate_samples import generate  # noqa: E402
from framework.analysis.document import AnalysisDocument  # noqa: E402
from framework.analysis.pipeline import analyze  # noqa: E402
from framework.columns.mapping import detect_mapping  # noqa: E402
from framework.spec.loader import load_spec  # noqa: E402
from framework.store.config import sqlite_url  # noqa: E402
from framework.store.saved_analyses import open_store  # noqa: E402

BASE_ROWS = 100_000
CHILD = ROOT / "benchmarks" / "tag_once.py"


def records_file(rows: int, lines: bytes) -> Path:
    """`rows` records (the base lines repeated), written once and cached."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"records-{rows}-seed{SEED}-gen{generator_version()}.jsonl"
    if not path.exists():
        base = lines.splitlines(keepends=True)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as out:
            for start in range(0, rows, len(base)):
                out.writelines(base[: min(len(base), rows - start)])
        partial.replace(path)
    return path


def saved_analysis(url: str, frame: object) -> str:
    """The first half of the base log analysed and saved; returns its id."""
    spec = load_spec()
    half = frame.iloc[: BASE_ROWS // 2]  # type: ignore[attr-defined]
    analysis = analyze(half, detect_mapping(half, spec).to_dict(), spec)
    with open_store(url) as store:
        ref = store.create(
            AnalysisDocument(analysis, "bench").to_dict(),
            title="bench",
            spec_version=spec.version,
            spec_digest=spec.digest,
        )
    return ref.analysis_id


def in_child(url: str, analysis_id: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(CHILD), url, analysis_id, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    if figures["code"] != 0:
        raise SystemExit(f"tag failed: {done.stderr}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="record counts")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size (median taken)")
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.sizes)
    print(f"Generating the base log ({BASE_ROWS:,} rows, seed {SEED}) …", flush=True)
    frame = generate(BASE_ROWS, SEED)
    lines = frame.to_json(orient="records", lines=True, force_ascii=False).encode()
    paths = [records_file(rows, lines) for rows in sizes]
    rows = [["records", "file", "tag (cold)", "records/s", "peak memory", "per record"]]
    with tempfile.TemporaryDirectory() as folder:
        url = sqlite_url(Path(folder) / "bench.db")
        analysis_id = saved_analysis(url, frame)
        for size, path in zip(sizes, paths, strict=True):
            print(f"  measuring {size:,} records …", flush=True)
            runs = [in_child(url, analysis_id, path) for _ in range(args.repeat)]
            took = median([run["seconds"] for run in runs])
            peak = median([run["peak_bytes"] - run["baseline_bytes"] for run in runs])
            rows.append(
                [
                    f"{size:,}",
                    megabytes(path.stat().st_size),
                    seconds(took),
                    f"{size / took:,.0f}",
                    megabytes(peak),
                    f"{peak / size:,.1f} B",
                ]
            )
    print()
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; median of {args.repeat} "
        "fresh-process runs"
    )
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
