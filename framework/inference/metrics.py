"""The numbers behind each inferred answer, for every group at once: one table per metric.

Each metric reads the log's count tables (`framework.inference.tallies.Tallies`) with its
parameters from questions.yaml and returns a small DataFrame with one row per group code
(index 0 .. groups-1) — counts, shares and the `metric` column the inference compares with
its thresholds — or None when the log lacks the columns it needs.
`framework.inference.registry` binds them to their names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
import pandas as pd

from framework.inference.counting import dominant, per_group, share, summed
from framework.inference.tallies import Tallies

Params = Mapping[str, float]


def payload_consistency(tallies: Tallies, params: Params) -> pd.DataFrame | None:
    """Per group: share of rows in the dominant (shape, boundary) pair, and each part alone.

    None when the log has neither a payload nor a boundary to compare."""
    pair = tallies.table("payload")
    if pair is None:
        return None
    groups = tallies.group.size
    boundaries = tallies.boundary.size + 1 if tallies.boundary is not None else 1
    combo = dominant(pair.assign(c1=pair["c1"] * boundaries + pair["c2"]), "c1", groups)
    by_shape = dominant(summed(pair, ["c0", "c1"]), "c1", groups)
    by_boundary = dominant(summed(pair, ["c0", "c2"]), "c2", groups)
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["rows"] = combo["total"]
    out["metric"] = share(combo["top"], combo["total"])
    out["shape_share"] = share(by_shape["top"], by_shape["total"])
    out["shape_ties"] = by_shape["ties"]
    out["shapes"] = by_shape["distinct"]
    out["boundary_share"] = share(by_boundary["top"], by_boundary["total"])
    out["boundary"] = by_boundary["value"]
    out["boundary_ties"] = by_boundary["ties"]
    out["boundaries"] = by_boundary["distinct"]
    return out


def handler_dependence(tallies: Tallies, params: Params) -> pd.DataFrame | None:
    """Per group: how much of the resolution the handler explains (Theil's U, bias-corrected).

    Only handlers with at least `min_rows_per_handler` occurrences in the group take part.
    None when the log lacks the handler or the resolution.
    """
    everything = tallies.table("handler")
    if everything is None:
        return None
    groups = tallies.group.size
    pairs = summed(everything, ["c0", "c1"])
    enough = pairs[pairs["n"] >= int(params["min_rows_per_handler"])]
    cells = everything.merge(enough[["c0", "c1"]], on=["c0", "c1"], how="inner")
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["all_rows"] = per_group(everything, groups)
    seen = dominant(summed(everything, ["c0", "c2"]), "c2", groups)
    out["all_actions"] = seen["distinct"]
    out["all_action"] = seen["value"]
    out["handlers"] = enough.groupby("c0").size().reindex(out.index, fill_value=0)
    actions = dominant(summed(cells, ["c0", "c2"]), "c2", groups)
    out["rows"] = actions["total"]
    out["actions"] = actions["distinct"]
    out["action"] = actions["value"]
    out["action_ties"] = actions["ties"]
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


def outcome_shares(table: pd.DataFrame, groups: int) -> pd.DataFrame:
    """Per group, from counts by outcome class (c1 = class + 1: 0 unknown, 1 negative,
    2 positive): rows selected, outcomes known, positives, and the positive share."""
    known = table[table["c1"] > 0]
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    out["selected"] = per_group(table, groups)
    out["rows"] = per_group(known, groups)
    out["positive"] = per_group(known[known["c1"] == 2], groups)
    out["metric"] = share(out["positive"], out["rows"])
    return out


def retry_success(tallies: Tallies, params: Params) -> pd.DataFrame | None:
    """Among retried occurrences, how many had a success word as their retry outcome."""
    table = tallies.table("retry")
    return None if table is None else outcome_shares(table, tallies.group.size)


def fired_after_delivery(tallies: Tallies, params: Params) -> pd.DataFrame | None:
    """Among all occurrences, how many fired after a handoff whose status is a success word."""
    table = tallies.table("handoff")
    return None if table is None else outcome_shares(table, tallies.group.size)


def schema_share(tallies: Tallies, params: Params) -> pd.DataFrame | None:
    """Among occurrences with a classified cause, how many speak of schema rather than rules."""
    table = tallies.table("cause")
    return None if table is None else outcome_shares(table, tallies.group.size)
