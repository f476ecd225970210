"""Timestamps in every common convention parse to the same UTC-naive datetimes, with the
convention named and the values that did not parse counted."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from framework.columnar import timestamps
from framework.columnar.timestamps import NAT, days, parse_times, parse_timestamps

T1 = dt.datetime(2024, 3, 13, 14, 5)
T2 = dt.datetime(2024, 1, 2, 9, 30)
T3 = dt.datetime(2023, 12, 31, 23, 59, 59)

# values, expected datetimes, words the format description starts with
CASES = [
    (["2024-03-13T14:05:00Z", "2024-01-02 09:30", "2023-12-31T23:59:59"], [T1, T2, T3], "ISO 8601"),
    (["2024-03-13T16:05:00+02:00", "2024-01-02T04:30:00-05:00"], [T1, T2], "ISO 8601"),
    (["2024-03-13T14:05:00.000Z", "2024-01-02 09:30:00.000000"], [T1, T2], "ISO 8601"),
    (["03/13/2024 2:05 PM", "1/2/2024 9:30 AM", "12/31/2023 11:59:59 PM"], [T1, T2, T3], "US"),
    (["03/13/2024 14:05", "01/02/2024 09:30", "12/31/2023 23:59:59"], [T1, T2, T3], "US"),
    (["13/03/2024 14:05", "02/01/2024 09:30", "31/12/2023 23:59:59"], [T1, T2, T3], "day/month"),
    (["13.03.2024 14:05", "02.01.2024 09:30", "31.12.2023 23:59:59"], [T1, T2, T3], "day.month"),
    (["13-03-2024 14:05", "02-01-2024 09:30"], [T1, T2], "day-month"),
    (["2024/03/13 14:05", "2024/01/02 09:30:00"], [T1, T2], "ISO 8601"),
    (["13 Mar 2024 14:05", "02-Jan-2024 09:30"], [T1, T2], "day month-name"),
    (["Mar 13, 2024 2:05 PM", "January 2, 2024 9:30 AM"], [T1, T2], "month-name"),
    (["1710338700", "1704187800"], [T1, T2], "epoch seconds"),
    (["1710338700000", "1704187800000"], [T1, T2], "epoch milliseconds"),
]


@pytest.mark.parametrize(("values", "expected", "described"), CASES)
def test_each_convention_parses(
    values: list[str], expected: list[dt.datetime], described: str
) -> None:
    """Every value parses to the same moment in UTC, and the convention is named."""
    parsed = parse_timestamps(pd.Series(values, dtype="str"))
    assert parsed.values.tolist() == expected
    assert parsed.format.startswith(described)
    assert (parsed.parsed, parsed.failed, parsed.failed_share) == (len(values), 0, 0.0)


def test_a_day_above_12_in_first_place_makes_it_day_first() -> None:
    """One '13/01' anywhere in the column settles day/month for every row."""
    values = ["01/02/2024 10:00"] * 600 + ["13/01/2024 10:00"]
    parsed = parse_timestamps(pd.Series(values, dtype="str"))
    assert parsed.format.startswith("day/month/year")
    assert parsed.values[0] == dt.datetime(2024, 2, 1, 10)


def test_a_day_above_12_in_second_place_makes_it_month_first() -> None:
    """'01/13' can only be month/day."""
    parsed = parse_timestamps(pd.Series(["01/02/2024", "01/13/2024"], dtype="str"))
    assert parsed.format.startswith("US month/day/year")
    assert parsed.values.tolist() == [dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 13)]


def test_ambiguous_dates_say_what_was_assumed() -> None:
    """With no day above 12 the reading is month first, and the description says so."""
    parsed = parse_timestamps(pd.Series(["01/02/2024", "03/04/2024"], dtype="str"))
    assert parsed.format.endswith("assumed: no day above 12 to tell")
    assert parsed.values[0] == dt.datetime(2024, 1, 2)


def test_failures_are_counted_and_shown() -> None:
    """Values that do not parse are NaT, counted, and a few are given as examples."""
    values = ["2024-03-13T14:05:00Z", "soon", None, "", "2024-01-02T09:30:00Z", "n/a"]
    parsed = parse_timestamps(pd.Series(values, dtype="str"))
    assert (parsed.parsed, parsed.failed) == (2, 2)
    assert parsed.failed_share == 0.5
    assert parsed.failed_examples == ("soon", "n/a")
    assert parsed.values.isna().tolist() == [False, True, True, True, False, True]


def test_mixed_precision_in_one_convention_all_parse() -> None:
    """Rows with and without seconds in the same column both parse."""
    parsed = parse_timestamps(pd.Series(["1/2/2024 9:30 AM", "12/31/2023 11:59:59 PM"]))
    assert parsed.values.tolist() == [T2, T3]


@pytest.mark.parametrize(
    "values", [["hello", "world"], ["0", "1", "3"], ["Shopify", "NetSuite"], ["", None]]
)
def test_values_that_are_not_dates_are_not_guessed(values: list[str | None]) -> None:
    """Words and small counts are not dates: everything is NaT."""
    parsed = parse_timestamps(pd.Series(values, dtype="str"))
    assert parsed.values.isna().all()
    assert parsed.parsed == 0


def test_epoch_values_outside_2000_to_2100_fail() -> None:
    """An epoch column with an implausible value keeps it out rather than guess."""
    parsed = parse_timestamps(pd.Series(["1710338700", "1704187800", "12"], dtype="str"))
    assert parsed.failed_examples == ("12",)


def test_datetime_columns_come_back_utc_naive() -> None:
    """A tz-aware datetime column (e.g. from Parquet) is converted to naive UTC."""
    aware = pd.Series(pd.to_datetime(["2024-03-13 15:05"]).tz_localize("Europe/Paris"))
    parsed = parse_timestamps(aware)
    assert parsed.values.tolist() == [T1]
    assert parsed.values.dt.tz is None


def test_the_index_is_kept() -> None:
    """The parsed series lines up with the input rows."""
    series = pd.Series(["2024-03-13T14:05:00Z", "x"], index=[10, 20], dtype="str")
    assert parse_timestamps(series).values.index.tolist() == [10, 20]


def test_nanoseconds_and_days_for_the_analysis() -> None:
    """parse_times gives int64 nanoseconds (NAT when unknown); days gives UTC day numbers."""
    times = parse_times(pd.Series(["2024-01-02T23:30:00-02:00", None, "x"], dtype="str"))
    expected = np.datetime64("2024-01-03T01:30", "ns").astype(np.int64)
    assert times.tolist() == [expected, NAT, NAT]
    assert days(times[:1]).tolist() == [19725]


@pytest.mark.parametrize(
    "values",
    [
        ["03/01/2024 2:05 PM", "01.03.2024 14:05", "Mar 1, 2024 2:05 PM", "01 Mar 2024", None],
        ["03-01-2024 14:05", "C00001-0", "2024-03-01T14:05:00Z", "12-Mar-2024"],
        ["order 7 failed", "retry 2", "Mar 1 2024", "3 / 1 / 2024"],
        [None, None],
    ],
)
def test_a_convention_scores_what_its_patterns_read(values: list[str | None]) -> None:
    """A convention none of whose characters ("/", ".", ",", "-") the values hold scores
    nothing without being tried; every convention's score is the count its patterns read."""
    sample = pa.array(values, pa.string())
    rows = np.arange(len(values))
    for convention in timestamps.CONVENTIONS:
        read = ~np.isnat(timestamps._Parse(convention.patterns)(sample, rows))
        assert timestamps._score(convention, sample, rows) == int(read.sum())
