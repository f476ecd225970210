"""From a read log to an analysis: detect the column mapping, apply the user's choices, analyse.

The one path both shells take (the CLI's `analyze` and the team lead's page), so the two
always agree:

    table = read_log_file("queue.csv")
    mapping, analysis = analyze_table(table, spec, column_choices={"handler": "Assigned To"})
"""

from __future__ import annotations

from collections.abc import Mapping

from framework.analysis import analyze
from framework.analysis_model import Analysis
from framework.columns import ColumnMapping, MappingError, apply_overrides, detect_mapping
from framework.logs import LogTable
from framework.model import Spec

DEFAULT_GROUP_BY = "error_code"
# Fields an analysis can be grouped by: one exception type per group by default.
GROUP_BY_FIELDS = ("error_code", "boundary", "source_system", "target_system")


def mapping_for(
    table: LogTable, spec: Spec, column_choices: Mapping[str, str | None] | None = None
) -> ColumnMapping:
    """The detected mapping of `table`, with the user's {field: column or None} applied."""
    mapping = detect_mapping(table.frame, spec)
    return apply_overrides(mapping, column_choices) if column_choices else mapping


def check_group_by(group_by: str, mapping: ColumnMapping) -> None:
    """Raise `MappingError` unless `group_by` is a groupable field the mapping provides."""
    if group_by not in GROUP_BY_FIELDS:
        known = ", ".join(GROUP_BY_FIELDS)
        raise MappingError(f"cannot group by '{group_by}' (choose one of: {known})")
    provided = mapping.column(group_by) is not None or (
        group_by == "boundary"
        and (mapping.column("source_system") or mapping.column("target_system"))
    )
    if not provided:
        raise MappingError(
            f"no column is mapped to '{group_by}': map one (e.g. --map {group_by}=COLUMN) "
            "or group by another field"
        )


def analyze_table(
    table: LogTable,
    spec: Spec,
    *,
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str = DEFAULT_GROUP_BY,
) -> tuple[ColumnMapping, Analysis]:
    """Map and analyse a log; raises `MappingError` when the mapping cannot be used."""
    mapping = mapping_for(table, spec, column_choices)
    check_group_by(group_by, mapping)
    return mapping, analyze(table.frame, mapping.to_dict(), spec, group_by=group_by)


__all__ = [
    "DEFAULT_GROUP_BY",
    "GROUP_BY_FIELDS",
    "analyze_table",
    "check_group_by",
    "mapping_for",
]
