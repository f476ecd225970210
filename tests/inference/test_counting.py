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
        ([[3, 1], [2**40, 7]], [4, 2**41], [(1, 7, 1), (3, 2**40, 1)]),
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
    keys = [np.array(column, dtype=np.int64) for column in columns[:3]]
    found = count_frame(*summed_by_keys(keys, np.array(columns[3], dtype=np.int64)))
    frame = pd.DataFrame({"c0": keys[0], "c1": keys[1], "c2": keys[2], "n": columns[3]})
    expected = frame.groupby(["c0", "c1", "c2"], as_index=False, sort=True).agg(n=("n", "sum"))
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)


@pytest.mark.parametrize("huge", [False, True])
def test_sorted_by_keys_orders_rows_by_their_keys(huge: bool) -> None:
    """Rows come out ordered by c0, then c1, each with its own count, whether the keys fit
    in one integer or not."""
    rng = np.random.default_rng(5)
    high = 2**40 if huge else 30
    pairs = {
        (int(a), int(b))
        for a, b in zip(rng.integers(0, high, 200), rng.integers(0, high, 200), strict=True)
    }
    rows = list(pairs)
    rng.shuffle(rows)
    keys = [
        np.array([row[0] for row in rows], dtype=np.int64),
        np.array([row[1] for row in rows], dtype=np.int64),
    ]
    counts = np.array([a % 7 + b % 5 for a, b in rows], dtype=np.int64)
    found_keys, found_counts = sorted_by_keys(keys, counts)
    found = list(
        zip(found_keys[0].tolist(), found_keys[1].tolist(), found_counts.tolist(), strict=True)
    )
    assert found == sorted((a, b, a % 7 + b % 5) for a, b in rows)
