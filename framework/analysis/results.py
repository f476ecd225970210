"""The result of analysing a log: per-group summaries, the overall summary, and their JSON.

`Analysis.to_dict()` is small (no log rows) and JSON-ready with a stable key order; the UI
caches it, the store saves it, reports render it. `Analysis.from_dict(data, spec)` rebuilds
it and diagnoses every group again under `spec`, so a saved analysis follows the current
`questions.yaml` (answers to questions it no longer has are dropped; values it no longer
knows read as unsure).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.analysis.warnings import GroupWarning, WarningContext, group_warnings
from framework.columns.group_by import GROUP_BY_FIELDS, group_by_parts
from framework.columns.mapping import MappingError
from framework.columns.row_filter import RowFilter
from framework.engine import Diagnosis, diagnose
from framework.inference.answers import Inferred, reread
from framework.spec.model import ADVICE_KEYS, FIELD_IDS, UNSURE, Spec

FORMAT = "exception-triage/analysis"
FORMAT_VERSION = 1


class AnalysisFormatError(ValueError):
    """A saved analysis document that cannot be read back; the message says which part."""


@dataclass(frozen=True)
class GroupResult:
    """One exception group: how often and when it fired, its answers and its diagnosis.

    `inferred` holds what the log says for every question; `overrides` the answers a person
    set instead (only those that differ from the inferred value); `diagnosis` is the engine's
    reading of the effective answers. `daily` lists (ISO day, occurrences) for charts.
    `warnings` say why the verdict is less firm than it looks (`framework.analysis.warnings`).
    """

    group: str
    exceptions: int
    days_active: int | None
    first_seen: str | None
    last_seen: str | None
    boundary: str | None
    inferred: Mapping[str, Inferred]
    overrides: Mapping[str, str]
    diagnosis: Diagnosis
    daily: tuple[tuple[str, int], ...] = ()
    warnings: tuple[GroupWarning, ...] = ()

    @property
    def answers(self) -> dict[str, str]:
        """The effective answers: an override where there is one, else the inferred value."""
        return {qid: self.overrides.get(qid, item.value) for qid, item in self.inferred.items()}

    @property
    def verdict(self) -> str:
        return self.diagnosis.verdict

    @property
    def both_present(self) -> bool:
        return self.diagnosis.both_present

    @property
    def tag(self) -> str:
        """`both` when both problem types are present, else the verdict."""
        return self.diagnosis.tag

    def to_dict(self) -> dict[str, Any]:
        diagnosis = self.diagnosis
        data = {
            "group": self.group,
            "exceptions": self.exceptions,
            "days_active": self.days_active,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "boundary": self.boundary,
            "answers": self.answers,
            "verdict": diagnosis.verdict,
            "both_present": diagnosis.both_present,
            "tag": diagnosis.tag,
            "evidence": {qid: item.evidence for qid, item in self.inferred.items()},
            "overrides": dict(self.overrides),
            "path": list(diagnosis.path),
            "deciding_question": diagnosis.deciding_question,
            "votes": diagnosis.votes.to_dict(),
            "inferred": {qid: item.to_dict() for qid, item in self.inferred.items()},
            "daily": [[day, count] for day, count in self.daily],
        }
        if self.warnings:
            data["warnings"] = [warning.to_dict() for warning in self.warnings]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], spec: Spec) -> GroupResult:
        known = {qid: spec.question(qid).values for qid in spec.question_ids}
        days = data.get("days_active")
        inferred = {
            qid: _valid(
                reread(Inferred.from_dict(qid, item, spec), spec.inference.get(qid), days),
                known[qid],
            )
            for qid, item in data["inferred"].items()
            if qid in known
        }
        overrides = {
            str(qid): str(value)
            for qid, value in (data.get("overrides") or {}).items()
            if qid in inferred and value in known[qid]
        }
        return build_group(
            spec,
            group=str(data["group"]),
            exceptions=int(data["exceptions"]),
            days_active=data.get("days_active"),
            first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
            boundary=data.get("boundary"),
            inferred=inferred,
            overrides=overrides,
            daily=tuple((str(day), int(count)) for day, count in data.get("daily") or ()),
        )


def _valid(item: Inferred, values: tuple[str, ...]) -> Inferred:
    """An inferred answer whose value the spec no longer knows reads as unsure."""
    return item if item.value in values else replace(item, value=UNSURE, flip=None)


def kept_overrides(
    inferred: Mapping[str, Inferred], overrides: Mapping[str, str]
) -> dict[str, str]:
    """The overrides that are overrides: for an inferred question, and not equal to the
    inferred answer (setting the answer the log gives is no override)."""
    return {
        qid: value
        for qid, value in overrides.items()
        if qid in inferred and value != inferred[qid].value
    }


def build_group(spec: Spec, **fields: Any) -> GroupResult:
    """A `GroupResult` diagnosed by the engine from its inferred answers and the overrides
    that are overrides (`kept_overrides`)."""
    inferred: Mapping[str, Inferred] = fields["inferred"]
    overrides = kept_overrides(inferred, fields.pop("overrides"))
    answers = {qid: overrides.get(qid, item.value) for qid, item in inferred.items()}
    return GroupResult(overrides=overrides, diagnosis=diagnose(spec, answers), **fields)


@dataclass(frozen=True)
class Summary:
    """The whole log at a glance: exceptions, groups, and each tag's share of both."""

    exceptions: int
    groups: int
    by_groups: Mapping[str, int]
    by_volume: Mapping[str, int]

    @classmethod
    def of(cls, groups: tuple[GroupResult, ...]) -> Summary:
        by_groups = dict.fromkeys(ADVICE_KEYS, 0)
        by_volume = dict.fromkeys(ADVICE_KEYS, 0)
        for group in groups:
            by_groups[group.tag] += 1
            by_volume[group.tag] += group.exceptions
        return cls(sum(by_volume.values()), len(groups), by_groups, by_volume)

    def share_of_groups(self, tag: str) -> float:
        return self.by_groups.get(tag, 0) / self.groups if self.groups else 0.0

    def share_of_volume(self, tag: str) -> float:
        return self.by_volume.get(tag, 0) / self.exceptions if self.exceptions else 0.0

    def to_dict(self) -> dict[str, Any]:
        tags = {
            tag: {
                "groups": self.by_groups[tag],
                "exceptions": self.by_volume[tag],
                "share_of_groups": round(self.share_of_groups(tag), 6),
                "share_of_volume": round(self.share_of_volume(tag), 6),
            }
            for tag in self.by_groups
        }
        return {"exceptions": self.exceptions, "groups": self.groups, "tags": tags}


@dataclass(frozen=True)
class Analysis:
    """A log analysed group by group, most frequent group first.

    `row_groups` (not serialised) holds, per log row, the index of its group in `groups`;
    it is None for an analysis rebuilt from JSON (see `framework.analysis.rows`).
    `boundary_counts` (not serialised either) holds the log's rows per boundary and group
    index (columns boundary, group, n) for the handoff map. `folded` counts the least
    frequent groups counted together as one (`OTHER_GROUPS`), 0 if none.
    """

    spec: Spec = field(repr=False, compare=False)
    group_by: str
    columns: Mapping[str, str | None]
    groups: tuple[GroupResult, ...]
    row_groups: npt.NDArray[np.int32] | None = field(default=None, repr=False, compare=False)
    boundary_counts: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    folded: int = 0
    events: int | None = None
    """For an event log: the events its cases (the exceptions) were read from."""
    case_groups: pd.Series | None = field(default=None, repr=False, compare=False)
    """For an event log: each case id's group index (not serialised)."""
    rows: RowFilter | None = None
    """The row filter the log was read with (None: every row)."""
    read: int | None = None
    """With a filter: the rows read before it."""
    guessed: Mapping[str, float] = field(default_factory=dict)
    """The fields whose column detection only guessed, with its confidence (0…1)."""

    @property
    def scope(self) -> str | None:
        """The row filter in words (None: every row)."""
        return None if self.rows is None else self.rows.describe()

    @property
    def summary(self) -> Summary:
        return Summary.of(self.groups)

    def warned(self, only: Collection[str] | None = None) -> Analysis:
        """Every group with its warnings worked out again (after overrides, a re-read), or
        with `only` the groups so named (a group's warnings depend on its own answers and
        the analysis's columns, never on another group); a group whose warnings stay the
        same is kept as it is."""
        context = WarningContext(self.group_by, self.guessed, self.folded)
        groups = []
        for group in self.groups:
            if only is not None and group.group not in only:
                groups.append(group)
                continue
            found = group_warnings(
                self.spec, group.group, group.inferred, group.overrides, group.diagnosis, context
            )
            groups.append(group if found == group.warnings else replace(group, warnings=found))
        return replace(self, groups=tuple(groups))

    def with_guesses(self, guessed: Mapping[str, float]) -> Analysis:
        """The analysis knowing which fields' columns were guessed, and warned accordingly."""
        return replace(self, guessed=dict(guessed)).warned()

    def group(self, name: str) -> GroupResult:
        for group in self.groups:
            if group.group == name:
                return group
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "spec": {"version": self.spec.version, "digest": self.spec.digest},
            "group_by": self.group_by,
            "columns": {key: self.columns.get(key) for key in FIELD_IDS},
            "summary": self.summary.to_dict(),
        }
        if self.folded:
            data["folded_groups"] = self.folded
        if self.events is not None:
            data["unit"] = "cases"
            data["events"] = self.events
        if self.rows is not None:
            data["filter"] = self.rows.describe()
            data["filter_rule"] = self.rows.to_dict()
            data["rows_read"] = self.read
        if self.guessed:
            data["guessed_columns"] = {key: round(value, 3) for key, value in self.guessed.items()}
        data["groups"] = [group.to_dict() for group in self.groups]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], spec: Spec) -> Analysis:
        """Rebuild from `to_dict()`, every group diagnosed again under `spec`."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise AnalysisFormatError(f"not a saved analysis (expected format '{FORMAT}')")
        if data.get("format_version") != FORMAT_VERSION:
            found = data.get("format_version")
            raise AnalysisFormatError(f"analysis format version {found!r} is not {FORMAT_VERSION}")
        try:
            groups = tuple(GroupResult.from_dict(item, spec) for item in data["groups"])
            columns = {str(k): v for k, v in data["columns"].items()}
            group_by = str(data["group_by"])
            if not set(group_by_parts(group_by)) <= set(GROUP_BY_FIELDS):
                raise ValueError(f"unknown group-by field {group_by!r}")
            folded = int(data.get("folded_groups") or 0)
            events = None if data.get("events") is None else int(data["events"])
            rule = data.get("filter_rule")
            rows = None if rule is None else RowFilter.from_dict(rule)
            read = None if data.get("rows_read") is None else int(data["rows_read"])
            guessed = {str(k): float(v) for k, v in (data.get("guessed_columns") or {}).items()}
            return cls(
                spec,
                group_by,
                columns,
                groups,
                folded=folded,
                events=events,
                rows=rows,
                read=read,
                guessed=guessed,
            ).warned()
        except (KeyError, TypeError, ValueError, AttributeError, MappingError) as error:
            raise AnalysisFormatError(f"saved analysis is damaged: {error!r}") from None
