"""The numbers behind each inferred answer, for every group at once: one table per metric.

Each metric takes the per-row `Features` and its parameters from questions.yaml and returns a
small DataFrame with one row per group code (index 0 .. groups-1) — counts, shares and the
`metric` column the inference compares with its thresholds — or None when the log lacks
the columns it needs. `framework.inference.registry` binds them to their names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.inference import vocabulary as vocab
from framework.inference.counting import (
    crosstab,
    dominant,
    member,
    share,
    summed,
    with_unknown,
)
from framework.inference.features import Features

Params = Mapping[str, float]


def payload_consistency(features: Features, params: Params) -> pd.DataFrame | None:
    """Per group: share of rows in the dominant (shape, boundary) pair, and each part alone.

    None when the log has neither a payload nor a boundary to compare."""
    if features.shape is None and features.boundary is None:
        return None
    groups = features.group.size
    group = features.group.codes
    shape = features.shape.codes if features.shape else np.zeros_like(group)
    shapes = features.shape.size if features.shape else 1
    boundary, boundaries = with_unknown(features.boundary, group)
    keep = shape >= 0
    pair = crosstab([group[keep], shape[keep], boundary[keep]], [groups, shapes, boundaries])
    combo = dominant(pair.assign(c1=pair["c1"] * boundaries + pair["c2"]), "c1", groups)
    by_shape = dominant(summed(pair, ["c0", "c1"]), "c1", groups)
    by_boundary = dominant(summed(pair, ["c0", "c2"]), "c2", groups)
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["rows"] = combo["total"]
    out["metric"] = share(combo["top"], combo["total"])
    out["shape_share"] = share(by_shape["top"], by_shape["total"])
    out["shapes"] = by_shape["distinct"]
    out["boundary_share"] = share(by_boundary["top"], by_boundary["total"])
    out["boundary"] = by_boundary["value"]
    out["boundaries"] = by_boundary["distinct"]
    return out


def handler_dependence(features: Features, params: Params) -> pd.DataFrame | None:
    """Per group: how much of the resolution the handler explains (Theil's U, bias-corrected).

    Only handlers with at least `min_rows_per_handler` occurrences in the group take part.
    None when the log lacks the handler or the resolution.
    """
    if features.handler is None or features.resolution is None:
        return None
    min_per_handler = int(params["min_rows_per_handler"])
    groups, group = features.group.size, features.group.codes
    who, what = features.handler.codes, features.resolution.codes
    both = (who >= 0) & (what >= 0)
    sizes = [groups, features.handler.size]
    pairs = crosstab([group[both], who[both]], sizes)
    enough = pairs[pairs["n"] >= min_per_handler]
    width = max(sizes[1], 1)
    chosen = both & member(
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
    out["action_share"] = share(actions["top"], actions["total"])
    out["metric"] = _uncertainty(cells, groups)
    return out


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
    out["metric"] = share(out["positive"], out["rows"])
    return out


def retry_success(features: Features, params: Params) -> pd.DataFrame | None:
    """Among retried occurrences, how many had a success word as their retry outcome."""
    if features.retried is None:
        return None
    unread = np.full(features.rows, vocab.UNKNOWN, dtype=np.int8)
    outcomes = features.retry if features.retry is not None else unread
    return outcome_shares(outcomes, features, features.retried)


def fired_after_delivery(features: Features, params: Params) -> pd.DataFrame | None:
    """Among all occurrences, how many fired after a handoff whose status is a success word."""
    if features.handoff is None:
        return None
    return outcome_shares(features.handoff, features, features.group.codes >= 0)


def schema_share(features: Features, params: Params) -> pd.DataFrame | None:
    """Among occurrences with a classified cause, how many speak of schema rather than rules."""
    if features.cause is None:
        return None
    return outcome_shares(features.cause, features, features.group.codes >= 0)
