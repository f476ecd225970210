"""A shared analysis opened from its link: its title as the page's heading, what it is (and
whether its log is stored), notices, "Edit a copy", and reading the stored log."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from framework import (
    FIELD_IDS,
    LogError,
    OpenedAnalysis,
    Spec,
    Store,
    StoreError,
    markdown_escape,
    saved_log_table,
)
from ui.lead import saved_link as saved
from ui.lead import session as logstate
from ui.lead.loading import open_log
from ui.lead.session import Draft, ErrorNote
from ui.lead.store_access import show_store_error

_LOGS = "lead.saved_logs"


def header(opened: OpenedAnalysis) -> None:
    """The analysis' title as the page's heading, then revision, who saved it and whether the
    log is stored, the spec notice, and a newer revision if there is one."""
    info = opened.saved.info
    latest = opened.saved.latest_revision
    st.title(markdown_escape(opened.document.title or "Untitled analysis"), anchor=False)
    saved_by = f" by {info.author}" if info.author else ""
    stored = "log stored with it" if info.log is not None else "saved without its log"
    st.text(f"Saved {info.created_at:%Y-%m-%d %H:%M} UTC{saved_by} · {stored}")
    if info.note:
        st.text(f"Note: {info.note}")
    st.info(
        f"Shared analysis, read-only · revision {info.revision} of {latest}. "
        "To change answers or costs, edit a copy: saving it adds a new revision and "
        "leaves this one as it is.",
        icon=":material/visibility:",
    )
    if notice := opened.change.notice:
        st.warning(markdown_escape(notice), icon=":material/history:")
    if not opened.saved.is_latest:
        st.warning(f"A newer revision exists: revision {latest}.", icon=":material/update:")
        st.button(
            "Show the latest revision",
            on_click=saved.show_revision,
            args=(info.analysis_id, latest),
        )


def actions(spec: Spec, store: Store, opened: OpenedAnalysis) -> None:
    """The "Edit a copy" button, and the way back to the session's own analysis if there is one."""
    edit, back = st.columns([1, 3])
    if edit.button("Edit a copy", type="primary", icon=":material/edit:"):
        edit_copy(spec, store, opened)
        st.rerun()
    current = logstate.draft()
    if current is not None and current.saved != opened.ref:
        back.button(
            "Back to my own analysis",
            type="tertiary",
            icon=":material/arrow_back:",
            on_click=saved.back_to_draft,
        )


def edit_copy(spec: Spec, store: Store, opened: OpenedAnalysis) -> None:
    """Make the saved revision the session's draft: with its log when one was stored (the
    columns can then change too), else with the saved groups as they are."""
    document = opened.document
    analysis = document.analysis
    info = opened.saved.info
    settings = Draft(
        choices={field: analysis.columns.get(field) for field in FIELD_IDS},
        group_by=analysis.group_by,
        overrides=document.overrides,
        cost=document.cost,
        title=document.title,
        saved=opened.ref,
        actions=document.actions,
        log_stored=info.log is not None,
        rows=analysis.rows,
    )
    without_log = dataclasses.replace(settings, choices={}, frozen=analysis, source=document.source)
    blob = None
    if info.log is not None:
        try:
            blob = store.load_log(info.analysis_id, info.revision)
        except StoreError as error:
            show_store_error(error)
    opened_log = blob is not None and open_log(
        spec,
        blob.filename,
        blob.data,
        f"saved:{info.analysis_id}:{info.revision}",
        sheet=document.source.sheet if document.source else None,
        settings=settings,
    )
    if not opened_log:
        logstate.set_draft(without_log)
    saved.show_ref(opened.ref)


def saved_rows(opened: OpenedAnalysis) -> pd.DataFrame | None:
    """The stored log's rows for the tagged sheet and sample rows, once asked for."""
    held: dict[tuple[str, int], pd.DataFrame] = st.session_state.setdefault(_LOGS, {})
    found = held.get((opened.ref.analysis_id, opened.ref.revision))
    return found


def rows_note(opened: OpenedAnalysis, frame: pd.DataFrame | None) -> str | None:
    """What to say where the log's rows would be: nothing once read; with a stored log, how
    to read it; without one, that it was not saved."""
    if frame is not None:
        return None
    if opened.saved.info.log is not None:
        return (
            "The log is stored with this revision but not read yet: “Read the stored log” on "
            "the Downloads tab brings its rows here and the tagged sheet there."
        )
    return "Not available: this analysis was saved without its log."


def read_log_button(store: Store, opened: OpenedAnalysis) -> None:
    """Offer to read the stored log; reading it makes the rows and the tagged sheet appear."""
    log = opened.saved.info.log
    name = f" {markdown_escape(log.filename)} ({log.size / 1e6:,.1f} MB)" if log else ""
    st.info(
        f"The log{name} is stored with this revision. Read it to download the tagged sheet "
        "(every row with its group and verdict) and to see sample rows under Groups.",
        icon=":material/description:",
    )
    if st.button("Read the stored log", icon=":material/file_open:", type="primary"):
        load_rows(store, opened)
        st.rerun()


def load_rows(store: Store, opened: OpenedAnalysis) -> None:
    """Read the log stored with the revision (with progress) so its rows can be shown."""
    with st.status("Reading the stored log", expanded=False) as status:
        try:
            table = saved_log_table(store, opened)
        except StoreError as error:
            status.update(label="The stored log could not be read", state="error")
            show_store_error(error)
            return
        except LogError as error:
            status.update(label="The stored log could not be read", state="error")
            logstate.set_problem(ErrorNote(error.where, error.problem, error.advice))
            return
        status.update(label="Stored log read", state="complete")
    if table is not None:
        held: dict[tuple[str, int], pd.DataFrame] = st.session_state.setdefault(_LOGS, {})
        held[(opened.ref.analysis_id, opened.ref.revision)] = table.frame
