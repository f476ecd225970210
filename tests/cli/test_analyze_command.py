"""`python -m framework analyze`: the documented JSON, the formats, and exit status 2 on bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from framework.cli.main import main
from framework.spec.model import FIELD_IDS

DATA = Path(__file__).resolve().parents[2] / "data"
LOGS = Path(__file__).parents[1] / "fixtures" / "logs"
SAMPLES = ("exceptions_ops.csv", "helpdesk_export.csv", "integration_events.jsonl")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", SAMPLES)
def test_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str], name: str) -> None:
    """columns: every field → column or null; groups: group, exceptions, answers, verdict, both_present, evidence."""
    code, out, err = run(capsys, "analyze", str(DATA / name), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data["columns"]) == list(FIELD_IDS)
    assert data["groups"], "a sample log has groups"
    for group in data["groups"]:
        assert isinstance(group["group"], str)
        assert isinstance(group["exceptions"], int) and group["exceptions"] > 0
        assert (
            set(group["answers"])
            == set(group["evidence"])
            == {
                "payload_consistent",
                "varies_by_handler",
                "retry_resolves",
                "recurs_after_handoff",
                "root_cause",
            }
        )
        assert group["verdict"] in ("integration", "process", "undetermined")
        assert isinstance(group["both_present"], bool)
    counts = [group["exceptions"] for group in data["groups"]]
    assert counts == sorted(counts, reverse=True)


def test_someone_elses_columns_map_without_help(capsys: pytest.CaptureFixture[str]) -> None:
    """The helpdesk export's own names (Exception Code, Assigned To, Retry Result) are recognised."""
    code, out, _ = run(capsys, "analyze", str(DATA / "helpdesk_export.csv"), "--format", "json")
    columns = json.loads(out)["columns"]
    assert code == 0
    assert columns["error_code"] == "Exception Code"
    assert columns["handler"] == "Assigned To"
    assert columns["retry_outcome"] == "Retry Result"


def test_log_without_retry_columns_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    """No retry columns: every group answers unsure for retry, and the evidence names the gap."""
    code, out, _ = run(
        capsys, "analyze", str(DATA / "integration_events.jsonl"), "--format", "json"
    )
    assert code == 0
    for group in json.loads(out)["groups"]:
        assert group["answers"]["retry_resolves"] == "unsure"
        assert "retry" in group["evidence"]["retry_resolves"].lower()


def test_map_and_group_by(capsys: pytest.CaptureFixture[str]) -> None:
    """--map overrides a column and --group-by changes the groups (here: one per boundary)."""
    code, out, _ = run(
        capsys,
        "analyze",
        str(DATA / "exceptions_ops.csv"),
        "--map",
        "handler=",
        "--group-by",
        "boundary",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["columns"]["handler"] is None
    assert data["group_by"] == "boundary"
    assert all(" → " in group["group"] for group in data["groups"])
    assert {g["answers"]["varies_by_handler"] for g in data["groups"]} == {"unsure"}


def test_table_format(capsys: pytest.CaptureFixture[str]) -> None:
    """The default table names the log, the mapping and one line per group."""
    code, out, _ = run(capsys, "analyze", str(DATA / "exceptions_ops.csv"))
    assert code == 0
    assert out.startswith("Log: ")
    assert "Columns: " in out and "GROUP" in out and "VERDICT" in out
    assert "INV_SYNC_DRIFT" in out


def test_csv_format_and_out_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--format csv --out writes the group summary to a file and nothing to stdout."""
    target = tmp_path / "groups.csv"
    code, out, _ = run(
        capsys, "analyze", str(DATA / "exceptions_ops.csv"), "--format", "csv", "--out", str(target)
    )
    assert code == 0 and out == ""
    table = pd.read_csv(target, encoding="utf-8-sig")
    assert {"group", "exceptions", "verdict", "both_present", "root_cause_evidence"} <= set(table)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tagged_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    """--tagged writes every input row with its group, verdict and both-present."""
    target = tmp_path / f"tagged{suffix}"
    code, _, _ = run(capsys, "analyze", str(DATA / "helpdesk_export.csv"), "--tagged", str(target))
    assert code == 0
    data = target.read_bytes()
    frame = (
        pd.read_excel(io.BytesIO(data))
        if suffix == ".xlsx"
        else pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    )
    assert len(frame) == 1015
    assert list(frame.columns[-3:]) == ["group", "verdict", "both_present"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze", "missing.csv"], "missing.csv: the file cannot be opened"),
        (["analyze", str(LOGS / "ragged.csv")], "ragged.csv, line 4"),
        (["analyze", str(LOGS / "report.pdf")], "not a supported log type"),
        (
            ["analyze", str(DATA / "exceptions_ops.csv"), "--map", "colour=x"],
            "unknown field 'colour'",
        ),
        (["analyze", str(DATA / "exceptions_ops.csv"), "--map", "handler=Nope"], "Nope"),
        (
            ["analyze", str(DATA / "exceptions_ops.csv"), "--group-by", "handler"],
            "cannot group by 'handler'",
        ),
        (
            [
                "analyze",
                str(DATA / "exceptions_ops.csv"),
                "--map",
                "error_code=",
                "--group-by",
                "error_code",
            ],
            "no column is mapped to 'error_code'",
        ),
        (
            ["analyze", str(DATA / "exceptions_ops.csv"), "--tagged", "out.txt"],
            "use a .csv or .xlsx",
        ),
        (["analyze", str(DATA / "exceptions_ops.csv"), "--format", "yaml"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Unreadable logs, bad mappings and bad options: exit 2, one line on stderr naming the problem."""
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


SYSTEM_LOG = DATA / "system_log.jsonl"
SYSTEM_MAP: tuple[str, ...]
SYSTEM_MAP = ("--map", "timestamp=ts", "--map", "message=msg", "--map", "error_code=")
SYSTEM_MAP += ("--map", "case_id=", "--group-by", "message_template")


def test_where_keeps_the_rows_it_names_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """--where level=WARN,ERROR analyses the WARN and ERROR lines only: the table says what
    it kept of what it read, the JSON carries the filter, its rule and the rows read."""
    where = ("--where", "level=WARN,ERROR")
    code, out, _ = run(capsys, "analyze", str(SYSTEM_LOG), *SYSTEM_MAP, *where)
    assert code == 0
    assert "Rows: level is WARN or ERROR (1,654 kept of 7,339 read)" in out.splitlines()
    assert "1,654 exceptions in 14 groups (by message_template)" in out
    code, out, _ = run(capsys, "analyze", str(SYSTEM_LOG), *SYSTEM_MAP, *where, "--format", "json")
    data = json.loads(out)
    assert (data["filter"], data["rows_read"]) == ("level is WARN or ERROR", 7339)
    assert data["filter_rule"] == {"where": ["level=WARN,ERROR"]}
    assert data["summary"]["exceptions"] == 1654


def test_the_tagged_sheet_holds_the_rows_analysed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With a filter, the tagged CSV has the kept rows only, each with its group."""
    out = tmp_path / "tagged.csv"
    where = ("--where", "level=ERROR", "--tagged", str(out))
    assert run(capsys, "analyze", str(SYSTEM_LOG), *SYSTEM_MAP, *where)[0] == 0
    tagged = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert set(tagged["level"]) == {"ERROR"}
    assert tagged["group"].str.len().min() > 0


def test_an_event_log_says_events_in_cases(capsys: pytest.CaptureFixture[str]) -> None:
    """An event log's table counts cases and says how many events they came from; --since
    keeps the events from that day on."""
    mapping: tuple[str, ...] = ("--map", "case_id=number", "--map", "activity=incident_state")
    mapping += ("--map", "timestamp=sys_updated_at", "--map", "error_code=category")
    code, out, _ = run(capsys, "analyze", str(DATA / "incident_events.csv"), *mapping)
    assert code == 0 and "Event log: 5,674 events in 664 cases" in out
    assert "664 cases in " in out
    code, out, _ = run(
        capsys, "analyze", str(DATA / "incident_events.csv"), *mapping, "--since", "2024-05-01"
    )
    assert code == 0 and "Rows: from 2024-05-01 (" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--where", "level"), "'level' is not a filter: write COLUMN=VALUE"),
        (("--where", "lvl=WARN"), "the filter names the column 'lvl'"),
        (("--since", "yesterday"), "--since yesterday: give a day as YYYY-MM-DD"),
        (("--map", "timestamp=", "--until", "2024-04-01"), "a date range needs a timestamp"),
    ],
    ids=["unreadable", "unknown-column", "not-a-day", "no-timestamp"],
)
def test_a_filter_it_cannot_use_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...], message: str
) -> None:
    """A filter that cannot be applied stops with exit 2 and one line saying why."""
    code, out, err = run(capsys, "analyze", str(SYSTEM_LOG), *SYSTEM_MAP, *options)
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert message in err
