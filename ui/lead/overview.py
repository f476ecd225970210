"""The whole log at a glance, for the team lead: what to fix first (the top of the fix plan,
with the hours each fix brings back), then the totals, each verdict's share, the charts and
the handoff map. Every chart fills its column at any width."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from framework import (
    ADVICE_KEYS,
    Analysis,
    CostReport,
    CostSettings,
    Spec,
    group_by_label,
    recurrence_costs,
)
from framework.views.analysis_scope import scope_lines, unit_noun
from framework.views.charts import timeline_chart, top_groups_chart, verdict_share_chart
from framework.views.handoff_map import handoff_chart, handoff_edges, handoff_notes
from framework.views.lead_tables import FixPlanRow, fix_plan_rows, plan_total, share_text
from ui import streamlit_internals, widgets
from ui.lead import session as logstate

FIX_FIRST_KEY = "fix-first"
CHART_FRAME = 150
"""Pixels for a chart's title, x axis and two-row legend around a fixed-height plot."""
FIX_FIRST_STEPS = 5


def fix_first(spec: Spec, analysis: Analysis, cost: CostSettings, view: object) -> None:
    """The top of the fix plan: which group, which type, the hours a fix brings back, why
    (worked out once per analysis on screen, `view`, and cost settings)."""
    report, rows = logstate.memo(
        "fix_first", (view, cost), lambda: _plan(spec, recurrence_costs(analysis, cost))
    )
    with st.container(border=True, key=FIX_FIRST_KEY):
        st.subheader("Fix these first", anchor=False)
        if not rows:
            st.caption("No group has a verdict yet, so there is nothing to rank.")
            return
        shown = rows[:FIX_FIRST_STEPS]
        widgets.table(
            ["Group", "Type", "Hours back", "Fix", "Why"],
            [
                [
                    f"{row.rank}. {row.group}",
                    spec.tag(row.tag).label if row.tag else "",
                    row.hours_text,
                    f"{row.fix}: {row.what_to_do}",
                    row.brief,
                ]
                for row in shown
            ],
            key="fix-first",
            numeric=frozenset({2}),
            colors=[spec.tag(row.tag).color if row.tag else None for row in shown],
            inline=frozenset({1, 2}),
        )
        more = len(rows) - len(shown)
        tail = f" {more} more step{'s' if more != 1 else ''} on the Cost tab." if more else ""
        st.caption(f"Most hours back first. The whole plan: {plan_total(report).text}{tail}")


def _plan(spec: Spec, report: CostReport) -> tuple[CostReport, list[FixPlanRow]]:
    return report, fix_plan_rows(spec, report)


def summary(spec: Spec, analysis: Analysis) -> None:
    """Totals, then one tile per tag (integration, process, both, undetermined)."""
    totals = analysis.summary
    group_by = group_by_label(spec, analysis.group_by)
    first, second, third = st.columns(3)
    unit = unit_noun(analysis)
    first.metric(
        unit.capitalize(), f"{totals.exceptions:,}", help=" · ".join(scope_lines(analysis)) or None
    )
    second.metric("Exception groups", f"{totals.groups:,}", help=f"Grouped by {group_by}")
    recurring = sum(1 for group in analysis.groups if (group.days_active or 0) > 1)
    third.metric("Recurring on several days", f"{recurring:,}")
    for line in scope_lines(analysis):
        st.text(line)
    st.markdown("**Share of the log by verdict**")
    tiles = st.columns(len(ADVICE_KEYS))
    for tile, tag in zip(tiles, ADVICE_KEYS, strict=True):
        label = spec.tag(tag).label
        with tile.container(border=True):
            st.metric(
                label,
                share_text(totals.share_of_volume(tag)),
                help=f"Share of all exceptions in groups tagged “{label}”",
            )
            st.caption(
                f"{totals.by_volume[tag]:,} {unit} · {totals.by_groups[tag]} of "
                f"{totals.groups} groups ({share_text(totals.share_of_groups(tag))})"
            )
    warned = sum(1 for group in analysis.groups if group.warnings)
    if warned:
        st.caption(
            f":material/warning: {warned} of {totals.groups} groups have a verdict that rests "
            "on a guess or on little data: each group's detail says why."
        )


def charts(analysis: Analysis, key: tuple[object, ...]) -> None:
    """Verdict shares, the most recurring groups, and occurrences over time by verdict, each
    across the full width, as tall as its content (legends sit under the plots). Built once
    per analysis and tags (`key`: what the analysis was made from)."""
    built = logstate.memo(
        "charts",
        (key, _tags(analysis)),
        lambda: [
            _vega(chart)
            for chart in (
                verdict_share_chart(analysis),
                top_groups_chart(analysis),
                timeline_chart(analysis),
            )
        ],
    )
    for chart in built:
        chart.show()


def handoff_map(analysis: Analysis, frame: pd.DataFrame | None, key: tuple[object, ...]) -> None:
    """The systems and the boundaries between them, weighted by exceptions, coloured by
    verdict; exact when the analysis counted them or the log is at hand, else from each
    group's boundary."""
    tags = _tags(analysis)
    drawn = logstate.memo(
        "handoff", (key, tags, frame is not None), lambda: _handoff(key, tags, analysis, frame)
    )
    st.markdown("**Handoff map: exceptions per boundary, coloured by what most of them are**")
    drawn.chart.show()
    if drawn.caption:
        st.caption(drawn.caption)


@dataclass(frozen=True)
class _Chart:
    """A chart as Streamlit sends it (its Vega-Lite spec, data as Arrow) and its height;
    the Altair chart itself where it could not be converted ahead."""

    spec: dict[str, Any] | None
    height: int | Literal["content"]
    chart: Any  # an Altair chart of any kind

    def show(self) -> None:
        if self.spec is None:
            st.altair_chart(self.chart, width="stretch", height=self.height)
            return
        # Streamlit takes the datasets out of the spec it is given: hand it a copy.
        st.vega_lite_chart(copy.deepcopy(self.spec), width="stretch", height=self.height)


@dataclass(frozen=True)
class _Handoff:
    chart: _Chart
    caption: str


def _handoff(
    key: tuple[object, ...],
    tags: tuple[tuple[str, str], ...],
    analysis: Analysis,
    frame: pd.DataFrame | None,
) -> _Handoff:
    edges = _edges(key, tags, frame is not None, analysis, frame)
    caption = ""
    if len(edges):
        notes = " ".join(handoff_notes(edges))
        caption = (
            f"{len(edges)} boundaries between systems; the busiest carries "
            f"{int(edges['exceptions'].iloc[0]):,} exceptions. Hover or tap a line for its "
            f"groups. {notes}".strip()
        )
    return _Handoff(_vega(handoff_chart(edges)), caption)


def _tags(analysis: Analysis) -> tuple[tuple[str, str], ...]:
    """Each group's tag: what the charts show besides the analysis itself."""
    return tuple((group.group, group.tag) for group in analysis.groups)


def _vega(chart: alt.TopLevelMixin) -> _Chart:
    """The chart converted once, as `st.altair_chart` would convert it on every call (its
    data as Arrow), so that a rerun only sends it."""
    return _Chart(streamlit_internals.vega_lite_spec(chart), _height(chart), chart)


@st.cache_data(show_spinner=False, max_entries=64)
def _edges(
    key: tuple[object, ...],
    tags: tuple[tuple[str, str], ...],
    exact: bool,
    _analysis: Analysis,
    _frame: pd.DataFrame | None,
) -> pd.DataFrame:
    """Edges per (analysis key, group tags): the rows, when the analysis did not count its
    boundaries as it read them, are counted once per mapping, not per rerun."""
    return handoff_edges(_analysis, _frame)


def _height(chart: alt.TopLevelMixin) -> int | Literal["content"]:
    """The element's height: a chart whose plot has a fixed height gets room for its title,
    axis and the legend under it (Streamlit would clip them to the plot's height); a chart
    sized by steps is measured by Streamlit itself."""
    plot = chart.to_dict(validate=False).get("height")
    return plot + CHART_FRAME if isinstance(plot, int) else "content"
