"""The analysis report's follow-up sections: the action items with the reasons for answers
set by hand, and the groups that are new, escalating or quiet.

Each returns no block at all when there is nothing to say (no item, no override, no trend),
so a report of a fresh analysis stays as it was. Owners, notes, reasons and group names are
people's or the log's words: plain text, never markup.
"""

from __future__ import annotations

from datetime import date

from framework.analysis.document import AnalysisDocument
from framework.analysis.results import Analysis
from framework.analysis.trends import group_trends
from framework.report.blocks import Block, Heading, Para, Safe, Table

ITEM_COLUMNS = ("Group", "Type", "Status", "Owner", "Due", "Note")
REASON_COLUMNS = ("Group", "Question", "Answer set", "The log says", "Who", "Why")
NOBODY = "—"


def action_section(document: AnalysisDocument) -> list[Block]:
    """Every group with an item, then every answer set by hand with who said so and why."""
    analysis = document.analysis
    spec = analysis.spec
    actions = document.actions.kept_for(analysis)
    items = tuple(
        (
            group.group,
            Safe(spec.tag(group.tag).label),
            Safe(actions.item(group.group).status_label),
            actions.item(group.group).owner or Safe(NOBODY),
            Safe(_due(actions.item(group.group).due)),
            actions.item(group.group).note or Safe(NOBODY),
        )
        for group in analysis.groups
        if group.group in actions.items
    )
    reasons = tuple(
        (
            group.group,
            Safe(f"{spec.number(qid)}. {spec.question(qid).title}"),
            Safe(spec.question(qid).answer(value).label),
            Safe(spec.question(qid).answer(group.inferred[qid].value).label),
            actions.reason(group.group, qid).by or Safe(NOBODY),
            actions.reason(group.group, qid).why or Safe(NOBODY),
        )
        for group in analysis.groups
        for qid, value in group.overrides.items()
    )
    if not items and not reasons:
        return []
    blocks: list[Block] = [Heading(Safe("Action items"))]
    if items:
        open_count = len(analysis.groups) - len(items)
        blocks.append(Table(tuple(map(Safe, ITEM_COLUMNS)), items))
        if open_count:
            verb = "groups are" if open_count > 1 else "group is"
            note = f"{open_count:,} other {verb} open, with nobody named."
            blocks.append(Para(Safe(note), note=True))
    if reasons:
        blocks += [
            Heading(Safe("Answers set by hand, and why"), 3),
            Table(tuple(map(Safe, REASON_COLUMNS)), reasons),
        ]
    return blocks


def trend_section(analysis: Analysis) -> list[Block]:
    """The marked groups with their weekly rates, and each mark's rule."""
    report = group_trends(analysis)
    if not report.marks or report.recent is None or report.baseline is None:
        return []
    marks = analysis.spec.follow_up.trend_marks
    rows = tuple(
        (
            trend.group,
            Safe(marks[trend.mark].label),
            Safe(f"{trend.recent_per_week:,.1f}"),
            Safe(f"{trend.baseline_per_week:,.1f}"),
        )
        for trend in report.marks
    )
    recent, baseline = report.recent, report.baseline
    window = (
        f"The last {recent.days} days ({recent.first_day:%d %b} – {recent.last_day:%d %b %Y}) "
        f"against the {baseline.days} days before ({baseline.first_day:%d %b} – "
        f"{baseline.last_day:%d %b %Y}), per week."
    )
    columns = ("Group", "Trend", "A week lately", "A week before")
    blocks: list[Block] = [
        Heading(Safe("New, escalating and quiet groups")),
        Para(Safe(window), note=True),
        Table(tuple(map(Safe, columns)), rows, numeric=frozenset({2, 3})),
    ]
    used = dict.fromkeys(trend.mark for trend in report.marks)
    blocks += [Para(Safe(marks[mark].text), lead=Safe(f"{marks[mark].label}:")) for mark in used]
    return blocks


def _due(day: date | None) -> str:
    return day.isoformat() if day is not None else NOBODY
