"""What the saved-analysis store takes and hands back, and the errors it raises.

A saved analysis is an id (an unguessable, URL-safe token that travels in share links) and a
numbered list of revisions. Each revision holds one JSON document, the `questions.yaml`
version and digest it was made under, and optionally a reference to a stored log.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# `secrets.token_urlsafe(16)`: 16 random bytes, 22 characters of [A-Za-z0-9_-].
ID_BYTES = 16
ID_LENGTH = 22
_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")


class StoreError(Exception):
    """Base class: the store could not do what was asked; the message says why."""


class AnalysisNotFound(StoreError, LookupError):
    """No saved analysis (or revision) answers to this id: unknown, malformed or mistyped."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or used: the message says what happened and what to do,
    and never holds the password, user name, host or port. `reason` is a short name for the
    kind of failure ("read_only", "disk_full", "login_refused", … see `failures.py`)."""

    def __init__(self, message: str, reason: str = "unexpected") -> None:
        super().__init__(message)
        self.reason = reason


class SaveOutcomeUnknown(StoreError):
    """The database stopped answering while a save was being committed: it may or may not
    have been saved. `ref` is where it would be; the analysis's history tells."""

    def __init__(self, message: str, ref: SavedRef) -> None:
        super().__init__(message)
        self.ref = ref


class InvalidSave(StoreError, ValueError):
    """What was to be saved cannot be stored: the message names the part and what to do."""


class LogTooLarge(InvalidSave):
    """The log exceeds the stored-log size limit; the analysis can be saved without it."""


@dataclass(frozen=True)
class StoreLimits:
    """Size limits checked before anything is written."""

    max_document_bytes: int = 32 * 1024 * 1024
    max_log_bytes: int = 1024 * 1024 * 1024
    max_stored_log_bytes: int = 200 * 1024 * 1024


@dataclass(frozen=True)
class LogBlob:
    """An uploaded log file: its name as uploaded and its exact bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class LogInfo:
    """A stored log, without its content: `size` as uploaded, `stored_size` compressed."""

    sha256: str
    filename: str
    size: int
    stored_size: int


@dataclass(frozen=True)
class SavedRef:
    """Where a save landed. `base_revision` is the revision the edit started from."""

    analysis_id: str
    revision: int
    base_revision: int | None = None

    @property
    def saved_meanwhile(self) -> int:
        """How many revisions others saved between the base and this one (0 if none)."""
        if self.base_revision is None:
            return 0
        return self.revision - self.base_revision - 1


@dataclass(frozen=True)
class RevisionInfo:
    """One revision's metadata: who saved what, when, from which base, under which spec."""

    analysis_id: str
    revision: int
    parent_revision: int | None
    created_at: datetime
    title: str
    author: str | None
    note: str | None
    spec_version: str
    spec_digest: str
    log: LogInfo | None


@dataclass(frozen=True)
class SavedAnalysis:
    """One revision of a saved analysis with its document, as the share link opens it."""

    info: RevisionInfo
    document: dict[str, Any]
    latest_revision: int
    analysis_created_at: datetime

    @property
    def is_latest(self) -> bool:
        return self.info.revision == self.latest_revision


def new_analysis_id() -> str:
    """A fresh unguessable analysis id."""
    return secrets.token_urlsafe(ID_BYTES)


def checked_id(value: object) -> str:
    """`value` if it has the shape of an analysis id, else `AnalysisNotFound`."""
    if isinstance(value, str) and _ID_PATTERN.fullmatch(value):
        return value
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    raise AnalysisNotFound(
        f"{shown} is not a saved-analysis id (those are {ID_LENGTH} letters, digits, '-' or "
        "'_'): check that the whole link was copied."
    )


MAX_REVISION = 2**31 - 1
"""The highest revision number a database column holds."""


def checked_revision(value: object) -> int:
    """`value` if it can be a revision number (an int from 1), else `AnalysisNotFound`."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_REVISION:
        return value
    shown = repr(value) if len(repr(value)) <= 24 else repr(value)[:21] + "..."
    raise AnalysisNotFound(f"{shown} is not a revision number (revisions count from 1).")


def missing(analysis_id: str, revision: int | None = None) -> AnalysisNotFound:
    """The error for a well-formed id (and revision) that nothing was saved under."""
    if revision is None:
        return AnalysisNotFound(
            f"No saved analysis has the id {analysis_id}: the link may be mistyped, or it "
            "points at another deployment's database."
        )
    return AnalysisNotFound(f"Saved analysis {analysis_id} has no revision {revision}.")
