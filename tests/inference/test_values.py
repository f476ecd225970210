"""Placeholders read as missing, whatever their padding, and long values left alone."""

from __future__ import annotations

import pyarrow as pa
import pytest

from framework.inference.values import missing_as_empty

PLACEHOLDERS = ("n/a", "null", "-", "?", "unknown")


@pytest.mark.parametrize(
    ("value", "missing"),
    [
        ("n/a", True),
        ("  N/A   ", True),
        ("   n/a" + " " * 60, True),
        ("\u00a0NULL", True),
        ("null" + "\u3000" * 30, True),
        ("\t" * 40 + "?", True),
        ("\u2003" * 20 + "Unknown" + "\u2003" * 20, True),
        ("Unknown", True),
        ("-", True),
        ("unknown carrier", False),
        ("n/a" + "x" * 80, False),
        ("Timed out waiting for the ERP " * 5, False),
        ("ok", False),
        ("é", False),
    ],
)
def test_placeholders_are_missing_whatever_their_padding(value: str, missing: bool) -> None:
    """A placeholder in any case and with any white space around it becomes "" (missing);
    any other value, short or long, is kept as it is."""
    names = pa.array([value, "kept"], pa.string())
    got = missing_as_empty(names, PLACEHOLDERS).to_pylist()
    assert got == ["" if missing else value, "kept"]


@pytest.mark.parametrize(
    "values",
    [[], [None], ["kept", None], ["x" * 500] * 3],
)
def test_columns_without_placeholders_come_back_unchanged(values: list[str | None]) -> None:
    """No placeholder: the same values, nulls included."""
    names = pa.array(values, pa.string())
    assert missing_as_empty(names, PLACEHOLDERS).to_pylist() == values


def test_a_slice_of_a_column_is_read_from_its_own_bytes() -> None:
    """Values read from a slice of a longer array (its bytes start further on) are judged
    by their own first and last bytes."""
    names = pa.array(
        ["x" * 50, "   n/a" + " " * 50, "kept", "\u00a0?" + "\u00a0" * 30], pa.string()
    )
    got = missing_as_empty(names.slice(1), PLACEHOLDERS).to_pylist()
    assert got == ["", "kept", ""]
