"""`--help` and `validate` start at once: they import none of the heavy libraries, which
load only when a command needs them (checked with `python -X importtime`, not a timer)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "exceptions_ops.csv"
HEAVY = (
    "pandas",
    "pyarrow",
    "numpy",
    "altair",
    "sqlalchemy",
    "openpyxl",
    "vl_convert",
    "jinja2",
    "charset_normalizer",
)


def imported(*args: str) -> set[str]:
    """The top-level packages `python -m framework ARGS` imports (from -X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "framework", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize(
    "args",
    [("--help",), ("validate",), ("analyze", "--help"), ("report", "--help"), ("diagnose",)],
)
def test_quick_commands_import_nothing_heavy(args: tuple[str, ...]) -> None:
    """Help, validation and a diagnosis load no data, chart, database or spreadsheet library."""
    loaded = imported(*args)
    assert "framework" in loaded  # the scan really read the import log
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_a_command_reading_a_log_takes_arrow_memory_from_jemalloc(tmp_path: Path) -> None:
    """`analyze` makes jemalloc Arrow's memory pool before it reads (it gives freed memory
    back sooner than pyarrow's default) and has its threads share the C library's one heap
    (the limit is set: asking for it again says so); the quick commands above never load
    pyarrow."""
    script = (
        "import sys; from framework.cli.main import main; "
        "from framework.columnar import arrow_memory; calls = []; "
        "arrow_memory.one_heap = lambda: calls.append(1) or True; "
        f"code = main(['analyze', {str(ROOT / 'data' / SAMPLE)!r}, '--out', {str(tmp_path / 'out.md')!r}]); "
        "import pyarrow; print(code, pyarrow.default_memory_pool().backend_name, len(calls))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ARROW_DEFAULT_MEMORY_POOL", "MALLOC_ARENA_MAX")
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.stdout.split() == ["0", "jemalloc", "1"], done.stderr[-2000:]
