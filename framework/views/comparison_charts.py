"""Charts of a comparison of two periods, from per-group aggregates (never the log rows).

    volume_chart(comparison)     # per group, exceptions a week before and after
    change_timeline(comparison)  # occurrences per day (per week on long spans) of both
                                 # periods, with the change markers as labelled rules

Both fill their container on a page and render to SVG for reports (`charts.chart_svg`).
"""

from __future__ import annotations

from typing import Literal

import altair as alt
import pandas as pd

from framework.analysis.comparison import Comparison
from framework.views.charts import CONTAINER, LONG_SPAN_DAYS, NO_TIMESTAMPS, Width, message_chart
from framework.views.comparison_tables import AFTER, BEFORE, rate_unit

PERIOD_COLORS = {BEFORE: "#9aa0a8", AFTER: "#2f6db5"}
MARKER_COLOR = "#c2410c"
VOLUME_LIMIT = 20
BAR_PAIR_HEIGHT = 40
"""Pixels per group in the volume chart: room for its two bars and its label."""


def _period_color() -> alt.Color:
    scale = alt.Scale(domain=list(PERIOD_COLORS), range=list(PERIOD_COLORS.values()))
    return alt.Color("period:N", title="Period", scale=scale, sort=list(PERIOD_COLORS))


def volume_table(comparison: Comparison, limit: int = VOLUME_LIMIT) -> pd.DataFrame:
    """rank, group, period, rate, exceptions, reading: two rows per group (before, after)
    for the `limit` groups with the highest rate in either period."""
    readings = comparison.spec.follow_up.readings
    ranked = sorted(
        comparison.groups, key=lambda row: (-max(row.before_rate, row.after_rate), row.group)
    )[: max(limit, 0)]
    rows = [
        {
            "rank": rank,
            "group": row.group,
            "period": period,
            "rate": round(rate, 3),
            "exceptions": side.exceptions if side is not None else 0,
            "reading": readings[row.reading].label,
        }
        for rank, row in enumerate(ranked, start=1)
        for period, rate, side in (
            (BEFORE, row.before_rate, row.before),
            (AFTER, row.after_rate, row.after),
        )
    ]
    columns = ["rank", "group", "period", "rate", "exceptions", "reading"]
    return pd.DataFrame(rows, columns=columns)


def volume_chart(
    comparison: Comparison, limit: int = VOLUME_LIMIT, *, width: Width = CONTAINER
) -> alt.Chart:
    """Horizontal bar pairs: each group's exceptions a week before and after."""
    table = volume_table(comparison, limit)
    unit = rate_unit(comparison)
    shown = table["group"].nunique()
    chart: alt.Chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y(
                "group:N",
                title=None,
                sort=alt.EncodingSortField("rank", order="ascending"),
                axis=alt.Axis(labelLimit=240),
            ),
            yOffset=alt.YOffset("period:N", sort=list(PERIOD_COLORS)),
            x=alt.X("rate:Q", title=f"Exceptions {unit}"),
            color=_period_color(),
            tooltip=[
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("rate:Q", title=f"Exceptions {unit}", format=",.1f"),
                alt.Tooltip("exceptions:Q", title="Exceptions in the period", format=","),
                alt.Tooltip("reading:N", title="Reading"),
            ],
        )
        .properties(
            width=width,
            height=max(60, BAR_PAIR_HEIGHT * shown),
            title=f"Exceptions {unit} per group, before and after",
        )
    )
    return chart


def timeline_table(comparison: Comparison) -> tuple[pd.DataFrame, str]:
    """Occurrences per period of time (day, or week from Monday on a long span) and side,
    stacked before under after (start, end, period, exceptions, bottom, top)."""
    records = [
        (day, label, count)
        for label, period in ((BEFORE, comparison.before), (AFTER, comparison.after))
        for group in period.analysis.groups
        for day, count in group.daily
    ]
    table = pd.DataFrame(records, columns=["day", "period", "exceptions"])
    if table.empty:
        return table, "day"
    table["day"] = pd.to_datetime(table["day"])
    span = (table["day"].max() - table["day"].min()).days + 1
    unit = "week" if span > LONG_SPAN_DAYS else "day"
    start = table["day"]
    if unit == "week":
        start = start - pd.to_timedelta(start.dt.day_of_week, unit="D")
    table = (
        table.assign(start=start)
        .groupby(["start", "period"], as_index=False)
        .agg(exceptions=("exceptions", "sum"))
    )
    table["end"] = table["start"] + pd.Timedelta(days=7 if unit == "week" else 1)
    table["order"] = [list(PERIOD_COLORS).index(period) for period in table["period"]]
    table = table.sort_values(["start", "order"], ignore_index=True)
    table["top"] = table.groupby("start")["exceptions"].cumsum()
    table["bottom"] = table["top"] - table["exceptions"]
    return table[["start", "end", "period", "exceptions", "bottom", "top"]], unit


def change_timeline(
    comparison: Comparison, *, width: Width = CONTAINER
) -> alt.LayerChart | alt.Chart:
    """Both periods over time, with a labelled vertical rule on each change marker."""
    table, unit = timeline_table(comparison)
    if table.empty:
        return message_chart(NO_TIMESTAMPS, width=width)
    date = "%d %b %Y"
    bars = (
        alt.Chart(table)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:T", title="Day" if unit == "day" else "Week starting"),
            x2="end:T",
            y=alt.Y("top:Q", title=f"Exceptions per {unit}"),
            y2="bottom:Q",
            color=_period_color(),
            tooltip=[
                alt.Tooltip("start:T", title="Day" if unit == "day" else "Week of", format=date),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("exceptions:Q", title="Exceptions", format=","),
            ],
        )
    )
    layers: list[alt.Chart] = [bars, *_marker_layers(comparison, table)]
    title = f"Occurrences per {unit}, before and after the change"
    chart = alt.LayerChart(layer=layers).properties(width=width, height=240, title=title)
    configured: alt.LayerChart = chart.configure_legend(orient="bottom")
    return configured


def _marker_layers(comparison: Comparison, table: pd.DataFrame) -> list[alt.Chart]:
    """A dashed rule per change marker, labelled beside it: to its right in the first half of
    the timeline, to its left in the second, so the label stays inside the plot."""
    middle = table["start"].min() + (table["end"].max() - table["start"].min()) / 2
    markers = pd.DataFrame(
        [
            {
                "day": pd.Timestamp(m.day),
                "label": m.label,
                "side": "left" if pd.Timestamp(m.day) <= middle else "right",
            }
            for m in comparison.markers
        ],
        columns=["day", "label", "side"],
    )
    if markers.empty:
        return []
    tooltip = [alt.Tooltip("day:T", title="Changed on", format="%d %b %Y"), "label:N"]
    layers = [
        alt.Chart(markers)
        .mark_rule(color=MARKER_COLOR, strokeWidth=2, strokeDash=[4, 3])
        .encode(x="day:T", tooltip=tooltip)
    ]
    sides: tuple[tuple[Literal["left", "right"], int], ...] = (("left", 4), ("right", -4))
    for side, shift in sides:
        text = alt.Chart(markers).transform_filter(alt.datum.side == side)
        layers.append(
            text.mark_text(
                align=side,
                baseline="top",
                dx=shift,
                dy=2,
                color=MARKER_COLOR,
                fontWeight="bold",
                limit=320,
            ).encode(x="day:T", y=alt.value(0), text="label:N")
        )
    return layers
