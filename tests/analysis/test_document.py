"""A saved-analysis document round-trips through JSON and is re-read under the current spec."""

from __future__ import annotations

import json

import pytest

from framework.analysis.document import AnalysisDocument, CostSettings, SourceInfo
from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze
from framework.analysis.results import AnalysisFormatError
from framework.spec.model import Spec
from tests.support.sample_logs import mapping, read_sample


@pytest.fixture(scope="module")
def document(spec: Spec) -> AnalysisDocument:
    frame = read_sample("exceptions_ops.csv")
    analysis = analyze(frame, mapping("exceptions_ops.csv"), spec)
    first = analysis.groups[0].group
    edited = with_overrides(analysis, {first: {"root_cause": "missing_rule"}})
    return AnalysisDocument(
        edited,
        title="Week 12 queue",
        source=SourceInfo("exceptions_ops.csv", len(frame), "CSV", "ab" * 32),
        cost=CostSettings(12.5, {first: 40.0}),
    )


def test_round_trip_through_json(spec: Spec, document: AnalysisDocument) -> None:
    """to_dict → JSON → from_dict gives the same groups, overrides, title, source and cost."""
    data = json.loads(json.dumps(document.to_dict()))
    back = AnalysisDocument.from_dict(data, spec)
    assert back.to_dict() == document.to_dict()
    assert back.overrides == document.overrides != {}
    assert back.cost.minutes_for(document.analysis.groups[0].group) == 40.0
    assert back.cost.minutes_for("anything else") == 12.5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "something"}, "not a saved analysis document"),
        ({"format_version": 99}, "document format version 99"),
        ({"source": {"filename": "x"}}, "saved analysis is damaged"),
        ({"analysis": {"format": "nope"}}, "not a saved analysis"),
    ],
)
def test_damaged_documents_are_refused(
    spec: Spec, document: AnalysisDocument, change: dict[str, object], message: str
) -> None:
    """A document that is not ours, from another version, or damaged, raises AnalysisFormatError."""
    data = {**document.to_dict(), **change}
    with pytest.raises(AnalysisFormatError, match=message):
        AnalysisDocument.from_dict(data, spec)


def test_title_is_capped(spec: Spec, document: AnalysisDocument) -> None:
    """An overlong title from a stored document is cut to the limit, not refused."""
    data = {**document.to_dict(), "title": "x" * 500}
    assert len(AnalysisDocument.from_dict(data, spec).title) == 120


def test_frame_not_needed(spec: Spec, document: AnalysisDocument) -> None:
    """The document never holds log rows: it stays small whatever the log size."""
    size = len(json.dumps(document.to_dict()))
    assert size < 200_000
    assert "payload" not in json.dumps(document.to_dict()["analysis"]["groups"][0]["daily"])


@pytest.mark.parametrize("sheet", [None, "March", "Bob's queue · 2024"])
def test_source_sheet_round_trips(sheet: str | None) -> None:
    """The Excel sheet a log was read from is kept as it is, apostrophes and all."""
    source = SourceInfo(
        "q.xlsx", 3, f"3 rows × 2 columns · Excel, sheet '{sheet}'", "0" * 64, sheet
    )
    assert SourceInfo.from_dict(json.loads(json.dumps(source.to_dict()))) == source


@pytest.mark.parametrize(
    ("description", "sheet"),
    [
        ("3 rows × 2 columns · Excel, sheet 'Bob's queue'", "Bob's queue"),
        ("3 rows × 2 columns · CSV, comma-separated, UTF-8", None),
        ("1 row × 1 column · CSV, sheet 'x', UTF-8", None),
    ],
)
def test_sheet_of_a_source_saved_before_it_had_one(description: str, sheet: str | None) -> None:
    """A source saved without a 'sheet' key gets it back from an Excel description only."""
    data = {"filename": "q", "rows": 3, "description": description, "sha256": "0" * 64}
    assert SourceInfo.from_dict(data).sheet == sheet


def test_unknown_group_by_is_a_damaged_analysis(spec: Spec, document: AnalysisDocument) -> None:
    """A stored group-by that is not a log field is refused, not shown."""
    data = json.loads(json.dumps(document.to_dict()))
    data["analysis"]["group_by"] = "![x](http://evil.example/x.png)"
    with pytest.raises(AnalysisFormatError, match="unknown group-by field"):
        AnalysisDocument.from_dict(data, spec)
