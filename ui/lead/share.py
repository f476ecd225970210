"""Save & share: store the draft as a new saved analysis, or as the next revision of the one
it continues, and show the link that opens it read-only."""

from __future__ import annotations

import streamlit as st

from framework import (
    MAX_TITLE_LENGTH,
    AnalysisDocument,
    LogBlob,
    LogTooLarge,
    SavedRef,
    Spec,
    Store,
    StoreError,
    markdown_escape,
)
from ui.lead import saved_link as saved
from ui.lead import session as logstate
from ui.lead.session import Workspace
from ui.lead.store_access import show_store_error

TITLE_KEY = "lead.title"
ATTACH_KEY = "lead.attach"
NOTE_KEY = "lead.note"
AUTHOR_KEY = "lead.author"
_RESULT = "lead.save_result"
_CLEAR_NOTE = "lead.clear_note"
ATTACH_LABEL = "Also store the uploaded log so others can download the tagged sheet"


def panel(spec: Spec, store: Store, ws: Workspace) -> None:
    """The save form, then the link of the last save (with a note if others saved meanwhile)."""
    current = ws.draft
    if st.session_state.pop(_CLEAR_NOTE, False):
        st.session_state[NOTE_KEY] = ""
    _last_result()
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
    author = str(st.session_state.get(AUTHOR_KEY) or "").strip() or None
    note = str(st.session_state.get(NOTE_KEY) or "").strip() or None
    content = document.to_dict()
    try:
        if current.saved is None:
            ref = store.create(
                content,
                title=title,
                spec_version=spec.version,
                spec_digest=spec.digest,
                log=blob,
                author=author,
                note=note,
            )
        else:
            ref = store.save_revision(
                current.saved.analysis_id,
                content,
                base_revision=current.saved.revision,
                spec_version=spec.version,
                spec_digest=spec.digest,
                title=title,
                log=blob,
                author=author,
                note=note,
            )
    except LogTooLarge as error:
        st.error(
            f"{markdown_escape(str(error))} Untick “{ATTACH_LABEL}” to save the analysis "
            "without it.",
            icon=":material/error:",
        )
        return
    except StoreError as error:
        show_store_error(error)
        return
    saved.forget(ref.analysis_id)
    logstate.update(
        saved=SavedRef(ref.analysis_id, ref.revision),
        log_stored=current.log_stored or blob is not None,
        title=title,
    )
    st.session_state[_RESULT] = ref
    st.session_state[_CLEAR_NOTE] = True
    saved.show_ref(ref)
    st.rerun()


def _last_result() -> None:
    ref: SavedRef | None = st.session_state.get(_RESULT)
    current = logstate.draft()
    if ref is None or current is None or current.saved is None:
        return
    if current.saved.analysis_id != ref.analysis_id or current.saved.revision != ref.revision:
        return
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


def _set_title() -> None:
    logstate.update(title=str(st.session_state.get(TITLE_KEY) or ""))
