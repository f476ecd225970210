"""An event log's events folded into per-case state, coded by integers: one batch's events
read into per-case numpy arrays (`batch_state`), the states of many batches merged into one
(`merge_states`). `framework.inference.cases` reads the state as one exception per case.

    state = batch_state(frame, columns, spec, fmt, first_row)   # a batch of events
    state = merge_states([state, other, ...])                    # batches of one log

Cases are numbered by their ids: code `i` is the case `labels[i]`. A batch's events are put
in order of case, time and place in the log once, and every per-case value is then the first
or last event of the case that matches (a success, a failure, a value in a column), a count
or an extreme — nothing runs per case or per event in Python. Merging renumbers the cases of
every batch into one set of codes (the batches' ids dictionary-encoded together) and takes
the first, last, sum or extreme again, so a log merges into the same state however it is
sliced. Times are nanoseconds since the epoch; an event without one sorts after all others
(`LATE`); the times of what happened in a case (its first retry, last success …) are floats,
NaN when it never happened.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.coded import arrow_text, dictionary, encode, encode_arrow, parallel
from framework.columnar.timestamps import NAT, TimeFormat, parse_times
from framework.inference import vocabulary as vocab
from framework.inference.values import missing_as_empty
from framework.spec.model import Spec

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Numbers = npt.NDArray[Any]
"""Per case (or per row): integers or floats."""
Reduce = Mapping[str, np.ufunc]

FIRST = ("error_code", "source_system", "target_system", "boundary", "payload", "root_cause")
LAST = ("resolution", "retry_outcome", "handoff_status")
LATE = np.iinfo(np.int64).max  # an event without a time sorts after every timed one
TIMES = {
    "t_first_retry": ("retry", False),
    "t_last_success": ("success", True),
    "t_first_fix": ("fix", False),
    "t_last_fix": ("fix", True),
    "t_last_resubmit": ("resubmit", True),
    "t_last_reopen": ("reopen", True),
    "t_first_failure": ("failure", False),
    "t_last_failure": ("failure", True),
}
"""Per case: the time of the first or last (True) event with the flag."""
CASES: Reduce = {
    "t_first": np.minimum,
    "events": np.add,
    "retries": np.add,
    "counted": np.fmax,
    **{name: np.fmax if last else np.fmin for name, (_, last) in TIMES.items()},
}
"""How batches' per-case values merge (beside the two first successes)."""
HANDLERS: Reduce = {"t_first": np.minimum, "t": np.maximum, "r": np.maximum}
"""Per (case, handler): the handler's first and last time in the case, and last row."""
SPANS: Reduce = {"t_min": np.minimum, "t_max": np.maximum, "r_first": np.minimum}
"""Per (case, activity) of the events that are neither a success nor a retry: the first and
last time it happened, and the row it first appeared on."""
DENSE = 1 << 20
"""Distinct pairs are counted in an array up to this size (8 MB), else sorted."""
_FLAG_WORDS = ("automatic_retry", "correction", "resubmit", "reopen", "success", "failure")
_FLAGS = ("retry", "fix", "resubmit", "reopen", "success", "failure")
_NO_WORDS: Mapping[str, tuple[str, ...]] = dict.fromkeys(
    ("missing", "automatic_retry", "correction", "resubmit", "reopen", "success", "failure"), ()
)


@dataclass(frozen=True)
class Keyed:
    """Rows keyed by a case code and a text (a handler, an activity, a field's value) coded
    into `names`, with numbers per row (times `t…`, rows `r…`)."""

    case: Ints
    key: Ints
    names: pa.Array
    numbers: Mapping[str, Numbers]

    def only(self, rows: Bools | Ints) -> Keyed:
        """The rows picked by a mask or positions."""
        picked = {name: values[rows] for name, values in self.numbers.items()}
        return Keyed(self.case[rows], self.key[rows], self.names, picked)


@dataclass(frozen=True)
class CaseEvents:
    """Per-case state of one batch of events (or of several, merged)."""

    labels: pa.Array
    """The case id of each case code."""
    cases: Mapping[str, Numbers]
    """Per case code: `t_first`, `events`, `retries`, `counted` (the largest retry count a
    retry column gave, NaN without one), the `TIMES` and the two first success times."""
    values: Mapping[str, Keyed]
    """Per field: each case's first value by time (its last for `…_last` fields), with the
    time `t` and row `r` of the event it came from."""
    handlers: Keyed
    spans: Keyed


@dataclass(frozen=True)
class _Sorted:
    """A batch's events with a case, ordered by case code, time and row."""

    rows: Ints
    """The events' positions in the batch."""
    case: Ints
    t: Ints
    r: Ints
    size: int

    def ends(self, mask: Bools, last: bool = False) -> Ints:
        """Positions of each case's first (or `last`) event where `mask` holds."""
        return _ends(self.case, np.flatnonzero(mask), last)


def _ends(case: Ints, at: Ints, last: bool) -> Ints:
    """Of positions `at` (grouped by `case[at]`, in order within a case): the first or last
    position of each case."""
    if not len(at):
        return at
    cases = case[at]
    change = cases[1:] != cases[:-1]
    edges: Ints = at[np.append(change, True)] if last else at[np.insert(change, 0, True)]
    return edges


def batch_state(
    frame: pd.DataFrame,
    columns: Mapping[str, str | None],
    spec: Spec | None = None,
    fmt: TimeFormat | None = None,
    first_row: int = 0,
) -> CaseEvents:
    """The per-case state of one batch of events (`columns`: field id → column); the batch's
    first row is row `first_row` of the log."""
    words = spec.vocabulary if spec is not None else _NO_WORDS
    fields = [field for field, column in columns.items() if column is not None]
    found = parallel(lambda field: _read(frame, columns, field, words, fmt), fields)
    coded = {field: read for field, read in zip(fields, found, strict=True) if read is not None}
    case, labels = coded.pop("case_id")
    stamp = columns.get("timestamp")
    times = coded.pop("timestamp")[0] if stamp else np.full(len(frame), NAT)
    events = _sorted(case, np.where(times == NAT, LATE, times), first_row, len(labels))
    codes = {field: (values[events.rows], names) for field, (values, names) in coded.items()}
    flags = _flags(codes.get("activity"), words, len(events.rows))
    return CaseEvents(
        labels,
        _case_times(events, flags, codes.get("retry_count")),
        _values(events, codes, flags["failure"]),
        _handlers(events, codes.get("handler")),
        _spans(events, codes.get("activity"), ~(flags["success"] | flags["retry"])),
    )


def _read(
    frame: pd.DataFrame,
    columns: Mapping[str, str | None],
    field: str,
    words: Mapping[str, tuple[str, ...]],
    fmt: TimeFormat | None,
) -> tuple[Ints, pa.Array]:
    """A field's column read: times per row (`NAT`: none) for the timestamp, else codes."""
    column = frame[columns[field]]
    if field == "timestamp":
        return parse_times(column, fmt), pa.array([], type=pa.large_string())
    return coded_text(column, words["missing"])


def coded_text(column: pd.Series, missing: Sequence[str]) -> tuple[Ints, pa.Array]:
    """A column as codes per row (-1: missing) into its distinct values (Arrow text), the
    values trimmed and single-spaced, placeholders and blanks missing (`coded.encode`)."""
    codes, names = encode_arrow(
        arrow_text(column), rename=lambda names: missing_as_empty(names, missing)
    )
    return codes.astype(np.int64), names.cast(pa.large_string())


def _sorted(case: Ints, t: Ints, first_row: int, size: int) -> _Sorted:
    """The events with a case, in order of case, time and row."""
    rows = np.flatnonzero(case >= 0)
    rows = rows[np.argsort(case[rows], kind="stable")]
    same = case[rows][1:] == case[rows][:-1]
    if (t[rows][1:] < t[rows][:-1])[same].any():  # not written in time order: sort by time too
        rows = rows[np.lexsort((t[rows], case[rows]))]
    return _Sorted(rows, case[rows], t[rows], first_row + rows, size)


def _flags(
    activity: tuple[Ints, pa.Array] | None, words: Mapping[str, tuple[str, ...]], events: int
) -> dict[str, Bools]:
    """Per event: what its activity says happened (retry, fix, resubmit, reopen, success,
    failure), read once per distinct activity."""
    if activity is None:
        return {name: np.zeros(events, dtype=bool) for name in _FLAGS}
    codes, names = activity
    distinct = sorted(names.to_pylist())
    place = pc.index_in(names, value_set=pa.array(distinct, names.type)).to_numpy()
    rows = np.append(np.asarray(place, dtype=np.int64), -1)[codes]  # -1: no activity
    lists = tuple((key, tuple(words[key])) for key in _FLAG_WORDS)
    found = _activity_flags(tuple(distinct), lists)
    return {name: np.append(hit, False)[rows] for name, hit in found.items()}


@functools.lru_cache(maxsize=16)
def _activity_flags(
    names: tuple[str, ...], lists: tuple[tuple[str, tuple[str, ...]], ...]
) -> dict[str, Bools]:
    """Per activity name: the flags its words give (cached: the batches of a log mostly
    share their activities)."""
    words = dict(lists)
    coded = encode(pa.chunked_array([pa.array(names, pa.large_string())]), fold_case=True)
    mentions = {"retry": "automatic_retry", "fix": "correction", "resubmit": "resubmit"}
    found = {name: vocab.mentions(coded, words[key]) for name, key in mentions.items()}
    found["reopen"] = vocab.mentions(coded, words["reopen"])
    outcome = vocab.outcome_classes(coded, words)
    found["success"] = outcome == vocab.POSITIVE
    found["failure"] = outcome == vocab.NEGATIVE
    found["retry"] &= ~found["resubmit"]
    return found


def _case_times(
    events: _Sorted, flags: Mapping[str, Bools], retry_count: tuple[Ints, pa.Array] | None
) -> dict[str, Numbers]:
    """Per case: first time, events, retries, the largest retry count, the `TIMES` and the
    two first success times."""
    size, case = events.size, events.case
    first = events.ends(np.ones(len(case), dtype=bool))
    found: dict[str, Numbers] = {
        "t_first": _scatter(case[first], events.t[first], size, LATE),
        "events": np.bincount(case, minlength=size).astype(np.int64),
        "retries": np.bincount(case, weights=flags["retry"], minlength=size).astype(np.int64),
        "counted": np.full(size, np.nan),
    }
    if retry_count is not None:
        np.fmax.at(found["counted"], case, _counted(retry_count, flags))
    for name, (flag, last) in TIMES.items():
        at = events.ends(flags[flag], last)
        found[name] = _scatter(case[at], events.t[at].astype(np.float64), size, np.nan)
    successes = np.flatnonzero(flags["success"])
    for rank in (1, 2):
        at = _ends(case, successes, last=False)
        found[f"t_success_{rank}"] = _scatter(
            case[at], events.t[at].astype(np.float64), size, np.nan
        )
        successes = np.setdiff1d(successes, at, assume_unique=True)
    return found


def _counted(retry_count: tuple[Ints, pa.Array], flags: Mapping[str, Bools]) -> Floats:
    """Per event: the retry count its column gives (0 where none or not a number; 0 for a
    person's correction or resubmission, which is no retry)."""
    codes, names = retry_count
    numbers = pd.to_numeric(pd.Series(names.to_pylist(), dtype=object), errors="coerce")
    lookup = np.append(numbers.to_numpy(dtype=np.float64, na_value=np.nan), np.nan)
    counted = lookup[codes]
    counted[np.isnan(counted) | flags["resubmit"] | flags["fix"]] = 0.0
    return counted


def _scatter(at: Ints, values: Numbers, size: int, empty: float) -> Numbers:
    """An array of `size` holding `values` at positions `at`, `empty` elsewhere."""
    out = np.full(size, empty, dtype=values.dtype)
    out[at] = values
    return out


def _values(
    events: _Sorted, codes: Mapping[str, tuple[Ints, pa.Array]], failure: Bools
) -> dict[str, Keyed]:
    """Per field: each case's first value by time (its last for `…_last` fields)."""
    wanted = [(field, field, False) for field in FIRST]
    wanted += [(f"{field}_last", field, True) for field in LAST]
    wanted += [("activity_first", "activity", False), ("message_first", "message", False)]
    wanted += [("message_last", "message", True)]
    found = {
        name: _pick(events, codes[field], codes[field][0] >= 0, last)
        for name, field, last in wanted
        if field in codes
    }
    if "activity" in codes:
        activity = codes["activity"]
        found["activity_failed"] = _pick(events, activity, (activity[0] >= 0) & failure, False)
    return found


def _pick(events: _Sorted, coded: tuple[Ints, pa.Array], mask: Bools, last: bool) -> Keyed:
    at = events.ends(mask, last)
    key, names = _compact(coded[0][at], coded[1])
    return Keyed(events.case[at], key, names, {"t": events.t[at], "r": events.r[at]})


def _compact(key: Ints, names: pa.Array) -> tuple[Ints, pa.Array]:
    """Keys into only the names they use, when they use few of them (a batch's distinct
    messages are kept only for the cases' first and last)."""
    if len(names) <= 2 * len(key):
        return key, names
    used, inverse = np.unique(key, return_inverse=True)
    return inverse.astype(np.int64), names.take(pa.array(used))


def _handlers(events: _Sorted, handler: tuple[Ints, pa.Array] | None) -> Keyed:
    """Per (case, handler): the handler's first and last time in the case, and last row."""
    if handler is None:
        return _no_pairs(HANDLERS)
    codes, names = handler
    at = np.flatnonzero(codes >= 0)
    t, r = events.t[at], events.r[at]
    found = _pairs(events.case[at], codes[at], names, {"t_first": t, "t": t, "r": r}, HANDLERS)
    return Keyed(found.case, *_compact(found.key, names), found.numbers)


def _spans(events: _Sorted, activity: tuple[Ints, pa.Array] | None, trouble: Bools) -> Keyed:
    """Per (case, activity) of the events that are no success and no retry: the first and
    last time it happened, and the first row it happened on."""
    if activity is None:
        return _no_pairs(SPANS)
    codes, names = activity
    at = np.flatnonzero((codes >= 0) & trouble)
    t, r = events.t[at], events.r[at]
    found = _pairs(events.case[at], codes[at], names, {"t_min": t, "t_max": t, "r_first": r}, SPANS)
    return Keyed(found.case, *_compact(found.key, names), found.numbers)


def _no_pairs(reduce: Reduce) -> Keyed:
    empty = np.zeros(0, dtype=np.int64)
    return Keyed(empty, empty, pa.array([], type=pa.large_string()), dict.fromkeys(reduce, empty))


def _pairs(
    case: Ints, key: Ints, names: pa.Array, numbers: Mapping[str, Numbers], reduce: Reduce
) -> Keyed:
    """One row per distinct (case, key code) pair, its numbers reduced by `reduce`; the key
    codes index `names`."""
    width = max(len(names), 1)
    pairs, inverse = _distinct(case * width + key, (int(case.max(initial=0)) + 1) * width)
    found = {name: _reduce(how, inverse, numbers[name], len(pairs)) for name, how in reduce.items()}
    return Keyed(pairs // width, pairs % width, names, found)


def _distinct(values: Ints, space: int) -> tuple[Ints, Ints]:
    """The distinct values (all in 0 … space-1), ascending, and each value's place among
    them; counted in an array of `space` when that is small, else sorted."""
    if space > DENSE:
        pairs, inverse = np.unique(values, return_inverse=True)
        return pairs, inverse
    present = np.flatnonzero(np.bincount(values, minlength=space))
    place = np.zeros(space, dtype=np.int64)
    place[present] = np.arange(len(present))
    return present, place[values]


def _reduce(how: np.ufunc, groups: Ints, values: Numbers, size: int) -> Numbers:
    """`values` reduced per group (0 … size-1) by `how` (min, max, a sum, NaN-aware min or
    max); a group without values is NaN for floats."""
    kind = values.dtype
    if how is np.add:
        start: float = 0
    elif kind.kind == "f":
        start = np.nan
    else:
        start = np.iinfo(kind).max if how is np.minimum else np.iinfo(kind).min
    out = np.full(size, start, dtype=kind)
    how.at(out, groups, values)
    return out


def merge_states(parts: Sequence[CaseEvents]) -> CaseEvents:
    """Batches' per-case states merged: the cases renumbered into one set of codes, then
    firsts and lasts by time, sums and extremes."""
    if not parts:
        return batch_state(pd.DataFrame({"case": pd.Series(dtype="str")}), {"case_id": "case"})
    if len(parts) == 1:
        return parts[0]
    labels, codes = _union([part.labels for part in parts])
    fields = dict.fromkeys(field for part in parts for field in part.values)
    values = {
        field: _merge_picks(
            [
                renumbered(part.values[field], code)
                for code, part in zip(codes, parts, strict=True)
                if field in part.values
            ],
            len(labels),
            last=field.endswith("_last"),
        )
        for field in fields
    }
    handlers = [renumbered(part.handlers, code) for code, part in zip(codes, parts, strict=True)]
    spans = [renumbered(part.spans, code) for code, part in zip(codes, parts, strict=True)]
    shared = np.bincount(np.concatenate(codes), minlength=len(labels)) > 1
    return CaseEvents(
        labels,
        _merge_cases([part.cases for part in parts], codes, len(labels)),
        values,
        _merge_pairs(handlers, HANDLERS, shared),
        _merge_pairs(spans, SPANS, shared),
    )


def _union(labels: Sequence[pa.Array]) -> tuple[pa.Array, list[Ints]]:
    """The distinct texts of all batches, and per batch the new code of each old one."""
    codes, distinct = dictionary(pa.chunked_array(labels, type=pa.large_string()))
    bounds = np.cumsum([len(part) for part in labels])[:-1]
    return distinct.cast(pa.large_string()), np.split(codes.astype(np.int64), bounds)


def renumbered(rows: Keyed, code: Ints) -> Keyed:
    """`rows` with their cases renumbered (`code`: the new code of each old one)."""
    return Keyed(code[rows.case], rows.key, rows.names, rows.numbers)


def _merged_keys(parts: Sequence[Keyed]) -> tuple[Ints, Ints, pa.Array]:
    """The parts' cases and keys, concatenated, the keys coded into their names together."""
    names, codes = _union([part.names for part in parts])
    key = np.concatenate([code[part.key] for code, part in zip(codes, parts, strict=True)])
    return np.concatenate([part.case for part in parts]), key, names


def _merge_cases(
    parts: Sequence[Mapping[str, Numbers]], codes: Sequence[Ints], size: int
) -> dict[str, Numbers]:
    """Per case of all batches: the batches' per-case values reduced (`CASES`), and the two
    first of their two first success times."""
    groups = np.concatenate(codes)
    found = {
        name: _reduce(how, groups, np.concatenate([part[name] for part in parts]), size)
        for name, how in CASES.items()
    }
    times = np.concatenate([part[f"t_success_{rank}"] for rank in (1, 2) for part in parts])
    cases = np.concatenate([groups, groups])
    known = np.flatnonzero(~np.isnan(times))
    ordered = known[np.lexsort((times[known], cases[known]))]
    for rank in (1, 2):
        at = _ends(cases, ordered, last=False)
        found[f"t_success_{rank}"] = _scatter(cases[at], times[at], size, np.nan)
        ordered = ordered[~np.isin(ordered, at)]
    return found


def _merge_picks(parts: Sequence[Keyed], size: int, last: bool) -> Keyed:
    """Per case: the first (or `last`) of the batches' values by time, then row."""
    case, key, names = _merged_keys(parts)
    t = np.concatenate([part.numbers["t"] for part in parts])
    r = np.concatenate([part.numbers["r"] for part in parts])
    at = best_rows(case, t, r, size, last)
    return Keyed(case[at], key[at], names, {"t": t[at], "r": r[at]})


def best_rows(case: Ints, t: Ints, r: Ints, size: int, last: bool) -> Ints:
    """Per case among the rows (cases coded 0 … size-1): the position of its earliest (or
    `last`) row by time `t`, then by row `r`; no two rows of a case share both."""
    extreme = np.maximum if last else np.minimum
    best = _reduce(extreme, case, t, size)
    tied = np.flatnonzero(t == best[case])
    row = _reduce(extreme, case[tied], r[tied], size)
    found: Ints = tied[r[tied] == row[case[tied]]]
    return found


def _merge_pairs(parts: Sequence[Keyed], reduce: Reduce, shared: Bools) -> Keyed:
    """The batches' (case, key) rows merged per pair; only the cases in more than one batch
    (`shared`) can have a pair twice."""
    case, key, names = _merged_keys(parts)
    numbers = {name: np.concatenate([part.numbers[name] for part in parts]) for name in reduce}
    twice = shared[case]
    alone = Keyed(case, key, names, numbers).only(~twice)
    merged = _pairs(
        case[twice], key[twice], names, {k: v[twice] for k, v in numbers.items()}, reduce
    )
    return Keyed(
        np.concatenate([alone.case, merged.case]),
        np.concatenate([alone.key, merged.key]),
        names,
        {name: np.concatenate([alone.numbers[name], merged.numbers[name]]) for name in reduce},
    )
