"""Which column of a log holds which canonical field, found from headers and values.

    mapping = detect_mapping(frame, spec)       # every field: a column or None, and why
    mapping.to_dict()                           # {"handler": "Assigned To", "payload": None, …}
    mapping = apply_overrides(mapping, {"handler": "Owner", "payload": None})

Detection runs in three rounds, each field and each column used at most once: header names
equal to a synonym in `questions.yaml` (after normalising case, spacing and punctuation);
then near matches (typos, a synonym inside a longer name), unless the values rule the
field out; then the values alone (JSON payloads, 'A → B' boundaries, timestamps, unique
ids, error codes, free-text messages).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from framework.columns import profiles as values
from framework.columns.headers import header_matches, normalise
from framework.spec.model import FIELD_IDS, Spec

HEADER = "header"  # the header is one of the field's names
FUZZY = "fuzzy"  # the header is close to one of the field's names
VALUES = "values"  # the values look like the field
USER = "user"  # chosen by the user
_VALUES_AT = 0.8
_VALUE_WORDS = {
    "timestamp": "timestamps",
    "payload": "payloads (JSON, XML or key=value)",
    "boundary": "'source → target' pairs",
    "exception_id": "unique ids",
    "error_code": "error codes",
    "message": "free-text messages",
}


class MappingError(ValueError):
    """A column mapping that does not fit the log (unknown field or column)."""


@dataclass(frozen=True)
class Assignment:
    """One field mapped to one column, and how that was decided."""

    field: str
    column: str
    method: str
    score: float
    reason: str


@dataclass(frozen=True)
class ColumnMapping:
    """Every canonical field's column (or none) for one log, with the reason for each."""

    columns: tuple[str, ...]
    assignments: Mapping[str, Assignment]
    overridden: frozenset[str] = frozenset()  # fields the user set or cleared

    def column(self, field: str) -> str | None:
        assignment = self.assignments.get(field)
        return None if assignment is None else assignment.column

    def to_dict(self) -> dict[str, str | None]:
        """{field id: column name or None} for every canonical field, in the spec's order."""
        return {field: self.column(field) for field in FIELD_IDS}


def detect_mapping(frame: pd.DataFrame, spec: Spec) -> ColumnMapping:
    """Map each field in `spec.columns` to at most one column of `frame`, each column once."""
    columns = tuple(str(name) for name in frame.columns)
    words = (*spec.vocabulary.get("success", ()), *spec.vocabulary.get("failure", ()))
    profiles = {column: values.profile(frame[column], words) for column in columns}
    chosen: dict[str, Assignment] = {}
    for assignment in [*_by_headers(columns, profiles, spec), *_by_values(columns, profiles)]:
        used = {a.column for a in chosen.values()}
        if assignment.field not in chosen and assignment.column not in used:
            chosen[assignment.field] = assignment
    ordered = {field: chosen[field] for field in FIELD_IDS if field in chosen}
    return ColumnMapping(columns, ordered)


def apply_overrides(mapping: ColumnMapping, overrides: Mapping[str, str | None]) -> ColumnMapping:
    """The mapping with the user's choices applied ({field: column, or None to unmap}).

    A column given to one field is taken from whichever field had it before. Raises
    `MappingError` for an unknown field, an unknown column, or one column given twice.
    """
    _check(overrides, mapping.columns)
    chosen = dict(mapping.assignments)
    changed = set(mapping.overridden)
    for field, column in overrides.items():
        if mapping.column(field) == column:
            continue
        changed.add(field)
        chosen.pop(field, None)
        if column is None:
            continue
        for other in [a.field for a in chosen.values() if a.column == column]:
            del chosen[other]
        chosen[field] = Assignment(field, column, USER, 1.0, "chosen by you")
    ordered = {field: chosen[field] for field in FIELD_IDS if field in chosen}
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


def _by_headers(
    columns: tuple[str, ...], profiles: Mapping[str, values.Profile], spec: Spec
) -> list[Assignment]:
    """Header matches, best first: exact names (values that fit first), then near ones that
    the values do not rule out."""
    labels = {field.id: field.label for field in spec.columns}
    found = []
    for position, column in enumerate(columns):
        for match in header_matches(column, spec.columns):
            exact = match.score == 1.0
            mismatch = values.contradicts(match.field, profiles[column])
            if mismatch and not exact:
                continue
            if exact:
                method, reason = HEADER, f"the header is a name for {labels[match.field]}"
            elif set(match.synonym.split()) <= set(normalise(column).split()):
                method, reason = FUZZY, f"the header contains '{match.synonym}'"
            else:
                method, reason = FUZZY, f"the header looks like '{match.synonym}' misspelt"
            if not exact:
                reason += f" ({match.score:.0%} match)"
            order = (not exact, mismatch, -match.score, match.rank, position)
            found.append((order, Assignment(match.field, column, method, match.score, reason)))
    return [assignment for _, assignment in sorted(found, key=lambda item: item[0])]


def _by_values(
    columns: tuple[str, ...], profiles: Mapping[str, values.Profile]
) -> list[Assignment]:
    """Fields recognised from the values alone, most certain first."""
    found = []
    for position, column in enumerate(columns):
        for field, what in _VALUE_WORDS.items():
            score = values.fit(field, profiles[column])
            if score >= _VALUES_AT and not values.contradicts(field, profiles[column]):
                reason = f"{score:.0%} of the sampled values look like {what}"
                found.append((-score, position, Assignment(field, column, VALUES, score, reason)))
    return [assignment for *_, assignment in sorted(found, key=lambda item: item[:2])]


def _check(overrides: Mapping[str, str | None], columns: tuple[str, ...]) -> None:
    unknown = [field for field in overrides if field not in FIELD_IDS]
    if unknown:
        raise MappingError(
            f"unknown field {', '.join(map(repr, unknown))}; the fields are: {', '.join(FIELD_IDS)}"
        )
    for field, column in overrides.items():
        if column is not None and column not in columns:
            listed = ", ".join(f"'{name}'" for name in columns)
            raise MappingError(
                f"{field}: the log has no column named '{column}'; its columns are: {listed}"
            )
    given = [column for column in overrides.values() if column is not None]
    twice = sorted({column for column in given if given.count(column) > 1})
    if twice:
        raise MappingError(
            f"the column '{twice[0]}' is given to more than one field; give each column to one"
        )
