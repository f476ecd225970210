"""How long `read_log` takes on a large CSV, next to pyarrow's own `read_csv` on the same file.

    .venv/bin/python benchmarks/bench_read_log.py [--rows 1000000] [--keep PATH]

Generates a log with our column names (JSON payloads, arrows, accents), then times: plain
`pyarrow.csv.read_csv` with type inference, `read_log` (encoding detection, delimiter
sniffing, all-text columns, DataFrame), `detect_mapping`, and `parse_timestamps` on the
timestamp column. Prints the best of a few runs, the ratio to pyarrow, and peak memory
after the first `read_log` (the input bytes included) against file size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from framework.columns import detect_mapping
from framework.logs import read_log
from framework.spec import load_spec
from framework.timestamps import parse_timestamps

SYSTEMS = ("Shopify", "NetSuite", "Amazon", "WMS", "3PL", "Stripe", "CRM")
HEADER = (
    "exception_id,timestamp,error_code,boundary,payload,handler,resolution,retry_count,"
    "retry_outcome,handoff_status,message,root_cause\n"
)


def write_log(path: Path, rows: int) -> None:
    """A synthetic exception log with realistic value shapes (written in 10k-row blocks)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for start in range(0, rows, 10_000):
            out.write("".join(_row(i) for i in range(start, min(start + 10_000, rows))))


def _row(i: int) -> str:
    payload = json.dumps(
        {
            "order": f"SO-{i:08d}",
            "sku": f"SKU-{i % 977:05d}",
            "qty": i % 7,
            "price": f"{i % 300}.99",
            "currency": "EUR",
            "note": "é" * (i % 5),
        }
    )
    return (
        f"EX-{i:07d},2024-{1 + i % 9:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z,"
        f"ERR_{i % 60:03d},{SYSTEMS[i % 7]} → {SYSTEMS[(i + 3) % 7]},"
        f'"{payload.replace(chr(34), chr(34) * 2)}",agent{i % 17},resolution {i % 9},{i % 4},'
        f"{'success' if i % 3 else 'failed'},delivered,"
        f"Field {i % 50} exceeds the length the target accepts on order SO-{i:08d},schema\n"
    )


def timed(label: str, action, repeat: int = 1):  # type: ignore[no-untyped-def]
    """Run `action` `repeat` times; print and return (last result, fastest seconds)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<34} {best:7.2f} s" + (f" (best of {repeat})" if repeat > 1 else ""))
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the generated log here (reused)")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (the best counts)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "log.csv"
    if not path.exists():
        timed(f"generate {args.rows:,} rows", lambda: write_log(path, args.rows))
    data = path.read_bytes()
    print(f"file size {len(data) / 1024**2:32.0f} MB")
    table, first = timed("read_log (first run)", lambda: read_log(data, path.name))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"  peak memory so far {peak / 1024**2:20.0f} MB ({peak / len(data):.1f}× file)")
    _, best = timed("read_log", lambda: read_log(data, path.name), args.repeat)
    frame = table.frame
    mapping, _ = timed("detect_mapping", lambda: detect_mapping(frame, load_spec()))
    column = frame[mapping.column("timestamp") or "timestamp"]
    timed("parse_timestamps", lambda: parse_timestamps(column))
    reader = pa.BufferReader
    _, base = timed("pyarrow.csv.read_csv (inferring)", lambda: pacsv.read_csv(reader(data)), 3)
    print(f"read_log / pyarrow {min(first, best) / base:23.2f}×")
    print(table.describe())


if __name__ == "__main__":
    main()
