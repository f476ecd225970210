"""The whole log at a glance: exceptions, groups, each verdict's share, and the charts."""

from __future__ import annotations

import streamlit as st

from framework.analysis_model import Analysis
from framework.model import ADVICE_KEYS, Spec


def summary(spec: Spec, analysis: Analysis) -> None:
    """Totals, then one tile per tag (integration, process, both, undetermined)."""
    totals = analysis.summary
    group_by = next((f.label for f in spec.columns if f.id == analysis.group_by), "")
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
                f"{totals.share_of_volume(tag):.0%}",
                help=f"Share of all exceptions in groups tagged “{label}”",
            )
            st.caption(
                f"{totals.by_volume[tag]:,} exceptions · {totals.by_groups[tag]} of "
                f"{totals.groups} groups ({totals.share_of_groups(tag):.0%})"
            )
