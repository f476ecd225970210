"""What a comparison of two periods shows, as plain rows (no Streamlit here).

    rows = comparison_rows(comparison)       # one row per group: reading, rates, what changed
    frame = comparison_frame(comparison)     # the same as a DataFrame, for a page or report
    period_line(comparison.before)           # "period_before.csv · 4 Mar – 14 Apr 2024 · …"

Labels come from the spec; group names and boundaries stay plain text for the shell to show
literally.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from framework.analysis.comparison import AnswerChange, Comparison, GroupComparison, Period
from framework.analysis.results import GroupResult
from framework.inference.wording import plural
from framework.spec.model import Spec

GROUP = "Group"
READING = "Reading"
BEFORE = "Before"
AFTER = "After"
CHANGE = "Change"
TYPE = "Type before → after"
ANSWERS = "Answers that changed"
RELATED = "Related groups"
COLUMNS = (GROUP, READING, BEFORE, AFTER, CHANGE, TYPE, ANSWERS, RELATED)
ABSENT = "—"


@dataclass(frozen=True)
class ComparisonRow:
    """One group as the comparison table shows it."""

    group: str
    reading: str
    reading_label: str
    before: str
    after: str
    change: str
    types: str
    answers: str
    related: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.group,
            self.reading_label,
            self.before,
            self.after,
            self.change,
            self.types,
            self.answers,
            self.related,
        )


def comparison_rows(comparison: Comparison) -> list[ComparisonRow]:
    """Every group in the comparison's order (most recurring before first, then new ones)."""
    spec = comparison.spec
    return [
        ComparisonRow(
            group=row.group,
            reading=row.reading,
            reading_label=spec.follow_up.readings[row.reading].label,
            before=_volume(row.before_rate, row.before is not None, comparison.per_week),
            after=_volume(row.after_rate, row.after is not None, comparison.per_week),
            change=change_text(row),
            types=types_text(spec, row),
            answers=answers_text(spec, row.changed_answers),
            related=", ".join(row.related),
        )
        for row in comparison.groups
    ]


def comparison_frame(comparison: Comparison) -> pd.DataFrame:
    """The rows as a DataFrame with the columns in `COLUMNS`."""
    rows = [row.cells() for row in comparison_rows(comparison)]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def rate_unit(comparison: Comparison) -> str:
    """'a week' when the rates are weekly, else 'in the period'."""
    return "a week" if comparison.per_week else "in the period"


def _volume(rate: float, present: bool, per_week: bool) -> str:
    if not present:
        return ABSENT
    return f"{rate:,.1f}" if per_week else f"{rate:,.0f}"


def change_text(row: GroupComparison) -> str:
    """'−75%', '+4%', 'new', 'gone'."""
    if row.before is None:
        return "new"
    if row.after is None:
        return "gone"
    ratio = row.ratio or 0.0
    return f"{ratio - 1:+.0%}".replace("-", "−")


def types_text(spec: Spec, row: GroupComparison) -> str:
    """'Integration → Both (process primary)'; one type when it did not change."""
    before, after = type_text(spec, row.before), type_text(spec, row.after)
    return before if before == after else f"{before} → {after}"


def type_text(spec: Spec, group: GroupResult | None) -> str:
    """'Integration', 'Both (process primary)', or '—' for a group absent from a period."""
    if group is None:
        return ABSENT
    verdict = spec.verdicts[group.verdict].short
    if not group.both_present:
        return verdict
    return f"{spec.both_present.short} ({verdict.lower()} primary)"


def answers_text(spec: Spec, changes: tuple[AnswerChange, ...]) -> str:
    """'2. Who handles it: No → Yes; 5. Root cause: Schema mismatch → Missing rule'."""
    parts = []
    for change in changes:
        question = spec.question(change.question)
        before = question.answer(change.before).label if change.before else ABSENT
        after = question.answer(change.after).label if change.after else ABSENT
        parts.append(f"{spec.number(change.question)}. {question.title}: {before} → {after}")
    return "; ".join(parts)


def period_line(period: Period) -> str:
    """Where a period came from, the days it covers and its size."""
    summary = period.analysis.summary
    parts = [period.source]
    if period.window is not None:
        window = period.window
        span = f"{window.first_day:%d %b %Y} – {window.last_day:%d %b %Y}"
        parts.append(f"{span} ({plural(window.days, 'day')})")
    parts.append(f"{plural(summary.exceptions, 'exception')} in {plural(summary.groups, 'group')}")
    return " · ".join(parts)


def reading_summary(comparison: Comparison) -> list[tuple[str, str, int, str]]:
    """(key, label, groups, text) for each reading that some group has, in spec order."""
    readings = comparison.spec.follow_up.readings
    return [
        (key, readings[key].label, count, readings[key].text)
        for key, count in comparison.counts().items()
        if count
    ]
