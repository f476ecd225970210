"""Run `python -m framework tag` once in this (fresh) process; print its time and memory as JSON.

    .venv/bin/python benchmarks/tag_once.py DATABASE_URL ANALYSIS_ID RECORDS.jsonl

`bench_tag.py` runs this as a child process so the figures are the command's alone: the
high-water mark of resident memory (`VmHWM`, see analyze_once.py) after the imports
(`baseline_bytes`) and at the end (`peak_bytes`), and the wall time of the command itself
(reading the saved analysis, then streaming every record to /dev/null).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.analyze_once import max_rss_bytes
from framework.analysis import intake  # noqa: F401  (imported before the baseline)
from framework.cli.main import main as cli
from framework.store import opening, saved_analyses  # noqa: F401


def main() -> None:
    url, analysis_id, records = sys.argv[1:4]
    baseline = max_rss_bytes()
    start = time.perf_counter()
    code = cli(
        [
            "tag",
            f"--analysis={analysis_id}",
            "--database",
            url,
            "--input",
            records,
            "--out",
            os.devnull,
            "--quiet",
        ]
    )
    took = time.perf_counter() - start
    print(
        json.dumps(
            {
                "code": code,
                "seconds": took,
                "baseline_bytes": baseline,
                "peak_bytes": max_rss_bytes(),
            }
        )
    )


if __name__ == "__main__":
    main()
