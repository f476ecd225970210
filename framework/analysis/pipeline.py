"""From a read log to an analysis: map its columns, group it, infer the five answers per
group and diagnose each group. The one path both shells take (the CLI's `analyze` and the
team lead's page), so the two always agree.

    table = read_log_file("queue.csv")
    mapping, analysis = analyze_table(table, spec, column_choices={"handler": "Assigned To"})
    analysis = analyze(frame, mapping.to_dict(), spec, group_by="boundary")
    analysis.groups[0]                # the most frequent group: answers, evidence, verdict

`mapping` is {canonical field id: column name or None}; the frame is never copied.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.analysis.results import Analysis, build_group
from framework.columnar.timestamps import NAT, time_format
from framework.columns.group_by import DEFAULT_GROUP_BY, check_group_by
from framework.columns.mapping import ColumnMapping, apply_overrides, detect_mapping
from framework.inference.features import extract
from framework.inference.runner import infer
from framework.inference.tallies import (
    Tallies,
    TallyBuilder,
    dominant_boundary,
    fold_groups,
    tally,
)
from framework.logs.streaming import LogStream
from framework.logs.table import LogTable
from framework.spec.model import Spec


def mapping_for(
    table: LogTable, spec: Spec, column_choices: Mapping[str, str | None] | None = None
) -> ColumnMapping:
    """The detected mapping of `table`, with the user's {field: column or None} applied."""
    mapping = detect_mapping(table.frame, spec)
    return apply_overrides(mapping, column_choices) if column_choices else mapping


def analyze_table(
    table: LogTable,
    spec: Spec,
    *,
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str = DEFAULT_GROUP_BY,
) -> tuple[ColumnMapping, Analysis]:
    """Map and analyse a log; raises `MappingError` when the mapping cannot be used."""
    mapping = mapping_for(table, spec, column_choices)
    check_group_by(group_by, mapping.to_dict())
    return mapping, analyze(table.frame, mapping.to_dict(), spec, group_by=group_by)


def analyze_stream(
    stream: LogStream,
    spec: Spec,
    *,
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str = DEFAULT_GROUP_BY,
) -> tuple[ColumnMapping, Analysis, int]:
    """Map a log from its head and analyse it batch by batch: (mapping, analysis, rows).

    Memory follows the batch and the number of distinct values, not the log; the analysis
    is the one `analyze_table` gives for the same rows. Raises `MappingError` or `LogError`.
    """
    mapping = mapping_for(stream.head, spec, column_choices)
    columns = mapping.to_dict()
    check_group_by(group_by, columns)
    stamps = columns.get("timestamp")
    fmt = time_format(stream.head.frame[stamps]) if stamps else None

    def step(builder: TallyBuilder, frame: pd.DataFrame) -> None:
        builder.add(extract(frame, columns, spec, group_by, fmt))

    tallies = stream.fold(TallyBuilder, step).build()
    folded = fold_groups(tallies, MAX_GROUPS)
    return mapping, analysis_of(folded, columns, spec, group_by), tallies.rows


MAX_GROUPS = 2_000
"""Groups analysed one by one; any more are counted together as one group (the smallest)."""


def analyze(
    frame: pd.DataFrame,
    mapping: Mapping[str, str | None],
    spec: Spec,
    *,
    group_by: str = DEFAULT_GROUP_BY,
) -> Analysis:
    """Group the log by `group_by`, infer the answers per group, diagnose each group."""
    found = tally([extract(frame, mapping, spec, group_by)], keep_rows=True)
    return analysis_of(fold_groups(found, MAX_GROUPS), mapping, spec, group_by)


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
    return Analysis(spec, group_by, columns, groups, rows, crossed, folded=tallies.folded)


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
