"""The outcome of this session's last save, kept where a cut-short run cannot lose it.

Streamlit ends a run at its next `st.*` call when the user clicks meanwhile, and reading or
writing `st.session_state` counts as such a call. So the save button fetches a plain dict from
the session *before* it calls the store (`begin`), and the store's answer goes into that dict
at once (`record`: plain Python, which nothing interrupts). The saving run then settles it
(the draft continues the saved revision, the address shows it); if that run is cut short, the
next run settles it first thing (`saved_link.route`) and a toast says what happened,
whichever tab is open.

An outcome still "under way" at the start of a run means that run died inside the save
(the store raised something it should not have): it may or may not have been saved, and the
user is told so, with the link to check.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from framework import SavedRef
from ui.lead.session import Draft

_BOX = "lead.last_save"
_LAST = "last"
UNDER_WAY = "The app was interrupted during this save, before the database answered"
STOPPED = "The database stopped answering while this save was being committed"


@dataclass(frozen=True)
class SaveAttempt:
    """One press of the save button: where the save lands, from which draft, and when."""

    analysis_id: str
    base: SavedRef | None  # the saved revision the draft continued; None: a new analysis
    log_id: str | None  # the draft's log (its file id), to tell the draft apart from another
    title: str
    attached: bool  # the log was stored with it
    started: datetime

    def concerns(self, current: Draft | None, ref: SavedRef | None = None) -> bool:
        """Whether `current` is the draft this save was made from (or, given the saved
        `ref`, that draft once it continues `ref`)."""
        if current is None or log_id(current) != self.log_id:
            return False
        return current.saved == self.base or (ref is not None and current.saved == plain(ref))


@dataclass(frozen=True)
class SaveOutcome:
    """What came of a save: saved at `ref`, or why not (`problem`), or, with `unknown`, that
    it may or may not have been saved."""

    attempt: SaveAttempt
    ref: SavedRef | None = None
    problem: str | None = None
    unknown: bool = False
    settled: bool = False  # the draft, the address and the user know


Box = dict[str, SaveOutcome]


def begin(attempt: SaveAttempt) -> Box:
    """Fetch the box (before the store is called) and mark the save as under way."""
    box: Box = st.session_state.setdefault(_BOX, {})
    box[_LAST] = SaveOutcome(attempt, problem=UNDER_WAY, unknown=True)
    return box


def record(box: Box, outcome: SaveOutcome) -> None:
    """Keep the store's answer (no Streamlit call: this line cannot be interrupted)."""
    box[_LAST] = outcome


def last() -> SaveOutcome | None:
    """The last save's outcome in this session, if any."""
    box: Box | None = st.session_state.get(_BOX)
    return box.get(_LAST) if box else None


def mark_settled(outcome: SaveOutcome, *, announce: bool) -> None:
    """The draft and the address know the outcome; with `announce` (the run that saved was cut
    short, so the Save & share tab may not be on screen), say so in a toast."""
    box: Box = st.session_state.setdefault(_BOX, {})
    if box.get(_LAST) is outcome:
        box[_LAST] = dataclasses.replace(outcome, settled=True)
    if not announce:
        return
    if outcome.ref is not None:
        st.toast(f"Saved as revision {outcome.ref.revision}.", icon=":material/check_circle:")
    elif outcome.unknown:
        st.toast(
            "Your save may or may not have been saved: Save & share says how to check.",
            icon=":material/help:",
        )
    else:
        st.toast("Nothing was saved: Save & share says why.", icon=":material/error:")


def log_id(current: Draft) -> str | None:
    return current.log.file_id if current.log is not None else None


def plain(ref: SavedRef) -> SavedRef:
    """`ref` as the draft holds it (without the base it was saved from)."""
    return SavedRef(ref.analysis_id, ref.revision)
