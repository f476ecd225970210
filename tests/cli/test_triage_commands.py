"""`python -m framework` is a second shell over the engine, with stable exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from framework.cli.main import main
from framework.engine import diagnose
from framework.spec.loader import load_spec
from framework.spec.model import Spec

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "specs"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` on the shipped spec exits 0 and says so."""
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert out.startswith("ok: ") and "5 questions" in out


def test_validate_broken_lists_problems(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate PATH` on a broken file prints each problem and exits 1."""
    code, _, err = run(capsys, "validate", str(FIXTURES / "not_yaml.yaml"))
    assert code == 1
    assert "1 problem(s)" in err and "not_yaml.yaml:5" in err


def test_diagnose_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON diagnosis carries the documented keys."""
    code, out, _ = run(
        capsys,
        "diagnose",
        "payload_consistent=yes",
        "varies_by_handler=no",
        "retry_resolves=yes",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert {"verdict", "both_present", "path", "deciding_question", "votes", "advice"} <= set(data)
    assert data["verdict"] == "integration"
    assert data["path"] == ["payload_consistent", "varies_by_handler", "retry_resolves"]
    assert data["deciding_question"] == "retry_resolves"
    assert data["votes"] == {"integration": 3, "process": 0}
    assert data["both_present"] is False
    assert data["advice"]["key"] == "integration"


def test_diagnose_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The text format names the verdict, the deciding question, the tally and the advice."""
    code, out, _ = run(capsys, "diagnose", "payload_consistent=yes", "varies_by_handler=yes")
    assert code == 0
    assert "Verdict: Process problem" in out
    assert "Decided by: Who handles it (varies_by_handler)" in out
    assert "Tally: integration 1 · process 1" in out
    assert "Both present" in out
    assert load_spec().advice["both"].title in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diagnose", "colour=blue"], "unknown question 'colour'"),
        (["diagnose", "payload_consistent=maybe"], "unknown answer 'maybe'"),
        (["diagnose", "payload_consistent"], "is not QUESTION=ANSWER"),
        (["diagnose", "root_cause=unsure", "root_cause=unsure"], "answered twice"),
        (["diagnose", "--format", "xml"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Bad ids, values or arguments: exit 2 and a single line on stderr."""
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


REPRESENTATIVE = [
    {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"},
    {"payload_consistent": "no"},
    {"payload_consistent": "yes", "varies_by_handler": "yes"},
    {
        "payload_consistent": "unsure",
        "varies_by_handler": "unsure",
        "retry_resolves": "unsure",
        "recurs_after_handoff": "unsure",
        "root_cause": "unsure",
    },
    {
        "payload_consistent": "yes",
        "varies_by_handler": "no",
        "retry_resolves": "no",
        "recurs_after_handoff": "no",
        "root_cause": "missing_rule",
    },
    {},
]


@pytest.mark.parametrize(
    "answers",
    REPRESENTATIVE,
    ids=["integration", "process", "both-present", "all-unsure", "decided-last", "no-answers"],
)
def test_cli_json_is_the_engine_diagnosis(
    spec: Spec, capsys: pytest.CaptureFixture[str], answers: dict[str, str]
) -> None:
    """The CLI's JSON is the engine's diagnosis, for representative answer sets (the engine
    itself is checked on all 243 combinations in tests/test_engine.py)."""
    argv = ["diagnose", *(f"{k}={v}" for k, v in answers.items()), "--format", "json"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert json.loads(out) == diagnose(spec, answers).to_dict()


def test_module_entry_point() -> None:
    """`python -m framework` runs as a real process from the project root."""
    result = subprocess.run(
        [sys.executable, "-m", "framework", "diagnose", "payload_consistent=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Verdict: Process problem" in result.stdout
