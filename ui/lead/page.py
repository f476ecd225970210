"""The team lead's page, section by section: the session's own analysis (editable) and a
shared one opened from its link (read-only). Tabs run lazily: only the open one renders."""

from __future__ import annotations

from typing import Any, Protocol

import pandas as pd
import streamlit as st

from framework import (
    Analysis,
    AnalysisDocument,
    CostSettings,
    ReportContext,
    SavedRef,
    Spec,
    StoreError,
    saved_line,
)
from ui.lead import (
    action_items,
    costs,
    downloads,
    history_diff,
    intake,
    overview,
    share,
    trends,
    upload,
)
from ui.lead import column_picker as mapping
from ui.lead import group_detail as groupdetail
from ui.lead import group_table as groups
from ui.lead import saved_view as savedview
from ui.lead import session as logstate
from ui.lead.saved_link import Link, cannot_open, history_table, open_link, page_url
from ui.lead.session import Workspace
from ui.lead.store_access import app_store, show_store_error

TAB_KEY = "lead.tab"


class Tab(Protocol):
    """A lazily rendered tab (what `st.tabs(..., on_change="rerun")` returns): render into
    it only while it is `open`."""

    @property
    def open(self) -> bool | None: ...

    def __enter__(self) -> Any: ...

    def __exit__(self, typ: Any, exc: Any, tb: Any) -> Any: ...


COLUMNS, OVERVIEW, GROUPS, COST, SHARE = "Columns", "Overview", "Groups", "Cost", "Save & share"
HISTORY = "History & downloads"
ITEMS, TAG = "Action items", "Tag a record"


def own_analysis(spec: Spec) -> None:
    """Upload or sample, then the analysis in tabs; an empty state before any log."""
    upload.source_bar(spec)
    ws = logstate.workspace(spec)
    if ws is None:
        _empty_state()
        return
    if ws.analysis is None:
        st.session_state[TAB_KEY] = COLUMNS
    labels = [COLUMNS, OVERVIEW, GROUPS, COST, ITEMS, TAG, SHARE]
    tabs = dict(zip(labels, _tabs(labels), strict=True))
    if tabs[COLUMNS].open:
        with tabs[COLUMNS]:
            mapping.section(spec, ws)
    analysis = ws.analysis
    if analysis is None:
        return
    frame = ws.draft.log.table.frame if ws.draft.log else None
    key = logstate.analysis_key(spec, ws.draft)
    _analysis_tabs(spec, analysis, frame, tabs, ws.draft.cost, key, editable=True)
    draft = ws.draft
    document = AnalysisDocument(analysis, draft.title, draft.source_info, draft.cost, draft.actions)
    link = page_url(draft.saved) if draft.saved else None
    _follow_up_tabs(spec, tabs, document, draft.saved, link, editable=True)
    if tabs[SHARE].open:
        with tabs[SHARE]:
            _share(spec, ws, analysis, frame)


def shared_analysis(spec: Spec, link: Link) -> None:
    """A saved revision from its link: read-only, with its history and "Edit a copy"."""
    try:
        store = app_store()
    except StoreError as error:
        cannot_open(f"This link cannot be opened now. {error}")
        return
    opened = open_link(spec, store, link)
    if opened is None:
        return
    savedview.header(opened)
    savedview.actions(spec, store, opened)
    analysis = opened.document.analysis
    frame = savedview.saved_rows(opened)
    labels = [OVERVIEW, GROUPS, COST, ITEMS, TAG, HISTORY]
    tabs = dict(zip(labels, _tabs(labels), strict=True))
    key = ("saved", opened.ref.analysis_id, opened.ref.revision, spec.digest)
    _analysis_tabs(spec, analysis, frame, tabs, opened.document.cost, key, editable=False)
    _follow_up_tabs(spec, tabs, opened.document, opened.ref, page_url(opened.ref), editable=False)
    if tabs[HISTORY].open:
        with tabs[HISTORY]:
            st.markdown("**Link to this revision**")
            st.code(page_url(opened.ref), language=None, wrap_lines=True)
            st.markdown("**Revisions**")
            history_table(opened)
            history_diff.section(spec, store, opened)
            st.divider()
            if frame is None and opened.saved.info.log is not None:
                st.caption("The log is stored with this revision: read it to get the tagged rows.")
                if st.button("Read the stored log", icon=":material/download:"):
                    savedview.load_rows(store, opened)
                    st.rerun()
            info = opened.saved.info
            context = ReportContext(
                saved=saved_line(
                    info.analysis_id,
                    info.revision,
                    opened.saved.latest_revision,
                    info.created_at,
                    info.author,
                ),
                link=page_url(opened.ref),
                notice=opened.change.notice,
            )
            downloads.panel(opened.document, frame, context)


def _analysis_tabs(
    spec: Spec,
    analysis: Analysis,
    frame: pd.DataFrame | None,
    tabs: dict[str, Tab],
    cost: CostSettings,
    key: tuple[object, ...],
    *,
    editable: bool,
) -> None:
    if tabs[OVERVIEW].open:
        with tabs[OVERVIEW]:
            overview.summary(spec, analysis)
            overview.charts(analysis)
            trends.section(analysis)
            overview.handoff_map(analysis, frame, key)
    if tabs[GROUPS].open:
        with tabs[GROUPS]:
            groups.table(spec, analysis)
            st.divider()
            name = groups.picker(analysis)
            if name is not None:
                groupdetail.detail(spec, analysis, name, frame, editable=editable)
    if tabs[COST].open:
        with tabs[COST]:
            costs.section(spec, analysis, cost, editable=editable)


def _follow_up_tabs(
    spec: Spec,
    tabs: dict[str, Tab],
    document: AnalysisDocument,
    saved: SavedRef | None,
    link: str | None,
    *,
    editable: bool,
) -> None:
    if tabs[ITEMS].open:
        with tabs[ITEMS]:
            action_items.section(document, editable=editable, link=link)
    if tabs[TAG].open:
        with tabs[TAG]:
            intake.section(spec, document.analysis, saved)


def _share(spec: Spec, ws: Workspace, analysis: Analysis, frame: pd.DataFrame | None) -> None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Save & share")
        try:
            store = app_store()
        except StoreError as error:
            show_store_error(error)
            st.caption("Everything else on this page still works; saving needs the database.")
            st.button("Try again", icon=":material/refresh:")  # a rerun opens the store anew
        else:
            share.panel(spec, store, ws)
    with right:
        st.subheader("Download")
        draft = ws.draft
        document = AnalysisDocument(
            analysis, draft.title, draft.source_info, draft.cost, draft.actions
        )
        downloads.panel(document, frame)


def _tabs(labels: list[str]) -> list[Tab]:
    if st.session_state.get(TAB_KEY) not in labels:
        st.session_state[TAB_KEY] = labels[0] if labels[0] != COLUMNS else OVERVIEW
    return list(st.tabs(labels, key=TAB_KEY, on_change="rerun"))


def _empty_state() -> None:
    st.info(
        "Upload the export of your exception queue, or try one of the sample logs. For every "
        "recurring exception type you will see the five answers read from the data, the "
        "evidence behind each, the verdict and what to fix first.",
        icon=":material/lightbulb:",
    )
