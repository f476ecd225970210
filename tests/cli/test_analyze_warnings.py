"""`python -m framework analyze` says which verdicts rest on a guess or on little data:
in the JSON as each group's `warnings` (only where there are some), in the table as a '!'
on the verdict with the warnings under it, and guessed columns marked on the columns line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framework.cli.main import main
from tests.support.sample_logs import DATA
from tests.support.warning_logs import FIRM, RARE, THIN, thin_log


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The command's standard output (it must succeed)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def guessed_log(tmp_path: Path) -> Path:
    """`thin_log` with its error code under the unknown header "col6"."""
    path = tmp_path / "thin.csv"
    path.write_bytes(thin_log("col6"))
    return path


def test_json_lists_warnings_on_the_groups_that_have_them(
    capsys: pytest.CaptureFixture[str], guessed_log: Path
) -> None:
    """Each determined group lists its warnings (kind, fields, questions); the undetermined
    group has no `warnings` key; the guessed column and its confidence are listed once."""
    data = json.loads(run(capsys, "analyze", str(guessed_log), "--format", "json"))
    groups = {group["group"]: group for group in data["groups"]}
    kinds = {name: [w["kind"] for w in group.get("warnings", [])] for name, group in groups.items()}
    assert kinds == {
        FIRM: ["guessed_key", "one_answer"],
        THIN: ["guessed_key", "one_answer", "small_group"],
        RARE: [],
    }
    assert "warnings" not in groups[RARE]
    assert groups[FIRM]["warnings"][0] == {
        "kind": "guessed_key",
        "fields": ["error_code"],
        "questions": [],
    }
    assert set(data["guessed_columns"]) == {"error_code"}
    assert 0 < data["guessed_columns"]["error_code"] < 0.7


def test_confirming_the_column_with_map_removes_the_guess(
    capsys: pytest.CaptureFixture[str], guessed_log: Path
) -> None:
    """`--map error_code=col6` makes the column the user's: no guessed-key warning stays."""
    out = run(capsys, "analyze", str(guessed_log), "--map", "error_code=col6", "--format", "json")
    data = json.loads(out)
    assert "guessed_columns" not in data
    kinds = {w["kind"] for group in data["groups"] for w in group.get("warnings", [])}
    assert kinds == {"one_answer", "small_group"}


def test_the_table_marks_warned_verdicts_and_explains_them_below(
    capsys: pytest.CaptureFixture[str], guessed_log: Path
) -> None:
    """A '!' follows each warned verdict, never an unwarned one; the warnings follow the
    table, one line each, naming the group; the guessed column is marked as a guess."""
    lines = run(capsys, "analyze", str(guessed_log)).splitlines()
    assert any(
        line.startswith("Columns: ") and "error_code ← col6 (guess, " in line for line in lines
    )
    rows = {
        line.split()[0]: line.split()
        for line in lines
        if line.split()[:1] in ([FIRM], [THIN], [RARE])
    }
    assert rows[FIRM][-2] == "integration!"
    assert rows[THIN][-2] == "integration!"
    assert rows[RARE][-2] == "undetermined"
    notes = lines[lines.index("! Verdicts that rest on a guess or on little data:") + 1 :]
    assert len(notes) == 5
    assert notes[-1] == (
        f"  {THIN}: The deciding answer (5. Root cause) rests on 8 occurrences; a firm verdict "
        "needs about 12"
    )


@pytest.mark.parametrize("name", ["exceptions_ops.csv", "helpdesk_export.csv"])
def test_a_log_without_warnings_has_no_marks(capsys: pytest.CaptureFixture[str], name: str) -> None:
    """A well-named sample log: no '!', no warnings section, no 'warnings' in the JSON."""
    table = run(capsys, "analyze", str(DATA / name))
    assert "!" not in table
    data = json.loads(run(capsys, "analyze", str(DATA / name), "--format", "json"))
    assert not any("warnings" in group for group in data["groups"])
