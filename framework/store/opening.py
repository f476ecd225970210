"""A saved revision opened for reading: its document re-read under the current
questions.yaml, whether the rules changed since, its history, and its stored log.

    opened = open_saved(store, spec, analysis_id, revision=None)   # None: the latest
    opened.document.analysis          # every group diagnosed again under `spec`
    opened.change.notice              # a sentence when questions.yaml changed since the save
    table = saved_log_table(store, opened)   # the stored log read again, or None

The app's shared view and the command line's `report --analysis` both open saved analyses
here. Every failure is a `StoreError` whose message can be shown as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framework.analysis.document import AnalysisDocument
from framework.analysis.results import AnalysisFormatError
from framework.logs.reading import read_log
from framework.logs.table import LogTable
from framework.spec.model import Spec
from framework.store.records import (
    AnalysisNotFound,
    RevisionInfo,
    SavedAnalysis,
    SavedRef,
    StoreError,
    checked_revision,
)
from framework.store.saved_analyses import Store
from framework.store.spec_change import SpecChange, spec_change

_REVISION_TEXT = re.compile(r"[0-9]{1,9}")


class UnreadableAnalysis(StoreError):
    """A saved document this version of the app cannot read back."""


@dataclass(frozen=True)
class OpenedAnalysis:
    """A saved revision read back under the current spec, with its history."""

    saved: SavedAnalysis
    document: AnalysisDocument
    history: tuple[RevisionInfo, ...]
    change: SpecChange

    @property
    def ref(self) -> SavedRef:
        return SavedRef(self.saved.info.analysis_id, self.saved.info.revision)


def open_saved(
    store: Store, spec: Spec, analysis_id: str, revision: int | None = None
) -> OpenedAnalysis:
    """One revision (default: the latest), its document re-read under `spec`, its history."""
    saved = store.load(analysis_id, revision)
    try:
        document = AnalysisDocument.from_dict(saved.document, spec)
    except AnalysisFormatError as error:
        raise UnreadableAnalysis(f"This saved analysis cannot be read back ({error}).") from None
    history = tuple(store.history(analysis_id))
    info = saved.info
    return OpenedAnalysis(
        saved, document, history, spec_change(info.spec_version, info.spec_digest, spec)
    )


def revision_from_text(text: str | None) -> int | None:
    """A revision number as typed in a link (None: the latest); `AnalysisNotFound` for
    anything but a plain number from 1."""
    if text is None:
        return None
    if not _REVISION_TEXT.fullmatch(text):
        shown = text if len(text) <= 20 else text[:17] + "..."
        raise AnalysisNotFound(f"{shown!r} is not a revision number (revisions count from 1).")
    return checked_revision(int(text))


def saved_log_table(store: Store, opened: OpenedAnalysis) -> LogTable | None:
    """The log stored with the revision, read as it was (same sheet); None when none was
    stored. Raises `StoreError` or `framework.logs.table.LogError`."""
    info = opened.saved.info
    if info.log is None:
        return None
    blob = store.load_log(info.analysis_id, info.revision)
    if blob is None:
        return None
    source = opened.document.source
    return read_log(blob.data, blob.filename, sheet=source.sheet if source else None)
