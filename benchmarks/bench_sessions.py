"""Fairness: how long another user's rerun takes while someone's heavy upload is analysed.

    .venv/bin/python benchmarks/bench_sessions.py [--rows 1000000] [--excel-rows 100000]
                                                  [--repeat 3] [--keep]

All sessions of a Streamlit app share one Python process and its interpreter lock. Here one
"light" session (the triage page in AppTest, rerun again and again) is timed while the
same process does:

* idle — nothing else;
* a CSV upload (a generated 1M-row log) and an Excel upload (its first 100k rows: openpyxl
  reads Excel in pure Python, the worst case for the lock), each two ways —
* in the session (before) — `read_log` + `analyze_table` on a thread of this
  process, which is what the page's script thread did before uploads went to a worker;
* in a worker (now) — `start_prepare` with the page's polling loop, the table
  handed back at the end: what the page does now;
* remap, in the session — `analyse_mapped` on the table already read (a remap or group-by
  switch still runs in the session, reusing the table).

Printed per mode: the light reruns' median, 95th percentile and worst latency, and how long
the heavy work took. Rounds are interleaved so that noise from the shared machine hits
every mode alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_analyze import cached_log  # noqa: E402
from benchmarks.bench_table import render  # noqa: E402
from framework.analysis.background import analyse_mapped, prepare, start_prepare  # noqa: E402
from framework.analysis.exports import sheet_xlsx  # noqa: E402
from framework.analysis.pipeline import analyze_table  # noqa: E402
from framework.analysis.safe_cells import safe_frame  # noqa: E402
from framework.logs.reading import read_log  # noqa: E402
from framework.spec.loader import load_spec  # noqa: E402
from tests.support.apptest import open_app  # noqa: E402

IDLE_SECONDS = 3.0
PAUSE = 0.05  # between two light reruns, as a user's clicks would be


def light_latencies(busy: threading.Event) -> list[float]:
    """Rerun the triage page while `busy` is set (or for IDLE_SECONDS); each rerun's seconds."""
    at = open_app()
    latencies: list[float] = []
    end = time.monotonic() + IDLE_SECONDS
    while busy.is_set() or (not latencies or time.monotonic() < end):
        start = time.perf_counter()
        at.run()
        latencies.append(time.perf_counter() - start)
        time.sleep(PAUSE)
        if not busy.is_set() and time.monotonic() >= end:
            break
    return latencies


def measured(heavy: Callable[[], object] | None) -> tuple[list[float], float]:
    """Light latencies while `heavy` runs on its own thread, and how long it took."""
    busy = threading.Event()
    took = 0.0
    if heavy is None:
        return light_latencies(busy), took

    def run() -> None:
        nonlocal took
        start = time.perf_counter()
        try:
            heavy()
        finally:
            took = time.perf_counter() - start
            busy.clear()

    busy.set()
    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.2)  # let it get going
    latencies = light_latencies(busy)
    worker.join()
    return latencies, took


def excel_log(path: Path, rows: int) -> bytes:
    """The first `rows` rows of the CSV log as an Excel workbook (cached beside it)."""
    target = path.with_name(f"{path.stem}-first{rows}.xlsx")
    if not target.exists():
        frame = read_log(path.read_bytes(), path.name).frame.iloc[:rows]
        target.write_bytes(sheet_xlsx(safe_frame(frame), title="Log"))
    return target.read_bytes()


def modes(data: bytes, workbook: bytes) -> dict[str, Callable[[], object] | None]:
    spec = load_spec()
    prepared = prepare(data, "bench.csv", spec)

    def in_session(payload: bytes, name: str) -> Callable[[], object]:
        return lambda: analyze_table(read_log(payload, name), spec)

    def in_worker(payload: bytes, name: str) -> Callable[[], object]:
        def run() -> object:
            job = start_prepare(payload, name, spec)
            while not job.wait(0.25):
                job.progress()
            return job.result()

        return run

    def remap() -> object:
        return analyse_mapped(
            prepared.table, prepared.detected, spec, {"handler": None}, "error_code"
        )

    return {
        "idle": None,
        "CSV upload, in the session (before)": in_session(data, "bench.csv"),
        "CSV upload, in a worker (now)": in_worker(data, "bench.csv"),
        "Excel upload, in the session (before)": in_session(workbook, "bench.xlsx"),
        "Excel upload, in a worker (now)": in_worker(workbook, "bench.xlsx"),
        "remap, in the session": remap,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--excel-rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep logs of older generators")
    args = parser.parse_args()
    path = cached_log(args.rows, args.keep)
    data = path.read_bytes()
    workbook = excel_log(path, args.excel_rows)
    start_prepare(data[:2000], "warm.csv", load_spec()).wait()  # a spare worker, warm
    work = modes(data, workbook)
    latencies: dict[str, list[float]] = {name: [] for name in work}
    took: dict[str, list[float]] = {name: [] for name in work}
    for number in range(1, args.repeat + 1):
        print(f"  round {number} of {args.repeat}", flush=True)
        for name, heavy in work.items():
            found, seconds = measured(heavy)
            latencies[name] += found
            took[name].append(seconds)
    rows = [["while", "reruns", "median", "p95", "worst", "heavy work took"]]
    for name in work:
        values = sorted(latencies[name])
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        took_text = f"{statistics.median(took[name]):.1f} s" if work[name] else "—"
        rows.append(
            [
                name,
                str(len(values)),
                f"{statistics.median(values) * 1000:.0f} ms",
                f"{p95 * 1000:.0f} ms",
                f"{values[-1] * 1000:.0f} ms",
                took_text,
            ]
        )
    print(
        f"\nAnother session's rerun (triage page) while a log is read and analysed "
        f"(CSV: {args.rows:,} rows; Excel: {args.excel_rows:,} rows):\n"
    )
    print(render(rows))


if __name__ == "__main__":
    main()
