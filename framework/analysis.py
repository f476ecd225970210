"""Analyse an exception log: group it, infer the five answers per group, diagnose each group.

    analysis = analyze(frame, mapping, spec)                  # group by error code
    analysis = analyze(frame, mapping, spec, group_by="boundary")
    analysis.groups[0]                # the most frequent group: answers, evidence, verdict
    analysis.summary                  # exceptions, groups, share of each tag
    analysis.to_dict()                # small, JSON-ready; Analysis.from_dict(data, spec)
    edited = with_overrides(analysis, {"INV_DRIFT": {"retry_resolves": "no"}})
    sheet = tag_rows(frame, edited)   # every row with its group, verdict and both-present
    chart = daily_by_tag(edited)      # occurrences per day and tag

`mapping` is {canonical field id: column name or None}; the frame is never copied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from framework import features as feats
from framework import metrics
from framework.analysis_model import Analysis, GroupResult, Summary, build_group
from framework.engine import answer_errors, diagnose
from framework.inference import infer, metric_tables
from framework.model import VERDICTS, Spec
from framework.timestamps import NAT, days

__all__ = [
    "Analysis",
    "GroupResult",
    "OverrideError",
    "Summary",
    "analyze",
    "daily_by_tag",
    "group_rows",
    "tag_rows",
    "verdict_flips",
    "with_overrides",
]

Overrides = Mapping[str, Mapping[str, str]]
TAG_COLUMNS = ("group", "verdict", "both_present")


class OverrideError(ValueError):
    """An override names a group, question or answer the analysis does not have."""


def analyze(
    frame: pd.DataFrame,
    mapping: Mapping[str, str | None],
    spec: Spec,
    *,
    group_by: str = "error_code",
) -> Analysis:
    """Group the log by `group_by`, infer the answers per group, diagnose each group."""
    found = feats.extract(frame, mapping, spec, group_by)
    tables = metric_tables(found, spec)
    answers = infer(found, spec, tables)
    basics = tables["basics"]
    order = np.lexsort((np.array(found.group.labels, dtype=object), -basics["rows"].to_numpy()))
    position = np.empty(found.group.size, dtype=np.int32)
    position[order] = np.arange(found.group.size, dtype=np.int32)
    daily = _daily(found)
    dominant = _dominant_boundaries(found, tables)
    records = basics.to_dict("records")
    groups = tuple(
        build_group(
            spec,
            group=found.group.labels[code],
            exceptions=int(records[code]["rows"]),
            days_active=int(records[code]["days"]) if found.time is not None else None,
            first_seen=_iso(int(records[code]["first"])),
            last_seen=_iso(int(records[code]["last"])),
            boundary=dominant[code],
            inferred=answers[code],
            overrides={},
            daily=daily.get(code, ()),
        )
        for code in order.tolist()
    )
    columns = {key: value for key, value in mapping.items() if value is not None}
    return Analysis(spec, group_by, columns, groups, position[found.group.codes])


def _iso(nanoseconds: int) -> str | None:
    return None if nanoseconds == NAT else str(np.datetime64(nanoseconds, "ns").astype("M8[s]"))


def _dominant_boundaries(
    found: feats.Features, tables: dict[str, pd.DataFrame]
) -> list[str | None]:
    table = tables.get("payload_consistent")
    if table is None or found.boundary is None:
        return [None] * found.group.size
    labels = found.boundary.labels
    return [labels[code] if 0 <= code < len(labels) else None for code in table["boundary"]]


def _daily(found: feats.Features) -> dict[int, tuple[tuple[str, int], ...]]:
    """Occurrences per group and day, as (ISO day, count) pairs."""
    if found.time is None:
        return {}
    known = found.time != NAT
    day = days(found.time[known])
    if not day.size:
        return {}
    first = int(day.min())
    table = metrics.crosstab(
        [found.group.codes[known], day - first], [found.group.size, int(day.max()) - first + 1]
    )
    names = np.datetime_as_string((table["c1"].to_numpy() + first).astype("M8[D]"))
    out: dict[int, list[tuple[str, int]]] = {}
    for group, name, count in zip(
        table["c0"].tolist(), names.tolist(), table["n"].tolist(), strict=True
    ):
        out.setdefault(group, []).append((name, count))
    return {group: tuple(pairs) for group, pairs in out.items()}


def with_overrides(analysis: Analysis, overrides: Overrides) -> Analysis:
    """The analysis with these answers set by hand: the complete set of overrides.

    Groups whose overrides change are diagnosed again; the others are reused. An override
    equal to the inferred answer is no override and is dropped. The inferred value and its
    evidence stay in `GroupResult.inferred`.
    """
    known = {group.group for group in analysis.groups}
    problems = [f"unknown group {name!r}" for name in overrides if name not in known]
    problems += [
        f"group {name!r}: {error}"
        for name, answers in overrides.items()
        for error in answer_errors(analysis.spec, answers)
    ]
    if problems:
        raise OverrideError("; ".join(problems))
    groups = tuple(
        _overridden(analysis.spec, group, overrides.get(group.group, {}))
        for group in analysis.groups
    )
    return Analysis(analysis.spec, analysis.group_by, analysis.columns, groups, analysis.row_groups)


def _overridden(spec: Spec, group: GroupResult, answers: Mapping[str, str]) -> GroupResult:
    kept = {
        qid: value
        for qid, value in answers.items()
        if qid in group.inferred and value != group.inferred[qid].value
    }
    if kept == dict(group.overrides):
        return group
    answers_now = {qid: kept.get(qid, item.value) for qid, item in group.inferred.items()}
    return replace(group, overrides=kept, diagnosis=diagnose(spec, answers_now))


def verdict_flips(spec: Spec, answers: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """For each question, the other answers that would change the group's tag, and to what.

    The tag is the verdict, or `both` when both problem types are present.
    """
    current = diagnose(spec, answers).tag
    flips: dict[str, dict[str, str]] = {}
    for qid in spec.question_ids:
        for value in spec.question(qid).values:
            if value == answers.get(qid):
                continue
            tag = diagnose(spec, {**answers, qid: value}).tag
            if tag != current:
                flips.setdefault(qid, {})[value] = tag
    return flips


def row_groups(frame: pd.DataFrame, analysis: Analysis) -> np.ndarray:
    """Per row, the index of its group in `analysis.groups` (-1 for a group it lacks)."""
    if analysis.row_groups is not None and len(analysis.row_groups) == len(frame):
        return analysis.row_groups
    grouped = feats.group_codes(frame, analysis.columns, analysis.group_by)
    index = {group.group: position for position, group in enumerate(analysis.groups)}
    lookup = np.array([index.get(label, -1) for label in grouped.labels] + [-1], dtype=np.int32)
    return lookup[grouped.codes]


def tag_rows(frame: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """The frame with three more columns: its group, verdict and whether both are present.

    Works for an analysis rebuilt from JSON too (the groups are found again from the
    mapped columns). Existing columns are shared, not copied; a name already taken gets
    " (triage)" appended.
    """
    codes = row_groups(frame, analysis)
    verdicts = np.array([VERDICTS.index(group.verdict) for group in analysis.groups] + [-1])
    both = np.array([group.both_present for group in analysis.groups] + [False])
    names = [name if name not in frame.columns else f"{name} (triage)" for name in TAG_COLUMNS]
    values = (
        pd.Categorical.from_codes(codes, categories=pd.Index([g.group for g in analysis.groups])),
        pd.Categorical.from_codes(verdicts[codes], categories=pd.Index(list(VERDICTS))),
        both[codes],
    )
    return frame.assign(
        **{
            name: pd.Series(value, index=frame.index)
            for name, value in zip(names, values, strict=True)
        }
    )


def group_rows(frame: pd.DataFrame, analysis: Analysis, name: str, limit: int = 20) -> pd.DataFrame:
    """Up to `limit` rows of one group, as they are in the log."""
    position = [group.group for group in analysis.groups].index(name)
    rows = np.flatnonzero(row_groups(frame, analysis) == position)[:limit]
    return frame.iloc[rows]


def daily_by_tag(analysis: Analysis) -> pd.DataFrame:
    """Occurrences per day and tag (integration, process, both, undetermined), for charts."""
    records = [(day, group.tag, count) for group in analysis.groups for day, count in group.daily]
    table = pd.DataFrame(records, columns=["day", "tag", "exceptions"])
    table["day"] = pd.to_datetime(table["day"])
    summed = table.groupby(["day", "tag"], as_index=False).agg(exceptions=("exceptions", "sum"))
    return summed.sort_values(["day", "tag"], ignore_index=True)
