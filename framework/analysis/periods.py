"""The two periods of a comparison, from what the team lead has: two logs, two analyses, or
one log split on the day something changed.

    before = log_period(read_log_file("march.csv"), spec)
    split = split_log(read_log_file("q1.csv"), spec, date(2024, 3, 12), label="SKU mapping fixed")
    compare(split.before, split.after, [split.marker])

A split puts every row dated before the day (midnight UTC) in the first period and the rest
in the second; rows without a readable timestamp belong to neither and are counted
(`undated`). The first period's window ends the day before the split, the second starts on
it, so their weekly rates cover exactly the days on each side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from framework.analysis.comparison import (
    MAX_MARKER_LABEL,
    ChangeMarker,
    ComparisonError,
    Period,
)
from framework.analysis.cost import Window
from framework.analysis.pipeline import analyze, analyze_table, mapping_for
from framework.columnar.timestamps import NAT, days, parse_times
from framework.columns.group_by import DEFAULT_GROUP_BY, check_group_by
from framework.logs.table import LogTable
from framework.spec.model import Spec

DEFAULT_CHANGE = "Change"
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class SplitLog:
    """A log cut in two on a day: both periods, the day as a change marker, and how many
    rows had no readable timestamp (in neither period)."""

    before: Period
    after: Period
    marker: ChangeMarker
    undated: int


def log_period(
    table: LogTable,
    spec: Spec,
    *,
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str = DEFAULT_GROUP_BY,
) -> Period:
    """A whole log as one period (raises `MappingError` when its columns cannot be used)."""
    _, analysis = analyze_table(table, spec, column_choices=column_choices, group_by=group_by)
    return Period.of(analysis, table.filename)


def change_marker(day: date, label: str = "") -> ChangeMarker:
    """A marker with its label on one line, cut to `MAX_MARKER_LABEL` characters."""
    text = " ".join(label.split())[:MAX_MARKER_LABEL] or DEFAULT_CHANGE
    return ChangeMarker(day, text)


def split_log(
    table: LogTable,
    spec: Spec,
    day: date,
    *,
    label: str = "",
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str = DEFAULT_GROUP_BY,
) -> SplitLog:
    """The log's rows before `day` and from `day` on, each analysed as a period.

    Raises `ComparisonError` when the log has no timestamps or one side would be empty, and
    `MappingError` when its columns cannot be used.
    """
    mapping = mapping_for(table, spec, column_choices).to_dict()
    check_group_by(group_by, mapping)
    column = mapping.get("timestamp")
    if column is None:
        raise ComparisonError(
            f"{table.filename}: no column holds the timestamps, so the log cannot be split at "
            "a date. Map one (--map timestamp=COLUMN), or compare two logs instead"
        )
    times = parse_times(table.frame[column])
    dated = times != NAT
    cut = (day - _EPOCH).days * 86_400 * 10**9
    early, late = dated & (times < cut), dated & (times >= cut)
    first, last = _span(times[dated], table.filename, column)
    if not early.any() or not late.any():
        side = "before" if not early.any() else "on or after"
        raise ComparisonError(
            f"{table.filename}: no exception is dated {side} {day.isoformat()}; the log runs "
            f"from {first.isoformat()} to {last.isoformat()}. Split on a day inside it"
        )
    parts = [
        analyze(table.frame.iloc[np.flatnonzero(rows)], mapping, spec, group_by=group_by)
        for rows in (early, late)
    ]
    source = table.filename
    return SplitLog(
        before=Period(parts[0], f"{source}, before {day.isoformat()}", Window(first, _prior(day))),
        after=Period(parts[1], f"{source}, from {day.isoformat()}", Window(day, last)),
        marker=change_marker(day, label),
        undated=int((~dated).sum()),
    )


def _span(times: np.ndarray, filename: str, column: str) -> tuple[date, date]:
    if not times.size:
        raise ComparisonError(
            f"{filename}: no value in the column '{column}' reads as a date, so the log cannot "
            "be split at a date. Check the column mapping"
        )
    day_numbers = days(times)
    return _date(int(day_numbers.min())), _date(int(day_numbers.max()))


def _date(day_number: int) -> date:
    return _EPOCH + timedelta(days=day_number)


def _prior(day: date) -> date:
    return day - timedelta(days=1)
