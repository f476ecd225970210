"""The one neutraliser every CSV and workbook goes through: formula starters defused, distinct
values kept distinct, characters a workbook cannot hold replaced and counted."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framework.analysis.safe_cells import (
    neutralise,
    neutralise_text,
    safe_frame,
    xml_safe,
    xml_safe_text,
)
from tests.support.spreadsheets import PAYLOADS, is_live


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("'=1+1", "''=1+1"),
        ("'plain", "''plain"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@import", "'@import"),
        ("\tpadded", "'\tpadded"),
        ("\rreturn", "'\rreturn"),
        ("\nline", "'\nline"),
        ("＝1+1", "'＝1+1"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-0.25e3", "-0.25e3"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, None),
    ],
)
def test_neutralise(value: str | None, expected: str | None) -> None:
    """Formula starters and a leading apostrophe get an apostrophe; plain numbers, ordinary
    text and missing values do not."""
    assert neutralise(pa.array([value], pa.large_string())).to_pylist() == [expected]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_stays_live(payload: str) -> None:
    """Every payload a spreadsheet would run is defused, as a value and as a name."""
    assert is_live(payload) or payload.startswith("'")
    assert not is_live(neutralise_text(payload))


@settings(deadline=None)  # timing is not the point; a loaded machine must not fail it
@given(st.lists(st.text(max_size=6), unique=True, max_size=12))
def test_neutralising_keeps_distinct_values_distinct(values: list[str]) -> None:
    """Distinct inputs stay distinct, and one leading apostrophe less gives the input back."""
    safe = neutralise(pa.array(values, pa.large_string())).to_pylist()
    assert len(set(safe)) == len(values)
    for original, defused in zip(values, safe, strict=True):
        back = defused[1:] if defused != original else defused
        assert back == original
        assert not is_live(defused)


def test_safe_frame_defuses_columns_categories_and_names() -> None:
    """Text, object and categorical columns and the column names are defused; categories that
    differ only by a leading apostrophe stay two categories; numbers are untouched."""
    frame = pd.DataFrame(
        {
            "=name": pd.Series(["=1+1", None], dtype="str"),
            "object": pd.Series(["@x", None], dtype=object),
            "group": pd.Categorical(["=1+1", "'=1+1"]),
            "count": [-3, 4],
        }
    )
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'=name", "object", "group", "count"]
    assert safe["'=name"].tolist()[0] == "'=1+1" and pd.isna(safe["'=name"].iloc[1])
    assert safe["object"].tolist()[0] == "'@x"
    assert list(safe["group"]) == ["'=1+1", "''=1+1"]
    assert safe["count"].tolist() == [-3, 4]


@pytest.mark.parametrize(
    ("value", "expected", "changed"),
    [
        ("tab\tnewline\nreturn\r", "tab\tnewline\nreturn\r", 0),
        ("vertical\x0btab", "vertical\ufffdtab", 1),
        ("form\x0cfeed", "form\ufffdfeed", 1),
        ("\x1b[31mred", "\ufffd[31mred", 1),
        ("nul\x00", "nul\ufffd", 1),
        ("not a char\ufffe\uffff", "not a char\ufffd\ufffd", 1),
        ("café ✓", "café ✓", 0),
        (None, None, 0),
    ],
)
def test_xml_safe(value: str | None, expected: str | None, changed: int) -> None:
    """Characters a workbook cannot hold become U+FFFD and the changed cells are counted; tab,
    line feed and carriage return are kept."""
    safe, count = xml_safe(pa.array([value], pa.large_string()))
    assert safe.to_pylist() == [expected]
    assert count == changed
    if value is not None:
        assert xml_safe_text(value) == expected
