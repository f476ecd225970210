"""The handoff map: the systems of a log, the boundaries between them, and what fails there.

    edges = handoff_edges(analysis)                       # exact when the analysis counted it
    edges = handoff_edges(analysis, frame, mapping)       # exact, counted row by row
    chart = handoff_chart(edges)        # or handoff_chart(analysis); one Altair chart
    notes = handoff_notes(edges)        # what the drawing leaves out or approximates

Two ways to count an edge's exceptions:

* with the log's rows — from `frame` and the column `mapping` (by default the analysis'
  own): every row's "source → target" boundary, so a group that crosses several boundaries
  counts on each one it actually crossed (exact); or, for an analysis of every row of its
  log, one exception per row, the same counts taken when the log was analysed
  (`Analysis.boundary_counts`), without counting the rows again (a second or more at a
  million rows);
* without them (a saved analysis whose log was not kept): each group's whole volume counts on
  its dominant boundary (`GroupResult.boundary`), an approximation that the rows say
  (`exact` is False).

An edge's colour is the tag (integration, process, both, undetermined) of most of its
exceptions; its width follows its exceptions; its tooltip lists its groups.

The drawing fits its container at any width: the layout is computed in pixels
(`handoff_layout.place`) and scaled to the width the page (or a report) gives it; system
names are shortened with an ellipsis when their column gets narrow (the tooltip has them
whole), the legend sits under the drawing, and the chart carries no title of its own (the
page or report heads it, and `handoff_notes` gives the sentences under it). A boundary that
does not name two systems ("EDI" rather than "EDI → WMS") is left out. A system handing to
itself gets a loop; two systems handing to each other get two curves bowing apart.

With no boundary at all (no source, target or boundary column), `handoff_edges` is empty and
`handoff_chart` returns a one-line message chart (`NO_HANDOFFS`) rather than None, so a page
and a report can always show what it returns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

from framework.analysis.results import Analysis
from framework.analysis.rows import row_groups
from framework.columns.boundaries import ARROW, boundary_series
from framework.spec.model import ADVICE_KEYS
from framework.views.charts import CONTAINER, LEGEND, PADDING, Width, message_chart
from framework.views.handoff_layout import (
    LAYER_GAP,
    MARGIN_X,
    NODE_RADIUS,
    Placed,
    edge_points,
    place,
)

NO_HANDOFFS = "No source and target systems in this log, so there is no handoff map."
GROUPS_LISTED = 6
MIN_SHARE = 0.01
EDGE_COLUMNS = [
    "source",
    "target",
    "boundary",
    "exceptions",
    *ADVICE_KEYS,
    "tag",
    "tag_label",
    "color",
    "groups",
    "group_list",
    "exact",
]


def handoff_edges(
    analysis: Analysis,
    frame: pd.DataFrame | None = None,
    mapping: Mapping[str, str | None] | None = None,
) -> pd.DataFrame:
    """One row per boundary (source, target): its exceptions in all and per tag, its tag,
    label and colour, its groups, and whether it was counted exactly. Busiest first."""
    counts = analysis.boundary_counts
    if frame is not None and (counts is None or mapping is not None or not _one_per_row(analysis)):
        counts = _exact_counts(analysis, frame, mapping)
    exact = counts is not None
    if counts is None:
        counts = pd.DataFrame(
            [(g.boundary, index, g.exceptions) for index, g in enumerate(analysis.groups)],
            columns=["boundary", "group", "n"],
        ).dropna()
    if counts.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    sides = counts["boundary"].astype("str").str.partition(ARROW)
    counts = counts.assign(source=sides[0].str.strip(), target=sides[2].str.strip())
    counts = counts[(sides[1] == ARROW) & (counts["source"] != "") & (counts["target"] != "")]
    rows = [_edge(analysis, part, exact) for _, part in counts.groupby(["source", "target"])]
    table = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return table.sort_values(["exceptions", "boundary"], ascending=[False, True], ignore_index=True)


def _one_per_row(analysis: Analysis) -> bool:
    """Whether the analysis counted every row of its log as one exception (no row filter,
    not an event log): then the boundaries it counted as it read the log are what counting
    the rows gives, and a reopened analysis (which counts its rows) draws the same map."""
    return analysis.rows is None and analysis.events is None


def _exact_counts(
    analysis: Analysis, frame: pd.DataFrame, mapping: Mapping[str, str | None] | None
) -> pd.DataFrame | None:
    """Rows per (boundary, group index) counted in the log; None when it has no boundary."""
    boundaries = boundary_series(frame, mapping if mapping is not None else analysis.columns)
    if boundaries is None:
        return None
    rows = pd.DataFrame({"boundary": boundaries.to_numpy(), "group": row_groups(frame, analysis)})
    rows = rows[rows["group"] >= 0].dropna()
    return rows.groupby(["boundary", "group"], as_index=False, observed=True).agg(
        n=("group", "size")
    )


def _edge(analysis: Analysis, part: pd.DataFrame, exact: bool) -> dict[str, object]:
    spec = analysis.spec
    by_group = part.groupby("group")["n"].sum().sort_values(ascending=False, kind="stable")
    pairs = [
        (analysis.groups[int(i)], int(n)) for i, n in zip(by_group.index, by_group, strict=True)
    ]
    volumes = dict.fromkeys(ADVICE_KEYS, 0)
    for group, count in pairs:
        volumes[group.tag] += count
    tag = max(ADVICE_KEYS, key=lambda key: (volumes[key], -ADVICE_KEYS.index(key)))
    names = [f"{group.group} ({count:,})" for group, count in pairs]
    if len(names) > GROUPS_LISTED:
        names = [*names[:GROUPS_LISTED], f"and {len(names) - GROUPS_LISTED} more"]
    source, target = str(part["source"].iloc[0]), str(part["target"].iloc[0])
    return {
        "source": source,
        "target": target,
        "boundary": f"{source}{ARROW}{target}",
        "exceptions": sum(volumes.values()),
        **volumes,
        "tag": tag,
        "tag_label": spec.tag(tag).label,
        "color": spec.tag(tag).color,
        "groups": len(by_group),
        "group_list": "; ".join(names),
        "exact": exact,
    }


def handoff_chart(
    source: Analysis | pd.DataFrame,
    frame: pd.DataFrame | None = None,
    mapping: Mapping[str, str | None] | None = None,
    *,
    min_share: float = MIN_SHARE,
    width: Width = CONTAINER,
) -> alt.LayerChart | alt.Chart:
    """The map as one layered Altair chart as wide as its container: systems as labelled
    circles in layers left to right, boundaries as trails as wide as their volume, an
    arrowhead at the receiving end, and each boundary's exceptions.

    Boundaries carrying less than `min_share` of all exceptions are not drawn
    (`handoff_notes` says how many), unless that would leave none; `handoff_edges` keeps them.
    """
    edges = source if isinstance(source, pd.DataFrame) else handoff_edges(source, frame, mapping)
    if edges.empty:
        chart: alt.Chart = message_chart(NO_HANDOFFS, width=width)
        return chart
    edges = _drawn(edges, min_share)
    placed = place(list(zip(edges["source"], edges["target"], edges["exceptions"], strict=True)))
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, placed.width], nice=False, zero=False))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[placed.height, 0], nice=False, zero=False))
    layers = [*_edge_layers(edges, placed, x, y), *_node_layers(edges, placed, x, y)]
    layered = alt.LayerChart(layer=layers)
    return layered.properties(
        width=width, height=placed.height, view=alt.ViewBackground(stroke=None), padding=PADDING
    )


def handoff_notes(edges: pd.DataFrame, min_share: float = MIN_SHARE) -> list[str]:
    """Sentences for under the map: how it was counted, and what it leaves out."""
    if edges.empty:
        return []
    hidden = len(edges) - len(_drawn(edges, min_share))
    return _subtitle(hidden, min_share, bool(edges["exact"].all()))


def _drawn(edges: pd.DataFrame, min_share: float) -> pd.DataFrame:
    """The boundaries carrying at least `min_share` of the exceptions (all when none does)."""
    major = edges[edges["exceptions"] >= min_share * edges["exceptions"].sum()]
    return major if len(major) else edges


def _edge_layers(edges: pd.DataFrame, placed: Placed, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Trails as wide as their volume, tapering arrowheads at the receiving end, the counts."""
    paths, arrows, labels = _geometry(edges, placed)
    color = _color(edges)
    tooltip = [
        alt.Tooltip("boundary:N", title="Boundary"),
        alt.Tooltip("exceptions:Q", title="Exceptions", format=","),
        alt.Tooltip("tag_label:N", title="Mostly"),
        alt.Tooltip("group_list:N", title="Groups"),
    ]
    trails = (
        alt.Chart(paths)
        .mark_trail(opacity=0.85)
        .encode(x, y, detail="edge:N", order="step:Q", color=color, tooltip=tooltip)
        .encode(size=alt.Size("width:Q", scale=None))
    )
    # The drawing is scaled to its container, the circles are not: an arrowhead is placed and
    # turned on screen, from the target's centre back along the boundary's last stretch.
    sx, sy = f"(width / {placed.width})", f"(height / {placed.height})"
    angle = f"atan2(datum.dy * {sy}, datum.dx * {sx})"
    heads = (
        alt.Chart(arrows)
        .mark_point(
            shape="triangle-right",
            filled=True,
            opacity=1,
            angle=alt.ExprRef(f"{angle} * 180 / PI"),
            xOffset=alt.ExprRef(f"-cos({angle}) * datum.back"),
            yOffset=alt.ExprRef(f"-sin({angle}) * datum.back"),
        )
        .encode(x, y, color=color, tooltip=tooltip)
        .encode(size=alt.Size("size:Q", scale=None))
    )
    counts = (
        alt.Chart(labels)
        .mark_text(fontSize=11, color="#1f2933", dy=-9)
        .encode(x, y, text=alt.Text("exceptions:Q", format=","), tooltip=tooltip)
    )
    return [trails, heads, counts]


def _node_layers(edges: pd.DataFrame, placed: Placed, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """The systems as white circles with their names below, shortened to fit their column."""
    nodes = _nodes(edges, placed)
    tooltip = [
        alt.Tooltip("system:N", title="System"),
        alt.Tooltip("sent:Q", title="Exceptions handing on", format=","),
        alt.Tooltip("received:Q", title="Exceptions received", format=","),
    ]
    circles = (
        alt.Chart(nodes)
        .mark_circle(
            size=(2 * NODE_RADIUS) ** 2, color="white", stroke="#4b5563", strokeWidth=2, opacity=1
        )
        .encode(x, y, tooltip=tooltip)
    )
    # A name may take its column's width: the gap between layers (or twice the margin at the
    # drawing's edges), scaled like the drawing.
    column = min(LAYER_GAP, 2 * MARGIN_X) / placed.width
    names = alt.Chart(nodes).mark_text(
        fontSize=alt.ExprRef("width < 480 ? 10 : 12"),
        fontWeight="bold",
        dy=NODE_RADIUS + 10,
        limit=alt.ExprRef(f"max(36, width * {column:.6f} - 6)"),
    )
    return [circles, names.encode(x, y, text="system:N", tooltip=tooltip)]


def _subtitle(hidden: int, min_share: float, exact: bool) -> list[str]:
    lines = [] if exact else ["Each group counted on its commonest boundary."]
    if hidden:
        noun = "boundary" if hidden == 1 else "boundaries"
        lines.append(
            f"{hidden} minor {noun} (under {min_share:.0%} of the exceptions each) not drawn."
        )
    return lines


def _geometry(
    edges: pd.DataFrame, placed: Placed
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Trail points, arrowheads and count labels for every edge."""
    pairs = set(zip(edges["source"], edges["target"], strict=True))
    largest = max(float(edges["exceptions"].max()), 1.0)
    points, arrows, labels = [], [], []
    for number, edge in enumerate(edges.to_dict("records")):
        source, target = edge["source"], edge["target"]
        span = abs(placed.layers[target] - placed.layers[source])
        backward = placed.layers[target] <= placed.layers[source]
        bend = 0.18 if (target, source) in pairs or backward else 0.08 * max(span - 1, 0)
        path = edge_points(placed, source, target, bend)
        width = 2.0 + 12.0 * edge["exceptions"] / largest
        info = {k: edge[k] for k in ("boundary", "exceptions", "tag_label", "group_list")}
        points += [
            {"edge": number, "step": i, "x": px, "y": py, "width": width, **info}
            for i, (px, py) in enumerate(path)
        ]
        (x0, y0), (x1, y1) = path[-2], path[-1]
        loop = source == target
        anchor = path[-1] if loop else placed.nodes[target]
        size = max(70.0, (width * 2.4) ** 2)
        back = 0.0 if loop else NODE_RADIUS + math.sqrt(size) / 2 + 2
        arrows.append(
            {
                "x": anchor[0],
                "y": anchor[1],
                "dx": x1 - x0,
                "dy": y1 - y0,
                "size": size,
                "back": back,
                **info,
            }
        )
        mid_x, mid_y = path[len(path) // 2]
        labels.append({"x": mid_x, "y": mid_y - width / 2, **info})
    return pd.DataFrame(points), pd.DataFrame(arrows), pd.DataFrame(labels)


def _nodes(edges: pd.DataFrame, placed: Placed) -> pd.DataFrame:
    sent = edges.groupby("source")["exceptions"].sum()
    received = edges.groupby("target")["exceptions"].sum()
    rows = [
        {
            "system": name,
            "x": x,
            "y": y,
            "sent": int(sent.get(name, 0)),
            "received": int(received.get(name, 0)),
        }
        for name, (x, y) in placed.nodes.items()
    ]
    return pd.DataFrame(rows)


def _color(edges: pd.DataFrame) -> alt.Color:
    """Edge colours by tag label, legend in tag order, only the tags the map shows."""
    shown = edges.drop_duplicates("tag").set_index("tag")
    tags = [tag for tag in ADVICE_KEYS if tag in shown.index]
    scale = alt.Scale(
        domain=[str(shown.at[tag, "tag_label"]) for tag in tags],
        range=[str(shown.at[tag, "color"]) for tag in tags],
    )
    return alt.Color("tag_label:N", title="Mostly", scale=scale, legend=LEGEND)
