"""The whole log at a glance: exceptions, groups, each verdict's share, and the charts."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from framework import (
    ADVICE_KEYS,
    Analysis,
    Spec,
    group_by_label,
)
from framework.views.charts import timeline_chart, top_groups_chart, verdict_share_chart
from framework.views.handoff_map import handoff_chart, handoff_edges
from framework.views.lead_tables import share_text

CHART_FRAME = 90  # pixels for a chart's title and x axis around its plot


def summary(spec: Spec, analysis: Analysis) -> None:
    """Totals, then one tile per tag (integration, process, both, undetermined)."""
    totals = analysis.summary
    group_by = group_by_label(spec, analysis.group_by)
    first, second, third = st.columns(3)
    first.metric("Exceptions", f"{totals.exceptions:,}")
    second.metric("Exception groups", f"{totals.groups:,}", help=f"Grouped by {group_by}")
    recurring = sum(1 for group in analysis.groups if (group.days_active or 0) > 1)
    third.metric("Recurring on several days", f"{recurring:,}")
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
                f"{totals.by_volume[tag]:,} exceptions · {totals.by_groups[tag]} of "
                f"{totals.groups} groups ({share_text(totals.share_of_groups(tag))})"
            )
    warned = sum(1 for group in analysis.groups if group.warnings)
    if warned:
        st.caption(
            f":material/warning: {warned} of {totals.groups} groups have a verdict that rests "
            "on a guess or on little data: each group's detail says why."
        )


def charts(analysis: Analysis) -> None:
    """Verdict shares, the most recurring groups, and occurrences over time by verdict, each
    across the full width (their axis labels and legends need the room)."""
    for chart in (
        verdict_share_chart(analysis),
        top_groups_chart(analysis),
        timeline_chart(analysis),
    ):
        st.altair_chart(chart, width="stretch", height=_height(chart))


def handoff_map(analysis: Analysis, frame: pd.DataFrame | None, key: tuple[object, ...]) -> None:
    """The systems and the boundaries between them, weighted by exceptions, coloured by
    verdict; counted row by row when the log is at hand, else from each group's boundary."""
    tags = tuple((group.group, group.tag) for group in analysis.groups)
    edges = _edges(key, tags, frame is not None, analysis, frame)
    chart = handoff_chart(edges)
    st.altair_chart(chart, width="content", height=_height(chart))
    if len(edges):
        st.caption(
            f"{len(edges)} boundaries between systems; the busiest carries "
            f"{int(edges['exceptions'].iloc[0]):,} exceptions. Hover a line for its groups."
        )


@st.cache_data(show_spinner=False, max_entries=64)
def _edges(
    key: tuple[object, ...],
    tags: tuple[tuple[str, str], ...],
    exact: bool,
    _analysis: Analysis,
    _frame: pd.DataFrame | None,
) -> pd.DataFrame:
    """Edges per (analysis key, group tags): the log is read once per mapping, not per rerun."""
    return handoff_edges(_analysis, _frame)


def _height(chart: alt.TopLevelMixin) -> int:
    """The chart's own plot height plus room for its title and axis (Streamlit's "content"
    height collapses layered charts)."""
    plot = chart.to_dict(validate=False).get("height")
    return (plot if isinstance(plot, int) else 220) + CHART_FRAME
