"""Byte-level masks on Arrow text give what the equivalent regex would."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from framework.columnar import textbytes

VALUES = ["", "a000b00", "0", "AAa--a", None, "héé00", "x"]


def arrow(values: list[str | None], large: bool = False) -> pa.Array:
    return pa.array(values, type=pa.large_string() if large else pa.string())


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize(
    ("chars", "pattern"), [(b"0", r"0+"), (b"Aa0", r"(A|a|0)\1+"), (b"-", r"-+")]
)
def test_squeeze_matches_the_regex(large: bool, chars: bytes, pattern: str) -> None:
    """Runs of the chosen bytes shrink to one byte, as re.sub would do; nulls stay null."""
    found = textbytes.squeeze(arrow(VALUES, large), chars).to_pylist()
    regex = re.compile(pattern)
    expected = [None if v is None else regex.sub(lambda m: m.group(0)[0], v) for v in VALUES]
    assert found == expected


def test_translate_maps_ascii_classes() -> None:
    """Digits, upper and lower case map to 0, A and a; other bytes stay."""
    found = textbytes.translate(arrow(["Ab-12é", None, ""]), textbytes.CLASSES)
    assert found.to_pylist() == ["Aa-00é", None, ""]


def test_sliced_arrays_are_read_from_their_offset() -> None:
    """A slice of a larger array is masked as itself."""
    sliced = arrow(["zz", "a00", "B11"]).slice(1, 2)
    assert textbytes.squeeze(sliced, b"0").to_pylist() == ["a0", "B11"]
    assert textbytes.translate(sliced, textbytes.DIGITS_TO_ZERO).to_pylist() == ["a00", "B00"]


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        (lambda v: textbytes.counts(v, b"0").tolist(), [0, 5, 1, 0, 0, 2, 0]),
        (
            lambda v: textbytes.contains_any(v, b"-x").tolist(),
            [False, False, False, True, False, False, True],
        ),
        (lambda v: textbytes.lengths(v).tolist(), [0, 7, 1, 6, 0, 7, 1]),
        (lambda v: textbytes.first_bytes(v).tolist(), [0, 97, 48, 65, 0, 104, 120]),
        (lambda v: textbytes.ends(v)[2].tolist(), [0, 48, 48, 97, 0, 48, 120]),
        (lambda v: textbytes.ends(v)[0].tolist(), [0, 7, 1, 6, 0, 7, 1]),
    ],
)
def test_per_value_measures(function: object, expected: list[object]) -> None:
    """Counts, membership, byte lengths, first and last bytes per value (empty and null:
    0)."""
    assert function(arrow(VALUES)) == expected  # type: ignore[operator]
