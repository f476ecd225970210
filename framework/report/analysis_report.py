"""The report of an analysed log, to hand round a review meeting: HTML to print, or Markdown.

    page = analysis_report_html(document, frame=log_rows, context=ReportContext(link=url))
    text = analysis_report_markdown(document)

It holds the summary by type, the cost of recurrence and the fix plan, the action items
(with who set answers by hand and why), the new, escalating and quiet groups, the charts and
the handoff map (static SVG, HTML only), the group table, each group's answers with their
evidence and what would flip its verdict, and the advice for each type found. `frame` (the
log's rows, optional) makes the handoff map count boundaries row by row. Every number comes
from the same engine functions the team lead's page uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from framework.analysis.cost import recurrence_costs
from framework.analysis.document import AnalysisDocument
from framework.columns.group_by import group_by_label
from framework.report import analysis_sections as sections
from framework.report import follow_up_sections as follow_up
from framework.report.blocks import (
    Block,
    Heading,
    Items,
    Para,
    Rule,
    Safe,
    render_html,
    render_markdown,
)
from framework.spec.model import Spec
from framework.views.lead_tables import file_stem

DEFAULT_TITLE = "Exception analysis"


@dataclass(frozen=True)
class ReportContext:
    """Where the analysis came from, for the report's header: a saved revision, its link, a
    notice that the rules changed since it was saved, and when the report was made."""

    saved: str | None = None
    link: str | None = None
    notice: str | None = None
    generated: datetime | None = None


def analysis_report_html(
    document: AnalysisDocument,
    frame: pd.DataFrame | None = None,
    context: ReportContext | None = None,
) -> str:
    """The whole report as one self-contained, printable HTML page with its charts."""
    blocks = analysis_blocks(document, frame, context or ReportContext(), figures=True)
    return render_html(document.title or DEFAULT_TITLE, blocks)


def analysis_report_markdown(
    document: AnalysisDocument,
    frame: pd.DataFrame | None = None,
    context: ReportContext | None = None,
) -> str:
    """The same report in Markdown (the charts' figures are in the tables)."""
    return render_markdown(analysis_blocks(document, frame, context or ReportContext()))


def saved_line(
    analysis_id: str, revision: int, latest: int, created_at: datetime, author: str | None
) -> str:
    """How a report names a saved revision: 'ID, revision 2 of 3, saved … UTC by Amira'."""
    by = f" by {author}" if author else ""
    return (
        f"{analysis_id}, revision {revision} of {latest}, saved {created_at:%Y-%m-%d %H:%M} UTC{by}"
    )


def report_filename(title: str, suffix: str = ".html") -> str:
    return f"{file_stem(title)}-report{suffix}"


def analysis_blocks(
    document: AnalysisDocument,
    frame: pd.DataFrame | None,
    context: ReportContext,
    *,
    figures: bool = False,
) -> list[Block]:
    """Every section of the report in order; charts are rendered only when `figures`."""
    analysis = document.analysis
    costs = recurrence_costs(analysis, document.cost)
    return [
        Heading(document.title or Safe(DEFAULT_TITLE), 1),
        *_header(document, context),
        *sections.at_a_glance(analysis, figures),
        *sections.cost_section(analysis.spec, costs),
        *follow_up.action_section(document),
        *follow_up.trend_section(analysis),
        *sections.handoff_section(analysis, frame, figures),
        *sections.group_section(analysis),
        *sections.group_details(analysis),
        *sections.advice_section(analysis),
        Rule(),
        Para(Safe(_stamp(analysis.spec, context)), note=True),
    ]


def _header(document: AnalysisDocument, context: ReportContext) -> list[Block]:
    analysis, source = document.analysis, document.source
    facts: list[str | tuple[str, ...]] = []
    if source is not None:
        facts.append((Safe("Log: "), source.filename, Safe(" — "), source.description))
    grouped = group_by_label(analysis.spec, analysis.group_by).lower()
    facts.append((Safe("Grouped by "), grouped, Safe(".")))
    if context.saved:
        facts.append((Safe("Saved analysis "), context.saved))
    if context.link:
        facts.append((Safe("Link: "), context.link))
    blocks: list[Block] = [Items(tuple(facts))]
    if context.notice:
        blocks.append(Para(context.notice, lead=Safe("Rules changed.")))
    return blocks


def _stamp(spec: Spec, context: ReportContext) -> str:
    made = (context.generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Made by Exception Triage on {made}, with questions.yaml version {spec.version} "
        f"({spec.digest})."
    )
