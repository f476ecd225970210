"""The sections of an analysis report, as `framework.report_doc` blocks.

Each function returns the blocks of one section: at a glance (shares by type and, with
`figures`, the charts), the cost of recurrence and fix plan, the handoff map, the group
table, each group's detail (answers, evidence, measure, what would flip it), and the advice
for each type found. Log content (group names, boundaries, evidence) stays plain text;
everything else is `Safe`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from framework.analysis.cost import CostReport
from framework.analysis.flips import flip_report
from framework.analysis.results import Analysis, GroupResult
from framework.report.blocks import Block, Figure, Heading, Items, Para, Safe, Section, Table
from framework.spec.model import ADVICE_KEYS, Spec
from framework.views.charts import chart_svg, timeline_chart, top_groups_chart, verdict_share_chart
from framework.views.handoff_map import handoff_chart, handoff_edges, handoff_notes
from framework.views.lead_tables import (
    DAYS,
    EXCEPTIONS,
    FIX_PLAN_COLUMNS,
    GROUP,
    answer_views,
    fix_plan_rows,
    group_table,
    share_text,
    warning_lines,
)
from framework.views.verdict_reading import verdict_reading

DETAIL_LIMIT = 30
"""Groups detailed one by one (the most frequent); the group table lists them all."""
PLAN_LIMIT = 25
EDGE_LIMIT = 20


def at_a_glance(analysis: Analysis, figures: bool) -> list[Block]:
    spec, summary = analysis.spec, analysis.summary
    rows = tuple(
        (
            Safe(spec.tag(tag).label),
            Safe(f"{summary.by_groups[tag]:,}"),
            Safe(share_text(summary.share_of_groups(tag))),
            Safe(f"{summary.by_volume[tag]:,}"),
            Safe(share_text(summary.share_of_volume(tag))),
        )
        for tag in ADVICE_KEYS
    )
    columns = ("Type", "Groups", "Share of groups", "Exceptions", "Share of exceptions")
    blocks: list[Block] = [
        Heading(Safe("At a glance")),
        Para(Safe(f"{summary.exceptions:,} exceptions in {summary.groups:,} groups.")),
        Table(tuple(map(Safe, columns)), rows, numeric=frozenset({1, 2, 3, 4})),
    ]
    if figures:
        blocks += [
            _figure(verdict_share_chart(analysis), "Share of each type, by exceptions and groups."),
            _figure(top_groups_chart(analysis), "The most recurring groups, coloured by type."),
            _figure(timeline_chart(analysis), "Occurrences over time, by type."),
        ]
    return blocks


def cost_section(spec: Spec, costs: CostReport) -> list[Block]:
    settings, window = costs.settings, costs.window
    own = len(settings.per_group)
    basis = f"Each manual fix counts {settings.minutes_per_fix:g} minutes"
    basis += f" ({own} group{'s' if own != 1 else ''} with a figure of their own)." if own else "."
    if window is not None and costs.total_hours_per_week is not None:
        total = (
            f"{costs.total_hours_per_week:,.1f} hours of manual fixing a week, over the "
            f"{window.days:,} days from {window.first_day} to {window.last_day}."
        )
    else:
        total = f"{costs.total_hours_in_log:,.1f} hours of manual fixing over the whole log."
    plan = fix_plan_rows(spec, costs)
    rows = tuple(
        (
            Safe(str(row.rank)),
            row.group,
            Safe(row.fix),
            Safe(row.what_to_do),
            Safe(row.hours_text),
            Safe(row.why),
        )
        for row in plan[:PLAN_LIMIT]
    )
    columns = FIX_PLAN_COLUMNS
    blocks: list[Block] = [
        Heading(Safe("Cost of recurrence and the fix plan")),
        Para(Safe(total), lead=Safe("Total.")),
        Para(Safe(basis), note=True),
        Table(tuple(map(Safe, columns)), rows, numeric=frozenset({0, 4})),
    ]
    if len(plan) > PLAN_LIMIT:
        more = len(plan) - PLAN_LIMIT
        note = f"{more:,} more steps follow, each saving {plan[PLAN_LIMIT].hours_text} or less."
        blocks.append(Para(Safe(note), note=True))
    if costs.investigate_first:
        blocks.append(
            Para(
                ", ".join(row.group for row in costs.investigate_first),
                lead=Safe("Investigate first (the log does not settle their type):"),
            )
        )
    return blocks


def handoff_section(analysis: Analysis, frame: pd.DataFrame | None, figures: bool) -> list[Block]:
    edges = handoff_edges(analysis, frame)
    blocks: list[Block] = [Heading(Safe("Handoff map"))]
    if edges.empty:
        return [*blocks, Para(Safe("No source and target systems in this log."))]
    if figures:
        text = " ".join(["Systems and the exceptions between them.", *handoff_notes(edges)])
        blocks.append(_figure(handoff_chart(edges), text))
    rows = tuple(
        (
            str(edge["boundary"]),
            Safe(f"{edge['exceptions']:,}"),
            Safe(str(edge["tag_label"])),
            str(edge["group_list"]),
        )
        for edge in edges.head(EDGE_LIMIT).to_dict(orient="records")
    )
    columns = ("Boundary", EXCEPTIONS, "Mostly", "Groups")
    blocks.append(Table(tuple(map(Safe, columns)), rows, numeric=frozenset({1})))
    if not bool(edges["exact"].all()):
        note = "Counted from each group's main boundary: the log's rows were not at hand."
        blocks.append(Para(Safe(note), note=True))
    return blocks


def group_section(analysis: Analysis) -> list[Block]:
    table = group_table(analysis)
    rows = tuple(
        tuple(_cell(str(column), value) for column, value in row.items())
        for row in table.to_dict(orient="records")
    )
    numeric = frozenset(i for i, name in enumerate(table.columns) if name in (EXCEPTIONS, DAYS))
    return [
        Heading(Safe("Groups")),
        Para(Safe("Most recurring first. ✎ marks an answer set by hand."), note=True),
        Table(tuple(map(Safe, table.columns)), rows, numeric=numeric),
    ]


def _cell(column: str, value: object) -> str:
    if column == GROUP:
        return str(value)
    if isinstance(value, bool):
        return Safe("yes" if value else "no")
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return Safe("—")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a column with a missing value is float in pandas
    return Safe(f"{value:,}" if isinstance(value, int) else str(value))


def group_details(analysis: Analysis) -> list[Block]:
    groups = analysis.groups[:DETAIL_LIMIT]
    blocks: list[Block] = [Heading(Safe("Group by group"))]
    if len(analysis.groups) > DETAIL_LIMIT:
        note = f"The {DETAIL_LIMIT} most recurring of {len(analysis.groups):,} groups."
        blocks.append(Para(Safe(note), note=True))
    return blocks + [
        _group_detail(analysis.spec, group, _warnings(analysis, group)) for group in groups
    ]


def _warnings(analysis: Analysis, group: GroupResult) -> list[Block]:
    """The group's warnings, worded (plain text: they quote the log's column names)."""
    said = tuple(warning_lines(analysis, group))
    if not said:
        return []
    lead = Para(Safe("this verdict rests on a guess or on little data."), lead=Safe("Warning:"))
    return [lead, Items(said)]


def _group_detail(spec: Spec, group: GroupResult, warned: list[Block]) -> Section:
    diagnosis = group.diagnosis
    reading = verdict_reading(spec, diagnosis)
    headline = f"{reading.headline}. {group.exceptions:,} exceptions"
    if group.days_active is not None:
        headline += f" on {group.days_active:,} days"
    headline += f". Tally: {reading.tally_text}"
    path = " → ".join(spec.question(qid).title for qid in diagnosis.path)
    rows = []
    for view in answer_views(spec, group):
        answer = view.label + (
            f" ✎ (the log says {view.inferred_label})" if view.overridden else ""
        )
        notes = " ".join(part for part in (view.measure, view.unsure_reason) if part)
        rows.append((Safe(f"{view.number}. {view.title}"), Safe(answer), view.evidence, notes))
    flip = flip_report(spec, group)
    return Section(
        (
            Heading(group.group, 3),
            Para(Safe(f"{headline}. Flowchart path: {path}."), lead=Safe("Verdict:")),
            *warned,
            Table(tuple(map(Safe, ("Question", "Answer", "Evidence", "Measure"))), tuple(rows)),
            Para(Safe(flip.summary), lead=Safe("What would flip it:")),
            Para(Safe(diagnosis.advice.title), lead=Safe("What to do:")),
        )
    )


def advice_section(analysis: Analysis) -> list[Block]:
    spec, found = analysis.spec, analysis.summary.by_groups
    blocks: list[Block] = [Heading(Safe("What each type means for the fix"))]
    for tag in ADVICE_KEYS:
        if not found.get(tag):
            continue
        advice = spec.advice[tag]
        blocks += [
            Heading(Safe(f"{spec.tag(tag).label}: {advice.title}"), 3),
            Para(Safe(advice.summary)),
            Items(tuple(map(Safe, advice.steps)), numbered=True),
        ]
    return blocks


def _figure(chart: alt.TopLevelMixin, text: str) -> Figure:
    return Figure(chart_svg(chart), text)
