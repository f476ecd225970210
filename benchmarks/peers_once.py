"""Run one side of `bench_peers.py` once in this (fresh) process; print its time and memory.

    .venv/bin/python benchmarks/peers_once.py project LOG     # the real CLI, in this process
    .venv/bin/python benchmarks/peers_once.py duckdb LOG [--figures OUT.csv]
    .venv/bin/python benchmarks/peers_once.py polars LOG [--figures OUT.csv]
    .venv/bin/python benchmarks/peers_once.py figures LOG --figures OUT.csv   # project's, untimed

`project` runs `python -m framework analyze LOG --map FIELD=COLUMN … --format json
--out /dev/null` through the CLI's own `main`, so that the imports can be done (and the
resident memory read) before the clock starts: what is timed is what the command does
once Python and the libraries are loaded. `duckdb` and `polars` compute the per-group figures
of `benchmarks/peers.py`; with `--figures` they write them (after the clock stopped).
`figures` writes the project's figures, from its count tables (`peers.project_figures`).

The JSON printed last: `seconds`, `baseline_bytes` (VmHWM after the imports) and
`peak_bytes` (VmHWM at the end); their difference is what the run needed, as in
`analyze_once.py`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.analyze_once import max_rss_bytes
from benchmarks.peers import figures_of, map_options

SIDES = ("project", "duckdb", "polars", "figures")


def run_project(path: Path) -> None:
    """The CLI's analyze command, as `python -m framework analyze` runs it."""
    from framework.cli.main import main

    argv = ["analyze", str(path), *map_options(), "--format", "json", "--out", "/dev/null"]
    code = main(argv)
    if code:
        raise SystemExit(f"the CLI failed with exit code {code}")


def preload(side: str) -> None:
    """Import what the side will use, so that the baseline is taken after the imports."""
    if side == "project":
        import framework.analysis.exports
        import framework.analysis.pipeline
        import framework.cli.analyze_command
        import framework.cli.main
        import framework.logs.streaming
        import framework.spec.loader  # noqa: F401
    elif side == "duckdb":
        import duckdb  # noqa: F401
    elif side == "polars":
        import polars  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if (
        len(args) not in (2, 4)
        or args[0] not in SIDES
        or (len(args) == 4 and args[2] != "--figures")
    ):
        print(__doc__, file=sys.stderr)
        return 2
    side, path = args[0], Path(args[1])
    out = Path(args[3]) if len(args) == 4 else None
    preload(side)
    if side in ("duckdb", "polars"):
        from benchmarks.peers import words

        words()  # the word lists from questions.yaml, read before the clock starts
    baseline = max_rss_bytes()
    start = time.perf_counter()
    figures = None
    if side == "project":
        run_project(path)
    else:
        figures = figures_of("project" if side == "figures" else side, path)
    elapsed = time.perf_counter() - start
    peak = max_rss_bytes()
    if out is not None and figures is not None:
        figures.to_csv(out, index=False)
    result = {"seconds": elapsed, "baseline_bytes": baseline, "peak_bytes": peak}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
