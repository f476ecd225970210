"""An analysis assembled from a log's tallies: every group's answers inferred and diagnosed,
most frequent group first, with its days, first and last time, dominant boundary and the
counts the handoff map draws.

    analysis = analysis_of(tallies, columns, spec, group_by)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.analysis.results import Analysis, build_group
from framework.columnar.timestamps import NAT
from framework.inference.runner import infer
from framework.inference.tallies import Tallies, dominant_boundary
from framework.spec.model import Spec


def analysis_of(
    tallies: Tallies, mapping: Mapping[str, str | None], spec: Spec, group_by: str
) -> Analysis:
    """The analysis a log's tallies give: every group's answers inferred and diagnosed,
    most frequent group first."""
    inferred, basics = infer(tallies, spec)
    labels = tallies.group.labels
    order = np.lexsort((np.array(labels, dtype=object), -basics["rows"].to_numpy()))
    position = np.empty(len(labels), dtype=np.int32)
    position[order] = np.arange(len(labels), dtype=np.int32)
    daily = _daily(tallies)
    boundaries = _dominant_boundaries(tallies)
    records = basics.to_dict("records")
    groups = tuple(
        build_group(
            spec,
            group=labels[code],
            exceptions=int(records[code]["rows"]),
            days_active=int(records[code]["days"]) if tallies.timed else None,
            first_seen=_iso(int(records[code]["first"])),
            last_seen=_iso(int(records[code]["last"])),
            boundary=boundaries[code],
            inferred=inferred[code],
            overrides={},
            daily=daily.get(code, ()),
        )
        for code in order.tolist()
    )
    columns = {key: value for key, value in mapping.items() if value is not None}
    rows = None if tallies.row_groups is None else position[tallies.row_groups]
    crossed = _boundary_counts(tallies, position)
    found = Analysis(spec, group_by, columns, groups, rows, crossed, folded=tallies.folded)
    return found.warned()


def _boundary_counts(tallies: Tallies, position: npt.NDArray[np.int32]) -> pd.DataFrame | None:
    """Rows per (boundary, group index in the analysis): what the handoff map counts."""
    table = tallies.table("boundaries")
    if table is None or tallies.boundary is None:
        return None
    labels = np.array(tallies.boundary.labels, dtype=object)
    return pd.DataFrame(
        {
            "boundary": labels[table["c1"].to_numpy()],
            "group": position[table["c0"].to_numpy()],
            "n": table["n"].to_numpy(),
        }
    )


def _iso(nanoseconds: int) -> str | None:
    return None if nanoseconds == NAT else str(np.datetime64(nanoseconds, "ns").astype("M8[s]"))


def _dominant_boundaries(tallies: Tallies) -> list[str | None]:
    """Per group, the boundary most of its payload-carrying occurrences crossed."""
    codes = dominant_boundary(tallies)
    if codes is None or tallies.boundary is None:
        return [None] * tallies.group.size
    labels = tallies.boundary.labels
    return [labels[code] if 0 <= code < len(labels) else None for code in codes]


def _daily(tallies: Tallies) -> dict[int, tuple[tuple[str, int], ...]]:
    """Occurrences per group and day, as (ISO day, count) pairs."""
    table = tallies.table("days")
    if table is None or not len(table):
        return {}
    names = np.datetime_as_string(table["c1"].to_numpy().astype("M8[D]"))
    out: dict[int, list[tuple[str, int]]] = {}
    for group, name, count in zip(
        table["c0"].tolist(), names.tolist(), table["n"].tolist(), strict=True
    ):
        out.setdefault(group, []).append((name, count))
    return {group: tuple(pairs) for group, pairs in out.items()}
