"""Analysing a log: groups, summary, JSON round trip, overrides, tagged rows, daily counts.

Golden files: `tests/fixtures/golden/<sample>.json` hold `Analysis.to_dict()` of each sample
log (without the spec digest, which moves with any edit of questions.yaml). After an
intended change to the inference, the evidence wording or the samples, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_analysis.py

and review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from framework.analysis.overrides import OverrideError, with_overrides
from framework.analysis.pipeline import analyze
from framework.analysis.results import Analysis, AnalysisFormatError
from framework.analysis.rows import daily_by_tag, group_rows, tag_rows
from framework.columns.mapping import MappingError
from framework.engine import verdict_flips
from framework.spec.model import ADVICE_KEYS, Spec
from tests.support.sample_logs import SAMPLES, mapping, read_sample

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.fixture(scope="module")
def logs() -> dict[str, pd.DataFrame]:
    return {name: read_sample(name) for name in SAMPLES}


@pytest.fixture(scope="module")
def analyses(logs: dict[str, pd.DataFrame], spec: Spec) -> dict[str, Analysis]:
    return {name: analyze(frame, mapping(name), spec) for name, frame in logs.items()}


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document as JSON would give it back, without the spec digest."""
    copy: dict[str, Any] = json.loads(json.dumps(document))
    copy["spec"].pop("digest")
    return copy


@pytest.mark.parametrize("name", SAMPLES)
def test_analysis_matches_golden_file(analyses: dict[str, Analysis], name: str) -> None:
    """Each sample log analyses to exactly its golden summary (UPDATE_GOLDEN=1 rewrites)."""
    path = GOLDEN / f"{name}.json"
    found = comparable(analyses[name].to_dict())
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"{path} is missing: run UPDATE_GOLDEN=1 .venv/bin/pytest {__file__}"
    assert found == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SAMPLES)
def test_json_round_trip(analyses: dict[str, Analysis], spec: Spec, name: str) -> None:
    """to_dict() survives JSON and from_dict() gives back the same document, key order too."""
    document = analyses[name].to_dict()
    text = json.dumps(document)
    rebuilt = Analysis.from_dict(json.loads(text), spec)
    assert json.dumps(rebuilt.to_dict()) == text
    assert list(document) == [
        "format",
        "format_version",
        "spec",
        "group_by",
        "columns",
        "summary",
        "groups",
    ]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({}, "not a saved analysis"),
        ({"format": "something else"}, "not a saved analysis"),
        ({"format": "exception-triage/analysis", "format_version": 99}, "version 99"),
        ({"format": "exception-triage/analysis", "format_version": 1}, "damaged"),
        (
            {
                "format": "exception-triage/analysis",
                "format_version": 1,
                "group_by": "x",
                "columns": {},
                "groups": [{"group": "A"}],
            },
            "damaged",
        ),
    ],
)
def test_from_dict_rejects_other_documents(
    spec: Spec, document: dict[str, Any], problem: str
) -> None:
    """A document that is not a saved analysis gets a clear error, not a traceback."""
    with pytest.raises(AnalysisFormatError, match=problem):
        Analysis.from_dict(document, spec)


@pytest.mark.parametrize("name", SAMPLES)
def test_groups_by_recurrence_and_summary_adds_up(
    analyses: dict[str, Analysis], logs: dict[str, pd.DataFrame], name: str
) -> None:
    """Groups come most frequent first; the summary's counts and shares add up."""
    analysis = analyses[name]
    counts = [group.exceptions for group in analysis.groups]
    assert counts == sorted(counts, reverse=True)
    summary = analysis.summary
    assert summary.exceptions == len(logs[name]) == sum(summary.by_volume.values())
    assert summary.groups == len(analysis.groups) == sum(summary.by_groups.values())
    assert list(summary.by_groups) == list(ADVICE_KEYS)
    assert sum(summary.share_of_volume(tag) for tag in ADVICE_KEYS) == pytest.approx(1.0)


def test_override_rediagnoses_only_that_group(analyses: dict[str, Analysis]) -> None:
    """An override changes its group's verdict, keeps the inferred answer, reuses the rest."""
    analysis = analyses["exceptions_ops.csv"]
    first = analysis.groups[0]
    assert (first.group, first.verdict) == ("INV_SYNC_DRIFT", "integration")
    edited = with_overrides(analysis, {"INV_SYNC_DRIFT": {"payload_consistent": "no"}})
    group = edited.group("INV_SYNC_DRIFT")
    assert (group.verdict, group.both_present, group.tag) == ("process", True, "both")
    assert group.overrides == {"payload_consistent": "no"}
    assert group.inferred["payload_consistent"].value == "yes"
    assert group.to_dict()["answers"]["payload_consistent"] == "no"
    assert all(new is old for new, old in zip(edited.groups[1:], analysis.groups[1:], strict=True))
    assert edited.summary.by_groups["both"] == analysis.summary.by_groups["both"] + 1


def test_overrides_are_the_complete_set(analyses: dict[str, Analysis]) -> None:
    """Leaving a group out of the overrides, or restating the inferred value, clears it."""
    analysis = analyses["exceptions_ops.csv"]
    edited = with_overrides(analysis, {"INV_SYNC_DRIFT": {"retry_resolves": "no"}})
    assert with_overrides(edited, {}).to_dict() == analysis.to_dict()
    same = with_overrides(analysis, {"INV_SYNC_DRIFT": {"retry_resolves": "yes"}})
    assert same.group("INV_SYNC_DRIFT").overrides == {}


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"NO_SUCH_GROUP": {"root_cause": "missing_rule"}}, "unknown group 'NO_SUCH_GROUP'"),
        ({"INV_SYNC_DRIFT": {"no_such_question": "yes"}}, "unknown question 'no_such_question'"),
        ({"INV_SYNC_DRIFT": {"root_cause": "yes"}}, "root_cause: unknown answer 'yes'"),
    ],
)
def test_bad_overrides_are_refused(
    analyses: dict[str, Analysis], overrides: dict[str, dict[str, str]], problem: str
) -> None:
    """An override naming an unknown group, question or answer raises OverrideError."""
    with pytest.raises(OverrideError, match=problem):
        with_overrides(analyses["exceptions_ops.csv"], overrides)


@pytest.mark.parametrize("name", SAMPLES)
def test_tag_rows(
    analyses: dict[str, Analysis], logs: dict[str, pd.DataFrame], spec: Spec, name: str
) -> None:
    """Every row gets its group, verdict and both-present; the same after a JSON round trip."""
    analysis, frame = analyses[name], logs[name]
    sheet = tag_rows(frame, analysis)
    assert list(sheet.columns) == [*frame.columns, "group", "verdict", "both_present"]
    assert sheet["group"].value_counts().to_dict() == {
        g.group: g.exceptions for g in analysis.groups
    }
    first = analysis.groups[0]
    rows = sheet[sheet["group"] == first.group]
    assert set(rows["verdict"]) == {first.verdict}
    assert set(rows["both_present"]) == {first.both_present}
    rebuilt = Analysis.from_dict(analysis.to_dict(), spec)
    pd.testing.assert_frame_equal(tag_rows(frame, rebuilt), sheet)


def test_tag_columns_never_overwrite_the_log(spec: Spec) -> None:
    """A log that already has a 'verdict' column keeps it; the tag goes beside it."""
    frame = pd.DataFrame({"error_code": ["A", "A", "B"], "verdict": ["x", "y", "z"]}, dtype="str")
    sheet = tag_rows(frame, analyze(frame, {"error_code": "error_code"}, spec))
    assert list(sheet.columns) == [
        "error_code",
        "verdict",
        "group",
        "verdict (triage)",
        "both_present",
    ]
    assert sheet["verdict"].tolist() == ["x", "y", "z"]


def test_group_rows(analyses: dict[str, Analysis], logs: dict[str, pd.DataFrame]) -> None:
    """The sample rows of a group are that group's rows, as in the log."""
    frame = logs["helpdesk_export.csv"]
    rows = group_rows(frame, analyses["helpdesk_export.csv"], "RETURN_NO_RMA", limit=7)
    assert len(rows) == 7
    assert set(rows["Exception Code"]) == {"RETURN_NO_RMA"}
    assert list(rows.columns) == list(frame.columns)


def test_daily_counts_by_tag_follow_overrides(
    analyses: dict[str, Analysis], logs: dict[str, pd.DataFrame]
) -> None:
    """Occurrences per day and tag add up to the log, and move with an override."""
    analysis = analyses["exceptions_ops.csv"]
    daily = daily_by_tag(analysis)
    assert list(daily.columns) == ["day", "tag", "exceptions"]
    assert daily["exceptions"].sum() == len(logs["exceptions_ops.csv"])
    assert set(daily["tag"]) <= set(ADVICE_KEYS)
    edited = daily_by_tag(
        with_overrides(analysis, {"INV_SYNC_DRIFT": {"payload_consistent": "no"}})
    )
    moved = (
        edited[edited["tag"] == "both"]["exceptions"].sum()
        - daily[daily["tag"] == "both"]["exceptions"].sum()
    )
    assert moved == analysis.group("INV_SYNC_DRIFT").exceptions


def test_group_by_boundary(logs: dict[str, pd.DataFrame], spec: Spec) -> None:
    """Grouping by boundary groups by "source → target", also from one boundary column."""
    ops = analyze(
        logs["exceptions_ops.csv"], mapping("exceptions_ops.csv"), spec, group_by="boundary"
    )
    helpdesk = analyze(
        logs["helpdesk_export.csv"], mapping("helpdesk_export.csv"), spec, group_by="boundary"
    )
    assert ops.groups[0].group == "WMS → Shopify"
    assert "NetSuite → PIM" in {group.group for group in helpdesk.groups}


def test_log_without_timestamps(spec: Spec) -> None:
    """Without a timestamp column, days and dates are unknown and no daily counts exist."""
    frame = pd.DataFrame({"error_code": ["A"] * 3}, dtype="str")
    analysis = analyze(frame, {"error_code": "error_code", "timestamp": None}, spec)
    group = analysis.groups[0]
    assert (group.days_active, group.first_seen, group.daily) == (None, None, ())
    assert daily_by_tag(analysis).empty


@pytest.mark.parametrize(
    ("columns", "group_by", "problem"),
    [
        ({"error_code": "Code"}, "error_code", "no column named 'Code'"),
        ({"handler": "error_code"}, "error_code", "no column is mapped to 'error_code'"),
    ],
)
def test_mapping_errors(spec: Spec, columns: dict[str, str], group_by: str, problem: str) -> None:
    """A mapping naming an absent column, or no group-by column, is a clear error."""
    frame = pd.DataFrame({"error_code": ["A"]}, dtype="str")
    with pytest.raises(MappingError, match=problem):
        analyze(frame, columns, spec, group_by=group_by)


def test_blank_group_values_form_their_own_group(spec: Spec) -> None:
    """Rows without a group value are analysed together as "(blank)"."""
    frame = pd.DataFrame({"error_code": ["A", None, " ", "A"]}, dtype="str")
    analysis = analyze(frame, {"error_code": "error_code"}, spec)
    assert {g.group: g.exceptions for g in analysis.groups} == {"A": 2, "(blank)": 2}


def test_verdict_flips(spec: Spec) -> None:
    """Each answer on the other side turns a clean integration verdict into 'both'."""
    answers = {
        "payload_consistent": "yes",
        "varies_by_handler": "no",
        "retry_resolves": "yes",
        "recurs_after_handoff": "no",
        "root_cause": "schema_mismatch",
    }
    assert verdict_flips(spec, answers) == {
        "payload_consistent": {"no": "both"},
        "varies_by_handler": {"yes": "both"},
        "retry_resolves": {"no": "both"},
        "recurs_after_handoff": {"yes": "both"},
        "root_cause": {"missing_rule": "both"},
    }
