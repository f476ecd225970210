"""Altair charts of an analysis, built from its per-group aggregates (never from the log rows).

    verdict_share_chart(analysis)      # integration / process / both / undetermined shares
    top_groups_chart(analysis, 15)     # the most recurring groups, coloured by tag
    timeline_chart(analysis)           # occurrences per day (per week on long logs) by tag
    chart_svg(chart)                   # the same chart as static SVG, for reports

Every label and colour comes from the spec (`spec.tag(key)`). Charts fill their container
(`width="container"`) on a page, from a phone's 320 pixels to a wide screen: legends sit
under the plot in two columns, a bar's label is drawn only where the bar is wide enough, and
each of the top groups has its own row with its name above its bar (never an axis that drops
labels). `chart_svg` renders them at a fixed width without a browser. A log without
timestamps gets a timeline that says so instead of an empty plot.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from framework.analysis.results import Analysis
from framework.analysis.rows import daily_by_tag
from framework.spec.model import ADVICE_KEYS, Spec

Width = int | str
CONTAINER = "container"
STATIC_WIDTH = 640
STATIC_CONFIG = {
    "font": "Liberation Sans, Arial, Helvetica, sans-serif",
    "legend": {"labelLimit": 0},
}
"""Static charts are measured with Liberation Sans (bundled with vl-convert); Arial and
Helvetica have the same metrics. A machine without them draws the text in a wider face
(DejaVu Sans is up to a seventh wider), so static charts get `STATIC_PADDING` around them."""
STATIC_PADDING = {"top": 10, "bottom": 6, "left": 24, "right": 24}
LONG_SPAN_DAYS = 92
"""A log spanning more days than this is charted per week rather than per day."""
NO_TIMESTAMPS = "No timestamps in this log, so nothing to plot over time."
BY_EXCEPTIONS = "By exceptions"
BY_GROUPS = "By groups"


def tag_scale(spec: Spec, tags: tuple[str, ...] = ADVICE_KEYS) -> alt.Scale:
    """The colour scale of the tags: their labels as the domain, their spec colours as range."""
    return alt.Scale(
        domain=[spec.tag(tag).label for tag in tags], range=[spec.tag(tag).color for tag in tags]
    )


def tag_color(spec: Spec, title: str = "Type") -> alt.Color:
    """Colour by the `tag_label` column, in the spec's tag order and colours; the legend under
    the plot in two columns, so it fits a phone."""
    return alt.Color(
        "tag_label:N", title=title, scale=tag_scale(spec), sort=_labels(spec), legend=LEGEND
    )


LEGEND = alt.Legend(orient="bottom", direction="horizontal", columns=2, labelLimit=0)
"""Under the plot, two columns: four labels fit side by side in 300 pixels."""
PADDING = {"top": 8, "bottom": 4, "left": 4, "right": 8}
"""Room around every chart, so no glyph of a title or an end label touches the frame."""
LABEL_MIN_PIXELS = 34
"""A share is written on its bar only when the bar is at least this wide on screen."""
SHARE_STEP = 44
"""Pixels per bar of the share chart (a step, so a page shows it whole with its legend)."""
ROW_STEP = 34
"""Pixels per group in the top-groups chart: the group's name, then its bar."""


def verdict_share_chart(analysis: Analysis, *, width: Width = CONTAINER) -> alt.LayerChart:
    """Two stacked bars: each tag's share of the exceptions and of the groups."""
    spec = analysis.spec
    table = share_table(analysis)
    base = alt.Chart(table).encode(
        y=alt.Y("measure:N", title=None, sort=[BY_EXCEPTIONS, BY_GROUPS]),
        x=alt.X("share:Q", title="Share", stack="normalize", axis=alt.Axis(format="%")),
        order=alt.Order("order:O"),
        tooltip=[
            alt.Tooltip("measure:N", title="Measured"),
            alt.Tooltip("tag_label:N", title="Type"),
            alt.Tooltip("count:Q", title="Count", format=","),
            alt.Tooltip("share:Q", title="Share", format=".1%"),
        ],
    )
    bars = base.mark_bar().encode(color=tag_color(spec))
    labels = base.mark_text(
        align="right",
        dx=-4,
        color="white",
        fontWeight="bold",
        opacity=alt.ExprRef(f"datum.share * width >= {LABEL_MIN_PIXELS} ? 1 : 0"),
    ).encode(text=alt.Text("label:N"))
    title = alt.TitleParams("Share by type", subtitle="of the exceptions and of the groups")
    chart = alt.LayerChart(layer=[bars, labels])
    return chart.properties(width=width, height=alt.Step(SHARE_STEP), title=title, padding=PADDING)


def share_table(analysis: Analysis) -> pd.DataFrame:
    """measure, tag, tag_label, order, count, share and a bar label, per tag and measure."""
    spec, summary = analysis.spec, analysis.summary
    rows = []
    for measure, counts, total in (
        (BY_EXCEPTIONS, summary.by_volume, summary.exceptions),
        (BY_GROUPS, summary.by_groups, summary.groups),
    ):
        for order, tag in enumerate(ADVICE_KEYS):
            count = int(counts.get(tag, 0))
            share = count / total if total else 0.0
            rows.append(
                {
                    "measure": measure,
                    "tag": tag,
                    "tag_label": spec.tag(tag).label,
                    "order": order,
                    "count": count,
                    "share": share,
                    "label": f"{share:.0%}" if share >= 0.08 else "",
                }
            )
    return pd.DataFrame(rows)


def top_groups_chart(
    analysis: Analysis, limit: int = 15, *, width: Width = CONTAINER
) -> alt.LayerChart:
    """The `limit` groups with the most exceptions, one row each: the group's name and count
    above a bar as long as its exceptions, coloured by tag. Every row keeps its label at any
    width (a long name is shortened with an ellipsis; the tooltip has it whole)."""
    spec = analysis.spec
    table = top_groups_table(analysis, limit)
    table["label"] = [
        f"{g} · {n:,}" for g, n in zip(table["group"], table["exceptions"], strict=True)
    ]
    shown = len(table)
    title = f"The {shown} most recurring groups" if shown < len(analysis.groups) else "Groups"
    base = alt.Chart(table).encode(
        y=alt.Y(
            "group:N",
            title=None,
            axis=None,
            sort=list(table["group"]),
            scale=alt.Scale(paddingInner=0, paddingOuter=0),
        ),
        tooltip=[
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("exceptions:Q", title="Exceptions", format=","),
            alt.Tooltip("days_active:Q", title="Days active"),
            alt.Tooltip("tag_label:N", title="Type"),
            alt.Tooltip("boundary:N", title="Boundary"),
        ],
    )
    bars = base.mark_bar(height=12, yOffset=7, cornerRadiusEnd=2).encode(
        x=alt.X("exceptions:Q", title=None, axis=None, scale=alt.Scale(nice=False)),
        color=tag_color(spec),
    )
    names = base.mark_text(
        align="left",
        baseline="bottom",
        dy=-1,
        fontSize=12,
        color="#1f2933",
        limit=alt.ExprRef("width"),
    ).encode(x=alt.value(0), text="label:N")
    chart = alt.LayerChart(layer=[bars, names])
    return chart.properties(
        width=width,
        height=alt.Step(ROW_STEP),
        title=title,
        view=alt.ViewBackground(stroke=None),
        padding=PADDING,
    )


def top_groups_table(analysis: Analysis, limit: int = 15) -> pd.DataFrame:
    """rank, group, exceptions, days_active, boundary, tag and tag_label of the top groups."""
    spec = analysis.spec
    ranked = sorted(analysis.groups, key=lambda g: (-g.exceptions, g.group))[: max(limit, 0)]
    rows = [
        {
            "rank": rank,
            "group": group.group,
            "exceptions": group.exceptions,
            "days_active": group.days_active,
            "boundary": group.boundary or "",
            "tag": group.tag,
            "tag_label": spec.tag(group.tag).label,
        }
        for rank, group in enumerate(ranked, start=1)
    ]
    columns = ["rank", "group", "exceptions", "days_active", "boundary", "tag", "tag_label"]
    return pd.DataFrame(rows, columns=columns)


def timeline_chart(analysis: Analysis, *, width: Width = CONTAINER) -> alt.Chart:
    """Stacked bars of occurrences per day by tag; per week (from Monday) on a long log."""
    spec = analysis.spec
    table, period = timeline_table(analysis)
    if table.empty:
        return message_chart(NO_TIMESTAMPS, width=width)
    date = "%d %b %Y"
    chart: alt.Chart = (
        alt.Chart(table)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:T", title="Day" if period == "day" else "Week starting"),
            x2="end:T",
            y=alt.Y("top:Q", title=f"Exceptions per {period}"),
            y2="bottom:Q",
            color=tag_color(spec),
            tooltip=[
                alt.Tooltip("start:T", title="Day" if period == "day" else "Week of", format=date),
                alt.Tooltip("tag_label:N", title="Type"),
                alt.Tooltip("exceptions:Q", title="Exceptions", format=","),
            ],
        )
        .properties(
            width=width, height=220, title=f"Occurrences per {period} by type", padding=PADDING
        )
    )
    return chart


def timeline_table(analysis: Analysis) -> tuple[pd.DataFrame, str]:
    """Occurrences per period and tag, stacked in tag order (start, end, tag, tag_label,
    exceptions, bottom, top), and the period: "day", or "week" when the log spans more than
    `LONG_SPAN_DAYS` days."""
    spec = analysis.spec
    daily = daily_by_tag(analysis)
    if daily.empty:
        return daily, "day"
    span = (daily["day"].max() - daily["day"].min()).days + 1
    period = "week" if span > LONG_SPAN_DAYS else "day"
    length = pd.Timedelta(days=7 if period == "week" else 1)
    start = daily["day"]
    if period == "week":
        start = start - pd.to_timedelta(start.dt.day_of_week, unit="D")
    table = (
        daily.assign(start=start)
        .groupby(["start", "tag"], as_index=False)
        .agg(exceptions=("exceptions", "sum"))
    )
    table["end"] = table["start"] + length
    table["tag_label"] = [spec.tag(tag).label for tag in table["tag"]]
    table["order"] = [ADVICE_KEYS.index(tag) for tag in table["tag"]]
    table = table.sort_values(["start", "order"], ignore_index=True)
    table["top"] = table.groupby("start")["exceptions"].cumsum()
    table["bottom"] = table["top"] - table["exceptions"]
    columns = ["start", "end", "tag", "tag_label", "exceptions", "bottom", "top"]
    return table[columns], period


def message_chart(text: str, *, width: Width = CONTAINER, height: int = 60) -> alt.Chart:
    """A chart holding one line of text, for when there is nothing to plot."""
    frame = pd.DataFrame({"text": [text]})
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_text(fontSize=13, color="#55595f")
        .encode(text="text:N")
        .properties(width=width, height=height, padding=PADDING)
    )
    return chart


def chart_svg(chart: alt.TopLevelMixin, *, width: int = STATIC_WIDTH) -> str:
    """The chart as a standalone SVG string, rendered by vl-convert (no browser, no network).

    A "container" width (which only a page can resolve) becomes `width` pixels. Nothing is
    fetched: the charts carry their data inline and no base URL is allowed.
    """
    import vl_convert  # only needed for reports

    spec = _fixed_width(chart.to_dict(), width)
    spec["padding"] = STATIC_PADDING
    svg: str = vl_convert.vegalite_to_svg(spec, config=STATIC_CONFIG, allowed_base_urls=[])
    return svg


def _fixed_width(node: Any, width: int) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            node[key] = (
                width if key == "width" and value == CONTAINER else _fixed_width(value, width)
            )
    elif isinstance(node, list):
        for index, value in enumerate(node):
            node[index] = _fixed_width(value, width)
    return node


def _labels(spec: Spec) -> list[str]:
    return [spec.tag(tag).label for tag in ADVICE_KEYS]
