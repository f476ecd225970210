"""What would flip a verdict: each answer's distance from its threshold, in words, and the
single answer changes that change the group's tag, nearest first."""

from __future__ import annotations

import json

import pytest

from framework.analysis.flips import flip_report, metric_distance, points
from framework.analysis.results import GroupResult
from framework.inference.answers import Inferred
from framework.inference.wording import MISSING_COLUMN
from framework.spec.model import Spec
from tests.support.builders import group, measure

# An integration group measured from the log; retry is the answer closest to flipping it.
METRICS = {
    "payload_consistent": 0.83,
    "varies_by_handler": 0.10,
    "retry_resolves": 0.62,
    "recurs_after_handoff": 0.20,
    "root_cause": 0.90,
}
# Integration by the flowchart, process votes too: no single change alters its tag ("both").
STEADY = {
    "payload_consistent": "yes",
    "varies_by_handler": "no",
    "retry_resolves": "no",
    "recurs_after_handoff": "no",
    "root_cause": "missing_rule",
}


def measured_group(spec: Spec, metrics: dict[str, float], **kwargs: object) -> GroupResult:
    """A group whose answers the spec's thresholds read off `metrics` (40 rows each)."""
    answers = {qid: measure(spec, qid, value) for qid, value in metrics.items()}
    return group(spec, "G", 100, answers, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "metric", "value", "distance", "words"),
    [
        (
            "payload_consistent",
            0.83,
            "yes",
            0.03,
            "At 83%, 3 points above the “Yes” mark of 80%: a fall of more than that makes it “Not sure”.",
        ),
        (
            "varies_by_handler",
            0.10,
            "no",
            0.20,
            "At 10%, 20 points below the “No” mark of 30%: a rise of more than that makes it “Not sure”.",
        ),
        (
            "retry_resolves",
            0.50,
            "unsure",
            0.10,
            "At 50%, 10 points below the “Yes” mark of 60%: a rise of that much makes it “Yes”.",
        ),
        (
            "retry_resolves",
            0.35,
            "unsure",
            0.05,
            "At 35%, 5 points above the “No” mark of 30%: a fall of that much makes it “No”.",
        ),
        (
            "root_cause",
            0.65,
            "schema_mismatch",
            0.0,
            "At 65%, exactly on the “Schema mismatch” mark of 65%: any fall makes it “Not sure”.",
        ),
        (
            "recurs_after_handoff",
            0.596,
            "unsure",
            0.004,
            "At 59.6%, 0.4 points below the “Yes” mark of 60%",
        ),
    ],
)
def test_each_answer_says_how_far_it_is_from_its_threshold(
    spec: Spec, question: str, metric: float, value: str, distance: float, words: str
) -> None:
    """Each measured answer reports the threshold, the answer beyond it and the distance in points."""
    report = flip_report(spec, measured_group(spec, {question: metric}))
    (margin,) = report.margins
    assert (margin.question, margin.value) == (question, value)
    assert margin.distance == pytest.approx(distance)
    assert margin.explanation.startswith(words)


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (
            lambda spec: measure(spec, "payload_consistent", 0.9, rows=3),
            "Only 3 occurrences carry the data; at least 8 are needed.",
        ),
        (
            lambda spec: measure(spec, "payload_consistent", 0.9, rows=1),
            "Only 1 occurrence carries the data;",
        ),
        (
            lambda spec: Inferred(
                "retry_resolves",
                "unsure",
                "no retry column",
                None,
                0,
                spec.inference["retry_resolves"],
                MISSING_COLUMN,
                ("retry_outcome",),
            ),
            "The log has no Retry outcome column, so it cannot show this. Map a column",
        ),
    ],
)
def test_answers_the_metric_cannot_move_say_why(spec: Spec, item: object, words: str) -> None:
    """Too few rows or a missing column is explained, with no threshold distance."""
    inferred: Inferred = item(spec)  # type: ignore[operator]
    report = flip_report(spec, group(spec, "G", 5, {inferred.question: inferred}))
    (margin,) = report.margins
    assert margin.distance is None and margin.threshold is None
    assert margin.explanation.startswith(words)


@pytest.mark.parametrize(
    ("question", "to", "tag", "distance"),
    [
        ("payload_consistent", "no", "both", 0.33),
        ("varies_by_handler", "yes", "both", 0.35),
        ("retry_resolves", "no", "both", 0.32),
        ("recurs_after_handoff", "yes", "both", 0.40),
        ("root_cause", "missing_rule", "both", 0.55),
    ],
)
def test_single_changes_that_flip_the_tag(
    spec: Spec, question: str, to: str, tag: str, distance: float
) -> None:
    """Every answer change that changes the tag is listed, with how far the metric must move."""
    report = flip_report(spec, measured_group(spec, METRICS))
    change = next(c for c in report.changes if c.question == question and c.to_value == to)
    # pytest types approx() as Approx[float], so mypy cannot see it equal a float in a tuple
    assert (change.tag, change.metric_distance) == (tag, pytest.approx(distance))  # type: ignore[comparison-overlap]


def test_nearest_flip_is_the_smallest_metric_distance(spec: Spec) -> None:
    """The highlighted flip is the change the metric is closest to: retry falling 32 points."""
    report = flip_report(spec, measured_group(spec, METRICS))
    assert report.tag == "integration"
    assert report.nearest is not None
    assert (report.nearest.question, report.nearest.to_value) == ("retry_resolves", "no")
    assert report.summary == (
        "Nearest flip: If “Retry” were “No” instead of “Yes”, the group would be tagged "
        "“Both present”. Its metric would have to fall 32 points, from 62% to 30%."
    )


def test_changes_that_do_not_flip_are_left_out(spec: Spec) -> None:
    """Retry turning unsure keeps the integration tag, so it is not a flip."""
    report = flip_report(spec, measured_group(spec, METRICS))
    assert ("retry_resolves", "unsure") not in {(c.question, c.to_value) for c in report.changes}


def test_nothing_flips(spec: Spec) -> None:
    """When no single answer change alters the tag, there are no changes and no nearest flip."""
    report = flip_report(spec, group(spec, "G", 10, STEADY))
    assert (report.tag, report.changes, report.nearest) == ("both", (), None)
    assert report.summary == "No single answer change alters this group's tag."


def test_overridden_answers_flip_only_by_override(spec: Spec) -> None:
    """An overridden answer is marked; changing it again is a person's call, not the metric's."""
    item = measured_group(spec, METRICS, overrides={"retry_resolves": "no"})
    report = flip_report(spec, item)
    margin = next(m for m in report.margins if m.question == "retry_resolves")
    assert (margin.overridden, margin.value, margin.inferred) == (True, "no", "yes")
    assert margin.explanation.startswith("Set by hand to “No” (the log says “Yes”)")
    assert metric_distance(item, "retry_resolves", "yes") is None
    back = next(c for c in report.changes if c.question == "retry_resolves")
    assert back.metric_distance is None and back.explanation.endswith("it takes an override.")


def test_unsure_answers_flip_only_by_override(spec: Spec) -> None:
    """With every answer unsure for lack of rows, the summary says only an override changes it."""
    answers = {qid: measure(spec, qid, 0.99, rows=2) for qid in spec.question_ids}
    report = flip_report(spec, group(spec, "G", 2, answers))
    assert report.tag == "undetermined" and report.changes
    assert report.nearest is None
    assert report.summary.startswith("No measured answer can change the tag on its own")


@pytest.mark.parametrize(
    ("distance", "text"),
    [(0.03, "3 points"), (0.01, "1 point"), (0.004, "0.4 points"), (0.5, "50 points")],
)
def test_points(distance: float, text: str) -> None:
    """Distances read as percentage points, one decimal below one point."""
    assert points(distance) == text


def test_to_dict_is_json_ready(spec: Spec) -> None:
    """to_dict carries the group, tag, margins, changes, nearest and summary."""
    data = json.loads(json.dumps(flip_report(spec, measured_group(spec, METRICS)).to_dict()))
    assert set(data) == {"group", "tag", "margins", "changes", "nearest", "summary"}
    assert data["margins"][0] == {
        "question": "payload_consistent",
        "value": "yes",
        "inferred": "yes",
        "overridden": False,
        "metric": 0.83,
        "threshold": 0.8,
        "to": "unsure",
        "distance": 0.03,
        "explanation": "At 83%, 3 points above the “Yes” mark of 80%: a fall of more than that makes it “Not sure”.",
    }
    assert data["nearest"]["question"] == "retry_resolves"
    assert data["nearest"]["from"] == "yes" and data["nearest"]["to"] == "no"
