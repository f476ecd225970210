"""`python -m framework tag --analysis=ID`: JSON Lines in, each record tagged out, from a file or
a pipe one record at a time; a summary on stderr; exit 2 with one line for what it cannot do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from framework.analysis.document import AnalysisDocument
from framework.analysis.pipeline import analyze_table
from framework.cli.main import main
from framework.logs.reading import read_log_file
from framework.spec.model import Spec
from framework.store.config import sqlite_url
from framework.store.saved_analyses import open_store
from tests.support.sample_logs import DATA

ROOT = Path(__file__).resolve().parents[2]
EVENTS = DATA / "integration_events.jsonl"


@pytest.fixture(scope="module")
def saved(spec: Spec, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The JSON Lines sample analysed and saved: (database URL, analysis id)."""
    url = sqlite_url(tmp_path_factory.mktemp("db") / "triage.db")
    _, analysis = analyze_table(read_log_file(EVENTS), spec)
    with open_store(url) as store:
        ref = store.create(
            AnalysisDocument(analysis, "Events").to_dict(),
            title="Events",
            spec_version=spec.version,
            spec_digest=spec.digest,
        )
    return url, ref.analysis_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_file_in_file_out_with_a_summary(
    capsys: pytest.CaptureFixture[str], saved: tuple[str, str], tmp_path: Path
) -> None:
    """Every record is written back tagged, stamped with the analysis id and revision."""
    url, analysis_id = saved
    out = tmp_path / "tagged.jsonl"
    code, stdout, err = run(
        capsys,
        "tag",
        f"--analysis={analysis_id}",
        "--database",
        url,
        "--input",
        str(EVENTS),
        "--out",
        str(out),
    )
    assert (code, stdout) == (0, "")
    assert err == f"tagged 1,505 records with saved analysis {analysis_id} (revision 1)\n"
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1505
    first = records[0]["triage"]
    assert set(first) == {
        "group",
        "verdict",
        "primary_type",
        "both_present",
        "analysis",
        "revision",
    }
    assert (first["analysis"], first["revision"]) == (analysis_id, 1)


def test_unknown_groups_and_other_key_names(
    capsys: pytest.CaptureFixture[str], saved: tuple[str, str], tmp_path: Path
) -> None:
    """--map names the key holding the error code; a group it never saw is unknown-group."""
    url, analysis_id = saved
    source = tmp_path / "new.jsonl"
    source.write_text('{"code": "CUSTOMS_DOCS_HOLD"}\n{"code": "BRAND_NEW"}\n', encoding="utf-8")
    code, out, err = run(
        capsys,
        "tag",
        f"--analysis={analysis_id}",
        "--database",
        url,
        "--input",
        str(source),
        "--map",
        "error_code=code",
    )
    assert code == 0
    tags = [json.loads(line)["triage"] for line in out.splitlines()]
    assert [(t["group"], t["verdict"], t["primary_type"]) for t in tags] == [
        ("CUSTOMS_DOCS_HOLD", "both", "process"),
        ("BRAND_NEW", "unknown-group", None),
    ]
    assert "1 in a group it has not seen (unknown-group)" in err


def test_a_queue_consumer_gets_each_answer_before_sending_the_next(saved: tuple[str, str]) -> None:
    """Through a pipe, one record in, its tagged line out at once, the process still running."""
    url, analysis_id = saved
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "framework",
            "tag",
            f"--analysis={analysis_id}",
            "--database",
            url,
            "--quiet",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for code in ("CUSTOMS_DOCS_HOLD", "INV_SYNC_DRIFT"):
            process.stdin.write(json.dumps({"alert": code}).encode() + b"\n")
            process.stdin.flush()
            line = process.stdout.readline()
            assert json.loads(line)["triage"]["group"] == code
            assert process.poll() is None
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()


def test_a_bad_line_is_named_and_exits_2(
    capsys: pytest.CaptureFixture[str], saved: tuple[str, str], tmp_path: Path
) -> None:
    """The records before a bad line are written; the error names the file and line."""
    url, analysis_id = saved
    source = tmp_path / "new.jsonl"
    source.write_text('{"alert": "A"}\n{"alert": \n', encoding="utf-8")
    code, out, err = run(
        capsys, "tag", f"--analysis={analysis_id}", "--database", url, "--input", str(source)
    )
    assert code == 2 and out.count("\n") == 1
    assert (
        err.startswith("error: new.jsonl: line 2: not valid JSON")
        or "line 2: not valid JSON" in err
    )
    assert "--skip-invalid" in err and "Traceback" not in err
    code, out, err = run(
        capsys,
        "tag",
        f"--analysis={analysis_id}",
        "--database",
        url,
        "--input",
        str(source),
        "--skip-invalid",
    )
    assert code == 0 and out.count("\n") == 1
    assert "skipped 1 line(s) that were not JSON objects (the first: line 2)" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--analysis=nope"], "'nope' is not a saved-analysis id"),
        (["--analysis=" + "A" * 22], "No saved analysis has the id"),
        (["--input", "missing.jsonl"], "cannot read missing.jsonl"),
        (["--map", "nonsense"], "nonsense"),
    ],
)
def test_bad_arguments_are_one_line(
    capsys: pytest.CaptureFixture[str],
    saved: tuple[str, str],
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unknown id, a missing file or a bad --map is one line on stderr and exit 2."""
    url, analysis_id = saved
    monkeypatch.chdir(tmp_path)
    base = [f"--analysis={analysis_id}"] if not argv[0].startswith("--analysis") else []
    code, out, err = run(capsys, "tag", *base, *argv, "--database", url)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1
