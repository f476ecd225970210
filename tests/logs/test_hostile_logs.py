"""The hostile corpus (tests/support/hostile_logs.py): every file, in every format, is refused
with a message naming it, the place when known, and what to do; the CLI says it in one line
and exits 2. Nothing else escapes: no traceback, no Python class name."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from framework.cli.main import main
from framework.logs.reading import read_log_file
from framework.logs.table import LogError
from tests.support.hostile_logs import CORPUS, Hostile

ROOT = Path(__file__).resolve().parents[2]
FORMATS = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".xlsx", ".parquet"}
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+(?:Error|Exception)\b")


def test_the_corpus_is_large_and_covers_every_format() -> None:
    """At least 60 hostile files, spread over CSV/TSV, JSON, JSON Lines, Excel and Parquet."""
    suffixes = [Path(case.name).suffix for case in CORPUS]
    assert len(CORPUS) >= 60
    assert len({case.name for case in CORPUS}) == len(CORPUS)
    for suffix, at_least in ((".csv", 15), (".json", 10), (".jsonl", 8), (".xlsx", 12)):
        assert suffixes.count(suffix) >= at_least, suffix
    assert suffixes.count(".parquet") >= 4 and ".tsv" in suffixes
    assert set(suffixes) <= FORMATS


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_every_hostile_file_is_refused_with_a_clear_message(
    case: Hostile, hostile_logs: dict[str, Path]
) -> None:
    """read_log_file raises LogError (nothing else) naming the file, the problem and the fix,
    on one line and without a Python class name."""
    with pytest.raises(LogError) as caught:
        read_log_file(hostile_logs[case.name])
    message = str(caught.value)
    assert message.startswith(case.name)
    for words in case.words:
        assert words in message
    assert "\n" not in message and not CLASS_NAME.search(message)
    assert caught.value.advice


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_the_cli_exits_2_with_one_line(
    case: Hostile, hostile_logs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m framework analyze FILE` prints one error line and exits 2 (1 is a broken
    questions.yaml; an uncaught traceback would also be 1)."""
    code = main(["analyze", str(hostile_logs[case.name])])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {case.name}") and err.count("\n") == 1
    assert case.words[0] in err


@pytest.mark.parametrize("name", ["wide.csv", "zip_bomb.xlsx", "deep_line.jsonl"])
def test_a_real_process_exits_2_too(name: str, hostile_logs: dict[str, Path]) -> None:
    """In a process of its own (where a crash in pyarrow would kill it), the CLI still exits 2
    with one line."""
    result = subprocess.run(
        [sys.executable, "-m", "framework", "analyze", str(hostile_logs[name])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stdout == "" and result.stderr.count("\n") == 1
