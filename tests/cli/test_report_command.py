"""`python -m framework report`: a log, a saved analysis or one triage to a file; exit 2 with one
line on stderr for anything it cannot do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framework.analysis.document import AnalysisDocument, SourceInfo
from framework.analysis.pipeline import analyze_table
from framework.cli.main import main
from framework.logs.reading import read_log_file
from framework.report.blocks import markdown_escape
from framework.spec.model import Spec
from framework.store.config import sqlite_url
from framework.store.records import LogBlob, SavedRef
from framework.store.saved_analyses import open_store

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLE = DATA / "helpdesk_export.csv"
APPROXIMATE = "Counted from each group"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def saved(spec: Spec, url: str, *, with_log: bool, digest: str | None = None) -> SavedRef:
    """The sample log analysed, overridden once and saved (with its log or without)."""
    table = read_log_file(SAMPLE)
    _, result = analyze_table(table, spec)
    source = SourceInfo(SAMPLE.name, table.rows, table.describe(), "0" * 64)
    document = AnalysisDocument(result, "Helpdesk week", source)
    log = LogBlob(SAMPLE.name, SAMPLE.read_bytes()) if with_log else None
    return open_store(url).create(
        document.to_dict(),
        title=document.title,
        spec_version=spec.version,
        spec_digest=digest or spec.digest,
        log=log,
        author="Amira",
    )


def test_log_report_is_written_as_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A log path gives a self-contained HTML report named after the file, charts included."""
    out = tmp_path / "report.html"
    code, stdout, err = run(capsys, "report", str(SAMPLE), "--out", str(out))
    assert (code, stdout, err) == (0, "", "")
    page = out.read_text(encoding="utf-8")
    assert "<title>helpdesk_export.csv</title>" in page
    assert page.count('<img src="data:image/svg+xml;base64,') == 4
    assert "PIM_ATTRIBUTE_REVERTED" in page and APPROXIMATE not in page


@pytest.mark.parametrize(
    ("argv", "markdown"),
    [
        (["--out", "{tmp}/r.md"], True),
        (["--out", "{tmp}/r.txt", "--format", "md"], True),
        (["--out", "{tmp}/r.md", "--format", "html"], False),
    ],
    ids=["suffix", "format-flag", "flag-wins"],
)
def test_format_follows_the_suffix_unless_told(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], markdown: bool
) -> None:
    """.md means Markdown; --format overrides the suffix."""
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    assert run(capsys, "report", str(SAMPLE), "--title", "Desk", *argv)[0] == 0
    text = Path(argv[1]).read_text(encoding="utf-8")
    assert text.startswith("# Desk\n") is markdown
    assert text.startswith("<!DOCTYPE html>") is not markdown


def test_minutes_change_the_cost(capsys: pytest.CaptureFixture[str]) -> None:
    """--minutes sets the minutes per manual fix; twice the minutes, twice the hours."""
    totals = []
    for minutes in ("10", "20"):
        code, out, _ = run(capsys, "report", str(SAMPLE), "--minutes", minutes, "--format", "md")
        assert code == 0
        totals.append(float(re.search(r"\*\*Total\.\*\* ([\d.]+) hours", out).group(1)))  # type: ignore[union-attr]
    assert totals[1] == pytest.approx(2 * totals[0], abs=0.2)  # each total is rounded to 0.1 h


def test_saved_analysis_report_names_its_revision(
    spec: Spec, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--analysis reads the saved revision from the database; with its log the map is exact."""
    url = sqlite_url(tmp_path / "triage.db")
    ref = saved(spec, url, with_log=True)
    code, out, err = run(
        capsys, "report", f"--analysis={ref.analysis_id}", "--database", url, "--format", "md"
    )
    assert code == 0, err
    assert out.startswith("# Helpdesk week\n")
    assert f"- Saved analysis {markdown_escape(ref.analysis_id)}" in out
    assert "revision 1 of 1" in out and "by Amira" in out
    assert APPROXIMATE not in out and "Rules changed" not in out


def test_saved_without_log_and_under_other_rules(
    spec: Spec, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found through TRIAGE_DB_PATH; no log stored → approximate map; another spec → notice."""
    path = tmp_path / "other.db"
    ref = saved(spec, sqlite_url(path), with_log=False, digest="0123456789ab")
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    monkeypatch.setenv("TRIAGE_DB_PATH", str(path))
    code, out, err = run(capsys, "report", f"--analysis={ref.analysis_id}", "--format", "md")
    assert code == 0, err
    assert APPROXIMATE in out
    assert "**Rules changed.** Saved with questions.yaml" in out


def test_triage_report_from_answers(capsys: pytest.CaptureFixture[str]) -> None:
    """--answers gives the one-page summary of one triage, in HTML by default."""
    code, out, _ = run(capsys, "report", "--answers", "payload_consistent=no", "--label", "Refunds")
    assert code == 0
    assert "<title>Triage summary: Refunds</title>" in out
    assert "<strong>Verdict: Process problem.</strong>" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "one of the arguments path --analysis --answers is required"),
        (["x.csv", "--analysis", "abc"], "not allowed with argument"),
        (["--answers", "payload_consistent=maybe"], "unknown answer 'maybe'"),
        (["--answers", "nonsense"], "is not QUESTION=ANSWER"),
        (["data/none.csv"], "data/none.csv: the file cannot be opened"),
        ([str(SAMPLE), "--minutes", "-5"], "--minutes -5: give the minutes one manual fix takes"),
        ([str(SAMPLE), "--minutes", "inf"], "--minutes inf: give the minutes"),
        ([str(SAMPLE), "--minutes", "1e308"], "--minutes 1e+308: give the minutes"),
        ([str(SAMPLE), "--minutes", "1441"], "from 0 to 1,440 (a day)"),
        ([str(SAMPLE), "--group-by", "colour"], "colour"),
        (["--analysis", "bad id"], "--analysis bad id: 'bad id' is not a saved-analysis id"),
        (["--analysis", "A" * 22, "--database", "sqlite:///{tmp}/x.db"], "no saved analyses at"),
        ([str(SAMPLE), "--out", "{tmp}/missing/r.html"], "cannot write"),
    ],
    ids=[
        "no-source",
        "two-sources",
        "bad-answer",
        "not-an-answer",
        "missing-log",
        "negative-minutes",
        "infinite-minutes",
        "astronomical-minutes",
        "over-a-day",
        "bad-group-by",
        "bad-id",
        "unknown-id",
        "unwritable",
    ],
)
def test_bad_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    """Every failure is one line on stderr naming what is wrong, exit status 2."""
    code, out, err = run(capsys, "report", *[arg.format(tmp=tmp_path) for arg in argv])
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert message in err


def test_an_id_starting_with_a_dash_works_in_the_equals_form(
    spec: Spec, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids are url-safe and may start with '-': --analysis=ID reads it; the spaced form is a
    usage error that says how to write it."""
    monkeypatch.setattr("framework.store.saved_analyses.new_analysis_id", lambda: "-" + "a" * 21)
    url = sqlite_url(tmp_path / "triage.db")
    ref = saved(spec, url, with_log=False)
    assert ref.analysis_id.startswith("-")
    code, out, err = run(capsys, "report", f"--analysis={ref.analysis_id}", "--database", url)
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>")
    code, _, err = run(capsys, "report", "--analysis", ref.analysis_id, "--database", url)
    assert code == 2 and "--analysis: expected one argument" in err
    code, _, err = run(capsys, "report", "--analysis=" + "b" * 22, "--database", url)
    assert code == 2 and err.startswith("error: --analysis " + "b" * 22)


def test_a_missing_sqlite_file_is_an_error_and_is_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A report only reads: no database file appears as a side effect."""
    path = tmp_path / "nowhere.db"
    code, _, err = run(capsys, "report", "--analysis=" + "A" * 22, "--database", sqlite_url(path))
    assert code == 2 and f"no saved analyses at {path}" in err
    assert not path.exists()


def test_markdown_suffix_long_form(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """.markdown is Markdown too."""
    out = tmp_path / "r.markdown"
    assert run(capsys, "report", str(SAMPLE), "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# helpdesk_export.csv\n")


ID = "A" * 22


@pytest.mark.parametrize(
    ("revision", "problem"),
    [
        ("²", "'²' is not a revision number (revisions count from 1)."),
        ("١", "'١' is not a revision number"),
        ("", "'' is not a revision number"),
        ("+2", "'+2' is not a revision number"),
        ("0", "0 is not a revision number"),
        ("2147483648", "'2147483648' is not a revision number"),
        ("9" * 23, "'99999999999999999...' is not a revision number"),
        ("7" * 5000, "'77777777777777777...' is not a revision number"),
    ],
    ids=["superscript", "arabic-digit", "empty", "signed", "zero", "over-column", "23-digits", "5000-digits"],
)  # fmt: skip
def test_a_revision_that_is_not_a_number_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, revision: str, problem: str
) -> None:
    """--revision takes 1 to 9 plain digits; anything else (other digits, empty, signed, too
    long) is named, shortened if long, before any database is looked for: exit 2, one line."""
    url = sqlite_url(tmp_path / "nowhere.db")
    code, out, err = run(
        capsys, "report", f"--analysis={ID}", "--revision", revision, "--database", url
    )
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.startswith(f"error: --analysis {ID}: {problem}")
    assert not (tmp_path / "nowhere.db").exists()


def test_a_revision_the_analysis_never_reached(
    spec: Spec, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A plain number past the latest revision says the analysis has no such revision."""
    url = sqlite_url(tmp_path / "triage.db")
    ref = saved(spec, url, with_log=False)
    code, _, err = run(
        capsys,
        "report",
        f"--analysis={ref.analysis_id}",
        "--revision",
        "999999999",
        "--database",
        url,
    )
    assert code == 2
    assert (
        err
        == f"error: --analysis {ref.analysis_id}: Saved analysis {ref.analysis_id} has no revision 999999999.\n"
    )


def test_a_database_file_that_is_not_a_database_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--database pointing at a file that is not SQLite: what it is and what to do, one line."""
    path = tmp_path / "triage.db"
    path.write_text("order_id,code\n" * 100, encoding="utf-8")
    code, _, err = run(capsys, "report", f"--analysis={ID}", "--database", sqlite_url(path))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"error: --analysis {ID}: {path} is not an SQLite database")
