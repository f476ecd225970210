"""The two periods of a comparison, from what the team lead has: two logs, two analyses, or
one log split on the day something changed.

    before = log_period(read_log_file("march.csv"), spec)           # a log in memory
    before = stream_period(open_log_stream("march.csv"), spec)       # or read in batches
    split = split_log(read_log_file("q1.csv"), spec, date(2024, 3, 12), label="SKU mapping fixed")
    split = split_stream(open_log_stream("q1.csv"), spec, date(2024, 3, 12))  # in batches
    compare(split.before, split.after, [split.marker])

A split puts every row dated before the day (midnight UTC) in the first period and the rest
in the second; rows without a readable timestamp belong to neither and are counted
(`undated`). The first period's window ends the day before the split, the second starts on
it, so their weekly rates cover exactly the days on each side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from framework.analysis.assembly import analysis_of
from framework.analysis.comparison import (
    MAX_MARKER_LABEL,
    ChangeMarker,
    ComparisonError,
    Period,
)
from framework.analysis.cost import Window
from framework.analysis.pipeline import (
    analyze_stream,
    analyze_table,
    grouping,
    mapping_for,
    settle_groups,
)
from framework.columnar.timestamps import NAT, days, parse_times, time_format
from framework.columns.group_by import DEFAULT_GROUP_BY
from framework.inference.features import extract
from framework.inference.tallies import TallyBuilder
from framework.logs.streaming import LogStream
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
    group_by: str | None = DEFAULT_GROUP_BY,
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
    group_by: str | None = DEFAULT_GROUP_BY,
) -> SplitLog:
    """The log's rows before `day` and from `day` on, each analysed as a period.

    Raises `ComparisonError` when the log has no timestamps or one side would be empty, and
    `MappingError` when its columns cannot be used.
    """
    stream = LogStream(Path(table.filename), table)
    return split_stream(
        stream, spec, day, label=label, column_choices=column_choices, group_by=group_by
    )


def stream_period(
    stream: LogStream,
    spec: Spec,
    *,
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str | None = DEFAULT_GROUP_BY,
) -> Period:
    """A log on disk as one period, read batch by batch (`analyze_stream`)."""
    _, analysis, _ = analyze_stream(stream, spec, column_choices=column_choices, group_by=group_by)
    return Period.of(analysis, stream.head.filename)


@dataclass
class _Halves:
    """A split in progress: each side's tallies, the days seen, the rows without a date."""

    before: TallyBuilder = field(default_factory=TallyBuilder)
    after: TallyBuilder = field(default_factory=TallyBuilder)
    first: int | None = None
    last: int | None = None
    undated: int = 0


def split_stream(
    stream: LogStream,
    spec: Spec,
    day: date,
    *,
    label: str = "",
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str | None = DEFAULT_GROUP_BY,
) -> SplitLog:
    """`split_log` for a log read batch by batch: each batch's rows go to their side's
    tallies, so memory follows the batch, not the log."""
    mapping = mapping_for(stream.head, spec, column_choices).to_dict()
    chosen = grouping(group_by, mapping)
    name = stream.head.filename
    column = mapping.get("timestamp")
    if column is None:
        raise ComparisonError(
            f"{name}: no column holds the timestamps, so the log cannot be split at "
            "a date. Map one (--map timestamp=COLUMN), or compare two logs instead"
        )
    fmt = time_format(stream.head.frame[column])
    cut = (day - _EPOCH).days * 86_400 * 10**9

    def step(halves: _Halves, frame: pd.DataFrame) -> None:
        times = parse_times(frame[column], fmt)
        dated = times != NAT
        halves.undated += int((~dated).sum())
        if dated.any():
            numbers = days(times[dated])
            low, high = int(numbers.min()), int(numbers.max())
            halves.first = low if halves.first is None else min(halves.first, low)
            halves.last = high if halves.last is None else max(halves.last, high)
        for builder, rows in (
            (halves.before, dated & (times < cut)),
            (halves.after, dated & (times >= cut)),
        ):
            if rows.any():
                part = frame.iloc[np.flatnonzero(rows)]
                builder.add(extract(part, mapping, spec, chosen, fmt))

    halves = stream.fold(_Halves, step)
    return _periods(halves, mapping, spec, chosen, day, label, name, column)


def _periods(
    halves: _Halves,
    mapping: Mapping[str, str | None],
    spec: Spec,
    group_by: str,
    day: date,
    label: str,
    name: str,
    column: str,
) -> SplitLog:
    if halves.first is None or halves.last is None:
        raise ComparisonError(
            f"{name}: no value in the column '{column}' reads as a date, so the log cannot "
            "be split at a date. Check the column mapping"
        )
    first, last = _date(halves.first), _date(halves.last)
    if not halves.before.rows or not halves.after.rows:
        side = "before" if not halves.before.rows else "on or after"
        raise ComparisonError(
            f"{name}: no exception is dated {side} {day.isoformat()}; the log runs "
            f"from {first.isoformat()} to {last.isoformat()}. Split on a day inside it"
        )
    before, after = (
        analysis_of(settle_groups(builder.build(), group_by), mapping, spec, group_by)
        for builder in (halves.before, halves.after)
    )
    return SplitLog(
        before=Period(before, f"{name}, before {day.isoformat()}", Window(first, _prior(day))),
        after=Period(after, f"{name}, from {day.isoformat()}", Window(day, last)),
        marker=change_marker(day, label),
        undated=halves.undated,
    )


def _date(day_number: int) -> date:
    return _EPOCH + timedelta(days=day_number)


def _prior(day: date) -> date:
    return day - timedelta(days=1)
