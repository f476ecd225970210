"""The column mapping: each canonical field's column, how sure and why, changeable; the
confirm step for guessed columns (no verdicts until the user confirms or changes them); the
rows analysed; and the group-by."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from framework import (
    MappingError,
    Spec,
    apply_overrides,
    fitting_group_by,
    group_by_choices,
    group_by_label,
    markdown_escape,
)
from framework.views.lead_tables import (
    MappingRow,
    field_note,
    mapping_rows,
    needed_by,
    values_found,
)
from ui.lead import row_picker
from ui.lead import session as logstate
from ui.lead.session import ErrorNote, Workspace

GROUP_BY_KEY = "lead.group_by"
NOT_IN_LOG = "— not in this log —"


def column_key(field: str) -> str:
    """The widget key of a field's column selectbox."""
    return f"lead.column.{field}"


def section(spec: Spec, ws: Workspace) -> None:
    """Group-by first (it decides the groups), the guessed columns to confirm (if any), the
    rows analysed, then every field with its column, how sure and why."""
    labels = {field.id: field.label for field in spec.columns}
    if ws.detected is None:
        _saved_columns(spec, ws)
        return
    _group_by(spec, ws, labels)
    if ws.pending:
        _confirm(spec, ws)
    row_picker.section(ws)
    if ws.blocked and not ws.pending:
        st.warning(
            "No analysis yet: the log needs a column to group by. Pick the column that holds "
            "the error code or exception type below, or group by another field.",
            icon=":material/warning:",
        )
    st.markdown("**Columns**")
    rows = mapping_rows(spec, ws.detected, ws.mapping, ws.draft.choices)
    needed = needed_by(spec, ws.analysis)
    st.caption(_found_line(spec, rows, needed))
    columns = list(ws.draft.log.table.columns) if ws.draft.log else []
    for row in rows:
        name, choice, how = st.columns([2, 3, 4], vertical_alignment="center")
        name.markdown(f"**{row.label}**" + (" :orange-badge[guess]" if row.guessed else ""))
        key = column_key(row.field)
        st.session_state[key] = row.column or ""
        choice.selectbox(
            row.label,
            options=["", *columns],
            format_func=lambda column: column or NOT_IN_LOG,
            key=key,
            label_visibility="collapsed",
            on_change=set_column,
            args=(spec, row.field, key),
        )
        found = _found(ws, row.column) if row.column else None
        note = field_note(spec, row, needed.get(row.field, ()), found)
        # The line quotes a value from the log: escaped HTML, never Markdown.
        how.html(f'<span class="triage-note">{html.escape(note)}</span>')
    if ws.draft.choices:
        st.button(
            "Back to the detected columns",
            icon=":material/restart_alt:",
            type="tertiary",
            on_click=reset_columns,
            args=(spec,),
        )


def _confirm(spec: Spec, ws: Workspace) -> None:
    """The guessed columns, why each was guessed, and one button to confirm them all."""
    assert ws.detected is not None
    count = len(ws.pending)
    lines = [
        f"- **{spec.field_label(field)}** ← {markdown_escape(repr(column))}: "
        + markdown_escape(ws.detected.assignments[field].reason)
        for field, column in ws.pending.items()
    ]
    with st.container(border=True):
        st.markdown(
            f":orange[:material/help:] **Confirm {count} guessed column{'s' * (count > 1)} "
            "before the verdicts.** Detection is not sure of them, and a verdict resting on "
            "a wrong column would be wrong. Change any that is wrong below, or confirm."
        )
        st.markdown("\n".join(lines))
        st.button(
            f"Confirm {'these columns' if count > 1 else 'this column'}",
            icon=":material/check:",
            type="primary",
            key="lead.confirm_columns",
            on_click=confirm_columns,
            args=(spec,),
        )


def confirm_columns(spec: Spec) -> None:
    """Callback: keep every guessed column as the user's choice (certain from now on)."""
    current = logstate.draft()
    if current is None or current.log is None:
        return
    detected = logstate.detected_mapping(spec, current.log)
    waiting = logstate.pending(detected, current)
    logstate.update(choices={**current.choices, **waiting})
    logstate.set_problem(None)


def _found(ws: Workspace, column: str) -> str | None:
    """What the column holds, read once per log and column."""
    log = ws.draft.log
    if log is None or column not in log.table.frame.columns:
        return None
    return _values_found(log.sha256, log.table.sheet, column, log.table.frame)


@st.cache_data(show_spinner=False, max_entries=256)
def _values_found(sha256: str, sheet: str | None, column: str, _frame: pd.DataFrame) -> str:
    return values_found(_frame[column])


def _found_line(spec: Spec, rows: list[MappingRow], needed: dict[str, tuple[int, ...]]) -> str:
    """'12 of 14 fields found. Missing and needed: Retry count, Retry outcome. Change any
    column that is wrong; the analysis follows at once.'"""
    found = sum(1 for row in rows if row.column)
    wanted = [row.label for row in rows if not row.column and needed.get(row.field)]
    text = f"{found} of {len(rows)} fields found in this log."
    if wanted:
        text += f" Missing, and answers would change with them: {', '.join(wanted)}."
    return text + " Change any column that is wrong; the analysis follows at once."


def set_column(spec: Spec, field: str, key: str) -> None:
    """Callback: use the chosen column for `field` (taking it from any other field)."""
    current = logstate.draft()
    if current is None or current.log is None:
        return
    column = st.session_state.get(key) or None
    choices = {
        other: chosen
        for other, chosen in current.choices.items()
        if other == field or chosen != column or column is None
    }
    choices[field] = column
    detected = logstate.detected_mapping(spec, current.log)
    try:
        mapping = apply_overrides(detected, choices).to_dict()
    except MappingError as error:
        logstate.set_problem(ErrorNote("Columns", str(error), "Choose another column"))
        return
    if current.group_by not in group_by_choices(mapping):
        label = group_by_label(spec, current.group_by)
        logstate.set_problem(
            ErrorNote(
                "Columns",
                f"the groups are made from {label}, so it needs a column",
                "Choose another field under “Group by” first, or give it another column",
            )
        )
        return
    logstate.update(choices=choices)
    logstate.set_problem(None)


def reset_columns(spec: Spec) -> None:
    """Callback: forget the user's column choices (the group-by falls back if it must)."""
    current = logstate.draft()
    if current is None or current.log is None:
        return
    detected = logstate.detected_mapping(spec, current.log).to_dict()
    logstate.update(choices={}, group_by=fitting_group_by(current.group_by, detected))
    logstate.set_problem(None)


def set_group_by() -> None:
    """Callback: group the log by another field."""
    chosen = st.session_state.get(GROUP_BY_KEY)
    if chosen:
        logstate.update(group_by=chosen)
        logstate.set_problem(None)


def _group_by(spec: Spec, ws: Workspace, labels: dict[str, str]) -> None:
    choices = list(group_by_choices(ws.mapping))
    if not choices:
        return
    st.session_state[GROUP_BY_KEY] = ws.draft.group_by if ws.draft.group_by in choices else None
    st.selectbox(
        "Group by",
        options=choices,
        format_func=lambda field: group_by_label(spec, field),
        key=GROUP_BY_KEY,
        placeholder="Choose the field that makes the groups",
        width=360,
        on_change=set_group_by,
        help="Each group is one kind of recurring exception. Usually the error code; a "
        "boundary groups by the pair of systems instead.",
    )


def _saved_columns(spec: Spec, ws: Workspace) -> None:
    why = (
        "The log stored with this analysis could not be read"
        if ws.draft.log_stored
        else "This analysis was saved without its log"
    )
    st.info(
        f"{why}, so the columns stay as they were read. "
        "Answers, overrides and costs can still be changed.",
        icon=":material/info:",
    )
    rows = [
        {"Field": field.label, "Column": ws.mapping.get(field.id) or NOT_IN_LOG}
        for field in spec.columns
    ]
    st.dataframe(rows, hide_index=True)
    st.caption(f"Grouped by {group_by_label(spec, ws.draft.group_by)}.")
