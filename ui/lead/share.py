"""Save & share: store the draft as a new saved analysis, or as the next revision of the one
it continues, and show the link that opens it read-only.

The store's answer is kept in `last_save` before anything else happens, then the page reruns
and shows it: a save the database acknowledged is never lost to a click that cuts the run
short, and a save whose outcome is unknown says so, with the link to check.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import streamlit as st

from framework import (
    MAX_TITLE_LENGTH,
    AnalysisDocument,
    LogBlob,
    LogTooLarge,
    SavedRef,
    SaveOutcomeUnknown,
    Spec,
    Store,
    StoreError,
    markdown_escape,
    new_analysis_id,
)
from ui.lead import last_save
from ui.lead import saved_link as saved
from ui.lead import session as logstate
from ui.lead.last_save import SaveAttempt, SaveOutcome
from ui.lead.session import Workspace

TITLE_KEY = "lead.title"
ATTACH_KEY = "lead.attach"
NOTE_KEY = "lead.note"
AUTHOR_KEY = "lead.author"
_NOTE_CLEARED = "lead.note_cleared"  # the saved revision whose note was taken off the form
ATTACH_LABEL = "Also store the uploaded log so others can download the tagged sheet"


def panel(spec: Spec, store: Store, ws: Workspace) -> None:
    """What came of the last save (the link, or why not), then the save form."""
    current = ws.draft
    outcome = last_save.last()
    if outcome is not None and outcome.ref not in (None, st.session_state.get(_NOTE_CLEARED)):
        st.session_state[NOTE_KEY] = ""  # the note went with that save
        st.session_state[_NOTE_CLEARED] = outcome.ref
    _last_outcome(current, outcome)
    if current.saved is not None:
        st.markdown(f"**Continues saved revision {current.saved.revision}**")
        st.caption(
            "Saving adds the next revision to the same link's history; nothing is "
            "overwritten, and the revision you started from stays as it was."
        )
    st.session_state[TITLE_KEY] = current.title
    st.text_input(
        "Title",
        key=TITLE_KEY,
        max_chars=MAX_TITLE_LENGTH,
        placeholder="e.g. Week 12 exception queue",
        on_change=_set_title,
    )
    _attach_choice(current)
    note, author = st.columns(2)
    note.text_input("Note for the history (optional)", key=NOTE_KEY, max_chars=200)
    author.text_input("Your name (optional)", key=AUTHOR_KEY, max_chars=80)
    label = "Save as a new revision" if current.saved else "Save & share"
    if st.button(label, type="primary", icon=":material/share:", disabled=ws.analysis is None):
        _save(spec, store, ws)


def _attach_choice(current: logstate.Draft) -> None:
    if current.saved is not None and current.log_stored:
        st.caption(f"The log saved with revision {current.saved.revision} stays attached.")
        st.session_state[ATTACH_KEY] = False
        return
    st.checkbox(
        ATTACH_LABEL,
        key=ATTACH_KEY,
        disabled=current.log is None,
        help="Off by default: without the log, people who open the link see the groups, "
        "answers and evidence, but cannot download the tagged rows or change the columns.",
    )


def _save(spec: Spec, store: Store, ws: Workspace) -> None:
    current = ws.draft
    assert ws.analysis is not None
    title = str(st.session_state.get(TITLE_KEY) or current.title).strip()
    document = AnalysisDocument(
        ws.analysis, title, current.source_info, current.cost, current.actions
    )
    log = current.log
    attach = bool(st.session_state.get(ATTACH_KEY)) and log is not None
    blob = LogBlob(log.filename, log.data) if attach and log is not None else None
    fields: dict[str, Any] = {
        "spec_version": spec.version,
        "spec_digest": spec.digest,
        "title": title,
        "log": blob,
        "author": str(st.session_state.get(AUTHOR_KEY) or "").strip() or None,
        "note": str(st.session_state.get(NOTE_KEY) or "").strip() or None,
    }
    attempt = SaveAttempt(
        analysis_id=current.saved.analysis_id if current.saved else new_analysis_id(),
        base=current.saved,
        log_id=last_save.log_id(current),
        title=title,
        attached=blob is not None,
        started=datetime.now(UTC),
    )
    box = last_save.begin(attempt)
    outcome = _stored(store, attempt, document.to_dict(), fields)
    last_save.record(box, outcome)  # before any Streamlit call, so no click can lose it
    saved.settle_last_save(announce=False)  # if cut short here, the next run settles it
    st.rerun()


def _stored(
    store: Store, attempt: SaveAttempt, content: dict[str, Any], fields: dict[str, Any]
) -> SaveOutcome:
    """Save, and say what came of it (store errors become the outcome's problem)."""
    try:
        if attempt.base is None:
            ref = store.create(content, analysis_id=attempt.analysis_id, **fields)
        else:
            base = attempt.base.revision
            ref = store.save_revision(attempt.analysis_id, content, base_revision=base, **fields)
    except LogTooLarge as error:
        problem = f"{error} Untick “{ATTACH_LABEL}” to save the analysis without it."
        return SaveOutcome(attempt, problem=problem)
    except SaveOutcomeUnknown:
        return SaveOutcome(attempt, problem=last_save.STOPPED, unknown=True)
    except StoreError as error:
        return SaveOutcome(attempt, problem=str(error))
    return SaveOutcome(attempt, ref=ref)


def _last_outcome(current: logstate.Draft, outcome: SaveOutcome | None) -> None:
    """What came of this draft's last save: its link, why nothing was saved, or how to check
    whether it was."""
    if outcome is None:
        return
    ref, attempt = outcome.ref, outcome.attempt
    if ref is not None:
        if current.saved == last_save.plain(ref) and attempt.concerns(current, ref):
            _saved_link(ref)
    elif attempt.concerns(current):
        if outcome.unknown:
            _maybe_saved(outcome)
        else:
            st.error(markdown_escape(outcome.problem or ""), icon=":material/database:")


def _saved_link(ref: SavedRef) -> None:
    st.success(
        f"Saved as revision {ref.revision}. Anyone with this link sees it read-only, "
        "even after the app restarts:",
        icon=":material/check_circle:",
    )
    st.code(saved.page_url(ref), language=None, wrap_lines=True)
    if ref.saved_meanwhile:
        others = ref.saved_meanwhile
        st.warning(
            f"While you were editing, {others} other revision{'s were' if others > 1 else ' was'} "
            f"saved from the same starting point. Yours is revision {ref.revision}; theirs "
            "are kept in the history.",
            icon=":material/group:",
        )


def _maybe_saved(outcome: SaveOutcome) -> None:
    attempt = outcome.attempt
    if attempt.base is None:
        check = (
            "Open the link below once the database answers: if the analysis opens, it was "
            "saved (continue from it with “Edit a copy”); if no saved analysis has that id, "
            "it was not: save again."
        )
    else:
        check = (
            "Open the link below once the database answers and look at its “History” "
            f"tab: a revision saved at {attempt.started:%H:%M} UTC or a minute later "
            "is this save; if there is none, save again."
        )
    st.warning(
        f"{outcome.problem}, so it may or may not have been saved. {check}",
        icon=":material/help:",
    )
    st.code(saved.analysis_url(attempt.analysis_id), language=None, wrap_lines=True)


def _set_title() -> None:
    logstate.update(title=str(st.session_state.get(TITLE_KEY) or ""))
