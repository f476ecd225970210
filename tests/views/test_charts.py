"""Charts are built from the analysis' aggregates, in the spec's labels and colours, and render
to static SVG without a browser."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from framework.analysis.results import Analysis
from framework.spec.model import ADVICE_KEYS, Spec
from framework.views.charts import (
    NO_TIMESTAMPS,
    chart_svg,
    timeline_chart,
    top_groups_chart,
    verdict_share_chart,
)
from tests.support.builders import analysis, chart_encodings, chart_values, group

EVIL = "<img src=x onerror=alert(1)>"


def days(first: str, count: int, step: int = 1, per_day: int = 1) -> list[tuple[str, int]]:
    """`count` (ISO day, occurrences) pairs from `first`, `step` days apart."""
    start = date.fromisoformat(first)
    return [((start + timedelta(days=i * step)).isoformat(), per_day) for i in range(count)]


@pytest.fixture(scope="module")
def mixed(spec: Spec) -> Analysis:
    """Four groups, one per tag: 60 integration, 30 process, 8 both, 2 undetermined."""
    return analysis(
        spec,
        group(
            spec, "SKU_REJECTED", 60, "integration", daily=[("2024-03-04", 40), ("2024-03-05", 20)]
        ),
        group(spec, "RETURN_HOLD", 30, "process", daily=[("2024-03-04", 30)]),
        group(spec, EVIL, 8, "both", daily=[("2024-03-05", 8)]),
        group(spec, "ODD_ONE", 2, "undetermined", daily=[("2024-03-06", 2)]),
    )


@pytest.mark.parametrize(
    ("measure", "tag", "count", "share"),
    [
        ("By exceptions", "integration", 60, 0.6),
        ("By exceptions", "process", 30, 0.3),
        ("By exceptions", "both", 8, 0.08),
        ("By exceptions", "undetermined", 2, 0.02),
        ("By groups", "integration", 1, 0.25),
        ("By groups", "undetermined", 1, 0.25),
    ],
)
def test_verdict_share_counts_and_shares(
    mixed: Analysis, measure: str, tag: str, count: int, share: float
) -> None:
    """Each tag's count and share, by exceptions and by groups, are in the chart's data."""
    rows = chart_values(verdict_share_chart(mixed))["bar"]
    row = next(r for r in rows if r["measure"] == measure and r["tag"] == tag)
    assert (row["count"], row["share"]) == (count, pytest.approx(share))


@pytest.mark.parametrize(
    "make", [verdict_share_chart, top_groups_chart, timeline_chart], ids=lambda f: f.__name__
)
def test_colours_and_labels_come_from_the_spec(spec: Spec, mixed: Analysis, make: object) -> None:
    """Every chart colours tags by the spec's labels and colours, in the spec's tag order."""
    chart = make(mixed)  # type: ignore[operator]
    scale = chart_encodings(chart)["bar"]["color"]["scale"]
    assert scale["domain"] == [spec.tag(tag).label for tag in ADVICE_KEYS]
    assert scale["range"] == [spec.tag(tag).color for tag in ADVICE_KEYS]


def test_verdict_share_tooltips_give_count_and_percentage(mixed: Analysis) -> None:
    """Hovering a bar shows the type, the count and the share as a percentage."""
    tooltips = chart_encodings(verdict_share_chart(mixed))["bar"]["tooltip"]
    assert {t["field"]: t.get("format") for t in tooltips} == {
        "measure": None,
        "tag_label": None,
        "count": ",",
        "share": ".1%",
    }


@pytest.mark.parametrize(("limit", "shown"), [(15, 4), (2, 2), (0, 0)])
def test_top_groups_are_the_most_recurring(mixed: Analysis, limit: int, shown: int) -> None:
    """The top-groups chart holds at most `limit` groups, most exceptions first, with their tag."""
    rows = chart_values(top_groups_chart(mixed, limit=limit))["bar"]
    expected = [("SKU_REJECTED", 60, "integration"), ("RETURN_HOLD", 30, "process")]
    expected += [(EVIL, 8, "both"), ("ODD_ONE", 2, "undetermined")]
    assert [(r["group"], r["exceptions"], r["tag"]) for r in rows] == expected[:shown]


def test_daily_timeline_stacks_tags_per_day(mixed: Analysis) -> None:
    """A short log is charted per day, each day's tags stacked in spec order."""
    chart = timeline_chart(mixed)
    rows = chart_values(chart)["bar"]
    march_4 = [
        (r["tag"], r["bottom"], r["top"]) for r in rows if r["start"].startswith("2024-03-04")
    ]
    assert march_4 == [("integration", 0, 40), ("process", 40, 70)]
    assert chart.to_dict()["title"] == "Occurrences per day by type"


@pytest.mark.parametrize(
    ("daily", "period", "periods"),
    [
        (days("2024-01-01", 92), "day", 92),
        (days("2024-01-01", 93), "week", 14),
        (days("2024-01-03", 20, step=7, per_day=3), "week", 20),
    ],
)
def test_long_logs_are_charted_per_week(
    spec: Spec, daily: list[tuple[str, int]], period: str, periods: int
) -> None:
    """Past 92 days the timeline bins by week (from Monday) and keeps every occurrence."""
    chart = timeline_chart(analysis(spec, group(spec, "G", sum(n for _, n in daily), daily=daily)))
    rows = chart_values(chart)["bar"]
    assert chart.to_dict()["title"] == f"Occurrences per {period} by type"
    assert len(rows) == periods
    assert sum(r["exceptions"] for r in rows) == sum(n for _, n in daily)
    if period == "week":
        assert all(date.fromisoformat(r["start"][:10]).weekday() == 0 for r in rows)


def test_timeline_without_timestamps_says_so(spec: Spec) -> None:
    """A log with no timestamps gets a one-line message chart, not an empty plot."""
    chart = timeline_chart(analysis(spec, group(spec, "G", 5)))
    assert chart_values(chart)["text"] == [{"text": NO_TIMESTAMPS}]


@pytest.mark.parametrize(
    "make", [verdict_share_chart, top_groups_chart, timeline_chart], ids=lambda f: f.__name__
)
def test_charts_fill_the_container_on_a_page(mixed: Analysis, make: object) -> None:
    """On a page a chart takes the container's width; a fixed width can be asked for instead."""
    assert make(mixed).to_dict()["width"] == "container"  # type: ignore[operator]
    assert make(mixed, width=480).to_dict()["width"] == 480  # type: ignore[operator]


@pytest.mark.parametrize(
    "make", [verdict_share_chart, top_groups_chart, timeline_chart], ids=lambda f: f.__name__
)
def test_static_svg_renders_at_a_fixed_width(mixed: Analysis, make: object) -> None:
    """chart_svg renders an SVG offline, the container width replaced by the one asked for."""
    svg = chart_svg(make(mixed), width=500)  # type: ignore[operator]
    assert svg.startswith("<svg")
    assert "<rect" in svg or "<path" in svg
    assert 'width="' in svg


def test_static_svg_escapes_log_text(mixed: Analysis) -> None:
    """A group name with markup appears as escaped text in the SVG, never as an element."""
    svg = chart_svg(top_groups_chart(mixed))
    assert "<img" not in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
