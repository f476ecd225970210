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
    OpenedAnalysis,
    Overrides,
    ReportContext,
    SavedRef,
    Spec,
    Store,
    StoreError,
    saved_line,
)
from ui import page_scripts
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
SHARED_TITLE = "Shared analysis"
NO_LOG = "Not available: this analysis was saved without its log."


class Tab(Protocol):
    """A lazily rendered tab (what `st.tabs(..., on_change="rerun")` returns): render into
    it only while it is `open`."""

    @property
    def open(self) -> bool | None: ...

    def __enter__(self) -> Any: ...

    def __exit__(self, typ: Any, exc: Any, tb: Any) -> Any: ...


COLUMNS, OVERVIEW, GROUPS, COST, SHARE = "Columns", "Overview", "Groups", "Cost", "Save & share"
DOWNLOADS, HISTORY = "Downloads", "History"
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
    names = [COLUMNS, OVERVIEW, GROUPS, COST, ITEMS, TAG, DOWNLOADS, SHARE]
    tabs = dict(zip(names, _tabs(names), strict=True))
    if tabs[COLUMNS].open:
        with tabs[COLUMNS]:
            mapping.section(spec, ws)
    analysis = ws.analysis
    if analysis is None:
        return
    frame = ws.draft.log.table.frame if ws.draft.log else None
    key = logstate.analysis_key(spec, ws.draft)
    rows_note = None if frame is not None else NO_LOG
    overrides = ws.draft.overrides
    _analysis_tabs(
        spec, analysis, frame, tabs, ws.draft.cost, key, overrides, rows_note, editable=True
    )
    draft = ws.draft
    document = AnalysisDocument(analysis, draft.title, draft.source_info, draft.cost, draft.actions)
    link = page_url(draft.saved) if draft.saved else None
    _follow_up_tabs(spec, tabs, document, draft.saved, link, editable=True)
    if tabs[DOWNLOADS].open:
        with tabs[DOWNLOADS]:
            downloads.panel(document, frame, rows_note=rows_note)
    if tabs[SHARE].open:
        with tabs[SHARE]:
            _share(spec, ws)


def shared_analysis(spec: Spec, link: Link) -> None:
    """A saved revision from its link: its title as the page's heading, read-only, with its
    downloads, its history and "Edit a copy"."""
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
    rows_note = savedview.rows_note(opened, frame)
    names = [OVERVIEW, GROUPS, COST, ITEMS, TAG, DOWNLOADS, HISTORY]
    tabs = dict(zip(names, _tabs(names), strict=True))
    key = ("saved", opened.ref.analysis_id, opened.ref.revision, spec.digest)
    cost = opened.document.cost
    _analysis_tabs(spec, analysis, frame, tabs, cost, key, None, rows_note, editable=False)
    _follow_up_tabs(spec, tabs, opened.document, opened.ref, page_url(opened.ref), editable=False)
    if tabs[DOWNLOADS].open:
        with tabs[DOWNLOADS]:
            _shared_downloads(store, opened, frame, rows_note)
    if tabs[HISTORY].open:
        with tabs[HISTORY]:
            st.markdown("**Link to this revision**")
            url = page_url(opened.ref)
            st.code(url, language=None, wrap_lines=True)
            page_scripts.copy_button(url, key="revision-link")
            st.markdown("**Revisions**")
            history_table(opened)
            history_diff.section(spec, store, opened)


def _shared_downloads(
    store: Store, opened: OpenedAnalysis, frame: pd.DataFrame | None, rows_note: str | None
) -> None:
    """The stored log first (when there is one to read), then every download."""
    if frame is None and opened.saved.info.log is not None:
        savedview.read_log_button(store, opened)
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
    downloads.panel(opened.document, frame, context, rows_note=rows_note)


def _analysis_tabs(
    spec: Spec,
    analysis: Analysis,
    frame: pd.DataFrame | None,
    tabs: dict[str, Tab],
    cost: CostSettings,
    key: tuple[object, ...],
    overrides: Overrides | None,
    rows_note: str | None,
    *,
    editable: bool,
) -> None:
    """The analysis's tabs; `key` names what the analysis and `frame` were made from, and
    with `overrides` (None: a saved analysis's own) the analysis on screen: what is built
    for it is kept until either changes."""
    if tabs[OVERVIEW].open:
        with tabs[OVERVIEW]:
            overview.fix_first(spec, analysis, cost, (key, overrides))
            overview.summary(spec, analysis)
            st.caption("The report for the review meeting and the tagged sheet: Downloads tab.")
            overview.charts(analysis, key)
            trends.section(analysis, key)
            overview.handoff_map(analysis, frame, key)
    if tabs[GROUPS].open:
        with tabs[GROUPS]:
            groups.table(spec, analysis, key, overrides)
            st.divider()
            name = groups.picker(analysis)
            if name is not None:
                groupdetail.detail(
                    spec, analysis, name, frame, editable=editable, rows_note=rows_note, key=key
                )
            if (wanted := page_scripts.take_scroll()) is not None:
                page_scripts.scroll_into_view(wanted)
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


def _share(spec: Spec, ws: Workspace) -> None:
    left, _ = st.columns([3, 2], gap="large")
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
        st.caption("The report and the tagged sheet are on the Downloads tab.")


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
