"""Counting over integer codes with numpy: the building blocks of every metric table.

    crosstab([groups, actions], [n_groups, n_actions])   # counts of each pair that occurs
    dominant(table, "c1", n_groups)                     # per group: its commonest value
    group_basics(features)                              # rows, first/last time, days per group

The only Python loops are over the (few) distinct labels, never over rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.columnar.coded import MISSING, Coded, Codes
from framework.columnar.timestamps import NAT, days
from framework.inference.features import Features

_DENSE_LIMIT = 1 << 24


def crosstab(codes: Sequence[npt.NDArray[np.integer]], sizes: Sequence[int]) -> pd.DataFrame:
    """Counts of each combination of codes that occurs: columns c0, c1, …, n.

    Rows where any code is missing (negative) are left out.
    """
    keep = np.logical_and.reduce([c >= 0 for c in codes]) if codes else np.zeros(0, bool)
    key = np.zeros(int(keep.sum()), dtype=np.int64)
    for column, size in zip(codes, sizes, strict=True):
        key = key * max(size, 1) + column[keep]
    space = int(np.prod([max(size, 1) for size in sizes], dtype=np.float64))
    if space <= _DENSE_LIMIT:
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


def group_basics(features: Features) -> pd.DataFrame:
    """Occurrences, first and last time seen (ns or NAT) and days active per group."""
    groups = features.group.size
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["rows"] = np.bincount(features.group.codes, minlength=groups)
    out["first"] = NAT
    out["last"] = NAT
    out["days"] = 0
    if features.time is not None:
        known = features.time != NAT
        table = pd.DataFrame({"g": features.group.codes[known], "t": features.time[known]})
        span = table.groupby("g")["t"].agg(["min", "max"])
        out.loc[span.index, "first"] = span["min"].to_numpy()
        out.loc[span.index, "last"] = span["max"].to_numpy()
        day = days(features.time[known])
        first_day = int(day.min()) if day.size else 0
        pairs = crosstab([features.group.codes[known], day - first_day], [groups, _span(day)])
        out["days"] = np.bincount(pairs["c0"], minlength=groups)
    return out


def _span(values: npt.NDArray[np.int64]) -> int:
    return int(values.max() - values.min() + 1) if values.size else 1


def summed(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`table` counts summed over the columns not in `keys`."""
    return table.groupby(keys, as_index=False).agg(n=("n", "sum"))


def dominant(table: pd.DataFrame, key: str, groups: int) -> pd.DataFrame:
    """Per group: the most frequent value of `key` (ties: lowest code), its count, the total."""
    totals = table.groupby("c0")["n"].sum()
    ordered = table.sort_values(["c0", "n", key], ascending=[True, False, True])
    top = ordered.drop_duplicates("c0").set_index("c0")
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["value"] = top[key].reindex(out.index, fill_value=MISSING).astype(np.int64)
    out["top"] = top["n"].reindex(out.index, fill_value=0)
    out["total"] = totals.reindex(out.index, fill_value=0)
    out["distinct"] = table.groupby("c0").size().reindex(out.index, fill_value=0)
    return out


def with_unknown(coded: Coded | None, like: Codes) -> tuple[Codes, int]:
    """Boundary codes where a missing boundary is a value of its own ("unknown")."""
    if coded is None:
        return np.zeros_like(like), 1
    codes = np.where(coded.codes < 0, np.int32(coded.size), coded.codes)
    return codes.astype(np.int32), coded.size + 1


def share(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0)).astype(float)


def member(keys: npt.NDArray[np.int64], allowed: pd.Series) -> npt.NDArray[np.bool_]:
    """Per key: whether it is one of `allowed` (keys below 0 never are)."""
    top = int(keys.max()) + 1 if keys.size else 0
    if top <= _DENSE_LIMIT:
        table = np.zeros(top + 1, dtype=bool)
        table[allowed.to_numpy()] = True
        return table[np.where(keys >= 0, keys, top)]
    return np.isin(keys, allowed.to_numpy())


def dominant_boundary(features: Features) -> npt.NDArray[np.int64]:
    """Per group, the code of the boundary most of its occurrences with a payload crossed
    (`features.boundary.size` where that is no recorded boundary at all)."""
    groups, group = features.group.size, features.group.codes
    keep = features.shape.codes >= 0 if features.shape is not None else np.ones_like(group, bool)
    boundary, boundaries = with_unknown(features.boundary, group)
    pairs = crosstab([group[keep], boundary[keep]], [groups, boundaries])
    values: npt.NDArray[np.int64] = dominant(pairs, "c1", groups)["value"].to_numpy()
    return values
