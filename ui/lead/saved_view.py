"""A shared analysis opened from its link: read-only header, notices, and "Edit a copy"."""

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
from ui.lead.group_detail import heading
from ui.lead.loading import open_log
from ui.lead.session import Draft, ErrorNote
from ui.lead.store_access import show_store_error

_LOGS = "lead.saved_logs"


def header(opened: OpenedAnalysis) -> None:
    """Title, revision and who saved it, the spec notice, and the actions."""
    info = opened.saved.info
    latest = opened.saved.latest_revision
    st.info(
        f"Shared analysis, read-only · revision {info.revision} of {latest}. "
        "To change answers or costs, edit a copy: saving it adds a new revision and "
        "leaves this one as it is.",
        icon=":material/visibility:",
    )
    heading(opened.document.title or "Untitled analysis")
    saved_by = f" by {info.author}" if info.author else ""
    st.text(f"Saved {info.created_at:%Y-%m-%d %H:%M} UTC{saved_by}")
    if info.note:
        st.text(f"Note: {info.note}")
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
