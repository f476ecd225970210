"""Row filters: conditions on columns and a date range decide which rows are analysed; they
read from the CLI's words, say themselves in words, and survive a save."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from framework.analysis.pipeline import analyze
from framework.analysis.results import Analysis
from framework.columns.mapping import MappingError
from framework.columns.row_filter import Condition, RowFilter, day, parse_where
from framework.spec.model import Spec

FRAME = pd.DataFrame(
    {
        "level": ["INFO", " warn", "ERROR", None, "Error", "DEBUG"],
        "activity": ["Sync ok", "Approval rejected", "Rejected twice", "x", "Case closed", "y"],
        "time": [
            "2024-03-01T10:00:00Z",
            "2024-03-02T23:59:00Z",
            "2024-03-03T00:00:00Z",
            "2024-03-04T10:00:00Z",
            None,
            "2024-03-06T10:00:00Z",
        ],
    },
    dtype="str",
)


@pytest.mark.parametrize(
    ("items", "since", "until", "kept"),
    [
        (["level=WARN,ERROR"], None, None, [1, 2, 4]),
        (["level!=INFO,DEBUG"], None, None, [1, 2, 3, 4]),
        (["activity~reject"], None, None, [1, 2]),
        (["level=error", "activity~reject"], None, None, [2]),
        ([], "2024-03-02", "2024-03-03", [1, 2]),
        ([], "2024-03-04", None, [3, 5]),
        ([], None, "2024-03-01", [0]),
    ],
    ids=["is", "is-not", "contains", "all-hold", "day-range", "since", "until"],
)
def test_rows_kept(items: list[str], since: str | None, until: str | None, kept: list[int]) -> None:
    """Values compare trimmed and in any case; `!=` keeps rows without a value; a date range
    includes both days whole and drops rows without a time."""
    rows = RowFilter(
        parse_where(items),
        since=day(since) if since else None,
        until=day(until, "--until") if until else None,
    )
    assert np.flatnonzero(rows.mask(FRAME, "time", None)).tolist() == kept


@pytest.mark.parametrize(
    ("item", "condition"),
    [
        ("level=WARN,ERROR", Condition("level", "=", ("WARN", "ERROR"))),
        (" state != Closed ", Condition("state", "!=", ("Closed",))),
        ("concept:name~reject", Condition("concept:name", "~", ("reject",))),
    ],
)
def test_conditions_read_as_the_cli_writes_them(item: str, condition: Condition) -> None:
    """COLUMN=A,B, COLUMN!=A and COLUMN~text; a column name may hold a colon."""
    assert parse_where([item]) == (condition,)


@pytest.mark.parametrize("item", ["level", "level=", "=WARN", "level=,"])
def test_a_condition_it_cannot_read_says_how_to_write_one(item: str) -> None:
    """Anything else is a `MappingError` with an example."""
    with pytest.raises(MappingError, match=r"e\.g\. level=WARN,ERROR"):
        parse_where([item])


def test_a_day_must_be_a_day() -> None:
    """A day is YYYY-MM-DD (a time after it is ignored); anything else names the option."""
    assert day("2024-03-02T10:00") == date(2024, 3, 2)
    with pytest.raises(MappingError, match="--until 2/3/2024: give a day as YYYY-MM-DD"):
        day("2/3/2024", "--until")


def test_missing_columns_and_a_range_without_time_are_named() -> None:
    """A condition on a column the log lacks lists the columns it has; a date range needs a
    timestamp column."""
    with pytest.raises(MappingError, match="'lvl', which the log does not have"):
        RowFilter(parse_where(["lvl=WARN"])).check(list(FRAME.columns), "time")
    with pytest.raises(MappingError, match="a date range needs a timestamp column"):
        RowFilter(since=date(2024, 3, 1)).check(list(FRAME.columns), None)


@pytest.mark.parametrize(
    "rows",
    [
        RowFilter(parse_where(["level=WARN,ERROR"])),
        RowFilter(parse_where(["state!=Closed", "activity~reject"]), since=date(2024, 3, 1)),
        RowFilter(until=date(2024, 3, 31)),
    ],
)
def test_a_filter_survives_its_dict(rows: RowFilter) -> None:
    """`to_dict` and `from_dict` give the same filter back, so a saved analysis keeps it."""
    assert RowFilter.from_dict(rows.to_dict()) == rows


def test_an_analysis_keeps_its_filter_through_json(spec: Spec) -> None:
    """The analysis says what it kept of what it read, in words and as a rule, in JSON and
    back."""
    frame = FRAME.assign(code=["A", "A", "B", "B", "A", "C"])
    rows = RowFilter(parse_where(["level=WARN,ERROR"]))
    analysis = analyze(frame, {"error_code": "code", "timestamp": "time"}, spec, rows=rows)
    assert (analysis.summary.exceptions, analysis.read) == (3, 6)
    data = analysis.to_dict()
    assert (data["filter"], data["rows_read"]) == ("level is WARN or ERROR", 6)
    again = Analysis.from_dict(data, spec)
    assert (again.rows, again.read, again.scope) == (rows, 6, "level is WARN or ERROR")
