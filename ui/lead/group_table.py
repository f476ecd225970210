"""The group table, most recurrent first; selecting a row opens that group's detail."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framework import (
    Analysis,
    Overrides,
    Spec,
)
from framework.views.lead_tables import (
    DAYS,
    EXCEPTIONS,
    GROUP,
    VERDICT,
    both_column,
    group_record,
    group_table,
)
from ui import page_scripts
from ui.widgets import css_color

TABLE_KEY = "lead.table"
PICK_KEY = "lead.group_pick"
_SELECTED = "lead.selected"
_ORDER = "lead.table_order"
_TABLE = "lead.memo.group_table"  # (analysis key, overrides, the table)


def selected(analysis: Analysis) -> str | None:
    """The group whose detail is open: the one picked last, else the most frequent."""
    names = [group.group for group in analysis.groups]
    chosen = st.session_state.get(_SELECTED)
    if chosen in names:
        return str(chosen)
    return names[0] if names else None


def select(name: str) -> None:
    """Open a group's detail and bring it into view."""
    st.session_state[_SELECTED] = name
    page_scripts.request_scroll("group-detail")


def table(
    spec: Spec, analysis: Analysis, key: tuple[object, ...], overrides: Overrides | None
) -> None:
    """Every group with its counts, answers (✎ set by hand), verdict and both-present; the
    verdict as a label in its colour. Built once per analysis (`key`) and overrides; after an
    override only the rows of the groups whose overrides changed are built again."""
    frame = _table_frame(analysis, key, overrides or {})
    st.session_state[_ORDER] = list(frame[GROUP])
    verdicts = list(spec.verdicts.values())
    st.dataframe(
        frame,
        key=TABLE_KEY,
        on_select=_picked_row,
        selection_mode="single-row",
        hide_index=True,
        height=min(38 + 35 * len(frame), 460),
        column_config={
            GROUP: st.column_config.TextColumn(GROUP, pinned=True),
            VERDICT: st.column_config.MultiselectColumn(
                VERDICT,
                options=[verdict.label for verdict in verdicts],
                color=[css_color(verdict.color) for verdict in verdicts],
            ),
            EXCEPTIONS: st.column_config.NumberColumn(EXCEPTIONS, format="localized"),
            DAYS: st.column_config.NumberColumn(DAYS, help="Days with at least one occurrence"),
            both_column(spec): st.column_config.CheckboxColumn(
                both_column(spec), help="The answers point both ways: fix the integration first"
            ),
        },
    )
    st.caption(
        "Sorted by how often each exception recurs. ✎ marks an answer set by hand. "
        "Select a row to see why the group got its verdict."
    )


def _table_frame(analysis: Analysis, key: tuple[object, ...], overrides: Overrides) -> pd.DataFrame:
    """The group table with each verdict as a one-label list (shown as a coloured label:
    cheaper to send on every rerun than a styled table)."""
    held = st.session_state.get(_TABLE)
    if held is not None and held[0] == key:
        if held[1] == overrides:
            found: pd.DataFrame = held[2]
            return found
        frame = _changed_rows(analysis, held[2], held[1], overrides)
    else:
        frame = group_table(analysis)
        frame[VERDICT] = [[label] for label in frame[VERDICT]]
    st.session_state[_TABLE] = (key, overrides, frame)
    return frame


def _changed_rows(
    analysis: Analysis, before: pd.DataFrame, was: Overrides, now: Overrides
) -> pd.DataFrame:
    """The table `before` with the rows of the groups whose overrides changed built again
    (an override changes nothing in any other group's row)."""
    changed = {name for name in {*was, *now} if was.get(name) != now.get(name)}
    frame = before.copy()
    for position, group in enumerate(analysis.groups):
        if group.group in changed:
            record = group_record(analysis.spec, group)
            record[VERDICT] = [record[VERDICT]]
            for column, value in record.items():
                frame.at[frame.index[position], column] = value  # type: ignore[assignment]
    return frame


def picker(analysis: Analysis) -> str | None:
    """A group chooser above the detail (the table's row selection drives it too)."""
    names = [group.group for group in analysis.groups]
    current = selected(analysis)
    if current is None:
        return None
    st.session_state[PICK_KEY] = current
    st.selectbox(
        "Group",
        options=names,
        key=PICK_KEY,
        on_change=_picked_name,
        help="Or select a row in the table above.",
    )
    return current


def _picked_row() -> None:
    event = st.session_state.get(TABLE_KEY)
    rows = list(event["selection"]["rows"]) if event else []
    order = st.session_state.get(_ORDER, [])
    if rows and 0 <= rows[0] < len(order):
        select(order[rows[0]])


def _picked_name() -> None:
    select(st.session_state[PICK_KEY])
