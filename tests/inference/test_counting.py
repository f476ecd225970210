"""Counting over codes: every combination counted once, sorted by its keys; parts summed as
pandas' groupby would sum them; a table put in key order without losing a row."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from framework.inference.counting import count_frame, crosstab, sorted_by_keys, summed_by_keys


@pytest.mark.parametrize(
    ("codes", "sizes", "expected"),
    [
        ([[0, 1, 0, 2], [1, 1, 1, 0]], [3, 2], [(0, 1, 2), (1, 1, 1), (2, 0, 1)]),
        ([[0, -1, 0], [1, 1, -1]], [1, 2], [(0, 1, 1)]),
        ([[5, 5, 0]], [6], [(0, 1), (5, 2)]),
        ([[], []], [0, 0], []),
        ([[3, 1], [2**30, 7]], [4, 2**31 - 1], [(1, 7, 1), (3, 2**30, 1)]),
    ],
)
def test_crosstab_counts_each_combination_once_in_key_order(
    codes: list[list[int]], sizes: list[int], expected: list[tuple[int, ...]]
) -> None:
    """Each combination of codes that occurs is one row, in the order of its keys, with
    how many rows had it; a row with a missing (negative) code is not counted. A key space
    too big for a dense count is counted by sorting, with the same result."""
    keys, counts = crosstab([np.array(column, dtype=np.int64) for column in codes], sizes)
    columns = [key.tolist() for key in keys]
    assert list(zip(*columns, counts.tolist(), strict=True)) == [tuple(row) for row in expected]


def _parts(seed: int, sizes: list[int], sort: bool) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    columns = [rng.integers(0, high, sum(sizes)) for high in (50, 4, 3)]
    frame = pd.DataFrame({"c0": columns[0], "c1": columns[1], "c2": columns[2]})
    frame["n"] = rng.integers(1, 9, len(frame))
    edges = np.cumsum([0, *sizes])
    parts = [frame.iloc[a:b] for a, b in itertools.pairwise(edges)]
    if sort:
        parts = [part.groupby(["c0", "c1", "c2"], as_index=False).sum() for part in parts]
    return [pd.concat(parts)[name].tolist() for name in ("c0", "c1", "c2", "n")]


@pytest.mark.parametrize(
    "columns",
    [
        _parts(1, [400, 60, 60, 5], sort=True),
        _parts(2, [300, 300], sort=False),
        _parts(3, [1], sort=True),
        [[], [], [], []],
        [[2, 0, 2, 1], [1, 1, 1, 0], [0, 0, 0, 0], [5, 1, 2, 7]],
    ],
)
def test_summed_by_keys_is_the_sorted_groupby_sum(columns: list[list[int]]) -> None:
    """Counts summed per distinct key combination, sorted by the keys, as pandas'
    groupby(sort=True).sum() gives — whether the parts come as sorted runs or not."""
    keys = [np.array(column, dtype=np.int32) for column in columns[:3]]
    found = count_frame(*summed_by_keys(keys, np.array(columns[3], dtype=np.int64)))
    frame = pd.DataFrame({"c0": keys[0], "c1": keys[1], "c2": keys[2], "n": columns[3]})
    expected = frame.groupby(["c0", "c1", "c2"], as_index=False, sort=True).agg(n=("n", "sum"))
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)


@pytest.mark.parametrize("high", [30, 2**31 - 1])
def test_sorted_by_keys_orders_rows_by_their_keys(high: int) -> None:
    """Rows come out ordered by c0, then c1, then c2, each with its own count, whether the
    keys fit in one 64-bit integer or not (three columns of 31-bit codes do not)."""
    rng = np.random.default_rng(5)
    rows = list({tuple(int(v) for v in rng.integers(0, high, 3)) for _ in range(200)})
    rng.shuffle(rows)
    keys = [np.array([row[index] for row in rows], dtype=np.int32) for index in range(3)]
    counts = np.array([sum(row) % 7 + 1 for row in rows], dtype=np.int64)
    found_keys, found_counts = sorted_by_keys(keys, counts)
    columns = [key.tolist() for key in found_keys]
    found = list(zip(*columns, found_counts.tolist(), strict=True))
    assert found == sorted((*row, sum(row) % 7 + 1) for row in rows)


def test_count_frame_has_64_bit_columns() -> None:
    """A count table's columns are 64-bit whatever its keys were counted in, so that the
    metrics' arithmetic on codes (shape × boundaries + boundary) cannot overflow."""
    keys = [np.array([2**31 - 1], dtype=np.int32), np.array([3], dtype=np.int32)]
    frame = count_frame(keys, np.array([5], dtype=np.int64))
    assert list(frame.columns) == ["c0", "c1", "n"]
    assert all(dtype == np.int64 for dtype in frame.dtypes)
    assert int((frame["c0"] * 4 + frame["c1"]).iloc[0]) == (2**31 - 1) * 4 + 3
