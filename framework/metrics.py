"""The numbers behind each inferred answer, for every group at once.

Each function takes the per-row `Features` and returns a small DataFrame with one row per
group code (index 0 .. groups-1): counts, shares and the metric the inference compares with
its thresholds. Work is done with numpy counting over integer codes; the only Python loops
are over the (few) distinct labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework import vocab
from framework.columnar import MISSING, Coded, Codes
from framework.features import Features
from framework.timestamps import NAT, days

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


def payload(features: Features) -> pd.DataFrame:
    """Per group: share of rows in the dominant (shape, boundary) pair, and each part alone."""
    groups = features.group.size
    group = features.group.codes
    shape = features.shape.codes if features.shape else np.zeros_like(group)
    shapes = features.shape.size if features.shape else 1
    boundary, boundaries = _with_unknown(features.boundary, group)
    keep = shape >= 0
    pair = crosstab([group[keep], shape[keep], boundary[keep]], [groups, shapes, boundaries])
    combo = dominant(pair.assign(c1=pair["c1"] * boundaries + pair["c2"]), "c1", groups)
    by_shape = dominant(summed(pair, ["c0", "c1"]), "c1", groups)
    by_boundary = dominant(summed(pair, ["c0", "c2"]), "c2", groups)
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["rows"] = combo["total"]
    out["metric"] = _share(combo["top"], combo["total"])
    out["shape_share"] = _share(by_shape["top"], by_shape["total"])
    out["shapes"] = by_shape["distinct"]
    out["boundary_share"] = _share(by_boundary["top"], by_boundary["total"])
    out["boundary"] = by_boundary["value"]
    out["boundaries"] = by_boundary["distinct"]
    return out


def _with_unknown(coded: Coded | None, like: Codes) -> tuple[Codes, int]:
    """Boundary codes where a missing boundary is a value of its own ("unknown")."""
    if coded is None:
        return np.zeros_like(like), 1
    codes = np.where(coded.codes < 0, np.int32(coded.size), coded.codes)
    return codes.astype(np.int32), coded.size + 1


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0)).astype(float)


def handler(features: Features, min_per_handler: int) -> pd.DataFrame:
    """Per group: how much of the resolution the handler explains (Theil's U, bias-corrected).

    Only handlers with at least `min_per_handler` occurrences in the group take part.
    """
    assert features.handler is not None and features.resolution is not None
    groups, group = features.group.size, features.group.codes
    who, what = features.handler.codes, features.resolution.codes
    both = (who >= 0) & (what >= 0)
    sizes = [groups, features.handler.size]
    pairs = crosstab([group[both], who[both]], sizes)
    enough = pairs[pairs["n"] >= min_per_handler]
    width = max(sizes[1], 1)
    chosen = both & _member(
        group.astype(np.int64) * width + who, enough["c0"] * width + enough["c1"]
    )
    cells = crosstab([group[chosen], who[chosen], what[chosen]], [*sizes, features.resolution.size])
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["all_rows"] = np.bincount(group[both], minlength=groups)
    seen = crosstab([group[both], what[both]], [groups, features.resolution.size])
    out["all_actions"] = np.bincount(seen["c0"], minlength=groups)
    out["handlers"] = enough.groupby("c0").size().reindex(out.index, fill_value=0)
    actions = dominant(summed(cells, ["c0", "c2"]), "c2", groups)
    out["rows"] = actions["total"]
    out["actions"] = actions["distinct"]
    out["action"] = actions["value"]
    out["action_share"] = _share(actions["top"], actions["total"])
    out["metric"] = _uncertainty(cells, groups)
    return out


def _member(keys: npt.NDArray[np.int64], allowed: pd.Series) -> npt.NDArray[np.bool_]:
    """Per key: whether it is one of `allowed` (keys below 0 never are)."""
    top = int(keys.max()) + 1 if keys.size else 0
    if top <= _DENSE_LIMIT:
        table = np.zeros(top + 1, dtype=bool)
        table[allowed.to_numpy()] = True
        return table[np.where(keys >= 0, keys, top)]
    return np.isin(keys, allowed.to_numpy())


def _uncertainty(cells: pd.DataFrame, groups: int) -> pd.Series:
    """U(resolution | handler) per group with the Miller–Madow bias taken off the information."""

    def nlogn(keys: list[str]) -> tuple[pd.Series, pd.Series]:
        counts = cells.groupby(keys)["n"].sum()
        terms = counts * np.log(counts)
        by_group = terms.groupby(level=0).sum()
        cells_per_group = counts.groupby(level=0).size()
        index = pd.RangeIndex(groups)
        return by_group.reindex(index, fill_value=0.0), cells_per_group.reindex(index, fill_value=0)

    joint, k_joint = nlogn(["c0", "c1", "c2"])
    action, k_action = nlogn(["c0", "c2"])
    person, k_person = nlogn(["c0", "c1"])
    total = cells.groupby("c0")["n"].sum().reindex(pd.RangeIndex(groups), fill_value=0)
    size = total.where(total > 0)
    n_log_n = size * np.log(size)
    entropy = (n_log_n - action) / size
    information = (n_log_n - action - person + joint) / size
    bias = (k_joint - k_action - k_person + 1) / (2 * size)
    corrected_entropy = entropy + (k_action - 1) / (2 * size)
    share = ((information - bias) / corrected_entropy).clip(lower=0.0, upper=1.0)
    return cast(pd.Series, share.where(entropy > 1e-12, 0.0).where(total > 0))


def outcome_shares(
    classes: vocab.Classes, features: Features, rows: npt.NDArray[np.bool_]
) -> pd.DataFrame:
    """Per group, among `rows`: outcomes known, successes, and the success share."""
    groups, group = features.group.size, features.group.codes
    known = rows & (classes != vocab.UNKNOWN)
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["selected"] = np.bincount(group[rows], minlength=groups)
    out["rows"] = np.bincount(group[known], minlength=groups)
    out["positive"] = np.bincount(group[known & (classes == vocab.POSITIVE)], minlength=groups)
    out["metric"] = _share(out["positive"], out["rows"])
    return out
