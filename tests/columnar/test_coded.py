"""Columns as codes: white space read as the regular expression reads it, labels merged
(codes whose new names are equal share one code, in order of first appearance; an empty
name makes its rows missing)."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from framework.columnar.coded import (
    MISSING,
    Coded,
    encode,
    encode_arrow,
    merge_array,
    merge_codes,
    single_spaced,
)

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


@pytest.mark.parametrize(
    "rows",
    [["b", "a", "b", None], ["x  y", "X y", " ", "n/a", "z"], [], [None, None]],
)
def test_encode_arrow_is_encode_with_arrow_labels(rows: list[str | None]) -> None:
    """`encode_arrow` gives the codes `encode` gives, its labels the same text in Arrow."""
    column = pa.chunked_array([pa.array(rows, pa.string())])

    def rename(names: pa.Array) -> pa.Array:
        return pc.if_else(pc.equal(names, "n/a"), "", names)

    coded = encode(column, fold_case=True, rename=rename)
    codes, labels = encode_arrow(column, fold_case=True, rename=rename)
    assert codes.tolist() == coded.codes.tolist()
    assert labels.to_pylist() == list(coded.labels)


def test_merge_codes_leaves_distinct_names_as_they_are() -> None:
    """Codes into names that are distinct and none empty come back as they are; names
    alike or empty are merged, their rows recoded (an empty name: missing)."""
    codes = np.array([0, 1, 2, 1, MISSING], dtype=np.int32)
    same_codes, same = merge_codes(codes, pa.array(["a", "b", "c"]))
    assert same_codes is codes
    assert same.to_pylist() == ["a", "b", "c"]
    merged_codes, merged = merge_codes(codes, pa.array(["a", "", "a"]))
    assert merged_codes.tolist() == [0, MISSING, 0, MISSING, MISSING]
    assert merged.to_pylist() == ["a"]


def by_dict(names: list[str | None]) -> tuple[list[int], tuple[str, ...]]:
    """Each code's new code as a dict of names gives it (blank or null: missing)."""
    found: dict[str, int] = {}
    codes = [MISSING if not name else found.setdefault(name, len(found)) for name in names]
    return codes, tuple(found)


@pytest.mark.parametrize(
    "names",
    [
        ["b", "a", "", "b", None, "c"],
        ["", "", ""],
        ["", "x", "", "y", "x"],
        ["x", "y", ""],
        [],
        [None, None],
        ["é", "e", "é", "ß"],
    ],
)
def test_merge_array_gives_the_codes_of_a_dict(names: list[str | None]) -> None:
    """Every row takes the code of its old code's name; the labels are the distinct names
    in order of first appearance; "" and null names, and missing rows, are missing."""
    old = np.array([*range(len(names)), MISSING, *reversed(range(len(names)))], dtype=np.int32)
    coded = Coded(old, tuple(f"old {i}" for i in range(len(names))))
    merged = merge_array(coded, pa.array(names, type=pa.string()))
    per_code, labels = by_dict(names)
    assert merged.labels == labels
    assert merged.codes.tolist() == [per_code[i] if i >= 0 else MISSING for i in old.tolist()]
