"""Speed and memory of an event log read as cases, at a million events.

    .venv/bin/python benchmarks/bench_cases.py [--events 1000000] [--repeat 3]

The log is `data/process_mining.csv` (a process-mining export: 7,361 events in 744 cases,
system account, retries, fix-and-resubmit, reopens) repeated with its case ids renamed until
it holds `--events` events (cached in benchmarks/out/). Each round runs, in fresh processes,
interleaved so that noise hits every side alike:

* parse: pyarrow's CSV reader on the file's bytes, every column as text (the floor);
* cases: what `python -m framework analyze LOG --map case_id=… --map activity=…` does
  before it prints — the log read batch by batch, each batch's events folded into per-case
  values, the cases merged and analysed — with its peak memory above the process's baseline.

Medians are printed with the targets of benchmarks/README.md (end to end ≤ 5× the parse,
peak memory ≤ 3× the file) marked PASS or MISS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.analyze_once import max_rss_bytes, parse_with_pyarrow  # noqa: E402
from benchmarks.bench_table import (  # noqa: E402
    median,
    megabytes,
    ratio,
    render,
    seconds,
    times,
    verdict,
)

SAMPLE = ROOT / "data" / "process_mining.csv"
OUT = ROOT / "benchmarks" / "out"
CASE, ACTIVITY = "case:concept:name", "concept:name"
MAPPING = {
    "case_id": CASE,
    "activity": ACTIVITY,
    "timestamp": "time:timestamp",
    "handler": "org:resource",
    "error_code": "case:exception_type",
    "source_system": "case:source_system",
    "target_system": "case:target_system",
    "payload": "case:payload",
    "retry_count": "attempt",
    "resolution": "resolution",
    "message": "message",
}


def event_log(events: int) -> Path:
    """The sample export repeated, its case ids renamed per copy, to `events` events."""
    path = OUT / f"cases-{events}.csv"
    if path.exists():
        return path
    import pandas as pd

    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    copies = -(-events // len(sample))
    parts = [sample.assign(**{CASE: sample[CASE] + f"-{n}"}) for n in range(copies)]
    OUT.mkdir(exist_ok=True)
    pd.concat(parts, ignore_index=True).head(events).to_csv(path, index=False)
    return path


def child(path: Path, parse: bool) -> dict[str, float]:
    """One run in this fresh process: the parse floor, or the cases end to end."""
    if parse:
        data = path.read_bytes()
        start = time.perf_counter()
        parse_with_pyarrow(data)
        return {"seconds": time.perf_counter() - start}
    from framework.analysis.pipeline import analyze_stream
    from framework.logs.streaming import open_log_stream
    from framework.spec.loader import load_spec

    spec = load_spec()
    baseline = max_rss_bytes()
    start = time.perf_counter()
    _, analysis, _ = analyze_stream(open_log_stream(str(path)), spec, column_choices=MAPPING)
    elapsed = time.perf_counter() - start
    assert analysis.events is not None
    return {
        "seconds": elapsed,
        "memory": max_rss_bytes() - baseline,
        "cases": analysis.summary.exceptions,
        "events": analysis.events,
    }


def run_child(path: Path, parse: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(path)] + (["--parse"] if parse else [])
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    found: dict[str, float] = json.loads(done.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--parse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.parse)))
        return
    path = event_log(args.events)
    parses, runs = [], []
    for _ in range(args.repeat):
        parses.append(run_child(path, parse=True)["seconds"])
        runs.append(run_child(path, parse=False))
    size = path.stat().st_size
    parse, cases = median(parses), median([run["seconds"] for run in runs])
    memory = median([run["memory"] for run in runs])
    print(
        f"{int(runs[0]['events']):,} events in {int(runs[0]['cases']):,} cases, {megabytes(size)}"
    )
    print(
        render(
            [
                ["parse", "cases end to end", "÷ parse", "peak memory", "÷ file"],
                [
                    seconds(parse),
                    seconds(cases),
                    f"{times(ratio(cases, parse))} {verdict(ratio(cases, parse), 5.0)}",
                    megabytes(memory),
                    f"{times(ratio(memory, size))} {verdict(ratio(memory, size), 3.0)}",
                ],
            ]
        )
    )


if __name__ == "__main__":
    main()
