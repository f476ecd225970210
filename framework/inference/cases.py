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
cases however it is sliced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from framework.columnar.coded import arrow_text, encode
from framework.columnar.timestamps import NAT, TimeFormat, parse_times
from framework.inference import vocabulary as vocab
from framework.inference.values import missing_as_empty
from framework.spec.model import Spec

FIRST = ("error_code", "source_system", "target_system", "boundary", "payload", "root_cause")
LAST = ("resolution", "retry_outcome", "handoff_status")
SYSTEM_SHARE = 0.5
"""A handler on at least this share of all cases (and on 10 or more) is a system account."""
DELIVERED_FIRST = "delivered before it fired"
CAME_BACK = "came back after a success"
NOT_AFTER = "no success before it, did not come back"
AFTER_SUCCESS = (DELIVERED_FIRST, CAME_BACK)
_LATE = np.iinfo(np.int64).max  # an event without a time sorts after every timed one
_FLAGS = ("retry", "fix", "resubmit", "reopen", "success", "failure")
_NO_WORDS: Mapping[str, tuple[str, ...]] = dict.fromkeys(
    ("missing", "automatic_retry", "correction", "resubmit", "reopen", "success", "failure"), ()
)


@dataclass(frozen=True)
class CaseEvents:
    """Per-case values of one batch of events (or of several, merged): a table of keyed
    values (case, field, value, t, r) and per-case times, counts and flags."""

    values: pd.DataFrame
    cases: pd.DataFrame
    handlers: pd.DataFrame
    spans: pd.DataFrame
    """Per (case, activity) of the events that are neither a success nor a retry: the
    first and last time it happened."""


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
    words = spec.vocabulary if spec is not None else _NO_WORDS
    texts = {
        field: _text(frame[column], words["missing"])
        for field, column in columns.items()
        if column is not None and field != "timestamp"
    }
    case = texts["case_id"]
    stamp = columns.get("timestamp")
    times = parse_times(frame[stamp], fmt) if stamp else np.full(len(frame), NAT)
    events = pd.DataFrame(
        {
            "case": case,
            "t": np.where(times == NAT, _LATE, times),
            "r": first_row + np.arange(len(frame)),
        }
    )
    events = events[events["case"].notna()]
    flags = _flags(texts.get("activity"), words, events.index)
    values = _values(events, texts, flags)
    spans = _spans(events, flags, texts.get("activity"))
    return CaseEvents(values, _cases(events, flags, texts), _handlers(events, texts), spans)


def merge_events(parts: Sequence[CaseEvents]) -> CaseEvents:
    """Batches' per-case values merged: firsts and lasts by time, sums and extremes."""
    if not parts:
        return case_events(pd.DataFrame({"case": pd.Series(dtype="str")}), {"case_id": "case"})
    values = pd.concat([part.values for part in parts], ignore_index=True)
    cases = pd.concat([part.cases for part in parts], ignore_index=True)
    handlers = pd.concat([part.handlers for part in parts], ignore_index=True)
    spans = pd.concat([part.spans for part in parts], ignore_index=True)
    return CaseEvents(
        _first_and_last(values), _merge_cases(cases), _merge_handlers(handlers), _merge(spans)
    )


def case_log(events: CaseEvents, spec: Spec) -> CaseLog:
    """One exception per case, in canonical field columns (plus `after_success`, `events`,
    `reassignments` and `resubmitted`); a field no event had is no column."""
    merged = merge_events([events])
    cases = merged.cases.set_index("case").sort_index()
    frame = pd.DataFrame(index=cases.index)
    frame["exception_id"] = cases.index
    frame["timestamp"] = _iso(cases["t_first"].to_numpy())
    values = merged.values.pivot(index="case", columns="field", values="value")
    for field in (*FIRST, "message_first", "message_last", "activity_first", "activity_failed"):
        frame[field] = values.get(field)
    resolver, reassigned, first_person = _resolvers(merged.handlers, len(cases), spec)
    frame["handler"] = resolver.reindex(frame.index)
    frame["reassignments"] = reassigned.reindex(frame.index).fillna(0).astype(int).astype(str)
    for field in LAST:
        frame[field] = values.get(f"{field}_last")
    cases["t_first_person"] = first_person.reindex(cases.index)
    cases["t_first_success"] = _first_outcome(cases)
    spans = merged.spans.join(cases, on="case")
    _retries(frame, cases, spans)
    _after_success(frame, cases, spans)
    frame["activity"] = frame.pop("activity_failed").fillna(frame.pop("activity_first"))
    frame["message"] = _messages(frame.pop("message_first"), frame.pop("message_last"))
    frame["events"] = cases["events"].astype(str)
    frame = frame.reset_index(drop=True).dropna(axis="columns", how="all")
    return CaseLog(frame.astype("str").where(frame.notna(), None), int(cases["events"].sum()))


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


def _text(column: pd.Series, missing: Sequence[str]) -> pd.Series:
    """A column as text with placeholders and blanks missing (pandas, for grouping)."""
    coded = encode(arrow_text(column), rename=lambda names: missing_as_empty(names, missing))
    labels = np.array([*coded.labels, None], dtype=object)
    return pd.Series(labels[coded.codes], index=column.index)


def _flags(
    activity: pd.Series | None, words: Mapping[str, tuple[str, ...]], index: pd.Index
) -> pd.DataFrame:
    """Per event: what its activity says happened (retry, fix, resubmit, reopen, success,
    failure)."""
    flags = pd.DataFrame({name: np.zeros(len(index), dtype=bool) for name in _FLAGS}, index=index)
    if activity is None:
        return flags
    names = activity.reindex(index)
    coded = encode(pa.chunked_array([pa.array(names.to_numpy(), type=pa.string())]), fold_case=True)
    lists = {"retry": "automatic_retry", "fix": "correction", "resubmit": "resubmit"}
    for name, key in (*lists.items(), ("reopen", "reopen")):
        flags[name] = vocab.mentions(coded, words[key])
    outcome = vocab.outcome_classes(coded, words)
    flags["success"] = outcome == vocab.POSITIVE
    flags["failure"] = outcome == vocab.NEGATIVE
    flags["retry"] &= ~flags["resubmit"]
    return flags


def _values(
    events: pd.DataFrame, texts: Mapping[str, pd.Series], flags: pd.DataFrame
) -> pd.DataFrame:
    """Keyed values (case, field, value, t, r) to take the first or last of."""
    wanted = {f"{field}": texts.get(field) for field in FIRST}
    wanted |= {f"{field}_last": texts.get(field) for field in LAST}
    activity = texts.get("activity")
    if activity is not None:
        wanted["activity_first"] = activity
        wanted["activity_failed"] = activity.reindex(flags.index).where(flags["failure"])
    message = texts.get("message")
    wanted["message_first"] = message
    wanted["message_last"] = message
    parts = []
    for field, values in wanted.items():
        if values is None:
            continue
        found = values.reindex(events.index)
        keep = found.notna().to_numpy()
        part = events[keep].assign(field=field, value=found[keep].to_numpy())
        parts.append(part)
    empty = pd.DataFrame(columns=["case", "t", "r", "field", "value"])
    table = pd.concat(parts, ignore_index=True) if parts else empty
    return _first_and_last(table)


def _first_and_last(table: pd.DataFrame) -> pd.DataFrame:
    """Per (case, field): the first value by time, or the last for `*_last` fields."""
    if table.empty:
        return table
    table = table.sort_values(["case", "field", "t", "r"], kind="stable")
    last = table["field"].str.endswith("_last")
    firsts = table[~last].drop_duplicates(["case", "field"], keep="first")
    lasts = table[last].drop_duplicates(["case", "field"], keep="last")
    return pd.concat([firsts, lasts], ignore_index=True)


def _cases(
    events: pd.DataFrame, flags: pd.DataFrame, texts: Mapping[str, pd.Series]
) -> pd.DataFrame:
    """Per case of the batch: times, events, retries and the times of what happened."""
    table = events.join(flags)
    count = texts.get("retry_count")
    numbers = pd.to_numeric(count, errors="coerce") if count is not None else None
    table["counted"] = np.nan if numbers is None else numbers.reindex(table.index).fillna(0.0)
    person = table["resubmit"] | table["fix"]
    table["counted"] = table["counted"].where(~person | table["counted"].isna(), 0.0)
    for name in ("retry", "fix", "resubmit", "reopen", "success", "failure"):
        table[f"t_{name}"] = np.where(table[name], table["t"], np.nan)
    grouped = table.groupby("case", sort=False)
    cases = grouped.agg(
        t_first=("t", "min"),
        events=("r", "size"),
        retries=("retry", "sum"),
        counted=("counted", "max"),
        t_first_retry=("t_retry", "min"),
        t_last_success=("t_success", "max"),
        t_first_fix=("t_fix", "min"),
        t_last_fix=("t_fix", "max"),
        t_last_resubmit=("t_resubmit", "max"),
        t_last_reopen=("t_reopen", "max"),
        t_first_failure=("t_failure", "min"),
        t_last_failure=("t_failure", "max"),
    ).join(_two_first(table["case"], table["t_success"]))
    return cases.reset_index()


def _merge_cases(cases: pd.DataFrame) -> pd.DataFrame:
    aggregations = {
        "t_first": "min",
        "events": "sum",
        "retries": "sum",
        "counted": "max",
        "t_first_retry": "min",
        "t_last_success": "max",
        "t_first_fix": "min",
        "t_last_fix": "max",
        "t_last_resubmit": "max",
        "t_last_reopen": "max",
        "t_first_failure": "min",
        "t_last_failure": "max",
    }
    merged = cases.groupby("case", sort=False).agg(aggregations)
    successes = pd.concat([cases["t_success_1"], cases["t_success_2"]], ignore_index=True)
    two = _two_first(pd.concat([cases["case"], cases["case"]], ignore_index=True), successes)
    return merged.join(two).reset_index()


def _two_first(case: pd.Series, times: pd.Series) -> pd.DataFrame:
    """Per case: its two earliest success times (the first may be the event that opened
    it, which is no outcome); NaN where there are fewer."""
    table = pd.DataFrame({"case": case.to_numpy(), "t": times.to_numpy()}).dropna()
    table = table.sort_values(["case", "t"], kind="stable")
    table = table[table.groupby("case").cumcount().to_numpy() < 2]
    rank = table.groupby("case").cumcount().to_numpy()
    table = table.assign(rank=np.where(rank == 0, "t_success_1", "t_success_2"))
    wide = table.pivot(index="case", columns="rank", values="t")
    return wide.reindex(columns=["t_success_1", "t_success_2"]).astype(float)


def _handlers(events: pd.DataFrame, texts: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Per (case, handler): the handler's first and last event in the case."""
    handler = texts.get("handler")
    if handler is None:
        return pd.DataFrame(columns=["case", "handler", "t_first", "t", "r"])
    table = events.assign(handler=handler.reindex(events.index).to_numpy())
    table = table[table["handler"].notna()]
    grouped = table.groupby(["case", "handler"], as_index=False)
    return grouped.agg(t_first=("t", "min"), t=("t", "max"), r=("r", "max"))


def _merge_handlers(handlers: pd.DataFrame) -> pd.DataFrame:
    if handlers.empty:
        return handlers
    grouped = handlers.groupby(["case", "handler"], as_index=False)
    return grouped.agg(t_first=("t_first", "min"), t=("t", "max"), r=("r", "max"))


def _spans(events: pd.DataFrame, flags: pd.DataFrame, activity: pd.Series | None) -> pd.DataFrame:
    """Per (case, activity) of the events that are no success and no retry: first and last
    time."""
    if activity is None:
        return pd.DataFrame(columns=["case", "activity", "t_min", "t_max"])
    trouble = ~(flags["success"] | flags["retry"]).to_numpy()
    table = events.assign(activity=activity.reindex(events.index).to_numpy())[trouble]
    table = table[table["activity"].notna()]
    return _merge(table.rename(columns={"t": "t_min"}).assign(t_max=table["t"]))


def _merge(spans: pd.DataFrame) -> pd.DataFrame:
    """Spans of several batches: the earliest first time and latest last time."""
    grouped = spans.groupby(["case", "activity"], as_index=False, sort=False)
    return grouped.agg(t_min=("t_min", "min"), t_max=("t_max", "max"))


def _resolvers(
    handlers: pd.DataFrame, cases: int, spec: Spec
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per case: the last handler who is a person, how many other people had it, and when
    a person first touched it."""
    if handlers.empty:
        return pd.Series(dtype=object), pd.Series(dtype=int), pd.Series(dtype=float)
    system = system_accounts(handlers, cases, spec)
    people = handlers[~handlers["handler"].isin(system)]
    ordered = people.sort_values(["case", "t", "r"], kind="stable")
    resolver = ordered.drop_duplicates("case", keep="last").set_index("case")["handler"]
    reassigned = (people.groupby("case")["handler"].nunique() - 1).clip(lower=0)
    return resolver, reassigned, people.groupby("case")["t_first"].min()


def system_accounts(handlers: pd.DataFrame, cases: int, spec: Spec) -> set[str]:
    """Handlers that are a system, not a person: named like one (`system_account` words),
    or on at least half of all cases (and on 10 or more)."""
    names = handlers["handler"].drop_duplicates()
    coded = encode(pa.chunked_array([pa.array(names.to_numpy(), type=pa.string())]), fold_case=True)
    named = vocab.mentions(coded, spec.vocabulary["system_account"])
    found = set(names[named].tolist())
    spread = handlers.groupby("handler")["case"].nunique()
    common = spread[(spread >= max(10, SYSTEM_SHARE * cases))]
    return found | set(common.index.tolist())


def _retries(frame: pd.DataFrame, cases: pd.DataFrame, spans: pd.DataFrame) -> None:
    """Automatic retries (a person's fix-and-resubmit is none) and their outcome: cleared
    when a success follows the first retry, no person corrected or resubmitted after it, and
    after the last success neither a failure nor the trouble that prompted the retry (the
    kind of event that appeared last before it) happened again."""
    counted = cases["counted"].to_numpy()
    retries = np.fmax(cases["retries"].to_numpy(), counted)
    resubmitted = cases["t_last_resubmit"].notna().to_numpy()
    frame["resubmitted"] = np.where(resubmitted, "yes", "no")
    if retries.any() or not np.isnan(counted).all():  # a retry column, or retry activities
        frame["retry_count"] = retries.astype(int).astype(str)
    if frame["retry_outcome"].notna().any() or not retries.any():
        return
    first_retry, last_success = cases["t_first_retry"], cases["t_last_success"]
    person = (cases["t_last_resubmit"] > first_retry) | (cases["t_last_fix"] > first_retry)
    before = spans[spans["t_min"] < spans["t_first_retry"]].sort_values(["case", "t_min"])
    trigger = before.drop_duplicates("case", keep="last")  # what appeared last before it
    again = trigger["t_max"] > trigger["t_last_success"]
    recurred = _any_per_case(trigger, again, cases.index)
    failed_after = cases["t_last_failure"] > last_success
    cleared = (last_success > first_retry) & ~person & ~recurred & ~failed_after
    outcome = pd.Series(np.where(cleared.to_numpy(), "succeeded", "failed"), index=frame.index)
    frame["retry_outcome"] = outcome.where(retries > 0)


def _after_success(frame: pd.DataFrame, cases: pd.DataFrame, spans: pd.DataFrame) -> None:
    """Whether the case fired after a success: delivered before anything failed or anyone
    touched it, or its trouble came back after its first success; None without any
    success or failure to go by."""
    first_success = cases["t_first_success"]
    before = cases[["t_first_failure", "t_first_person"]].min(axis="columns").fillna(np.inf)
    delivered = (first_success < before).to_numpy()
    again = (spans["t_min"] < spans["t_first_success"]) & (
        spans["t_max"] > spans["t_first_success"]
    )
    reopened = cases["t_last_reopen"] > first_success
    came_back = (_any_per_case(spans, again, cases.index) | reopened).to_numpy()
    said = np.where(delivered, DELIVERED_FIRST, np.where(came_back, CAME_BACK, NOT_AFTER))
    known = (first_success.notna() | cases["t_first_failure"].notna()).to_numpy()
    frame["after_success"] = pd.Series(said, index=frame.index).where(known)


def _first_outcome(cases: pd.DataFrame) -> pd.Series:
    """Per case: its first success after the event that opened it ("Order completed"
    opening a case is where it starts, not how a handoff went)."""
    first, second = cases["t_success_1"], cases["t_success_2"]
    return first.where(first > cases["t_first"], second)


def _any_per_case(spans: pd.DataFrame, hit: pd.Series, cases: pd.Index) -> pd.Series:
    """Per case (in the order of `cases`): whether any of its spans is a hit."""
    found = spans.loc[hit.to_numpy(), "case"].unique()
    return pd.Series(cases.isin(found), index=cases)


def _messages(first: pd.Series, last: pd.Series) -> pd.Series:
    """The first message and the last, once each."""
    same = first.eq(last) | last.isna()
    joined = first.fillna("") + " | " + last.fillna("")
    return first.where(same, joined.str.strip(" |")).where(first.notna() | last.notna())


def _iso(times: npt.NDArray[np.float64] | npt.NDArray[np.int64]) -> npt.NDArray[np.object_]:
    known = times < _LATE
    values = np.full(len(times), None, dtype=object)
    stamps = np.asarray(times[known], dtype=np.int64).astype("datetime64[ns]")
    values[known] = np.datetime_as_string(stamps, unit="s")
    return values
