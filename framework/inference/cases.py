"""Event logs read as cases: many rows per case (assignments, state changes, retries, a
reopen, the closure), one exception per case.

    parts = [case_events(batch, columns, spec, fmt, first_row) for batch in batches]
    cases = case_log(merge_events(parts), spec)
    cases.frame          # one row per case, in the canonical fields the analysis reads
    cases.events         # how many events they came from

A case keeps: its first time; its first attributes (category, systems, payload, root cause,
the first activity that failed); its resolver (the last person who handled it, never a
system account); its last resolution, retry outcome and handoff status; the automatic
retries of the same handoff (a person's fix-and-resubmit is none); whether it came back after
it went through (a reopen, or a state it had left coming back: Resolved, then Active again);
its first and last messages. Events are ordered by time, then by
their place in the log; every per-case value is a minimum, a maximum, a sum or a
first/last-by-time, so batches of one log merge into the same cases however it is sliced.
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
REOPENED, STAYED = "reopened", "stayed resolved"
_LATE = np.iinfo(np.int64).max  # an event without a time sorts after every timed one
_FLAGS = ("retry", "fix", "resubmit", "reopen", "success", "failure")
_NO_WORDS: Mapping[str, tuple[str, ...]] = dict.fromkeys(
    ("missing", "automatic_retry", "correction", "resubmit", "reopen", "success", "failure"), ()
)


@dataclass(frozen=True)
class CaseEvents:
    """Per-case values of one batch of events (or of several, merged): a table of keyed
    values (case, field, value, t, r), per-case times, counts and flags, and when each
    activity first and last happened in each case (`states`)."""

    values: pd.DataFrame
    cases: pd.DataFrame
    handlers: pd.DataFrame
    states: pd.DataFrame


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
    states = _states(events, texts.get("activity"))
    return CaseEvents(values, _cases(events, flags, texts), _handlers(events, texts), states)


def merge_events(parts: Sequence[CaseEvents]) -> CaseEvents:
    """Batches' per-case values merged: firsts and lasts by time, sums and extremes."""
    if not parts:
        return case_events(pd.DataFrame({"case": pd.Series(dtype="str")}), {"case_id": "case"})
    values = pd.concat([part.values for part in parts], ignore_index=True)
    cases = pd.concat([part.cases for part in parts], ignore_index=True)
    handlers = pd.concat([part.handlers for part in parts], ignore_index=True)
    states = _merge_states(pd.concat([part.states for part in parts], ignore_index=True))
    merged = _first_and_last(values), _merge_cases(cases), _merge_handlers(handlers)
    return CaseEvents(*merged, states)


def case_log(events: CaseEvents, spec: Spec) -> CaseLog:
    """One exception per case, in canonical field columns (plus `reopened`, `events`,
    `reassignments` and `resubmitted`); a field no event had is no column."""
    merged = merge_events([events])
    cases = merged.cases.set_index("case").sort_index()
    frame = pd.DataFrame(index=cases.index)
    frame["exception_id"] = cases.index
    frame["timestamp"] = _iso(cases["t_first"].to_numpy())
    values = merged.values.pivot(index="case", columns="field", values="value")
    for field in (*FIRST, "message_first", "message_last", "activity_first", "activity_failed"):
        frame[field] = values.get(field)
    resolver, reassigned = _resolvers(merged.handlers, len(cases), spec)
    frame["handler"] = resolver.reindex(frame.index)
    frame["reassignments"] = reassigned.reindex(frame.index).fillna(0).astype(int).astype(str)
    for field in LAST:
        frame[field] = values.get(f"{field}_last")
    _retries(frame, cases)
    _outcomes(frame, cases, merged.states)
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
    """Per case of the batch: times, events, retries and the times of what happened (an
    exception: a failure, or an event with a message)."""
    table = events.join(flags)
    message = texts.get("message")
    said = message.reindex(table.index).notna() if message is not None else False
    table["t_exception"] = np.where(table["failure"] | said, table["t"], np.nan)
    count = texts.get("retry_count")
    numbers = pd.to_numeric(count, errors="coerce") if count is not None else None
    table["counted"] = 0.0 if numbers is None else numbers.reindex(table.index).fillna(0.0)
    table["counted"] = table["counted"].where(~(table["resubmit"] | table["fix"]), 0.0)
    for name in ("retry", "fix", "resubmit", "reopen", "success"):
        table[f"t_{name}"] = np.where(table[name], table["t"], np.nan)
    grouped = table.groupby("case", sort=False)
    return grouped.agg(
        t_first=("t", "min"),
        events=("r", "size"),
        retries=("retry", "sum"),
        counted=("counted", "max"),
        t_first_retry=("t_retry", "min"),
        t_last_success=("t_success", "max"),
        t_first_fix=("t_fix", "min"),
        t_last_fix=("t_fix", "max"),
        t_last_resubmit=("t_resubmit", "max"),
        t_first_success=("t_success", "min"),
        t_last_reopen=("t_reopen", "max"),
        t_last_exception=("t_exception", "max"),
    ).reset_index()


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
        "t_first_success": "min",
        "t_last_reopen": "max",
        "t_last_exception": "max",
    }
    return cases.groupby("case", sort=False).agg(aggregations).reset_index()


def _handlers(events: pd.DataFrame, texts: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Per (case, handler): the handler's last event in the case."""
    handler = texts.get("handler")
    if handler is None:
        return pd.DataFrame(columns=["case", "handler", "t", "r"])
    table = events.assign(handler=handler.reindex(events.index).to_numpy())
    table = table[table["handler"].notna()]
    return table.groupby(["case", "handler"], as_index=False).agg(t=("t", "max"), r=("r", "max"))


def _merge_handlers(handlers: pd.DataFrame) -> pd.DataFrame:
    if handlers.empty:
        return handlers
    return handlers.groupby(["case", "handler"], as_index=False).agg(t=("t", "max"), r=("r", "max"))


def _resolvers(handlers: pd.DataFrame, cases: int, spec: Spec) -> tuple[pd.Series, pd.Series]:
    """Per case: the last handler who is a person, and how many other people had it."""
    if handlers.empty:
        return pd.Series(dtype=object), pd.Series(dtype=int)
    system = system_accounts(handlers, cases, spec)
    people = handlers[~handlers["handler"].isin(system)]
    ordered = people.sort_values(["case", "t", "r"], kind="stable")
    resolver = ordered.drop_duplicates("case", keep="last").set_index("case")["handler"]
    reassigned = (people.groupby("case")["handler"].nunique() - 1).clip(lower=0)
    return resolver, reassigned


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


def _retries(frame: pd.DataFrame, cases: pd.DataFrame) -> None:
    """Automatic retries (a person's fix-and-resubmit is none) and their outcome: cleared
    when a success follows the first retry, the exception does not fire after the last
    success, and no person corrected or resubmitted it after the first retry."""
    retries = np.maximum(cases["retries"].to_numpy(), cases["counted"].to_numpy())
    resubmitted = cases["t_last_resubmit"].notna().to_numpy()
    frame["resubmitted"] = np.where(resubmitted, "yes", "no")
    frame["retry_count"] = retries.astype(int).astype(str)
    if frame["retry_outcome"].notna().any():
        return
    first_retry = cases["t_first_retry"]
    person = (cases["t_last_resubmit"] > first_retry) | (cases["t_last_fix"] > first_retry)
    again = cases["t_last_exception"] > cases["t_last_success"]
    cleared = ((cases["t_last_success"] > first_retry) & ~person & ~again).to_numpy()
    outcome = pd.Series(np.where(cleared, "succeeded", "failed"), index=frame.index)
    frame["retry_outcome"] = outcome.where(retries > 0)


def _outcomes(frame: pd.DataFrame, cases: pd.DataFrame, states: pd.DataFrame) -> None:
    """Whether a case that went through (a success: delivered, resolved) came back: reopened
    after it, or back in a state it had left before it (Resolved, then Active again)."""
    success = cases["t_first_success"]
    resolved = success.notna().to_numpy()
    came_back = (cases["t_last_reopen"] > success).to_numpy()
    if len(states):
        at = states["case"].map(success)
        back = states[(states["first"] < at) & (states["last"] > at)]["case"]
        came_back = came_back | cases.index.isin(back.to_numpy())
    said = pd.Series(np.where(came_back, REOPENED, STAYED), index=frame.index)
    frame["reopened"] = said.where(resolved)


def _states(events: pd.DataFrame, activity: pd.Series | None) -> pd.DataFrame:
    """Per (case, activity): its first and last time."""
    if activity is None:
        return pd.DataFrame(columns=["case", "activity", "first", "last"])
    table = events.assign(activity=activity.reindex(events.index).to_numpy())
    return _merge_states(table[table["activity"].notna()].rename(columns={"t": "first"}))


def _merge_states(states: pd.DataFrame) -> pd.DataFrame:
    if states.empty:
        return pd.DataFrame(columns=["case", "activity", "first", "last"])
    if "last" not in states:
        states = states.assign(last=states["first"])
    keys = ["case", "activity"]
    return states.groupby(keys, as_index=False).agg(first=("first", "min"), last=("last", "max"))


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
