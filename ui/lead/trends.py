"""Trends on the overview: which groups are new, escalating or quiet in the log's last days
against the weeks before them, with the rule behind each mark (from questions.yaml)."""

from __future__ import annotations

import streamlit as st

from framework import (
    Analysis,
    group_trends,
)
from ui.lead import session as logstate


def section(analysis: Analysis, key: tuple[object, ...]) -> None:
    """The marked groups with their weekly rates, and the three rules (worked out once per
    analysis: `key` names what it was made from; overrides change no count)."""
    report = logstate.memo("trends", key, lambda: group_trends(analysis))
    marks = analysis.spec.follow_up.trend_marks
    st.markdown("**New, escalating and quiet groups**")
    if report.recent is None or report.baseline is None:
        st.caption(report.reason or "")
        return
    recent, baseline = report.recent, report.baseline
    st.caption(
        f"The last {recent.days} days of the log ({recent.first_day:%d %b} – "
        f"{recent.last_day:%d %b %Y}) against the {baseline.days} days before them "
        f"({baseline.first_day:%d %b} – {baseline.last_day:%d %b %Y}), per week."
    )
    if report.marks:
        rows = [
            {
                "Group": trend.group,
                "Trend": marks[trend.mark].label,
                "A week lately": round(trend.recent_per_week, 1),
                "A week before": round(trend.baseline_per_week, 1),
            }
            for trend in report.marks
        ]
        st.dataframe(rows, hide_index=True)
    else:
        st.caption("No group is new, escalating or quiet by these rules:")
    for mark in marks.values():
        count = len(report.of(mark.key))
        st.caption(f"**{mark.label}** ({count}): {mark.text}")
