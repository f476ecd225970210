"""From a read log to an analysis: map its columns, keep the rows asked for, read an event
log as cases, group it, infer the five answers per group and diagnose each group. The one
path both shells take (the CLI's `analyze` and the team lead's page), so they always agree.

    table = read_log_file("queue.csv")
    mapping, analysis = analyze_table(table, spec, column_choices={"handler": "Assigned To"})
    analysis = analyze(frame, mapping.to_dict(), spec, group_by="boundary")
    mapping, analysis, rows = analyze_stream(open_log_stream("big.csv"), spec)

`mapping` is {canonical field id: column name or None}; the frame is never copied. A log
with a case column (`case_id`) is an event log: its events are read into one exception per
case (`framework.inference.cases`), and the analysis counts cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from framework.analysis.assembly import analysis_of
from framework.analysis.results import Analysis
from framework.analysis.warnings import guessed_fields
from framework.columnar.timestamps import TimeFormat, time_format
from framework.columns.group_by import (
    DEFAULT_GROUP_BY,
    MESSAGE_TEMPLATE,
    check_group_by,
    first_group_by,
)
from framework.columns.mapping import ColumnMapping, apply_overrides, detect_mapping
from framework.columns.row_filter import RowFilter
from framework.inference.cases import (
    CaseEvents,
    case_columns,
    case_events,
    case_log,
    event_cases,
    merge_events,
)
from framework.inference.features import Features, extract
from framework.inference.tallies import Tallies, TallyBuilder, fold_groups, merge_groups, tally
from framework.inference.templates import generalise
from framework.logs.streaming import LogStream
from framework.logs.table import LogTable
from framework.spec.model import Spec

MAX_GROUPS = 2_000
"""Groups analysed one by one; any more are counted together as one group (the smallest)."""
Columns = Mapping[str, str | None]


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
    group_by: str | None = DEFAULT_GROUP_BY,
    rows: RowFilter | None = None,
) -> tuple[ColumnMapping, Analysis]:
    """Map and analyse a log (`group_by` None: the first field the mapping can group by);
    raises `MappingError` when the mapping cannot be used."""
    mapping = mapping_for(table, spec, column_choices)
    group_by = grouping(group_by, mapping.to_dict())
    analysis = analyze(table.frame, mapping.to_dict(), spec, group_by=group_by, rows=rows)
    return mapping, analysis.with_guesses(guessed_fields(mapping))


def grouping(group_by: str | None, columns: Columns) -> str:
    """The group-by to use: the one asked for (checked against the mapping), or with None
    the first field the mapping can group by (the error code when there is one, a message
    template for a log of messages alone). Raises `MappingError`."""
    found = first_group_by(columns) if group_by is None else group_by
    check_group_by(found, columns)
    return found


def analyze(
    frame: pd.DataFrame,
    mapping: Columns,
    spec: Spec,
    *,
    group_by: str = DEFAULT_GROUP_BY,
    rows: RowFilter | None = None,
) -> Analysis:
    """Group the log by `group_by`, infer the answers per group, diagnose each group.

    The timestamps' convention is chosen beforehand only for a row filter or the cases of
    an event log; otherwise `extract` chooses it where it parses them, in a worker thread
    (the same sample, the same choice)."""
    needed = bool(rows) or bool(mapping.get("case_id"))
    fmt = _time_format(frame, mapping) if needed else None
    reading = _Reading(mapping, spec, group_by, fmt, rows, keep=True)
    reading.add(frame)
    return reading.analysis()


def analyze_stream(
    stream: LogStream,
    spec: Spec,
    *,
    column_choices: Mapping[str, str | None] | None = None,
    group_by: str | None = DEFAULT_GROUP_BY,
    rows: RowFilter | None = None,
) -> tuple[ColumnMapping, Analysis, int]:
    """Map a log from its head and analyse it batch by batch: (mapping, analysis, rows).

    Memory follows the batch and the number of distinct values (or of cases), not the log;
    the analysis is the one `analyze_table` gives for the same rows. Raises `MappingError`
    or `LogError`.
    """
    mapping = mapping_for(stream.head, spec, column_choices)
    columns = mapping.to_dict()
    found = grouping(group_by, columns)
    fmt = _time_format(stream.head.frame, columns)

    def start() -> _Reading:
        return _Reading(columns, spec, found, fmt, rows, keep=False)

    reading = stream.fold_prepared(start, _Reading.prepare, _Reading.take)
    return mapping, reading.analysis().with_guesses(guessed_fields(mapping)), reading.rows


def settle_groups(tallies: Tallies, group_by: str) -> Tallies:
    """The log's groups once it is all read: message templates that differ in a short code
    merged (`templates.generalise`), then at most `MAX_GROUPS` of them."""
    if group_by == MESSAGE_TEMPLATE:
        tallies = merge_groups(tallies, generalise(tallies.group.labels))
    return fold_groups(tallies, MAX_GROUPS)


def _time_format(frame: pd.DataFrame, columns: Columns) -> TimeFormat | None:
    stamps = columns.get("timestamp")
    return time_format(frame[stamps]) if stamps else None


@dataclass(frozen=True)
class _Batch:
    """One batch as `_Reading.prepare` leaves it: how many rows were read, the rows kept,
    and their features (None for an event log's)."""

    read: int
    frame: pd.DataFrame
    features: Features | None


class _Reading:
    """A log being read batch by batch: rows kept by the filter counted into tallies, or for
    an event log, into cases."""

    def __init__(
        self,
        columns: Columns,
        spec: Spec,
        group_by: str,
        fmt: TimeFormat | None,
        rows: RowFilter | None,
        *,
        keep: bool,
    ) -> None:
        self.columns, self.spec, self.group_by, self.fmt = columns, spec, group_by, fmt
        self.filter = rows if rows else None
        self.events: list[CaseEvents] | None = [] if columns.get("case_id") else None
        self.builder = TallyBuilder(keep_rows=keep)
        self.kept: list[pd.DataFrame] = []
        self.keep = keep
        self.rows = 0
        self.read = 0

    def add(self, frame: pd.DataFrame) -> None:
        self.take(self.prepare(frame))

    def prepare(self, frame: pd.DataFrame) -> _Batch:
        """A batch's rows kept by the filter and their features (an event log's are read in
        `take`, in order). Reads the state only: for a stream, it runs in the read-ahead
        thread while `take` counts the batch before."""
        read = len(frame)
        if self.filter is not None:
            stamps = self.columns.get("timestamp")
            self.filter.check([str(name) for name in frame.columns], stamps)
            frame = frame[self.filter.mask(frame, stamps, self.fmt)]
        if self.events is not None:
            return _Batch(read, frame, None)
        return _Batch(read, frame, extract(frame, self.columns, self.spec, self.group_by, self.fmt))

    def take(self, batch: _Batch) -> None:
        """Count a prepared batch (or read its events into cases)."""
        self.read += batch.read
        if batch.features is not None:
            self.builder.add(batch.features)
        elif self.events is not None:
            events = case_events(batch.frame, self.columns, self.spec, self.fmt, self.rows)
            self.events.append(events)
            if self.keep:
                self.kept.append(batch.frame)
        self.rows += len(batch.frame)

    def analysis(self) -> Analysis:
        if self.events is None:
            tallies = settle_groups(self.builder.build(), self.group_by)
            found = analysis_of(tallies, self.columns, self.spec, self.group_by)
            return replace(found, rows=self.filter, read=self.read if self.filter else None)
        return replace(self._cases(), rows=self.filter, read=self.read if self.filter else None)

    def _cases(self) -> Analysis:
        """The analysis of the cases the events make: one exception per case."""
        assert self.events is not None
        cases = case_log(merge_events(self.events), self.spec)
        own = case_columns(cases)
        counted = tally([extract(cases.frame, own, self.spec, self.group_by)], keep_rows=True)
        folded = settle_groups(counted, self.group_by)
        found = analysis_of(folded, self.columns, self.spec, self.group_by)
        assert found.row_groups is not None
        by_case = pd.Series(found.row_groups, index=cases.frame["exception_id"].to_numpy())
        found = replace(found, row_groups=None, events=cases.events, case_groups=by_case)
        if not self.keep:
            return found
        frame = pd.concat(self.kept, ignore_index=True) if len(self.kept) != 1 else self.kept[0]
        positions = event_cases(frame, self.columns, self.spec, by_case)
        return replace(found, row_groups=positions)
