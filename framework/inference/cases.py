"""Event logs read as cases: many rows per case (assignments, state changes, retries, a
reopen, the closure), one exception per case.

    parts = [case_events(batch, columns, spec, fmt, first_row) for batch in batches]
    cases = case_log(merge_events(parts), spec)
    cases.frame          # one row per case, in the canonical fields the analysis reads
    cases.events         # how many events they came from

A case keeps: its first time; its first attributes (category, systems, payload, root cause,
the first activity that failed); its resolver (the last person who handled it, never a
system account); its last resolution, retry outcome and handoff status; the automatic
retries of the same handoff (a person's fix-and-resubmit is none) and whether they cleared
it; whether it fired after a success; its first and last messages.

Fired after a success (the recurrence question): a success (a handoff delivered, a
resolution) came before any failure and before any person touched the case, or the case's
earlier trouble came back after its first success — an activity seen before it happened
again after it (a resolved incident Active again), or a reopen. A retry cleared the case when
a success followed it, no person corrected or resubmitted after it, and after the last
success neither a failure nor the trouble that prompted the retry (the kind of event that
appeared last before it: "Pick list out of date", "Approval rejected") happened again.

Events are ordered by time, then by their place in the log; every per-case value is a
minimum, a maximum, a sum or a first/last-by-time, so batches of one log merge into the same
cases however it is sliced. The per-case state is kept in numpy arrays by case code
(`framework.inference.case_state`); the rules above run on whole arrays, and the case table
is built once, in the order of the case ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.coded import encode
from framework.columnar.timestamps import TimeFormat
from framework.inference import vocabulary as vocab
from framework.inference.case_state import (
    FIRST,
    LAST,
    LATE,
    Bools,
    Floats,
    Ints,
    Keyed,
    Numbers,
    batch_state,
    best_rows,
    coded_text,
    merge_states,
    renumbered,
)
from framework.inference.case_state import (
    CaseEvents as CaseEvents,
)
from framework.spec.model import Spec

SYSTEM_SHARE = 0.5
"""A handler on at least this share of all cases (and on 10 or more) is a system account."""
DELIVERED_FIRST = "delivered before it fired"
CAME_BACK = "came back after a success"
NOT_AFTER = "no success before it, did not come back"
AFTER_SUCCESS = (DELIVERED_FIRST, CAME_BACK)
Columns = dict[str, pa.Array | None]


@dataclass(frozen=True)
class CaseLog:
    """An event log's cases as an exception log: `frame` has one row per case."""

    frame: pd.DataFrame
    events: int


def case_events(
    frame: pd.DataFrame,
    columns: Mapping[str, str | None],
    spec: Spec | None = None,
    fmt: TimeFormat | None = None,
    first_row: int = 0,
) -> CaseEvents:
    """The per-case values of one batch of events (`columns`: field id → column)."""
    return batch_state(frame, columns, spec, fmt, first_row)


def merge_events(parts: Sequence[CaseEvents]) -> CaseEvents:
    """Batches' per-case values merged: firsts and lasts by time, sums and extremes."""
    return merge_states(parts)


def case_log(events: CaseEvents, spec: Spec) -> CaseLog:
    """One exception per case, in canonical field columns (plus `after_success`, `events`,
    `reassignments` and `resubmitted`); a field no event had is no column. Cases are in the
    order of their ids."""
    events = _in_order(merge_states([events]))
    size, cases = len(events.labels), dict(events.cases)
    columns: Columns = {"exception_id": events.labels, "timestamp": _iso(cases["t_first"])}
    for field in (*FIRST, "message_first", "message_last", "activity_first", "activity_failed"):
        columns[field] = _spread(events.values.get(field), size)
    resolver, reassigned, cases["t_first_person"] = _resolvers(events.handlers, size, spec)
    columns["handler"] = resolver
    columns["reassignments"] = pa.array(reassigned).cast(pa.string())
    for field in LAST:
        columns[field] = _spread(events.values.get(f"{field}_last"), size)
    cases["t_first_success"] = _first_outcome(cases)
    _retries(columns, cases, events.spans)
    _after_success(columns, cases, events.spans)
    columns["activity"] = _fill(columns.pop("activity_failed"), columns.pop("activity_first"))
    columns["message"] = _messages(columns.pop("message_first"), columns.pop("message_last"))
    columns["events"] = pa.array(cases["events"]).cast(pa.string())
    frame = pd.DataFrame(
        {
            name: pd.Series(values, dtype="str")
            for name, values in columns.items()
            if values is not None and values.null_count < len(values)
        },
        index=pd.RangeIndex(size),
    )
    return CaseLog(frame, int(cases["events"].sum()))


def event_cases(
    frame: pd.DataFrame, columns: Mapping[str, str | None], spec: Spec, by_case: pd.Series
) -> npt.NDArray[np.int32]:
    """Per event: the value `by_case` (indexed by case id) gives its case; -1 without one."""
    column = columns.get("case_id")
    if column is None:
        return np.full(len(frame), -1, dtype=np.int32)
    case = _text(frame[column], spec.vocabulary["missing"])
    found = by_case.reindex(case.to_numpy())
    return found.fillna(-1).to_numpy(dtype=np.int32)


def case_columns(cases: CaseLog) -> dict[str, str | None]:
    """The mapping the analysis reads a case frame with: every field to its own column."""
    return {column: column for column in cases.frame.columns}


def system_accounts(names: pa.Array, spread: Ints, cases: int, spec: Spec) -> npt.NDArray[np.bool_]:
    """Per handler of `names` (on `spread` cases each): whether it is a system, not a person:
    named like one (`system_account` words), or on at least half of all cases (and on 10 or
    more)."""
    coded = encode(pa.chunked_array([names]), fold_case=True)
    named = vocab.mentions(coded, spec.vocabulary["system_account"])
    return named | (spread >= max(10, SYSTEM_SHARE * cases))


def _text(column: pd.Series, missing: Sequence[str]) -> pd.Series:
    """A column as text with placeholders and blanks missing (pandas, for grouping)."""
    codes, names = coded_text(column, missing)
    labels = np.array([*names.to_pylist(), None], dtype=object)
    return pd.Series(labels[codes], index=column.index)


def _in_order(events: CaseEvents) -> CaseEvents:
    """The same cases renumbered in the order of their ids (code i is row i of the table)."""
    order = np.asarray(pc.array_sort_indices(events.labels), dtype=np.int64)
    code = np.empty(len(order), dtype=np.int64)
    code[order] = np.arange(len(order))
    return CaseEvents(
        events.labels.take(pa.array(order)),
        {name: values[order] for name, values in events.cases.items()},
        {field: renumbered(rows, code) for field, rows in events.values.items()},
        renumbered(events.handlers, code),
        renumbered(events.spans, code),
    )


def _spread(rows: Keyed | None, size: int) -> pa.Array | None:
    """Per case: its value among `rows` (one row per case at most), null without one."""
    if rows is None:
        return None
    key = np.full(size, -1, dtype=np.int64)
    key[rows.case] = rows.key
    return rows.names.take(pa.array(key, mask=key < 0))


def _resolvers(handlers: Keyed, size: int, spec: Spec) -> tuple[pa.Array, Ints, Floats]:
    """Per case: the last handler who is a person (by time, then row), how many other
    people had it, and when a person first touched it (NaN: never)."""
    spread = np.bincount(handlers.key, minlength=len(handlers.names))
    people = handlers.only(~system_accounts(handlers.names, spread, size, spec)[handlers.key])
    last = best_rows(people.case, people.numbers["t"], people.numbers["r"], size, last=True)
    resolver = _spread(people.only(last), size)
    reassigned = np.clip(np.bincount(people.case, minlength=size) - 1, 0, None)
    first = np.full(size, np.nan)
    np.fmin.at(first, people.case, people.numbers["t_first"].astype(np.float64))
    assert resolver is not None
    return resolver, reassigned, first


def _first_outcome(cases: Mapping[str, Numbers]) -> Floats:
    """Per case: its first success after the event that opened it ("Order completed"
    opening a case is where it starts, not how a handoff went)."""
    first, second = cases["t_success_1"], cases["t_success_2"]
    return np.where(first > cases["t_first"].astype(np.float64), first, second)


def _retries(columns: Columns, cases: Mapping[str, Numbers], spans: Keyed) -> None:
    """Automatic retries (a person's fix-and-resubmit is none) and their outcome: cleared
    when a success follows the first retry, no person corrected or resubmitted after it, and
    after the last success neither a failure nor the trouble that prompted the retry (the
    kind of event that appeared last before it) happened again."""
    counted = cases["counted"]
    retries = np.fmax(cases["retries"], counted)
    resubmitted = ~np.isnan(cases["t_last_resubmit"])
    columns["resubmitted"] = _words(np.where(resubmitted, 0, 1), ("yes", "no"))
    if retries.any() or not np.isnan(counted).all():  # a retry column, or retry activities
        columns["retry_count"] = pa.array(retries.astype(int)).cast(pa.string())
    given = columns["retry_outcome"]
    if (given is not None and given.null_count < len(given)) or not retries.any():
        return
    first_retry, last_success = cases["t_first_retry"], cases["t_last_success"]
    person = (cases["t_last_resubmit"] > first_retry) | (cases["t_last_fix"] > first_retry)
    failed_after = cases["t_last_failure"] > last_success
    recurred = _trouble_again(spans, first_retry, last_success)
    cleared = (last_success > first_retry) & ~person & ~recurred & ~failed_after
    outcome = np.where(cleared, 0, 1)
    columns["retry_outcome"] = _words(outcome, ("succeeded", "failed"), retries > 0)


def _trouble_again(
    spans: Keyed, first_retry: Floats, last_success: Floats
) -> npt.NDArray[np.bool_]:
    """Per case: whether the trouble that prompted its first retry (the activity that
    appeared last before it; of two at once, the one first seen later in the log) happened
    again after its last success."""
    before = spans.only(spans.numbers["t_min"] < first_retry[spans.case])
    size = len(first_retry)
    last = before.only(
        best_rows(before.case, before.numbers["t_min"], before.numbers["r_first"], size, True)
    )
    found = np.zeros(size, dtype=bool)
    found[last.case[last.numbers["t_max"] > last_success[last.case]]] = True
    return found


def _after_success(columns: Columns, cases: Mapping[str, Numbers], spans: Keyed) -> None:
    """Whether the case fired after a success: delivered before anything failed or anyone
    touched it, or its trouble came back after its first success; None without any
    success or failure to go by."""
    first_success = cases["t_first_success"]
    before = np.fmin(cases["t_first_failure"], cases["t_first_person"])
    delivered = first_success < np.where(np.isnan(before), np.inf, before)
    success = first_success[spans.case]
    again = (spans.numbers["t_min"] < success) & (spans.numbers["t_max"] > success)
    came_back = cases["t_last_reopen"] > first_success
    came_back[spans.case[again]] = True
    said = np.where(delivered, 0, np.where(came_back, 1, 2))
    known = ~np.isnan(first_success) | ~np.isnan(cases["t_first_failure"])
    columns["after_success"] = _words(said, (DELIVERED_FIRST, CAME_BACK, NOT_AFTER), known)


def _fill(values: pa.Array | None, others: pa.Array | None) -> pa.Array | None:
    """`values`, with `others` where they are null."""
    if values is None or others is None:
        return values if others is None else others
    return pc.coalesce(values, others)


def _messages(first: pa.Array | None, last: pa.Array | None) -> pa.Array | None:
    """The first message and the last, once each ("first | last" when they differ)."""
    if first is None or last is None:
        return first
    differ = pc.fill_null(pc.not_equal(first, last), pc.is_null(first))
    differ = pc.and_(differ, pc.is_valid(last))
    pair = [pc.fill_null(values.filter(differ), "") for values in (first, last)]
    joined = pc.binary_join_element_wise(*pair, pa.scalar(" | ", first.type))
    return pc.replace_with_mask(first, differ, pc.utf8_trim(joined, characters=" |"))


def _iso(times: Ints) -> pa.Array:
    """Times as ISO text to the second (null for a case without any time)."""
    late = times == LATE
    seconds = pa.array(np.where(late, 0, times // 1_000_000_000), pa.timestamp("s"), mask=late)
    text = seconds.cast(pa.large_string())
    return pc.replace_substring(text, " ", "T", max_replacements=1)


def _words(which: Numbers, words: Sequence[str], known: Bools | None = None) -> pa.Array:
    """Per case: the text `words[which]` (null where not `known`)."""
    mask = None if known is None else ~known
    return pa.array(words, pa.large_string()).take(pa.array(which, mask=mask))
