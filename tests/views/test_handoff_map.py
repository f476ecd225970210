"""The handoff map: per-boundary volumes (exact from the log, or from dominant boundaries), the
tag colour of each edge, cycles, self-loops, and logs without any boundary."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze
from framework.analysis.results import Analysis
from framework.columns.row_filter import RowFilter, parse_where
from framework.spec.model import Spec
from framework.views.charts import chart_svg
from framework.views.handoff_layout import back_edges, place
from framework.views.handoff_map import NO_HANDOFFS, handoff_chart, handoff_edges, handoff_notes
from tests.support.builders import (
    INTEGRATION_ANSWERS,
    PROCESS_ANSWERS,
    analysis,
    chart_encodings,
    chart_values,
    group,
)
from tests.support.sample_logs import SAMPLES, mapping, read_sample

MAPPING = {"error_code": "code", "source_system": "src", "target_system": "dst"}


@pytest.fixture(scope="module")
def logged(spec: Spec) -> tuple[pd.DataFrame, Analysis]:
    """A log where group A (integration) crosses two boundaries and B (process) one."""
    frame = pd.DataFrame(
        {
            "code": ["A"] * 7 + ["B"] * 3,
            "src": ["Shopify"] * 5 + ["NetSuite"] * 5,
            "dst": ["NetSuite"] * 5 + ["WMS"] * 5,
        },
        dtype="str",
    )
    found = analyze(frame, MAPPING, spec)
    return frame, with_overrides(found, {"A": INTEGRATION_ANSWERS, "B": PROCESS_ANSWERS})


def edge_rows(edges: pd.DataFrame) -> list[tuple[str, int, str, str]]:
    """(boundary, exceptions, tag, group list) per edge."""
    return list(
        zip(edges["boundary"], edges["exceptions"], edges["tag"], edges["group_list"], strict=True)
    )


def test_exact_volumes_count_every_row_on_its_own_boundary(
    logged: tuple[pd.DataFrame, Analysis],
) -> None:
    """With the log, a group's rows count on each boundary they crossed; the majority tag colours it."""
    frame, found = logged
    edges = handoff_edges(found, frame)
    assert edge_rows(edges) == [
        ("NetSuite → WMS", 5, "process", "B (3); A (2)"),
        ("Shopify → NetSuite", 5, "integration", "A (5)"),
    ]
    assert edges["exact"].all()
    assert (edges.loc[0, "integration"], edges.loc[0, "process"]) == (2, 3)


def test_without_the_log_each_group_counts_on_its_dominant_boundary(
    logged: tuple[pd.DataFrame, Analysis],
) -> None:
    """Saved without its rows (read back from JSON), group A's 7 rows all count on
    Shopify → NetSuite; the rows say so."""
    _, found = logged
    edges = handoff_edges(Analysis.from_dict(found.to_dict(), found.spec))
    assert edge_rows(edges) == [
        ("Shopify → NetSuite", 7, "integration", "A (7)"),
        ("NetSuite → WMS", 3, "process", "B (3)"),
    ]
    assert not edges["exact"].any()


@pytest.mark.parametrize("tag", ["integration", "process", "both", "undetermined"])
def test_edge_colour_is_the_spec_colour_of_its_tag(spec: Spec, tag: str) -> None:
    """An edge takes its tag's label and colour from the spec, in the data and the chart scale."""
    found = analysis(spec, group(spec, "G", 9, tag, boundary="Shopify → NetSuite"))
    edges = handoff_edges(found)
    assert (edges.loc[0, "tag_label"], edges.loc[0, "color"]) == (
        spec.tag(tag).label,
        spec.tag(tag).color,
    )
    scale = chart_encodings(handoff_chart(edges))["trail"]["color"]["scale"]
    assert scale == {"domain": [spec.tag(tag).label], "range": [spec.tag(tag).color]}


def test_cycles_are_drawn_both_ways(spec: Spec) -> None:
    """A → B and B → A are two edges; the lighter is left out of the layering, both drawn apart."""
    found = analysis(
        spec,
        group(spec, "OUT", 30, boundary="OMS → WMS"),
        group(spec, "BACK", 10, "process", boundary="WMS → OMS"),
    )
    edges = handoff_edges(found)
    triples = list(zip(edges["source"], edges["target"], edges["exceptions"], strict=True))
    assert back_edges(["OMS", "WMS"], triples) == {("WMS", "OMS")}
    assert place(triples).layers == {"OMS": 0, "WMS": 1}
    points = pd.DataFrame(chart_values(handoff_chart(edges))["trail"])
    middles = points.groupby("edge")["y"].agg(lambda ys: ys.iloc[len(ys) // 2])
    assert len(middles) == 2 and middles.iloc[0] != middles.iloc[1]


@pytest.mark.parametrize(
    ("boundaries", "layers"),
    [
        (["A → B", "B → C"], {"A": 0, "B": 1, "C": 2}),
        (["A → C", "A → B", "B → C"], {"A": 0, "B": 1, "C": 2}),
        (["A → A"], {"A": 0}),
    ],
)
def test_systems_are_layered_left_to_right(
    spec: Spec, boundaries: list[str], layers: dict[str, int]
) -> None:
    """A system sits one layer right of the furthest system handing to it; x grows with layers."""
    found = analysis(
        spec, *(group(spec, f"G{i}", 10 - i, boundary=b) for i, b in enumerate(boundaries))
    )
    edges = handoff_edges(found)
    placed = place(list(zip(edges["source"], edges["target"], edges["exceptions"], strict=True)))
    assert placed.layers == layers
    by_layer = sorted(placed.nodes, key=lambda name: layers[name])
    assert [placed.nodes[name][0] for name in by_layer] == sorted(
        x for x, _ in placed.nodes.values()
    )


def test_one_system_handing_to_itself_gets_a_loop(spec: Spec) -> None:
    """A self-boundary is one edge drawn as a loop above its only system, and renders."""
    found = analysis(spec, group(spec, "SELF", 4, boundary="ERP → ERP"))
    chart = handoff_chart(found)
    values = chart_values(chart)
    assert [row["system"] for row in values["circle"]] == ["ERP"]
    system_y = values["circle"][0]["y"]
    assert min(point["y"] for point in values["trail"]) < system_y
    assert chart_svg(chart).startswith("<svg")


@pytest.mark.parametrize("boundary", [None, "EDI", " → WMS"])
def test_no_two_system_boundary_means_no_map(spec: Spec, boundary: str | None) -> None:
    """Without any boundary naming two systems the edges are empty and the chart says so."""
    found = analysis(spec, group(spec, "G", 5, boundary=boundary))
    assert handoff_edges(found).empty
    chart = handoff_chart(found)
    assert chart_values(chart)["text"] == [{"text": NO_HANDOFFS}]
    assert chart_svg(chart).startswith("<svg")


def test_log_without_system_columns_has_no_map(spec: Spec) -> None:
    """A log with only an error code has no boundaries even when the frame is given."""
    frame = pd.DataFrame({"code": ["A", "A", "B"]}, dtype="str")
    found = analyze(frame, {"error_code": "code"}, spec)
    assert handoff_edges(found, frame).empty


def test_width_follows_volume_and_arrows_point_at_the_target(spec: Spec) -> None:
    """The busier edge is drawn wider; each edge ends in one arrowhead at its receiving side,
    set back from the target's circle along the boundary's direction (turned on screen, so it
    points the right way at any width)."""
    found = analysis(
        spec,
        group(spec, "BIG", 40, boundary="Shopify → NetSuite"),
        group(spec, "SMALL", 10, boundary="Shopify → WMS"),
    )
    values = chart_values(handoff_chart(found))
    widths = pd.DataFrame(values["trail"]).groupby("boundary")["width"].first()
    assert widths["Shopify → NetSuite"] > widths["Shopify → WMS"]
    heads = {row["boundary"]: row for row in values["point"]}
    assert set(heads) == {"Shopify → NetSuite", "Shopify → WMS"}
    nodes = {row["system"]: row for row in values["circle"]}
    for name, target in (("Shopify → NetSuite", "NetSuite"), ("Shopify → WMS", "WMS")):
        assert (heads[name]["x"], heads[name]["y"]) == (nodes[target]["x"], nodes[target]["y"])
        assert heads[name]["back"] > 0
        assert heads[name]["dx"] > 0  # heading right, towards the next layer


def test_minor_boundaries_are_not_drawn_but_counted(spec: Spec) -> None:
    """An edge under 1% of the exceptions is left off the chart and the notes under it say so
    (the chart has no title of its own to be cut on a small screen)."""
    found = analysis(
        spec,
        group(spec, "BIG", 500, boundary="Shopify → NetSuite"),
        group(spec, "TINY", 2, boundary="NetSuite → WMS"),
    )
    assert len(handoff_edges(found)) == 2
    chart = handoff_chart(found)
    assert {row["boundary"] for row in chart_values(chart)["trail"]} == {"Shopify → NetSuite"}
    assert "title" not in chart.to_dict()
    assert handoff_notes(handoff_edges(found)) == [
        "Each group counted on its commonest boundary.",
        "1 minor boundary (under 1% of the exceptions each) not drawn.",
    ]


def test_tooltips_list_the_groups(spec: Spec) -> None:
    """An edge's tooltip names its groups with their counts, the busiest first, capped at six."""
    found = analysis(spec, *(group(spec, f"G{i}", 10 + i, boundary="A → B") for i in range(8)))
    edges = handoff_edges(found)
    assert edges.loc[0, "groups"] == 8
    assert (
        edges.loc[0, "group_list"]
        == "G7 (17); G6 (16); G5 (15); G4 (14); G3 (13); G2 (12); and 2 more"
    )
    tooltip = chart_encodings(handoff_chart(edges))["trail"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["boundary", "exceptions", "tag_label", "group_list"]


@pytest.mark.parametrize("name", SAMPLES)
def test_counts_taken_while_analysing_equal_counting_the_rows_again(spec: Spec, name: str) -> None:
    """The boundaries an analysis counts as it reads the log give the same map as the rows
    counted again afterwards."""
    frame = read_sample(name)
    found = analyze(frame, mapping(name), spec)
    uncounted = dataclasses.replace(found, boundary_counts=None)
    pd.testing.assert_frame_equal(handoff_edges(found), handoff_edges(uncounted, frame))


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("exceptions_ops.csv", ["source_system=NetSuite,WMS"]),  # a row filter
        ("incident_events.csv", []),  # an event log: its cases are the exceptions
    ],
)
def test_filtered_and_event_logs_draw_the_map_a_reopened_analysis_draws(
    spec: Spec, name: str, where: list[str]
) -> None:
    """An analysis of part of its log's rows (a row filter), or of the cases of an event
    log, counts its boundaries row by row when the rows are at hand, as the same analysis
    reopened from a saved link with its log does (it has no counts of its own)."""
    frame = read_sample(name)
    rows = RowFilter(parse_where(where)) if where else None
    found = analyze(frame, mapping(name), spec, rows=rows)
    assert found.rows is not None or found.events is not None
    reopened = dataclasses.replace(found, boundary_counts=None)
    edges = handoff_edges(found, frame)
    assert len(edges) and edges["exact"].all()
    pd.testing.assert_frame_equal(edges, handoff_edges(reopened, frame))


def test_counts_taken_while_analysing_come_before_counting_the_rows(
    logged: tuple[pd.DataFrame, Analysis],
) -> None:
    """An analysis that counted its boundaries as it read the log draws its map from those
    counts, rows at hand or not (counting a million rows again costs a second); the rows
    are counted again for another column mapping, or when the analysis has no counts."""
    frame, found = logged
    moved = frame.assign(dst="Elsewhere")
    assert edge_rows(handoff_edges(found, moved)) == edge_rows(handoff_edges(found, frame))
    for edges in (
        handoff_edges(found, moved, MAPPING),
        handoff_edges(dataclasses.replace(found, boundary_counts=None), moved),
    ):
        assert set(edges["target"]) == {"Elsewhere"}
        assert edges["exact"].all()
