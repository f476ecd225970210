"""The report of a comparison of two periods: did the fix work? HTML to print, or Markdown.

    page = comparison_report_html(comparison, title="After the mapping fixes")
    text = comparison_report_markdown(comparison)

It holds the two periods and the change markers, how many groups read each way and what each
reading means (from questions.yaml), the charts (HTML only), one row per group (rates,
reading, type before and after, the answers that changed), the new and the vanished groups,
and each changed group's answers side by side. Group names, sources and marker labels come
from the logs and the user: they stay plain text.
"""

from __future__ import annotations

from datetime import UTC, datetime

from framework.analysis.comparison import Comparison, GroupComparison
from framework.report.blocks import (
    Block,
    Figure,
    Heading,
    Items,
    Para,
    Rule,
    Safe,
    Section,
    Table,
    Text,
    render_html,
    render_markdown,
)
from framework.views.charts import chart_svg
from framework.views.comparison_charts import change_timeline, volume_chart
from framework.views.comparison_tables import (
    ABSENT,
    COLUMNS,
    comparison_rows,
    period_line,
    rate_unit,
    reading_summary,
    type_text,
)

DEFAULT_TITLE = "Did the fix work?"
DETAIL_LIMIT = 30


def comparison_report_html(comparison: Comparison, title: str = "") -> str:
    """The comparison as one self-contained, printable HTML page with its charts."""
    return render_html(title or DEFAULT_TITLE, comparison_blocks(comparison, title, figures=True))


def comparison_report_markdown(comparison: Comparison, title: str = "") -> str:
    """The same report in Markdown (the charts' figures are in the tables)."""
    return render_markdown(comparison_blocks(comparison, title))


def comparison_blocks(
    comparison: Comparison, title: str = "", *, figures: bool = False
) -> list[Block]:
    """Every section of the comparison report in order."""
    blocks: list[Block] = [
        Heading(title or Safe(DEFAULT_TITLE), 1),
        *_periods(comparison),
        *_readings(comparison),
    ]
    if figures:
        blocks += [
            Figure(
                chart_svg(volume_chart(comparison)),
                f"Exceptions {rate_unit(comparison)} per group, before and after.",
            ),
            Figure(
                chart_svg(change_timeline(comparison)),
                "Both periods over time, with the change markers.",
            ),
        ]
    blocks += [
        *_group_table(comparison),
        *_new_and_vanished(comparison),
        *_details(comparison),
        Rule(),
        Para(Safe(_stamp(comparison)), note=True),
    ]
    return blocks


def _periods(comparison: Comparison) -> list[Block]:
    facts: list[Text] = [
        (Safe("Before: "), period_line(comparison.before)),
        (Safe("After: "), period_line(comparison.after)),
    ]
    facts += [
        (Safe(f"Changed on {marker.day:%d %b %Y}: "), marker.label) for marker in comparison.markers
    ]
    basis = (
        "Volumes are exceptions a week, each period over its own days, so periods of different "
        "lengths compare fairly."
        if comparison.per_week
        else "At least one period has no timestamps: volumes are counts over each period, "
        "which compare fairly only when the periods are equally long."
    )
    return [Items(tuple(facts)), Para(Safe(basis), note=True)]


def _readings(comparison: Comparison) -> list[Block]:
    rows = tuple(
        (Safe(label), Safe(f"{count:,}"), Safe(text))
        for _, label, count, text in reading_summary(comparison)
    )
    return [
        Heading(Safe("What changed, in the framework's terms")),
        Table(
            tuple(map(Safe, ("Reading", "Groups", "What it means"))), rows, numeric=frozenset({1})
        ),
    ]


def _group_table(comparison: Comparison) -> list[Block]:
    unit = rate_unit(comparison)
    rows = tuple(
        (
            row.group,
            Safe(row.reading_label),
            Safe(row.before),
            Safe(row.after),
            Safe(row.change),
            Safe(row.types),
            Safe(row.answers or ABSENT),
            row.related or Safe(ABSENT),
        )
        for row in comparison_rows(comparison)
    )
    columns = tuple(
        Safe(f"{name} ({unit})" if name in ("Before", "After") else name) for name in COLUMNS
    )
    return [
        Heading(Safe("Group by group")),
        Para(Safe("Most recurring before the change first, then the new groups."), note=True),
        Table(columns, rows, numeric=frozenset({2, 3, 4})),
    ]


def _new_and_vanished(comparison: Comparison) -> list[Block]:
    blocks: list[Block] = []
    for heading, rows in (
        ("New groups", comparison.new_groups),
        ("Vanished groups", comparison.vanished_groups),
    ):
        blocks.append(Heading(Safe(heading), 3))
        if not rows:
            blocks.append(Para(Safe("None.")))
            continue
        blocks.append(Items(tuple(_listed(comparison, row) for row in rows)))
    return blocks


def _listed(comparison: Comparison, row: GroupComparison) -> Text:
    label = comparison.spec.follow_up.readings[row.reading].label
    if not row.related:
        return (row.group, Safe(f" ({label.lower()})"))
    where = "downstream of " if row.before is None else "with a new group downstream: "
    return (row.group, Safe(f" ({label.lower()}, {where}"), ", ".join(row.related), Safe(")"))


def _details(comparison: Comparison) -> list[Block]:
    shown = [row for row in comparison.groups if row.changed_answers or row.tag_changed]
    if not shown:
        return []
    blocks: list[Block] = [Heading(Safe("Answers before and after"))]
    if len(shown) > DETAIL_LIMIT:
        blocks.append(Para(Safe(f"The first {DETAIL_LIMIT} of {len(shown):,} groups."), note=True))
    return blocks + [_detail(comparison, row) for row in shown[:DETAIL_LIMIT]]


def _detail(comparison: Comparison, row: GroupComparison) -> Section:
    spec = comparison.spec
    reading = spec.follow_up.readings[row.reading]
    rows = []
    for change in row.answers:
        question = spec.question(change.question)
        before = question.answer(change.before).label if change.before else ABSENT
        after = question.answer(change.after).label if change.after else ABSENT
        mark = " ✱" if change.changed else ""
        rows.append(
            (
                Safe(f"{spec.number(change.question)}. {question.title}"),
                Safe(before),
                Safe(after + mark),
            )
        )
    verdicts = [type_text(spec, side) for side in (row.before, row.after)]
    return Section(
        (
            Heading(row.group, 3),
            Para(Safe(reading.text), lead=Safe(f"{reading.label}.")),
            Para(Safe(f"{verdicts[0]} → {verdicts[1]}"), lead=Safe("Type:")),
            Table(tuple(map(Safe, ("Question", "Before", "After"))), tuple(rows)),
        )
    )


def _stamp(comparison: Comparison) -> str:
    spec = comparison.spec
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Made by Exception Triage on {made}, with questions.yaml version {spec.version} "
        f"({spec.digest}). ✱ marks an answer that changed."
    )
