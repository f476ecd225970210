"""Which rows to analyse: one column's values kept or left out, and a date range (only the
WARN and ERROR lines of a system log, only the exception activities of an event log, one
month of a year's export). Applied with a button; the filter travels with the analysis."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from framework import Condition, RowFilter
from framework.views.analysis_scope import scope_lines
from ui.lead import session as logstate
from ui.lead.session import Workspace

FORM_KEY = "lead.rows.form"
COLUMN_KEY, VALUES_KEY, MODE_KEY = "lead.rows.column", "lead.rows.values", "lead.rows.mode"
SINCE_KEY, UNTIL_KEY = "lead.rows.since", "lead.rows.until"
SHOWN_KEY = "lead.rows.shown"
KEEP, LEAVE_OUT = "Keep only these", "Leave these out"
ANY_COLUMN = "— no condition on a column —"
MAX_VALUES = 200
"""Values offered for a column: its most frequent ones."""


def section(ws: Workspace) -> None:
    """The filter in use in words, and a form to change it (the log must be at hand)."""
    if ws.draft.log is None:
        return
    rows = ws.draft.rows
    title = f"Rows analysed: {rows.describe()}" if rows else "Rows analysed: every row"
    with st.expander(title, icon=":material/filter_alt:", expanded=bool(rows)):
        if ws.analysis is not None:
            for line in scope_lines(ws.analysis):
                st.text(line)
            if rows and not ws.analysis.summary.exceptions:
                st.warning(
                    "No row is left once this filter is applied: keep other values, widen "
                    "the dates, or analyse every row.",
                    icon=":material/filter_alt_off:",
                )
        _prefill(ws.draft.rows)
        _form(ws)
        if rows:
            st.button("Analyse every row", icon=":material/filter_alt_off:", on_click=clear_filter)


def _form(ws: Workspace) -> None:
    assert ws.draft.log is not None
    frame = ws.draft.log.table.frame
    with st.form(FORM_KEY, border=False):
        column = st.selectbox(
            "Column",
            options=["", *frame.columns],
            format_func=lambda name: name or ANY_COLUMN,
            key=COLUMN_KEY,
        )
        log = ws.draft.log
        offered = _values(log.sha256, log.table.sheet, column, frame) if column else []
        chosen = st.session_state.get(VALUES_KEY) or []
        st.multiselect(
            "Values",
            options=sorted({*offered, *chosen}),
            key=VALUES_KEY,
            help=f"The column's {MAX_VALUES} most frequent values are offered.",
        )
        st.radio("These values", options=[KEEP, LEAVE_OUT], key=MODE_KEY, horizontal=True)
        if ws.mapping.get("timestamp"):
            since, until = st.columns(2)
            since.date_input("From (day included)", value=None, key=SINCE_KEY)
            until.date_input("Until (day included)", value=None, key=UNTIL_KEY)
        st.form_submit_button("Apply", icon=":material/check:", on_click=apply_filter)


def _prefill(rows: RowFilter | None) -> None:
    """Show the filter in use in the form, once each time it changes."""
    marker = None if rows is None else rows.to_dict()
    if st.session_state.get(SHOWN_KEY) == marker and COLUMN_KEY in st.session_state:
        return
    st.session_state[SHOWN_KEY] = marker
    condition = rows.conditions[0] if rows and rows.conditions else None
    st.session_state[COLUMN_KEY] = condition.column if condition else ""
    st.session_state[VALUES_KEY] = list(condition.values) if condition else []
    st.session_state[MODE_KEY] = LEAVE_OUT if condition and condition.op == "!=" else KEEP
    st.session_state[SINCE_KEY] = rows.since if rows else None
    st.session_state[UNTIL_KEY] = rows.until if rows else None


def apply_filter() -> None:
    """Callback of Apply: the form's choices become the draft's filter (or no filter)."""
    column = st.session_state.get(COLUMN_KEY) or ""
    values = tuple(str(value) for value in st.session_state.get(VALUES_KEY) or ())
    since: date | None = st.session_state.get(SINCE_KEY)
    until: date | None = st.session_state.get(UNTIL_KEY)
    if since and until and since > until:
        since, until = until, since
    op = "!=" if st.session_state.get(MODE_KEY) == LEAVE_OUT else "="
    conditions = (Condition(column, op, values),) if column and values else ()
    found = RowFilter(conditions, since=since, until=until)
    logstate.update(rows=found if found else None)
    logstate.set_problem(None)


def clear_filter() -> None:
    """Callback: analyse every row again."""
    logstate.update(rows=None)
    logstate.set_problem(None)


@st.cache_data(show_spinner=False, max_entries=32)
def _values(sha256: str, sheet: str | None, column: str, _frame: pd.DataFrame) -> list[str]:
    """A column's most frequent values, as the filter compares them (trimmed text)."""
    counts = _frame[column].dropna().astype(str).str.strip().value_counts()
    return [str(value) for value in counts.index[:MAX_VALUES] if value]
