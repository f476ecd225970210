"""Counting over integer codes with numpy: the building blocks of every metric table.

    crosstab([groups, actions], [n_groups, n_actions])   # counts of each pair that occurs
    dominant(table, "c1", n_groups)                     # per group: its commonest value

The only Python loops are over the (few) distinct labels, never over rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.columnar.coded import MISSING, dense_fits


def crosstab(codes: Sequence[npt.NDArray[np.integer]], sizes: Sequence[int]) -> pd.DataFrame:
    """Counts of each combination of codes that occurs: columns c0, c1, …, n.

    Rows where any code is missing (negative) are left out.
    """
    keep = np.logical_and.reduce([c >= 0 for c in codes]) if codes else np.zeros(0, bool)
    key = np.zeros(int(keep.sum()), dtype=np.int64)
    for column, size in zip(codes, sizes, strict=True):
        key = key * max(size, 1) + column[keep]
    space = int(np.prod([max(size, 1) for size in sizes], dtype=np.float64))
    if dense_fits(space, len(key)):
        counts = np.bincount(key, minlength=space)
        present = np.flatnonzero(counts)
        counts = counts[present]
    else:
        present, counts = np.unique(key, return_counts=True)
    out = {}
    for index in range(len(sizes) - 1, -1, -1):
        size = max(sizes[index], 1)
        out[f"c{index}"] = present % size
        present = present // size
    frame = pd.DataFrame({name: out[name] for name in sorted(out)})
    frame["n"] = counts
    return frame


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
