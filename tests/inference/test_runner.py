"""Each question is read off tiny hand-made logs: every threshold edge, small samples, gaps.

The rules here are test rules (round thresholds, small `min_rows`), so the cases do not move
when `questions.yaml` is tuned; the mechanism is the same.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from framework.columns.boundaries import boundary_series
from framework.inference import values as inference_values
from framework.inference.answers import Flip, Inferred, decide
from framework.inference.features import extract
from framework.inference.runner import infer
from framework.inference.tallies import tally
from framework.inference.wording import (
    BETWEEN_THRESHOLDS,
    MISSING_COLUMN,
    NOT_RECURRING,
    TOO_FEW_ROWS,
    pct,
)
from framework.spec.model import InferenceRule, Spec

METRIC_OF = {
    "payload_consistent": "payload_consistency",
    "varies_by_handler": "handler_dependence",
    "retry_resolves": "retry_success",
    "recurs_after_handoff": "fired_after_delivery",
    "root_cause": "schema_share",
}


def rule(question: str, high: str, low: str, **params: float) -> InferenceRule:
    metric = METRIC_OF[question]
    return InferenceRule(question, metric, "a test share", 4, high, 0.75, low, 0.5, params)


RULES = {
    "payload_consistent": rule("payload_consistent", "yes", "no", half_high_at=0.95),
    "varies_by_handler": replace(
        rule("varies_by_handler", "yes", "no", min_handlers=2, min_rows_per_handler=2),
        high_at=0.5,
        low_at=0.2,
        min_rows=6,
    ),
    "retry_resolves": replace(rule("retry_resolves", "yes", "no"), low_at=0.25),
    "recurs_after_handoff": replace(
        rule("recurs_after_handoff", "yes", "no", min_days_active=3), low_at=0.25
    ),
    "root_cause": replace(rule("root_cause", "schema_mismatch", "missing_rule"), low_at=0.25),
}


@pytest.fixture(scope="module")
def test_spec(spec: Spec) -> Spec:
    return replace(spec, inference=RULES)


def read(spec: Spec, question: str, **columns: list[Any]) -> Inferred:
    """Infer one question for a one-group log made of these columns (field id = name)."""
    rows = len(next(iter(columns.values())))
    data = {"error_code": ["E1"] * rows, **columns}
    frame = pd.DataFrame(data).astype("str").replace({"None": None})
    mapping = {name: name for name in data}
    answers, _ = infer(tally([extract(frame, mapping, spec, "error_code")]), spec)
    return answers[0][question]


def days(*per_day: int) -> list[str]:
    return [f"2024-05-{day + 1:02d}T10:00:00" for day, n in enumerate(per_day) for _ in range(n)]


S, T = '{"a": 1}', "<x/>"  # two payload shapes
AB, CD = "ERP", "WMS"


@pytest.mark.parametrize(
    ("columns", "value", "metric", "reason", "missing"),
    [
        ({"payload": [S] * 4, "source_system": [AB] * 4}, "yes", 1.0, None, ()),
        ({"payload": [S, S, S, T], "source_system": [AB] * 4}, "yes", 0.75, None, ()),
        (
            {"payload": [S] * 5 + [T] * 3, "source_system": [AB] * 8},
            "unsure",
            0.625,
            BETWEEN_THRESHOLDS,
            (),
        ),
        ({"payload": [S, S, T, T], "source_system": [AB] * 4}, "no", 0.5, None, ()),
        ({"payload": [S] * 4, "source_system": [AB, AB, CD, CD]}, "no", 0.5, None, ()),
        ({"payload": [S, S, S, T], "source_system": [AB, AB, CD, AB]}, "no", 0.5, None, ()),
        ({"payload": [S] * 7 + [T], "source_system": [AB] * 7 + [CD]}, "yes", 0.875, None, ()),
        ({"payload": [S] * 3, "source_system": [AB] * 3}, "unsure", 1.0, TOO_FEW_ROWS, ()),
        ({"payload": [S] * 4}, "yes", 1.0, None, ()),
        ({"payload": [S] * 4 + [T]}, "unsure", 0.8, MISSING_COLUMN, ("boundary",)),
        ({"payload": [S, S, T, T]}, "no", 0.5, None, ()),
        ({"source_system": [AB] * 4}, "yes", 1.0, None, ()),
        ({"source_system": [AB] * 4 + [CD]}, "unsure", 0.8, MISSING_COLUMN, ("payload",)),
        ({"source_system": [AB, CD, AB, CD]}, "no", 0.5, None, ()),
        ({"handler": ["x"] * 4}, "unsure", None, MISSING_COLUMN, ("payload", "boundary")),
        (
            {"payload": [S, S, S, None, None], "source_system": [AB] * 5},
            "unsure",
            1.0,
            TOO_FEW_ROWS,
            (),
        ),
    ],
)
def test_payload_consistent(
    test_spec: Spec,
    columns: dict[str, list[Any]],
    value: str,
    metric: float | None,
    reason: str | None,
    missing: tuple[str, ...],
) -> None:
    """One dominant (shape, boundary) pair: yes at or above high_at, no at or below low_at;
    with only one half in the log, yes takes that half at half_high_at (95%) or more."""
    if reason is None and value == "unsure":
        reason = BETWEEN_THRESHOLDS
    answer = read(test_spec, "payload_consistent", **columns)
    assert (answer.value, answer.reason, answer.missing) == (value, reason, missing)
    assert answer.metric == (None if metric is None else pytest.approx(metric))


def uncertainty(counts: dict[tuple[str, str], int]) -> float:
    """U(action | handler) with the Miller–Madow correction, computed the slow way."""
    total = sum(counts.values())
    actions: dict[str, int] = {}
    people: dict[str, int] = {}
    for (person, action), n in counts.items():
        actions[action] = actions.get(action, 0) + n
        people[person] = people.get(person, 0) + n

    def entropy(values: list[int]) -> float:
        return -sum(n / total * math.log(n / total) for n in values if n)

    information = (
        entropy(list(actions.values()))
        + entropy(list(people.values()))
        - entropy(list(counts.values()))
    )
    bias = (len(counts) - len(actions) - len(people) + 1) / (2 * total)
    corrected = entropy(list(actions.values())) + (len(actions) - 1) / (2 * total)
    return min(1.0, max(0.0, (information - bias) / corrected))


def handled(**per_person: str) -> dict[str, list[str]]:
    """{"ann": "xxy"} -> handler/resolution columns: one row per letter."""
    pairs = [(person, action) for person, actions in per_person.items() for action in actions]
    return {"handler": [p for p, _ in pairs], "resolution": [a for _, a in pairs]}


@pytest.mark.parametrize(
    ("columns", "value", "reason"),
    [
        (handled(ann="xx", bob="xx", cy="xx"), "no", None),
        (handled(ann="xxx", bob="yyy"), "yes", None),
        (handled(ann="xyxy", bob="xyxy"), "no", None),
        (handled(ann="xxxxxy", bob="yyyyyx"), "unsure", BETWEEN_THRESHOLDS),
        (handled(ann="xyzxyz"), "unsure", TOO_FEW_ROWS),
        (handled(ann="xxx", bob="y"), "unsure", TOO_FEW_ROWS),
        (handled(ann="xx", bob="yy"), "unsure", TOO_FEW_ROWS),
        (handled(ann="xxx", bob="yyy", cy="z"), "yes", None),
        ({"handler": ["ann"] * 6}, "unsure", MISSING_COLUMN),
        ({"handler": ["ann", "bob"] * 6, "resolution": [None] * 12}, "unsure", TOO_FEW_ROWS),
        ({"resolution": ["x"] * 6}, "unsure", MISSING_COLUMN),
    ],
)
def test_varies_by_handler(
    test_spec: Spec, columns: dict[str, list[str]], value: str, reason: str | None
) -> None:
    """The handler must explain the action; one action for all is a clear no."""
    answer = read(test_spec, "varies_by_handler", **columns)
    assert (answer.value, answer.reason) == (value, reason)


@pytest.mark.parametrize(
    "people",
    [
        {"ann": "xxxxxy", "bob": "yyyyyx"},
        {"ann": "xxx", "bob": "yyy"},
        {"ann": "xyxy", "bob": "xyxy"},
        {"ann": "xxy", "bob": "yyz", "cy": "zzx"},
    ],
)
def test_handler_metric_is_the_corrected_uncertainty_coefficient(
    test_spec: Spec, people: dict[str, str]
) -> None:
    """The metric is U(action | handler) less the small-sample bias."""
    counts: dict[tuple[str, str], int] = {}
    for person, actions in people.items():
        for action in actions:
            counts[(person, action)] = counts.get((person, action), 0) + 1
    answer = read(test_spec, "varies_by_handler", **handled(**people))
    assert answer.metric == pytest.approx(uncertainty(counts))


def test_group_without_any_payload(test_spec: Spec) -> None:
    """Every payload empty: unsure for too few rows, and the sentence says so."""
    answer = read(test_spec, "payload_consistent", payload=[None] * 9, source_system=[AB] * 9)
    assert (answer.value, answer.reason, answer.rows) == ("unsure", TOO_FEW_ROWS, 0)
    assert answer.evidence.startswith("No occurrence in this group has a payload")


def test_handler_missing_fields_are_named(test_spec: Spec) -> None:
    """Without a handler column the answer names the field it lacks."""
    answer = read(test_spec, "varies_by_handler", resolution=["x"] * 6)
    assert answer.missing == ("handler",)
    assert "handler column" in answer.evidence


@pytest.mark.parametrize(
    ("columns", "value", "reason", "missing"),
    [
        ({"retry_count": [1] * 4, "retry_outcome": ["ok", "ok", "ok", "failed"]}, "yes", None, ()),
        (
            {"retry_count": [1] * 4, "retry_outcome": ["ok", "failed", "no change", "timeout"]},
            "no",
            None,
            (),
        ),
        (
            {"retry_count": [1] * 4, "retry_outcome": ["ok", "ok", "failed", "failed"]},
            "unsure",
            BETWEEN_THRESHOLDS,
            (),
        ),
        (
            {"retry_count": [1] * 4, "retry_outcome": ["ok", "not delivered", "failed", "failed"]},
            "no",
            None,
            (),
        ),
        (
            {"retry_count": [1, 1, 1, 0, 0], "retry_outcome": ["ok", "ok", "ok", None, None]},
            "unsure",
            TOO_FEW_ROWS,
            (),
        ),
        (
            {"retry_outcome": ["Succeeded", "Succeeded", "Succeeded", "Failed", None]},
            "yes",
            None,
            (),
        ),
        ({"retry_count": [2] * 5}, "unsure", MISSING_COLUMN, ("retry_outcome",)),
        ({"handler": ["x"] * 5}, "unsure", MISSING_COLUMN, ("retry_count", "retry_outcome")),
    ],
)
def test_retry_resolves(
    test_spec: Spec,
    columns: dict[str, list[Any]],
    value: str,
    reason: str | None,
    missing: tuple[str, ...],
) -> None:
    """Among retried occurrences with an outcome, the share that cleared on the retry."""
    answer = read(test_spec, "retry_resolves", **columns)
    assert (answer.value, answer.reason, answer.missing) == (value, reason, missing)


def test_retry_evidence_counts_unreadable_outcomes(test_spec: Spec) -> None:
    """The evidence gives the numbers, and retries whose outcome cannot be read."""
    answer = read(
        test_spec,
        "retry_resolves",
        retry_count=[1] * 5,
        retry_outcome=["ok", "ok", "ok", "failed", "maybe"],
    )
    assert (
        answer.evidence
        == "3 of 4 retried occurrences (75%) cleared on the retry (1 more were retried with no readable outcome)"
    )


def test_log_without_retry_columns_says_why(test_spec: Spec) -> None:
    """No retry column at all: unsure, and the sentence says the log cannot show retries."""
    answer = read(test_spec, "retry_resolves", handler=["x"] * 8)
    assert (
        answer.evidence
        == "The log has no retry count or retry outcome column, so it cannot show retries"
    )


@pytest.mark.parametrize(
    ("columns", "value", "reason", "missing"),
    [
        (
            {"handoff_status": ["delivered"] * 3 + ["failed"], "timestamp": days(2, 1, 1)},
            "yes",
            None,
            (),
        ),
        (
            {"handoff_status": ["delivered"] * 3 + ["failed"], "timestamp": days(2, 2)},
            "unsure",
            NOT_RECURRING,
            (),
        ),
        (
            {"handoff_status": ["200", "failed", "503", "timeout"], "timestamp": days(4)},
            "no",
            None,
            (),
        ),
        (
            {
                "handoff_status": ["accepted", "accepted", "failed", "failed"],
                "timestamp": days(1, 1, 1, 1),
            },
            "unsure",
            BETWEEN_THRESHOLDS,
            (),
        ),
        ({"handoff_status": ["delivered"] * 4}, "unsure", MISSING_COLUMN, ("timestamp",)),
        ({"handoff_status": ["failed"] * 4}, "no", None, ()),
        (
            {"handoff_status": ["delivered"] * 3, "timestamp": days(1, 1, 1)},
            "unsure",
            TOO_FEW_ROWS,
            (),
        ),
        ({"timestamp": days(1, 1, 1, 1)}, "unsure", MISSING_COLUMN, ("handoff_status",)),
    ],
)
def test_recurs_after_handoff(
    test_spec: Spec,
    columns: dict[str, list[Any]],
    value: str,
    reason: str | None,
    missing: tuple[str, ...],
) -> None:
    """Fired after a successful handoff, and on enough days to call it recurring."""
    answer = read(test_spec, "recurs_after_handoff", **columns)
    assert (answer.value, answer.reason, answer.missing) == (value, reason, missing)


SCHEMA, RULE, NEITHER = "Field length too long", "No owner for approval", "Something happened"


@pytest.mark.parametrize(
    ("columns", "value", "reason", "missing"),
    [
        ({"message": [SCHEMA] * 3 + [RULE]}, "schema_mismatch", None, ()),
        ({"message": [SCHEMA] + [RULE] * 3}, "missing_rule", None, ()),
        ({"message": [SCHEMA] * 2 + [RULE] * 2}, "unsure", BETWEEN_THRESHOLDS, ()),
        ({"message": [SCHEMA] * 5 + [RULE] * 3}, "unsure", BETWEEN_THRESHOLDS, ()),
        ({"message": [SCHEMA] * 3 + [NEITHER] * 5}, "unsure", TOO_FEW_ROWS, ()),
        ({"message": [SCHEMA] * 4, "root_cause": ["missing_rule"] * 4}, "missing_rule", None, ()),
        (
            {"message": [SCHEMA] * 4, "root_cause": ["No owner", None, None, None]},
            "schema_mismatch",
            None,
            (),
        ),
        ({"root_cause": ["Data format"] * 4}, "schema_mismatch", None, ()),
        ({"handler": ["x"] * 4}, "unsure", MISSING_COLUMN, ("root_cause", "message")),
    ],
)
def test_root_cause(
    test_spec: Spec,
    columns: dict[str, list[Any]],
    value: str,
    reason: str | None,
    missing: tuple[str, ...],
) -> None:
    """Schema words against rule words: the root-cause column first, then the message."""
    answer = read(test_spec, "root_cause", **columns)
    assert (answer.value, answer.reason, answer.missing) == (value, reason, missing)


@pytest.mark.parametrize(
    ("metric", "value", "flip"),
    [
        (0.9, "yes", Flip(0.75, "unsure", 0.15)),
        (0.75, "yes", Flip(0.75, "unsure", 0.0)),
        (0.7, "unsure", Flip(0.75, "yes", 0.05)),
        (0.55, "unsure", Flip(0.5, "no", 0.05)),
        (0.5, "no", Flip(0.5, "unsure", 0.0)),
        (0.1, "no", Flip(0.5, "unsure", 0.4)),
    ],
)
def test_decide_and_distance_to_the_nearest_threshold(
    metric: float, value: str, flip: Flip
) -> None:
    """The answer, and how far the metric is from the threshold that would change it."""
    found, distance = decide(RULES["payload_consistent"], metric)
    assert found == value
    assert (distance.threshold, distance.to) == (flip.threshold, flip.to)
    assert distance.distance == pytest.approx(flip.distance)


@pytest.mark.parametrize(
    ("share", "marks", "text"),
    [
        (0.5, (0.5,), "50%"),
        (0.496, (0.5,), "49.6%"),
        (0.804, (0.8,), "80.4%"),
        (0.92, (0.8,), "92%"),
    ],
)
def test_percentages_never_round_onto_a_threshold(
    share: float, marks: tuple[float, ...], text: str
) -> None:
    """A share just off a threshold shows a decimal, so 49.6% never reads as 50%."""
    assert pct(share, *marks) == text


@pytest.mark.parametrize(
    ("resolution", "expected"),
    [
        ("Re-sent order (see ticket HD-12345)", "re-sent order"),
        ("Held invoice for buyer approval [ref PO-1]", "held invoice for buyer approval"),
        ("Refunded 12.50 to card", "refunded <n> to card"),
        ("Escalated (waiting)", "escalated (waiting)"),
        ("  Re-sent   ORDER. ", "re-sent order"),
        ("code 6", "code 6"),
        ("Code 17", "code 17"),
        ("Retransmitted EDI 860", "retransmitted edi 860"),
        ("Solved (Permanently)", "solved (permanently)"),
    ],
)
def test_resolutions_read_as_actions(resolution: str, expected: str) -> None:
    """A resolution is compared by its action: references dropped, numbers masked, case folded."""
    assert inference_values.action(resolution) == expected


@pytest.mark.parametrize(
    "columns",
    [
        {"boundary": ["Shop -> ERP", "shop=>ERP", "Shop to ERP", None]},
        {
            "source_system": ["Shop", "Shop", None, "WMS"],
            "target_system": ["ERP", None, "ERP", None],
        },
        {
            "boundary": ["X > Y"] * 4,
            "source_system": ["Shop", "Shop", "WMS", None],
            "target_system": ["ERP", "ERP", "ERP", None],
        },
    ],
    ids=["boundary-column", "system-columns", "both-prefer-systems"],
)
def test_inference_reads_boundaries_as_the_handoff_map_does(
    spec: Spec, columns: dict[str, list[str | None]]
) -> None:
    """The boundary each row is counted on in inference is the one the map and group-by use."""

    frame = pd.DataFrame({"error_code": ["E1"] * 4, **columns}, dtype="str")
    mapping = {name: name for name in frame.columns}
    coded = extract(frame, mapping, spec, "error_code").boundary
    assert coded is not None
    per_row = [coded.label(int(code)) for code in coded.codes]
    expected = boundary_series(frame, mapping)
    assert expected is not None
    assert per_row == [None if pd.isna(v) else v for v in expected.tolist()]


@pytest.mark.parametrize("placeholder", ["N/A", "-", "null", "Unknown", "?", "(blank)", "#N/A"])
def test_placeholders_are_missing(spec: Spec, placeholder: str) -> None:
    """A placeholder in the group column makes the blank group, and in an outcome column it
    is no outcome: the retry answer rests on the rows with a real outcome only."""
    outcomes = ["succeeded"] * 6 + [placeholder] * 6
    item = read(spec, "retry_resolves", retry_count=["1"] * 12, retry_outcome=outcomes)
    assert item.value == "yes"
    assert "6 of 6 retried occurrences" in item.evidence
    assert "6 more were retried with no readable outcome" in item.evidence


def test_fix_and_resubmit_is_no_retry(spec: Spec) -> None:
    """Rows a person corrected and resubmitted do not count as retries of the handoff; the
    automatic resends still do."""
    fixed = "Corrected the cost centre and resubmitted for approval"
    resolution = [fixed] * 8 + ["Replayed the webhook"] * 6
    outcomes = ["approved"] * 8 + ["succeeded"] * 6
    item = read(
        spec,
        "retry_resolves",
        retry_count=["1"] * 14,
        retry_outcome=outcomes,
        resolution=resolution,
    )
    assert item.rows == 6
    assert "6 of 6 retried occurrences" in item.evidence


def test_closure_codes_are_kept_apart(spec: Spec) -> None:
    """Numbered closure codes are different actions: a group closed with "code 6" by some
    handlers and "code 7" by others depends on its handler."""
    handlers = ["ana", "ben", "cai", "dee"] * 6
    codes = ["code 7" if who == "dee" else "code 6" for who in handlers]
    item = read(spec, "varies_by_handler", handler=handlers, resolution=codes)
    assert item.value == "yes"
    assert "the most common action (“code 6”) covers 75%" in item.evidence


@pytest.mark.parametrize(
    ("columns", "half"),
    [
        ({"payload": [S] * 10}, "payload shape"),
        ({"source_system": [AB] * 10}, "boundary"),
    ],
)
def test_half_the_data_says_which_half(
    spec: Spec, columns: dict[str, list[Any]], half: str
) -> None:
    """A payload pattern confirmed by one half of the data says which half it rests on."""
    answer = read(spec, "payload_consistent", **columns)
    assert answer.value == "yes"
    assert answer.evidence.endswith(f"so this rests on the {half} alone")
