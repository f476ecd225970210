"""The analysis report tells the review meeting everything the team lead's page does, from the
same engine functions, in a page that prints and opens offline."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime

import pandas as pd
import pytest

from framework.analysis.cost import recurrence_costs
from framework.analysis.document import AnalysisDocument, CostSettings, SourceInfo
from framework.analysis.pipeline import analyze_table
from framework.logs.reading import read_log_file
from framework.report import analysis_sections as report_sections
from framework.report.analysis_report import (
    ReportContext,
    analysis_report_html,
    analysis_report_markdown,
    report_filename,
)
from framework.report.blocks import markdown_escape
from framework.spec.model import Spec
from framework.views.lead_tables import share_text
from tests.support.builders import analysis, group
from tests.support.sample_logs import DATA

WHEN = ReportContext(generated=datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
SECTIONS = [
    "At a glance",
    "Cost of recurrence and the fix plan",
    "Handoff map",
    "Groups",
    "Group by group",
    "What each type means for the fix",
]


@pytest.fixture(scope="module")
def sample(spec: Spec) -> tuple[AnalysisDocument, pd.DataFrame]:
    table = read_log_file(DATA / "exceptions_ops.csv")
    _, result = analyze_table(table, spec)
    source = SourceInfo("exceptions_ops.csv", table.rows, table.describe(), "0" * 64)
    return AnalysisDocument(result, "Week 47 review", source), table.frame


@pytest.fixture(scope="module")
def sample_html(sample: tuple[AnalysisDocument, pd.DataFrame]) -> str:
    return analysis_report_html(*sample, WHEN)


def table_rows(text: str, section: str) -> list[list[str]]:
    """The cells of the body rows of the first table under `## section`."""
    part = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in part.splitlines() if line.startswith("| ")][1:]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def headings(text: str, level: int = 2) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", text, flags=re.MULTILINE)


def test_markdown_has_every_section_in_order(sample: tuple[AnalysisDocument, pd.DataFrame]) -> None:
    """Title, then at a glance, cost, handoff map, groups, details and advice, in that order."""
    text = analysis_report_markdown(*sample, WHEN)
    assert text.startswith("# Week 47 review\n")
    assert headings(text) == SECTIONS
    assert "- Log: exceptions_ops.csv — 1,984 rows" in text  # no backslash noise
    assert text.rstrip().endswith(
        "with questions.yaml version 1.0 (" + sample[0].analysis.spec.digest + ")."
    )


def test_html_holds_the_same_sections_and_four_static_charts(sample_html: str) -> None:
    """The HTML page has the same sections plus three charts and the handoff map as images."""
    assert re.findall(r"<h2>(.+?)</h2>", sample_html) == SECTIONS
    assert sample_html.count('<img src="data:image/svg+xml;base64,') == 4
    assert "<title>Week 47 review</title>" in sample_html


def test_tallies_match_the_analysis(sample: tuple[AnalysisDocument, pd.DataFrame]) -> None:
    """The at-a-glance table gives each type's groups and exceptions as the summary counts them."""
    document, frame = sample
    text = analysis_report_markdown(document, frame, WHEN)
    spec, summary = document.analysis.spec, document.analysis.summary
    rows = {cells[0]: cells[1:] for cells in table_rows(text, "At a glance")}
    for tag in summary.by_groups:
        assert rows[spec.tag(tag).label] == [
            f"{summary.by_groups[tag]:,}",
            share_text(summary.share_of_groups(tag)),
            f"{summary.by_volume[tag]:,}",
            share_text(summary.share_of_volume(tag)),
        ]
    assert f"{summary.exceptions:,} exceptions in {summary.groups:,} groups." in text


def test_every_group_is_in_the_table_and_detailed(
    sample: tuple[AnalysisDocument, pd.DataFrame],
) -> None:
    """The group table lists every group; each gets a detail section with its five answers."""
    document, frame = sample
    text = analysis_report_markdown(document, frame, WHEN)
    names = [g.group for g in document.analysis.groups]  # codes read as they are
    assert headings(text, 3)[: len(names)] == names
    assert [row[0] for row in table_rows(text, "Groups")] == names


def test_fix_plan_puts_integration_before_process_and_lists_undetermined(
    spec: Spec, sample: tuple[AnalysisDocument, pd.DataFrame]
) -> None:
    """A both-present group's integration fix ranks right before its process fix; undetermined
    groups are named to investigate first, as the cost engine plans them."""
    document, frame = sample
    text = analysis_report_markdown(document, frame, WHEN)
    plan = recurrence_costs(document.analysis, document.cost)
    section = text.split("## Cost of recurrence", 1)[1].split("## Handoff map", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == min(len(plan.fix_plan), report_sections.PLAN_LIMIT)
    both = next(row.group for row in plan.rows if row.tag == "both")
    steps = [row for row in rows if f"| {both} |" in row]
    assert [
        spec.advice["integration"].title in steps[0],
        spec.advice["process"].title in steps[1],
    ] == [True, True]
    for row in plan.investigate_first:
        assert row.group in section


def test_minutes_per_fix_scale_the_total(spec: Spec) -> None:
    """Doubling the minutes per fix doubles the weekly hours the report states."""
    days = [(f"2026-03-{day:02d}", 10) for day in range(1, 15)]
    result = analysis(spec, group(spec, "A", 140, "integration", daily=days))
    totals = []
    for minutes in (15, 30):
        document = AnalysisDocument(result, "Cost", cost=CostSettings(minutes))
        text = analysis_report_markdown(document, context=WHEN)
        totals.append(float(re.search(r"\*\*Total\.\*\* ([\d.]+) hours", text).group(1)))  # type: ignore[union-attr]
    assert totals == [17.5, 35.0]


def test_overrides_are_marked_with_what_the_log_says(spec: Spec) -> None:
    """An answer set by hand shows ✎ and the inferred value beside it."""
    result = analysis(
        spec, group(spec, "A", 30, "integration", overrides={"payload_consistent": "no"})
    )
    text = analysis_report_markdown(AnalysisDocument(result), context=WHEN)
    assert "| 1. Payload pattern | No ✎ (the log says Yes) |" in text


@pytest.mark.parametrize(
    "name",
    ["![x](http://evil.example/p.png)", "<img src=x onerror=alert(1)>", "[a](javascript:x)"],
)
def test_log_content_never_becomes_markup(spec: Spec, name: str) -> None:
    """A group name that looks like markup is escaped in both formats, wherever it appears."""
    result = analysis(spec, group(spec, name, 30, "process", boundary="Shop → ERP"))
    document = AnalysisDocument(result, name)
    page = analysis_report_html(document, context=WHEN)
    assert "<img src=x" not in page
    assert page.count(html.escape(name, quote=False)) >= 5  # title, heading, plan, map, tables
    text = analysis_report_markdown(document, context=WHEN)
    assert name not in text
    assert text.count(markdown_escape(name)) >= 5


def test_handoff_map_without_the_rows_says_it_is_approximate(
    spec: Spec, sample: tuple[AnalysisDocument, pd.DataFrame]
) -> None:
    """An analysis counts its boundaries row by row as it reads the log; one saved without
    them (read back from JSON) counts each group on its main boundary, and the report says so.
    Given the rows again, the saved one is exact too."""
    document, frame = sample
    saved = AnalysisDocument.from_dict(document.to_dict(), spec)
    exact = analysis_report_markdown(document, None, WHEN)
    approximate = analysis_report_markdown(saved, None, WHEN)
    note = "Counted from each group's main boundary"
    assert note not in exact and note in approximate
    assert "| WMS → Shopify |" in exact
    assert analysis_report_markdown(saved, frame, WHEN) == exact


def test_log_without_systems_has_no_map(spec: Spec) -> None:
    """No source or target systems: the map section says so, and no chart is drawn for it."""
    result = analysis(spec, group(spec, "A", 10, "integration"))
    page = analysis_report_html(AnalysisDocument(result), context=WHEN)
    assert "No source and target systems in this log." in page
    assert page.count("<img ") == 3


def test_details_stop_at_the_limit(spec: Spec) -> None:
    """Only the most frequent groups are detailed; the report says how many there are."""
    many = [group(spec, f"G{n:03d}", 100 - n, "process") for n in range(40)]
    text = analysis_report_markdown(AnalysisDocument(analysis(spec, *many)), context=WHEN)
    assert len(headings(text, 3)) == report_sections.DETAIL_LIMIT + 1  # + the one advice kind
    assert f"The {report_sections.DETAIL_LIMIT} most recurring of 40 groups." in text


def test_saved_context_and_spec_notice_are_in_the_header(
    sample: tuple[AnalysisDocument, pd.DataFrame],
) -> None:
    """A saved analysis names its revision and link; a changed spec is announced."""
    context = replace(
        WHEN,
        saved="abc, revision 2 of 3",
        link="https://triage.example/analyze?analysis=abc",
        notice="Saved with questions.yaml 0.9.",
    )
    text = analysis_report_markdown(*sample, context)
    assert "- Saved analysis abc, revision 2 of 3" in text
    assert "**Rules changed.** Saved with questions.yaml 0.9." in text


def test_saved_document_reports_the_same(
    spec: Spec, sample: tuple[AnalysisDocument, pd.DataFrame]
) -> None:
    """A document saved and read back gives the very same report."""
    document, frame = sample
    again = AnalysisDocument.from_dict(document.to_dict(), spec)
    assert analysis_report_markdown(again, frame, WHEN) == analysis_report_markdown(
        document, frame, WHEN
    )


@pytest.mark.parametrize(
    ("title", "suffix", "name"),
    [
        ("Week 47 review", ".html", "week-47-review-report.html"),
        ("", ".md", "exception-analysis-report.md"),
    ],
)
def test_report_filename(title: str, suffix: str, name: str) -> None:
    """The file name comes from the title, with a fallback."""
    assert report_filename(title, suffix) == name


def test_days_active_stay_whole_numbers_when_a_group_has_none(spec: Spec) -> None:
    """A group without dates shows a dash; the others keep whole day counts (not 2.0)."""
    dated = group(spec, "A", 1200, daily=[("2026-03-01", 600), ("2026-03-02", 600)])
    result = analysis(spec, dated, group(spec, "B", 5, "process"))
    rows = {
        row[0]: row
        for row in table_rows(
            analysis_report_markdown(AnalysisDocument(result), context=WHEN), "Groups"
        )
    }
    assert rows["A"][3:5] == ["1,200", "2"]
    assert rows["B"][3:5] == ["5", "—"]
