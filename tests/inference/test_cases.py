"""Event logs read as cases: one exception per case, whatever order or batches its events
come in. Each case here is a few events written as (minute, activity, resource)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from framework.inference.cases import (
    CAME_BACK,
    DELIVERED_FIRST,
    NOT_AFTER,
    case_events,
    case_log,
    merge_events,
)
from framework.spec.model import Spec

COLUMNS: dict[str, str | None] = {
    "case_id": "case",
    "activity": "activity",
    "timestamp": "time",
    "handler": "resource",
    "error_code": "type",
}
Event = tuple[int, str, str]


def events(case: str, steps: list[Event], kind: str = "ORDER_SYNC") -> list[dict[str, Any]]:
    start = pd.Timestamp("2024-04-01T08:00:00Z")
    return [
        {
            "case": case,
            "time": (start + pd.Timedelta(minutes=minute)).isoformat(),
            "activity": activity,
            "resource": resource,
            "type": kind,
        }
        for minute, activity, resource in steps
    ]


def read(frame: pd.DataFrame, spec: Spec, batch: int | None = None) -> pd.DataFrame:
    """The case frame of a log read in batches of `batch` rows (one batch by default)."""
    size = batch or len(frame)
    parts = [
        case_events(frame.iloc[start : start + size], COLUMNS, spec, None, start)
        for start in range(0, len(frame), size)
    ]
    return case_log(merge_events(parts), spec).frame.set_index("exception_id")


def one(spec: Spec, steps: list[Event]) -> pd.Series:
    row = read(pd.DataFrame(events("C1", steps)), spec).loc["C1"]
    assert isinstance(row, pd.Series)  # one case, so one row
    return row


INCIDENT_REOPENED = [
    (0, "New", "system"),
    (10, "Active", "chloe.roux"),
    (60, "Resolved", "ben.keller"),
    (90, "Active", "li.bello"),
    (120, "Resolved", "ben.keller"),
    (300, "Closed", "system"),
]
INCIDENT_STAYED = [
    (0, "New", "system"),
    (10, "Active", "chloe.roux"),
    (60, "Resolved", "chloe.roux"),
    (300, "Closed", "system"),
]
DELIVERED_THEN_MISMATCH = [
    (0, "PO amended", "SYSTEM"),
    (1, "Sync to WMS succeeded", "SYSTEM"),
    (40, "Pick list out of date", "SYSTEM"),
    (200, "Exception handled", "kemi.adeyemi"),
    (300, "Case closed", "kemi.adeyemi"),
]
FAILED_RETRY_CLEARED = [
    (0, "Order received", "SYSTEM"),
    (1, "Sync to Shopify failed", "SYSTEM"),
    (5, "Automatic retry", "SYSTEM"),
    (6, "Sync to Shopify succeeded", "SYSTEM"),
    (30, "Case closed", "SYSTEM"),
]
TWO_RETRIES_CLEARED = [
    (0, "Order received", "SYSTEM"),
    (1, "Sync to Shopify failed", "SYSTEM"),
    (5, "Automatic retry", "SYSTEM"),
    (6, "Sync to Shopify failed", "SYSTEM"),
    (15, "Automatic retry", "SYSTEM"),
    (16, "Sync to Shopify succeeded", "SYSTEM"),
    (30, "Case closed", "SYSTEM"),
]
RETRY_THEN_TROUBLE_AGAIN = [
    (0, "PO amended", "SYSTEM"),
    (1, "Sync to WMS succeeded", "SYSTEM"),
    (40, "Pick list out of date", "SYSTEM"),
    (50, "Automatic retry", "SYSTEM"),
    (51, "Sync to WMS succeeded", "SYSTEM"),
    (90, "Pick list out of date", "SYSTEM"),
    (200, "Exception handled", "grace.liu"),
]
FIX_AND_RESUBMIT = [
    (0, "Return requested", "SYSTEM"),
    (1, "Sync to OMS succeeded", "SYSTEM"),
    (2, "Approval rejected", "tariq.noor"),
    (30, "Return corrected", "elena.marsh"),
    (31, "Resubmitted", "elena.marsh"),
    (60, "Approved", "tariq.noor"),
    (70, "Case closed", "elena.marsh"),
]
OPENED_BY_A_SUCCESS_WORD = [
    (0, "Order completed", "SYSTEM"),
    (5, "Sync to Loyalty platform failed", "SYSTEM"),
    (200, "Exception handled", "hugo.torres"),
    (300, "Case closed", "hugo.torres"),
]
REOPENED_AFTER_CLOSING = [
    (0, "Order received", "SYSTEM"),
    (1, "Sync to OMS failed", "SYSTEM"),
    (100, "Exception handled", "amara.okafor"),
    (101, "Sync to OMS succeeded", "SYSTEM"),
    (200, "Case closed", "amara.okafor"),
    (900, "Case reopened", "SYSTEM"),
]


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (INCIDENT_REOPENED, CAME_BACK),
        (INCIDENT_STAYED, NOT_AFTER),
        (DELIVERED_THEN_MISMATCH, DELIVERED_FIRST),
        (FAILED_RETRY_CLEARED, NOT_AFTER),
        (FIX_AND_RESUBMIT, DELIVERED_FIRST),
        (OPENED_BY_A_SUCCESS_WORD, NOT_AFTER),
        (REOPENED_AFTER_CLOSING, CAME_BACK),
        ([(0, "Order received", "SYSTEM"), (9, "Exception handled", "kemi")], None),
    ],
    ids=[
        "resolved-then-active-again",
        "stayed-resolved",
        "delivered-then-mismatch",
        "failed-then-cleared",
        "delivered-then-rejected",
        "opening-event-is-no-outcome",
        "reopened",
        "no-outcome-at-all",
    ],
)
def test_whether_a_case_fired_after_a_success(
    spec: Spec, steps: list[Event], expected: str | None
) -> None:
    """A case fired after a success when a success came before any failure and before a
    person stepped in, or when its earlier trouble came back after its first success; the
    event that opened the case is no outcome; without any success or failure it is unknown."""
    found = one(spec, steps).get("after_success")
    assert (None if pd.isna(found) else found) == expected


@pytest.mark.parametrize(
    ("steps", "retries", "outcome", "resubmitted"),
    [
        (FAILED_RETRY_CLEARED, "1", "succeeded", "no"),
        (TWO_RETRIES_CLEARED, "2", "succeeded", "no"),
        (RETRY_THEN_TROUBLE_AGAIN, "1", "failed", "no"),
        (FIX_AND_RESUBMIT, None, None, "yes"),
    ],
    ids=["cleared", "cleared-on-the-second", "trouble-again-after-success", "fix-and-resubmit"],
)
def test_retries_and_whether_they_cleared_the_case(
    spec: Spec, steps: list[Event], retries: str | None, outcome: str | None, resubmitted: str
) -> None:
    """A retry cleared the case when a success followed it and nothing of the trouble came
    after the last success; a person's correction and resubmission is no retry at all (and a
    log with no retry anywhere has no retry columns)."""
    case = one(spec, steps)
    assert case.get("retry_count") == retries
    assert case.get("retry_outcome") == outcome
    assert case["resubmitted"] == resubmitted


def test_the_handler_is_the_last_person_never_a_system_account(spec: Spec) -> None:
    """The resolver is the last person who touched the case; 'system' is named like a system
    account and never counts; two other people had it before (two reassignments)."""
    case = one(spec, INCIDENT_REOPENED)
    assert case["handler"] == "ben.keller"
    assert case["reassignments"] == "2"
    assert case["events"] == "6"


def test_cases_are_the_same_however_the_log_is_sliced_or_ordered(spec: Spec) -> None:
    """Batches of any size, and events in any order, give the same cases: every per-case
    value is a minimum, a maximum, a sum or a first/last by time."""
    cases = [
        INCIDENT_REOPENED,
        DELIVERED_THEN_MISMATCH,
        TWO_RETRIES_CLEARED,
        RETRY_THEN_TROUBLE_AGAIN,
        FIX_AND_RESUBMIT,
        OPENED_BY_A_SUCCESS_WORD,
    ]
    rows = [row for n, steps in enumerate(cases) for row in events(f"C{n}", steps)]
    frame = pd.DataFrame(rows)
    whole = read(frame, spec)
    shuffled = frame.sample(frac=1.0, random_state=7).reset_index(drop=True)
    for batch in (1, 2, 3, 7, 11):
        pd.testing.assert_frame_equal(read(frame, spec, batch), whole)
        pd.testing.assert_frame_equal(read(shuffled, spec, batch).loc[whole.index], whole)
