"""The team lead's working analysis in this browser session, and the caches behind it.

Session state (keys `lead.*`), replaced as a whole on every change, never mutated:

* `lead.draft` — `Draft`: the log read once per upload (sha256, `LogTable`, and its bytes
  compressed in the background, `KeptBytes`), the user's column choices, the group-by
  field, the overrides, the cost settings, the action items, the title and the saved
  revision the draft continues (or a saved analysis opened without its log);
* `lead.base` — the draft's analysis before overrides, with the key it was made for;
* `lead.view` — that analysis with the overrides applied, re-diagnosing only changed groups;
* `lead.problem` — what last could not be read or applied (the draft stays as it was);
* `lead.memo.*` — what the page built for the analysis on screen (chart specs, sample
  rows, the group table), one entry each, rebuilt only when what it shows changed.

Columns detection only guessed wait for the user's word (`Workspace.pending`): until each is
confirmed (kept as the user's choice) or changed, there is no analysis to show.

Caches, shared by sessions: the detected mapping per (sha256, sheet, spec digest) and the
analysis per (sha256, sheet, column choices, group-by, spec digest), both in
`st.cache_resource` with the table passed as `_table` so the big frame is never hashed or
pickled. An upload's worker fills both (`keep_prepared`); a remap or group-by switch
computes only the analysis, on the table already read. A rerun (an override, a page
switch, a click) reuses what the session holds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import streamlit as st

from framework import (
    DEFAULT_GROUP_BY,
    ActionItems,
    Analysis,
    ColumnMapping,
    CostSettings,
    KeptBytes,
    LogTable,
    Overrides,
    Prepared,
    RowFilter,
    SavedRef,
    SourceInfo,
    Spec,
    analyse_mapped,
    applicable,
    apply_overrides,
    mapping_for,
    with_overrides,
)

_DRAFT = "lead.draft"
_BASE = "lead.base"
_VIEW = "lead.view"
_PROBLEM = "lead.problem"
_MEMO = "lead.memo."
T = TypeVar("T")


@dataclass(frozen=True)
class LoadedLog:
    """A log read once: its name, its bytes (kept compressed) and their sha256, and the
    table read from them."""

    filename: str
    sha256: str
    file_id: str  # the uploader's file id, "sample:<name>" or "saved:<id>:<revision>"
    table: LogTable = field(repr=False, compare=False)
    kept: KeptBytes = field(repr=False, compare=False)

    @property
    def data(self) -> bytes:
        """The log's bytes as uploaded (unpacked on demand: a save with the log, a sheet)."""
        return self.kept.unpack()

    def source_info(self) -> SourceInfo:
        table = self.table
        return SourceInfo(self.filename, table.rows, table.describe(), self.sha256, table.sheet)


@dataclass(frozen=True)
class Draft:
    """Everything the team lead has set up; `frozen` is a saved analysis without its log."""

    log: LoadedLog | None = None
    choices: Mapping[str, str | None] = field(default_factory=dict)
    group_by: str = DEFAULT_GROUP_BY
    overrides: Overrides = field(default_factory=dict)
    cost: CostSettings = field(default_factory=CostSettings)
    title: str = ""
    saved: SavedRef | None = None
    log_stored: bool = False  # the saved revision it continues has the log attached
    frozen: Analysis | None = field(default=None, repr=False, compare=False)
    source: SourceInfo | None = None
    actions: ActionItems = field(default_factory=ActionItems)  # owners, statuses, reasons
    rows: RowFilter | None = None  # the rows analysed (None: all of them)

    @property
    def source_info(self) -> SourceInfo | None:
        return self.log.source_info() if self.log is not None else self.source


@dataclass(frozen=True)
class ErrorNote:
    """Something that could not be read or applied: where, what, and what to do."""

    where: str
    what: str
    advice: str


@dataclass(frozen=True)
class Workspace:
    """The draft with its mappings and analysis, as the page renders it."""

    draft: Draft
    detected: ColumnMapping | None
    mapping: Mapping[str, str | None]
    analysis: Analysis | None
    blocked: str | None  # why there is no analysis (the mapping does not allow one)
    pending: Mapping[str, str] = field(default_factory=dict)
    """Guessed columns ({field: column}) the user must confirm or change before verdicts."""


def digest(data: bytes) -> str:
    """The sha256 of a log's bytes (computed once per upload)."""
    return hashlib.sha256(data).hexdigest()


def draft() -> Draft | None:
    found: Draft | None = st.session_state.get(_DRAFT)
    return found


def set_draft(new: Draft | None) -> None:
    st.session_state[_DRAFT] = new


def update(**changes: object) -> None:
    """Replace fields of the current draft (no-op without one)."""
    current = draft()
    if current is not None:
        set_draft(dataclasses.replace(current, **changes))  # type: ignore[arg-type]


def problem() -> ErrorNote | None:
    found: ErrorNote | None = st.session_state.get(_PROBLEM)
    return found


def set_problem(found: ErrorNote | None) -> None:
    st.session_state[_PROBLEM] = found


def detected_mapping(spec: Spec, log: LoadedLog) -> ColumnMapping:
    """The mapping found from the log's headers and values (cached per log and spec)."""
    return _detected(log.sha256, log.table.sheet, spec.digest, log.table, spec)


def applied(spec: Spec, current: Draft) -> tuple[ColumnMapping | None, dict[str, str | None]]:
    """The detected mapping and the mapping in use (with the user's choices)."""
    if current.log is None:
        columns = current.frozen.columns if current.frozen is not None else {}
        return None, dict(columns)
    detected = detected_mapping(spec, current.log)
    return detected, apply_overrides(detected, current.choices).to_dict()


def workspace(spec: Spec) -> Workspace | None:
    """The current draft, its mappings and its analysis with overrides (None: no draft)."""
    current = draft()
    if current is None:
        return None
    detected, mapping = applied(spec, current)
    waiting = pending(detected, current)
    if waiting:
        return Workspace(current, detected, mapping, None, None, waiting)
    base, blocked = base_analysis(spec, current)
    analysis = None if base is None else _with_overrides(spec, current, base)
    return Workspace(current, detected, mapping, analysis, blocked)


def pending(detected: ColumnMapping | None, current: Draft) -> dict[str, str]:
    """The guessed columns ({field: column}) the user has neither confirmed nor changed."""
    if detected is None:
        return {}
    guessed = apply_overrides(detected, current.choices).guesses()
    return {key: found.column for key, found in guessed.items()}


def analysis_key(spec: Spec, current: Draft) -> tuple[object, ...]:
    """What the analysis depends on: the log's digest and sheet, mapping, group-by, row
    filter and spec."""
    if current.log is None:
        return ("saved", id(current.frozen), spec.digest)
    choices = tuple(sorted(current.choices.items()))
    log = current.log
    return (log.sha256, log.table.sheet, choices, current.group_by, _rows_key(current), spec.digest)


def _rows_key(current: Draft) -> str:
    """The row filter as a cache key (JSON text: comparable and hashable)."""
    return "" if current.rows is None else json.dumps(current.rows.to_dict(), sort_keys=True)


def base_analysis(spec: Spec, current: Draft) -> tuple[Analysis | None, str | None]:
    """The draft's analysis before overrides, from the session, the cache or computed now
    (with a spinner: a remap of a big log takes a moment); or None and the reason when the
    mapping does not allow one. A remap reuses the table read and the columns detected."""
    if current.log is None:
        return current.frozen, None if current.frozen is not None else "No log loaded."
    key = analysis_key(spec, current)
    held = st.session_state.get(_BASE)
    if held is not None and held[0] == key:
        return held[1], held[2]
    log = current.log
    rows = f"{log.table.rows:,} row{'' if log.table.rows == 1 else 's'}"
    with st.spinner(f"Analysing {rows} with the columns and groups you chose…", show_time=True):
        found, blocked = _analysed(
            log.sha256,
            log.table.sheet,
            tuple(sorted(current.choices.items())),
            current.group_by,
            _rows_key(current),
            spec.digest,
            log.table,
            detected_mapping(spec, log),
            spec,
            current.rows,
        )
    st.session_state[_BASE] = (key, found, blocked)
    return found, blocked


def keep_prepared(spec: Spec, current: Draft, prepared: Prepared) -> None:
    """Keep what a worker prepared for this draft: the detected mapping and the analysis go
    into the shared caches (and the session), so nothing is computed again here."""
    assert current.log is not None
    log = current.log
    _detected(log.sha256, log.table.sheet, spec.digest, log.table, spec, _known=prepared.detected)
    result = (prepared.analysis, prepared.blocked)
    choices = tuple(sorted(current.choices.items()))
    _analysed(
        *(log.sha256, log.table.sheet, choices, current.group_by, _rows_key(current)),
        spec.digest,
        log.table,
        prepared.detected,
        spec,
        current.rows,
        _known=result,
    )
    st.session_state[_BASE] = (analysis_key(spec, current), *result)


def memo(name: str, key: object, build: Callable[[], T]) -> T:
    """What `build` made for `key`, kept in the session under `lead.memo.<name>` (one entry
    per name: the last key asked for). A rerun that shows the same thing reuses it."""
    slot = f"{_MEMO}{name}"
    held = st.session_state.get(slot)
    if held is not None and held[0] == key:
        found: T = held[1]
        return found
    made = build()
    st.session_state[slot] = (key, made)
    return made


def _with_overrides(spec: Spec, current: Draft, base: Analysis) -> Analysis:
    """The analysis with the overrides applied; the same object again while neither the
    analysis nor the overrides changed (what later memos compare)."""
    key = analysis_key(spec, current)
    overrides = applicable(base, current.overrides)
    held = st.session_state.get(_VIEW)
    if held is not None and held[0] == key and held[2] == overrides:
        found: Analysis = held[1]
        return found
    start = held[1] if held is not None and held[0] == key else base
    analysis = with_overrides(start, overrides)
    st.session_state[_VIEW] = (key, analysis, overrides)
    return analysis


@st.cache_resource(show_spinner=False, max_entries=16)
def _detected(
    sha256: str,
    sheet: str | None,
    spec_digest: str,
    _table: LogTable,
    _spec: Spec,
    _known: ColumnMapping | None = None,
) -> ColumnMapping:
    return _known if _known is not None else mapping_for(_table, _spec)


@st.cache_resource(show_spinner=False, max_entries=32)
def _analysed(
    sha256: str,
    sheet: str | None,
    choices: tuple[tuple[str, str | None], ...],
    group_by: str,
    rows_key: str,
    spec_digest: str,
    _table: LogTable,
    _mapping: ColumnMapping,
    _spec: Spec,
    _rows: RowFilter | None,
    _known: tuple[Analysis | None, str | None] | None = None,
) -> tuple[Analysis | None, str | None]:
    if _known is not None:
        return _known
    return analyse_mapped(_table, _mapping, _spec, dict(choices), group_by, _rows)
