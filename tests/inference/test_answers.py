"""Saved answers are re-read when questions.yaml's thresholds change (issue 4, spec version)."""

from __future__ import annotations

from typing import Any

import pytest

from framework.analysis.pipeline import analyze
from framework.analysis.results import Analysis
from framework.spec.loader import parse_spec
from framework.spec.model import Spec
from tests.support.sample_logs import mapping, read_sample


@pytest.fixture(scope="module")
def saved(spec: Spec) -> dict[str, Any]:
    name = "exceptions_ops.csv"
    return analyze(read_sample(name), mapping(name), spec).to_dict()


def _spec_with(spec_text: str, old: str, new: str) -> Spec:
    assert spec_text.count(old) == 1
    return parse_spec(spec_text.replace(old, new).encode())


def test_same_thresholds_change_nothing(spec: Spec, saved: dict[str, Any]) -> None:
    """Under the spec it was saved with, a document reads back exactly as saved."""
    assert Analysis.from_dict(saved, spec).to_dict() == saved


def test_raised_threshold_turns_yes_into_unsure(spec_text: str, saved: dict[str, Any]) -> None:
    """A retry share of 84% was a yes at 60%; with the yes mark at 90% it reads unsure."""
    newer = _spec_with(
        spec_text,
        '    high_at: 0.6\n    low_answer: "no"\n    low_at: 0.3\n  recurs',
        '    high_at: 0.9\n    low_answer: "no"\n    low_at: 0.3\n  recurs',
    )
    group = Analysis.from_dict(saved, newer).group("INV_SYNC_DRIFT")
    retry = group.inferred["retry_resolves"]
    assert retry.value == "unsure"
    assert retry.reason == "between_thresholds"
    assert "between the 30% and 90% marks" in retry.evidence
    assert retry.evidence.endswith("(re-read under the current thresholds)")
    assert retry.evidence.count("marks") == 1


def test_lower_minimum_decides_a_small_group(spec_text: str, saved: dict[str, Any]) -> None:
    """A group too small under min_rows 8 is measured when the minimum drops to 3."""
    before = next(g for g in saved["groups"] if g["group"] == "CUSTOMS_DOCS_HOLD")
    assert before["inferred"]["payload_consistent"]["reason"] == "too_few_rows"
    newer = _spec_with(
        spec_text,
        '    min_rows: 8\n    high_answer: "yes"\n    high_at: 0.8',
        '    min_rows: 3\n    high_answer: "yes"\n    high_at: 0.8',
    )
    item = (
        Analysis.from_dict(saved, newer).group("CUSTOMS_DOCS_HOLD").inferred["payload_consistent"]
    )
    assert item.value != "unsure" or item.reason == "between_thresholds"
    assert "too few to say" not in item.evidence
    assert item.evidence.endswith("(re-read under the current thresholds)")


def test_missing_columns_stay_unsure(spec_text: str) -> None:
    """An answer unsure for lack of a column is not re-read: there is no metric to read."""
    name = "integration_events.jsonl"
    spec = parse_spec(spec_text.encode())
    saved = analyze(read_sample(name), mapping(name), spec).to_dict()
    newer = _spec_with(
        spec_text,
        '    high_at: 0.6\n    low_answer: "no"\n    low_at: 0.3\n  recurs',
        '    high_at: 0.5\n    low_answer: "no"\n    low_at: 0.3\n  recurs',
    )
    for group in Analysis.from_dict(saved, newer).groups:
        assert group.inferred["retry_resolves"].reason == "missing_column"
        assert "re-read" not in group.inferred["retry_resolves"].evidence


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            '    high_at: 0.6\n    low_answer: "no"\n    low_at: 0.3\n  recurs',
            '    high_at: 0.9\n    low_answer: "no"\n    low_at: 0.3\n  recurs',
        ),
        (
            '    min_rows: 8\n    high_answer: "yes"\n    high_at: 0.8',
            '    min_rows: 3\n    high_answer: "yes"\n    high_at: 0.8',
        ),
    ],
)
def test_rereading_keeps_the_observation_and_never_stacks(
    spec: Spec, spec_text: str, saved: dict[str, Any], old: str, new: str
) -> None:
    """Re-reading decides again from the stored numbers: what the data showed is kept word
    for word, and saving and re-reading once more adds no second clause or note."""
    newer = _spec_with(spec_text, old, new)
    original = Analysis.from_dict(saved, spec)
    once = Analysis.from_dict(saved, newer)
    twice = Analysis.from_dict(once.to_dict(), newer)
    for first, again, kept in zip(once.groups, twice.groups, original.groups, strict=True):
        for qid, item in first.inferred.items():
            assert item.observation == kept.inferred[qid].observation
            assert again.inferred[qid].evidence == item.evidence
            assert item.evidence.count("(re-read") <= 1
