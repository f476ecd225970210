"""The cost of recurrence: minutes per manual fix (global and per group), hours per week,
the total, and the order of fixes that pays back first."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from framework import (
    Analysis,
    CostReport,
    CostSettings,
    Spec,
    recurrence_costs,
)
from framework.views.lead_tables import FIX_PLAN_COLUMNS, fix_plan_rows, plan_total
from ui.lead import session as logstate

MINUTES_KEY = "lead.cost.minutes"
_EDITOR_ROUND = "lead.cost.round"  # bumped to start the per-group table afresh
GROUP, VERDICT, EXCEPTIONS, PER_WEEK = "Group", "Verdict", "Exceptions", "Per week"
MINUTES, HOURS = "Minutes per fix", "Hours per week"
MAX_MINUTES = 24 * 60.0


def editor_key() -> str:
    """The key of the per-group minutes table (changes when the overrides are reset)."""
    return f"lead.cost.groups.{st.session_state.get(_EDITOR_ROUND, 0)}"


def section(spec: Spec, analysis: Analysis, settings: CostSettings, *, editable: bool) -> None:
    """Settings, the totals, the per-group table and the fix plan."""
    report = recurrence_costs(analysis, settings)
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.session_state[MINUTES_KEY] = float(settings.minutes_per_fix)
        st.number_input(
            "Minutes per manual fix",
            min_value=0.0,
            max_value=MAX_MINUTES,
            step=1.0,
            key=MINUTES_KEY,
            disabled=not editable,
            on_change=_set_minutes,
            help="How long one person takes to clear one occurrence by hand. Change it for "
            "single groups in the table below.",
        )
    with right:
        _totals(report)
    st.markdown("**Per group**")
    _group_table(spec, analysis, report, editable=editable)
    st.markdown("**Which fix pays back first**")
    _fix_plan(spec, report)


def _totals(report: CostReport) -> None:
    total, window = report.total_hours_per_week, report.window
    if total is None or window is None:
        st.metric("Manual fixing over the whole log", f"{report.total_hours_in_log:,.1f} h")
        st.caption("The log has no timestamps, so the hours are not spread over weeks.")
        return
    st.metric("Manual fixing per week", f"{total:,.1f} h")
    st.caption(
        f"Over the {window.days} days the log covers ({window.first_day} to "
        f"{window.last_day}): {report.total_hours_in_log:,.1f} h in all."
    )


def _group_table(spec: Spec, analysis: Analysis, report: CostReport, *, editable: bool) -> None:
    costs = {row.group: row for row in report.rows}
    frame = pd.DataFrame(
        [
            {
                GROUP: group.group,
                VERDICT: spec.tag(group.tag).label,
                EXCEPTIONS: group.exceptions,
                PER_WEEK: costs[group.group].per_week,
                MINUTES: costs[group.group].minutes_per_fix,
                HOURS: costs[group.group].hours_per_week,
            }
            for group in analysis.groups
        ]
    )
    config = {
        EXCEPTIONS: st.column_config.NumberColumn(EXCEPTIONS, format="localized"),
        PER_WEEK: st.column_config.NumberColumn(PER_WEEK, format="%.1f"),
        MINUTES: st.column_config.NumberColumn(
            MINUTES,
            min_value=0.0,
            max_value=MAX_MINUTES,
            step=1.0,
            format="%g",
            help="Overrides the global setting for this group",
        ),
        HOURS: st.column_config.NumberColumn(HOURS, format="%.1f"),
    }
    if not editable:
        st.dataframe(frame, hide_index=True, column_config=config)
        return
    key = editor_key()
    st.data_editor(
        frame,
        key=key,
        hide_index=True,
        num_rows="fixed",
        disabled=[GROUP, VERDICT, EXCEPTIONS, PER_WEEK, HOURS],
        column_config=config,
    )
    _apply_edits(analysis, key, report.settings)
    if report.settings.per_group:
        st.button(
            "Use the global minutes for every group",
            type="tertiary",
            icon=":material/restart_alt:",
            on_click=_reset_groups,
        )


def _apply_edits(analysis: Analysis, key: str, settings: CostSettings) -> None:
    """Fold the table's edits into the draft's per-group minutes (then show them at once)."""
    edits = (st.session_state.get(key) or {}).get("edited_rows", {})
    per_group = dict(settings.per_group)
    for row, change in edits.items():
        if MINUTES not in change:
            continue
        group = analysis.groups[int(row)].group
        value = change[MINUTES]
        if value is None:
            per_group.pop(group, None)
        else:
            per_group[group] = min(max(float(value), 0.0), MAX_MINUTES)
    if per_group != dict(settings.per_group):
        logstate.update(cost=dataclasses.replace(settings, per_group=per_group))
        st.rerun()


def _fix_plan(spec: Spec, report: CostReport) -> None:
    rows = fix_plan_rows(spec, report)
    if not rows:
        st.caption("Nothing to fix yet: no group has a verdict.")
    else:
        rank, group, fix, what, hours, why = FIX_PLAN_COLUMNS
        st.dataframe(
            [
                {
                    rank: row.rank,
                    group: row.group,
                    fix: row.fix,
                    what: row.what_to_do,
                    hours: row.hours_text,
                    why: row.why,
                }
                for row in rows
            ],
            hide_index=True,
            column_config={why: st.column_config.TextColumn(width="large")},
        )
        st.caption(
            "Most hours saved first. Where both problem types are present, the integration "
            "fix comes before the process fix (a rule built on a moving handoff breaks again), "
            "and the group's hours are counted once, on the step that brings them back. "
            f"The whole plan: {plan_total(report).text}"
        )
    if report.investigate_first:
        names = ", ".join(row.group for row in report.investigate_first)
        st.caption("Undetermined, so look into these before fixing anything:")
        st.text(names)


def _set_minutes() -> None:
    current = logstate.draft()
    if current is not None:
        minutes = float(st.session_state[MINUTES_KEY])
        logstate.update(cost=dataclasses.replace(current.cost, minutes_per_fix=minutes))


def _reset_groups() -> None:
    current = logstate.draft()
    if current is not None:
        logstate.update(cost=dataclasses.replace(current.cost, per_group={}))
        st.session_state[_EDITOR_ROUND] = st.session_state.get(_EDITOR_ROUND, 0) + 1
