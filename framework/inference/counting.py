"""Counting over integer codes with numpy: the building blocks of every metric table.

    keys, n = crosstab([groups, actions], [n_groups, n_actions])   # each pair that occurs
    keys, n = summed_by_keys(keys, n)         # parts of a table summed per combination
    table = count_frame(keys, n)              # as a count table: c0, c1, …, n
    dominant(table, "c1", n_groups)           # per group: its commonest value

A count table's keys are kept as columns (c0 the group, c1, … the values), its rows sorted by
them and each combination once. The only Python loops are over the (few) distinct labels,
never over rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.columnar.coded import MISSING, dense_fits

Column = npt.NDArray[np.int64]
Keys = list[npt.NDArray[np.int32]]
"""The key columns of a count table (c0, c1, …), one entry per row: codes, so 32 bits
(half the memory of a table being summed); a count table (`count_frame`) has 64-bit
columns, for the arithmetic the metrics do on them."""


def crosstab(codes: Sequence[npt.NDArray[np.integer]], sizes: Sequence[int]) -> tuple[Keys, Column]:
    """Each combination of codes that occurs, sorted, and how often: (key columns, counts).

    Rows where any code is missing (negative) are left out.
    """
    keep = np.logical_and.reduce([c >= 0 for c in codes]) if codes else np.zeros(0, bool)
    key = _packed([column[keep] for column in codes], [max(size, 1) for size in sizes])
    space = int(np.prod([max(size, 1) for size in sizes], dtype=np.float64))
    if dense_fits(space, len(key)):
        counts = np.bincount(key, minlength=space)
        present = np.flatnonzero(counts)
        counts = counts[present]
    else:
        present, counts = np.unique(key, return_counts=True)
    return _unpacked(present, sizes), counts.astype(np.int64)


def summed_by_keys(keys: Keys, counts: Column) -> tuple[Keys, Column]:
    """Counts summed per distinct combination of the (non-negative) key columns, sorted by
    the keys: what `groupby(keys, sort=True).sum()` gives, by one integer key per row."""
    sizes = _sizes(keys)
    if sizes is None:  # no one integer key holds them all: pandas
        frame = count_frame(keys, counts)
        names = [f"c{index}" for index in range(len(keys))]
        found = frame.groupby(names, as_index=False, sort=True).agg(n=("n", "sum"))
        return [found[name].to_numpy(np.int32) for name in names], found["n"].to_numpy(np.int64)
    present, totals = _sum_runs(_packed(keys, sizes), counts)
    return _unpacked(present, sizes), totals


def sorted_by_keys(keys: Keys, counts: Column) -> tuple[Keys, Column]:
    """The rows of a count table (each combination once) in the order of their keys."""
    sizes = _sizes(keys)
    order = np.lexsort(keys[::-1]) if sizes is None else np.argsort(_packed(keys, sizes))
    return [column[order] for column in keys], counts[order]


def count_frame(keys: Keys, counts: Column) -> pd.DataFrame:
    """Key columns and counts as a count table: columns c0, c1, …, n (the arrays are the
    table's, not copied)."""
    columns = {f"c{index}": column.astype(np.int64) for index, column in enumerate(keys)}
    return pd.DataFrame({**columns, "n": counts}, copy=False)


def _sizes(keys: Keys) -> list[int] | None:
    """Each key column's size (its largest value + 1); None when their product does not fit
    in one 64-bit key."""
    sizes = [int(column.max()) + 1 if column.size else 1 for column in keys]
    return None if float(np.prod(sizes, dtype=np.float64)) >= 2.0**62 else sizes


def _packed(keys: Sequence[npt.NDArray[np.integer]], sizes: Sequence[int]) -> Column:
    key = np.zeros(len(keys[0]) if len(keys) else 0, dtype=np.int64)
    for column, size in zip(keys, sizes, strict=True):
        key *= size
        key += column
    return key


def _unpacked(present: Column, sizes: Sequence[int]) -> Keys:
    out: Keys = []
    for size in reversed(sizes):
        out.append((present % max(size, 1)).astype(np.int32))
        present = present // max(size, 1)
    return out[::-1]


def _sum_runs(key: Column, counts: Column) -> tuple[Column, Column]:
    """The distinct keys in order and the counts summed per key. The parts of a count table
    are each sorted by key, so a stable sort (timsort) merges runs instead of sorting."""
    if not len(key):
        return key, counts.astype(np.int64)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.add.reduceat(counts[order], starts).astype(np.int64)


def per_group(table: pd.DataFrame, groups: int) -> npt.NDArray[np.int64]:
    """A count table's counts summed per group (c0)."""
    sums = np.bincount(table["c0"].to_numpy(), weights=table["n"].to_numpy(), minlength=groups)
    return sums.astype(np.int64)


def summed(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`table` counts summed over the columns not in `keys`."""
    return table.groupby(keys, as_index=False).agg(n=("n", "sum"))


def dominant(table: pd.DataFrame, key: str, groups: int) -> pd.DataFrame:
    """Per group: the most frequent value of `key` (ties: lowest code), its count, how many
    values share that count (`ties`, 1 when it stands alone), the total and the distinct."""
    totals = table.groupby("c0")["n"].sum()
    ordered = table.sort_values(["c0", "n", key], ascending=[True, False, True])
    top = ordered.drop_duplicates("c0").set_index("c0")
    at_top = table["n"].to_numpy() == top["n"].reindex(table["c0"]).to_numpy()
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["value"] = top[key].reindex(out.index, fill_value=MISSING).astype(np.int64)
    out["top"] = top["n"].reindex(out.index, fill_value=0)
    out["ties"] = table[at_top].groupby("c0").size().reindex(out.index, fill_value=0)
    out["total"] = totals.reindex(out.index, fill_value=0)
    out["distinct"] = table.groupby("c0").size().reindex(out.index, fill_value=0)
    return out


def share(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0)).astype(float)
