"""The benchmark's pure helpers: medians, ratios, PASS/MISS against a target, the table."""

from __future__ import annotations

import pytest

from benchmarks.bench_table import (
    cache_name,
    median,
    megabytes,
    parse_sizes,
    ratio,
    render,
    verdict,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([0.4, 0.3, 0.9], 0.4), ([2.0, 1.0], 1.5), ([5.0], 5.0), ([3.0, 100.0, 1.0, 2.0, 4.0], 3.0)],
)
def test_median_ignores_one_slow_outlier(values: list[float], expected: float) -> None:
    """The median of the rounds is quoted, so one noisy round does not move it."""
    assert median(values) == expected


def test_median_of_nothing_is_an_error() -> None:
    """With no rounds there is no figure to quote."""
    with pytest.raises(ValueError, match="no measurements"):
        median([])


@pytest.mark.parametrize(("part", "whole", "expected"), [(3.0, 1.5, 2.0), (1.0, 0.0, float("inf"))])
def test_ratio(part: float, whole: float, expected: float) -> None:
    """A ratio is the part as a multiple of the whole; nothing to divide by is infinite."""
    assert ratio(part, whole) == expected


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        (4.1, 5.0, "PASS (4.10× ≤ 5×)"),
        (5.0, 5.0, "PASS (5.00× ≤ 5×)"),
        (5.2, 5.0, "MISS (5.20× > 5×)"),
        (2.95, 3.0, "PASS (2.95× ≤ 3×)"),
        (float("inf"), 3.0, "MISS (inf× > 3×)"),
    ],
)
def test_verdict_against_a_target(value: float, limit: float, expected: str) -> None:
    """A figure at or under its target passes; above it misses; both show the numbers."""
    assert verdict(value, limit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100000,1000000", [100_000, 1_000_000]),
        ("100k, 1M", [100_000, 1_000_000]),
        ("1_000", [1_000]),
    ],
)
def test_sizes_are_read_from_the_option(text: str, expected: list[int]) -> None:
    """--sizes takes plain or k/M-suffixed row counts, comma-separated."""
    assert parse_sizes(text) == expected


@pytest.mark.parametrize("text", ["", "ten", "0", "-5", "1.5M", "100,,200"])
def test_bad_sizes_are_refused(text: str) -> None:
    """Anything that is not a positive row count is refused with the offending part named."""
    with pytest.raises(ValueError, match="is not a row count"):
        parse_sizes(text)


def test_the_table_aligns_columns_under_a_rule() -> None:
    """The header is ruled off; the first column is left-aligned, numbers right-aligned."""
    text = render([["rows", "file"], ["100,000", "26 MB"], ["1,000,000", "261 MB"]])
    assert text.splitlines() == [
        "rows         file",
        "---------  ------",
        "100,000     26 MB",
        "1,000,000  261 MB",
    ]


def test_cached_logs_are_named_by_rows_seed_and_generator() -> None:
    """A different generator version or seed never reuses another's cached file."""
    names = {cache_name(1_000, 7, "aaa"), cache_name(1_000, 7, "bbb"), cache_name(1_000, 8, "aaa")}
    assert len(names) == 3
    assert cache_name(1_000, 7, "aaa") == "log-1000-seed7-genaaa.csv"


def test_megabytes_are_whole_mebibytes() -> None:
    """Sizes read in MB (1024² bytes), rounded."""
    assert megabytes(261 * 1024**2 + 400_000) == "261 MB"
