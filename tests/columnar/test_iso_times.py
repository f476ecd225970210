"""ISO 8601 timestamps read through pyarrow give exactly what pandas' parser gives, value by
value and for whole columns that mix the forms each parser reads."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from framework.columnar.iso_times import parse_iso, parse_iso_pandas

# Forms pyarrow reads, forms only pandas reads, and values neither should read.
VALUES = [
    "2024-03-13T14:05:00Z",
    "2024-03-13 14:05:00Z",
    "2024-03-13T14:05Z",
    "2024-03-13T16:05:00+02:00",
    "2024-01-02T04:30:00-05:00",
    "2024-03-13T14:05:00+0200",
    "2024-03-13T14:05:00+02",
    "2024-03-13T14:05:00-00:30",
    "2024-03-13T14:05:00+14:00",
    "2024-03-13T14:05:00.000Z",
    "2024-03-13T14:05:00.123456Z",
    "2024-01-02 09:30",
    "2023-12-31T23:59:59",
    "2024-01-02 09:30:00.000000",
    "2024-03-13",
    "2024-03-13T14",
    "1600-01-01",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2024-03-13 14:05:00.123456789",
    "2024-03-13T14:05:00.1234567890Z",
    "2024-03-13T14:05:00 +02:00",
    "2024-03-13T14:05:00.Z",
    "2024/03/13 14:05",
    "2024-3-1",
    "2024",
    "2024-03",
    "20240313T140500",
    "2024-02-30",
    "2024-03-13T24:00:00",
    "2024-03-13T14:05:60",
    "2024-03-13T14:05:00+24:00",
    "2024-03-13t14:05:00",
    "2024-03-13T14:05:00,5Z",
    "2024-03-13 14:05:00 UTC",
    "2024-W11-3",
    "10000-01-01",
    "soon",
]


def _same(fast: np.ndarray, slow: np.ndarray) -> bool:
    return bool(np.array_equal(fast, slow, equal_nan=True))


@pytest.mark.parametrize("value", VALUES)
def test_each_form_reads_as_pandas_reads_it(value: str) -> None:
    """Whichever parser reads a value, the instant (or NaT) is the one pandas gives."""
    text = pa.array([value], type=pa.large_string())
    assert _same(parse_iso(text), parse_iso_pandas(text))


COLUMNS = {
    "all with an offset": ["2024-03-13T14:05:00Z", "2024-01-02T04:30:00-05:00", None],
    "all without one": ["2024-01-02 09:30", "2023-12-31T23:59:59", "2024-03-13", None],
    "offsets mixed": ["2024-03-13T14:05:00Z", "2024-01-02 09:30", "2024-03-13T16:05:00+02:00"],
    "a few unreadable": ["2024-03-13T14:05:00Z", "n/a", "2024-01-02T09:30:00Z", "soon"],
    "forms only pandas reads": ["2024-03-13T14:05:00Z", "2024/03/13 14:05", "2024-3-1"],
    "an impossible date": ["2024-03-13T14:05:00Z", "2024-02-30T10:00:00Z", "2024-01-02 09:30"],
    "every form": VALUES,
}


def _one_by_one(values: list[str | None]) -> np.ndarray:
    """pandas' reading of each value on its own (see the next test for why on its own)."""
    return np.concatenate([parse_iso_pandas(pa.array([value], pa.string())) for value in values])


@pytest.mark.parametrize("values", COLUMNS.values(), ids=COLUMNS.keys())
def test_whole_columns_read_as_pandas_reads_each_value(values: list[str | None]) -> None:
    """Splitting a column between the parsers changes no value, in chunked columns too."""
    half = len(values) // 2
    text = pa.chunked_array([values[:half], values[half:]], type=pa.large_string())
    fast = parse_iso(text)
    assert fast.dtype == np.dtype("datetime64[us]")
    assert _same(fast, _one_by_one(values))


def test_a_nanosecond_value_does_not_blank_far_dates() -> None:
    """pandas reads a whole column at one resolution: one value with nanoseconds makes year
    1600 unreadable for all. Each value is read on its own here."""
    values = ["1600-01-01", "2024-03-13 14:05:00.123456789"]
    assert np.isnat(parse_iso_pandas(pa.array(values))[0])
    assert parse_iso(pa.array(values)).tolist()[0].year == 1600


def test_offsets_are_converted_to_utc() -> None:
    """'+02:00' is two hours ahead of UTC; a value without an offset is taken as UTC."""
    text = pa.array(["2024-03-13T16:05:00+02:00", "2024-03-13 14:05"])
    assert parse_iso(text).tolist() == [np.datetime64("2024-03-13T14:05", "us").item()] * 2
