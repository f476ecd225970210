"""`python -m framework compare`: two logs, two saved analyses or one log split at a day, as
a table, JSON, Markdown or HTML; exit 2 with one line on stderr for anything it cannot do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framework.analysis.document import AnalysisDocument, SourceInfo
from framework.analysis.pipeline import analyze_table
from framework.cli.main import main
from framework.logs.reading import read_log_file
from framework.spec.model import Spec
from framework.store.config import sqlite_url
from framework.store.records import LogBlob, SavedRef
from framework.store.saved_analyses import open_store
from tests.support.sample_logs import DATA, TRUTH

BEFORE, AFTER = DATA / "period_before.csv", DATA / "period_after.csv"
READINGS = TRUTH["comparisons"]["period_before.csv → period_after.csv"]["readings"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def combined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("logs") / "queue.csv"
    after = AFTER.read_text(encoding="utf-8").split("\n", 1)[1]
    path.write_text(BEFORE.read_text(encoding="utf-8") + after, encoding="utf-8")
    return path


def save(spec: Spec, url: str, path: Path, *, with_log: bool = False) -> SavedRef:
    table = read_log_file(path)
    _, analysis = analyze_table(table, spec)
    source = SourceInfo(path.name, table.rows, table.describe(), "0" * 64)
    document = AnalysisDocument(analysis, path.stem, source)
    with open_store(url) as store:
        return store.create(
            document.to_dict(),
            title=path.stem,
            spec_version=spec.version,
            spec_digest=spec.digest,
            log=LogBlob(path.name, path.read_bytes()) if with_log else None,
        )


def test_two_logs_as_json_read_as_the_ground_truth(capsys: pytest.CaptureFixture[str]) -> None:
    """The sample periods compare with each group's reading as the ground truth says."""
    code, out, err = run(capsys, "compare", str(BEFORE), str(AFTER), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert {row["group"]: row["reading"] for row in data["groups"]} == READINGS
    assert data["per_week"] is True and data["markers"] == []


def test_table_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    """The plain table names the periods, the readings, each group and the new ones."""
    code, out, _ = run(capsys, "compare", str(BEFORE), str(AFTER), "--change", "Mappings fixed")
    assert code == 0
    assert out.startswith("Before: period_before.csv · 04 Mar 2024 – 14 Apr 2024 (42 days)")
    assert "Changed on 2024-04-15: Mappings fixed" in out
    line = next(text for text in out.splitlines() if text.startswith("PO_AMENDMENT_WMS_GAP"))
    assert "Now process" in line and "Integration → Both (process primary)" in line
    assert "Q2 no→yes" in line
    assert (
        "New groups: BOPIS_CANCEL_NOT_SYNCED (downstream of CHANNEL_ORDER_STATUS_MISMATCH), "
        "LABEL_CREDENTIALS_EXPIRED" in out
    )
    assert "Vanished groups: CUSTOMER_MERGE_CONFLICT" in out


def test_split_at_a_day_reads_the_same(capsys: pytest.CaptureFixture[str], combined: Path) -> None:
    """One log cut on the day of the change gives the same readings, and the marker."""
    code, out, _ = run(
        capsys,
        "compare",
        str(combined),
        "--split-at",
        "2024-04-15",
        "--change",
        "fix",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert {row["group"]: row["reading"] for row in data["groups"]} == READINGS
    assert data["markers"] == [{"day": "2024-04-15", "label": "fix"}]
    assert data["before"]["source"] == "queue.csv, before 2024-04-15"


@pytest.mark.parametrize(
    ("suffix", "start"), [(".html", "<!DOCTYPE html>"), (".md", "# Did the fix work?")]
)
def test_format_follows_the_output_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, start: str
) -> None:
    """--out report.html writes the printable page (both charts inline), .md the Markdown."""
    out = tmp_path / f"compare{suffix}"
    code, stdout, err = run(
        capsys,
        "compare",
        str(BEFORE),
        str(AFTER),
        "--marker",
        "2024-04-15=Mappings fixed",
        "--out",
        str(out),
    )
    assert (code, stdout, err) == (0, "", "")
    text = out.read_text(encoding="utf-8")
    assert text.startswith(start)
    assert "Mappings fixed" in text and "Changed shape" in text
    if suffix == ".html":
        assert text.count('<img src="data:image/svg+xml;base64,') == 2


def test_two_saved_analyses(spec: Spec, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """saved:ID sources are read from the app's database and compared the same way."""
    url = sqlite_url(tmp_path / "triage.db")
    first, second = save(spec, url, BEFORE), save(spec, url, AFTER)
    code, out, err = run(
        capsys,
        "compare",
        f"saved:{first.analysis_id}",
        f"saved:{second.analysis_id}@1",
        "--database",
        url,
        "--format",
        "json",
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert {row["group"]: row["reading"] for row in data["groups"]} == READINGS
    assert data["after"]["source"] == "period_after (saved, revision 1)"


def test_split_a_saved_analysis_with_its_log(
    spec: Spec, capsys: pytest.CaptureFixture[str], tmp_path: Path, combined: Path
) -> None:
    """A saved analysis whose log was stored can be split; one without says it cannot."""
    url = sqlite_url(tmp_path / "triage.db")
    kept = save(spec, url, combined, with_log=True)
    code, out, _ = run(
        capsys,
        "compare",
        f"saved:{kept.analysis_id}",
        "--split-at",
        "2024-04-15",
        "--database",
        url,
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["groups"][0]["reading"] == "cleared"
    bare = save(spec, url, combined)
    code, out, err = run(
        capsys,
        "compare",
        f"saved:{bare.analysis_id}",
        "--split-at",
        "2024-04-15",
        "--database",
        url,
    )
    assert (code, out) == (2, "")
    assert "was saved without its log, so it cannot be split" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", str(BEFORE)], "give two sources (BEFORE AFTER), or one with --split-at DATE"),
        (["compare", str(BEFORE), str(AFTER), "--split-at", "2024-04-15"], "give BEFORE only"),
        (["compare", str(BEFORE), "--split-at", "15/04/2024"], "give the day as YYYY-MM-DD"),
        (
            ["compare", str(BEFORE), "--split-at", "2023-01-01"],
            "no exception is dated before 2023-01-01",
        ),
        (["compare", str(BEFORE), str(AFTER), "--marker", "2024-04-15"], "write DATE=TEXT"),
        (["compare", str(BEFORE), "missing.csv"], "missing.csv"),
        (
            ["compare", str(BEFORE), str(AFTER), "--group-by", "handler"],
            "cannot group by 'handler'",
        ),
        (["compare", "saved:nope", str(AFTER)], "'nope' is not a saved-analysis id"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every usage or input problem is one line on stderr naming what to do; nothing on stdout."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_saved_source_never_creates_a_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Reading saved:ID from a SQLite file that does not exist is an error, not a new file."""
    path = tmp_path / "none.db"
    code, _, err = run(
        capsys, "compare", "saved:" + "A" * 22, str(AFTER), "--database", sqlite_url(path)
    )
    assert code == 2 and "no saved analyses at" in err
    assert not path.exists()
