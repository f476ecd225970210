"""Which column of a log holds which canonical field, how sure that is, and why.

    mapping = detect_mapping(frame, spec)       # every field: a column or None, and why
    mapping.to_dict()                           # {"handler": "Assigned To", "payload": None, …}
    mapping.assignments["handler"].confidence   # 0…1; below `LOW_CONFIDENCE` it is a guess
    mapping.guesses()                           # the guessed fields a person should confirm
    mapping = apply_overrides(mapping, {"handler": "Owner", "payload": None})

Every header and every column's values give candidates (`framework.columns.candidates`),
each with a confidence; the most certain is taken first, each field and each column used
at most once; a field nothing names stays unmapped. Then the rules of an event log: an id
whose values repeat is the case (`case_id`), and the time that changes from event to event
is the timestamp rather than the case's open time. A column the user chooses or confirms
is certain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from framework.columns import profiles as values
from framework.columns.candidates import (
    FUZZY,
    HEADER,
    VALUES,
    WORDS_METHOD,
    Candidate,
    candidates,
)
from framework.columns.headers import HeaderIndex, HeaderMatch
from framework.logs.limits import MAX_PROFILED_COLUMNS
from framework.spec.model import FIELD_IDS, Spec

__all__ = [
    "FUZZY",
    "HEADER",
    "LOW_CONFIDENCE",
    "USER",
    "VALUES",
    "WORDS_METHOD",
    "Assignment",
    "ColumnMapping",
    "MappingError",
    "apply_overrides",
    "detect_mapping",
    "overrides_from_args",
]

USER = "user"  # chosen or confirmed by the user
LOW_CONFIDENCE = 0.7
"""A detected column less sure than this is a guess: the page asks to confirm it, and a
verdict resting on it carries a warning."""
CONFIRMED = "confirmed by you"
_UNSAMPLED = values.Profile(0, 0.0, {})  # a column past the sampling limit: values unknown


class MappingError(ValueError):
    """A column mapping that does not fit the log (unknown field or column)."""


@dataclass(frozen=True)
class Assignment:
    """One field mapped to one column: how that was decided, how sure (0…1) and why."""

    field: str
    column: str
    method: str
    score: float
    reason: str
    confidence: float = 1.0
    language: str | None = None

    @property
    def guessed(self) -> bool:
        """Too unsure to rest a verdict on without a person's word."""
        return self.method != USER and self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class ColumnMapping:
    """Every canonical field's column (or none) for one log, with the reason for each.

    `left_out` says, for a field some header was named after, why that column was not
    used (its values rule the field out)."""

    columns: tuple[str, ...]
    assignments: Mapping[str, Assignment]
    overridden: frozenset[str] = frozenset()  # fields the user set or cleared
    left_out: Mapping[str, str] = field(default_factory=dict)

    def column(self, field: str) -> str | None:
        assignment = self.assignments.get(field)
        return None if assignment is None else assignment.column

    def to_dict(self) -> dict[str, str | None]:
        """{field id: column name or None} for every canonical field, in the spec's order."""
        return {field: self.column(field) for field in FIELD_IDS}

    def guesses(self) -> dict[str, Assignment]:
        """The mapped fields whose column is a guess (low confidence, not the user's)."""
        return {field: found for field, found in self.assignments.items() if found.guessed}

    def confidence(self) -> dict[str, float]:
        """{field: confidence} of every mapped field (1 for the user's choices)."""
        return {field: found.confidence for field, found in self.assignments.items()}


def detect_mapping(frame: pd.DataFrame, spec: Spec) -> ColumnMapping:
    """Map each field in `spec.columns` to at most one column of `frame`, each column once."""
    columns = tuple(str(name) for name in frame.columns)
    index = HeaderIndex.of(spec)
    matches = {column: index.matches(column) for column in columns}
    sampled = _sampled(columns, matches)
    words = values.ValueWords.of(spec)
    profiles = {
        column: values.profile(frame[column], words) if column in sampled else _UNSAMPLED
        for column in columns
    }
    found = candidates(columns, matches, profiles, spec)
    chosen: dict[str, Assignment] = {}
    used: set[str] = set()
    for item in sorted(found.candidates, key=Candidate.order):
        if item.field not in chosen and item.column not in used:
            chosen[item.field] = _assignment(item)
            used.add(item.column)
    _cases_not_ids(chosen, profiles)
    _event_time(chosen, found.candidates, profiles)
    ordered = {field: chosen[field] for field in FIELD_IDS if field in chosen}
    left_out = {key: why for key, why in found.left_out.items() if key not in ordered}
    return ColumnMapping(columns, ordered, left_out=left_out)


def _assignment(item: Candidate) -> Assignment:
    return Assignment(
        item.field,
        item.column,
        item.method,
        item.score,
        item.reason,
        item.confidence,
        item.language,
    )


CASE_REPEATS_AT = 0.8
"""An id column whose sampled values are less than this share distinct names cases, not
exceptions: the log holds several events per case."""


def _cases_not_ids(chosen: dict[str, Assignment], profiles: Mapping[str, values.Profile]) -> None:
    """An "exception id" whose values repeat is the case of an event log."""
    found = chosen.get("exception_id")
    if found is None or "case_id" in chosen:
        return
    profile = profiles[found.column]
    if profile.values >= 20 and profile.distinct < CASE_REPEATS_AT:
        del chosen["exception_id"]
        repeats = 1 / max(profile.distinct, 1e-9)
        reason = f"its values repeat (about {repeats:.1f} rows per value): one case, many events"
        chosen["case_id"] = replace(found, field="case_id", reason=reason)


def _event_time(
    chosen: dict[str, Assignment],
    found: list[Candidate],
    profiles: Mapping[str, values.Profile],
) -> None:
    """In an event log the time that orders the events is the one that changes from event
    to event ("sys_updated_at"), not the case's open time that every event repeats."""
    current = chosen.get("timestamp")
    if "case_id" not in chosen or current is None:
        return
    taken = {a.column for key, a in chosen.items() if key != "timestamp"}
    times = [
        item
        for item in found
        if item.field == "timestamp"
        and item.column not in taken
        and item.method != VALUES
        and profiles[item.column].share("timestamp") >= values.STRONG["timestamp"]
    ]
    if not times:
        return
    best = max(times, key=lambda item: (_changes(profiles[item.column]), -item.position))
    if _changes(profiles[best.column]) <= _changes(profiles[current.column]):
        return
    reason = (
        f"{best.reason}; the event time: its times change from event to event, unlike "
        f"'{current.column}' (repeated along a case)"
    )
    chosen["timestamp"] = replace(_assignment(best), reason=reason)


def _changes(profile: values.Profile) -> float:
    """How often a column's value changes from row to row: distinct values per sampled row."""
    return profile.distinct * profile.filled


def apply_overrides(mapping: ColumnMapping, overrides: Mapping[str, str | None]) -> ColumnMapping:
    """The mapping with the user's choices applied ({field: column, or None to unmap}).

    A column given to one field is taken from whichever field had it before; a choice equal
    to the detected column confirms it. Either way the user's column is certain. Raises
    `MappingError` for an unknown field, an unknown column, or one column given twice.
    """
    _check(overrides, mapping.columns)
    chosen = dict(mapping.assignments)
    changed = set(mapping.overridden)
    for field_id, column in overrides.items():
        found = chosen.get(field_id)
        if found is not None and found.column == column:
            if found.method != USER:
                chosen[field_id] = Assignment(field_id, column, USER, 1.0, CONFIRMED)
            continue
        if found is None and column is None:
            continue
        changed.add(field_id)
        chosen.pop(field_id, None)
        if column is None:
            continue
        for other in [a.field for a in chosen.values() if a.column == column]:
            del chosen[other]
        chosen[field_id] = Assignment(field_id, column, USER, 1.0, "chosen by you")
    ordered = {key: chosen[key] for key in FIELD_IDS if key in chosen}
    return replace(mapping, assignments=ordered, overridden=frozenset(changed))


def overrides_from_args(items: list[str]) -> dict[str, str | None]:
    """{field: column} from 'FIELD=COLUMN' strings; 'FIELD=' unmaps the field."""
    out: dict[str, str | None] = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip():
            raise MappingError(f"'{item}' is not FIELD=COLUMN (e.g. handler=Assigned To)")
        out[field.strip()] = column.strip() or None
    return out


def _sampled(columns: tuple[str, ...], matches: Mapping[str, list[HeaderMatch]]) -> frozenset[str]:
    """The columns whose values are profiled, at most `MAX_PROFILED_COLUMNS`: those whose
    header names a field first (their values may rule it out), then from the left. Profiling
    costs up to 15 ms a column; a wide log's other columns are known by their header alone."""
    named = [column for column in columns if matches[column]]
    others = [column for column in columns if not matches[column]]
    return frozenset([*named, *others][:MAX_PROFILED_COLUMNS])


def _check(overrides: Mapping[str, str | None], columns: tuple[str, ...]) -> None:
    unknown = [field for field in overrides if field not in FIELD_IDS]
    if unknown:
        raise MappingError(
            f"unknown field {', '.join(map(repr, unknown))}; the fields are: {', '.join(FIELD_IDS)}"
        )
    for field_id, column in overrides.items():
        if column is not None and column not in columns:
            listed = ", ".join(f"'{name}'" for name in columns)
            raise MappingError(
                f"{field_id}: the log has no column named '{column}'; its columns are: {listed}"
            )
    given = [column for column in overrides.values() if column is not None]
    twice = sorted({column for column in given if given.count(column) > 1})
    if twice:
        raise MappingError(
            f"the column '{twice[0]}' is given to more than one field; give each column to one"
        )
