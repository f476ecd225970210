"""Columns as codes: white space read as the regular expression reads it, labels merged."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from framework.columnar.coded import MISSING, encode, single_spaced

TRICKY = [
    "one two",
    "two  spaces",
    "tab\there",
    "line\nbreak\r\nand\fform",
    "  padded  ",
    "vertical\vtab stays",
    "no\u00a0break stays",
    "",
    None,
]


@pytest.mark.parametrize("large", [False, True])
def test_single_spaced_is_the_regex(large: bool) -> None:
    """Runs of white space become one space exactly where `\\s+` would match; values
    without a run come back as they were, nulls stay null."""
    kind = pa.large_string() if large else pa.string()
    found = single_spaced(pa.array(TRICKY, type=kind)).to_pylist()
    expected = [None if v is None else re.sub(r"[ \t\n\f\r]+", " ", v) for v in TRICKY]
    assert found == expected


def test_single_spaced_values_without_runs_are_untouched() -> None:
    """A column with single spaces only is returned as it is."""
    values = pa.array(["a b", "c"])
    assert single_spaced(values) is values


@pytest.mark.parametrize(
    ("rows", "labels"),
    [
        (["Sent  twice", "sent twice", " SENT\ttwice "], ["sent twice"]),
        (["a", "  ", "b\n"], ["a", "b"]),
    ],
)
def test_encode_tidies_before_comparing(rows: list[str], labels: list[str]) -> None:
    """Values equal once trimmed, single-spaced and lower-cased share one code; blank
    values are missing."""
    coded = encode(pa.chunked_array([pa.array(rows)]), fold_case=True)
    assert list(coded.labels) == labels
    blank = [row.strip() == "" for row in rows]
    assert [code == MISSING for code in coded.codes.tolist()] == blank
