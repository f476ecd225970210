"""What the team lead's page shows of an analysis, as plain data (no Streamlit here).

    group_table(analysis)                  # one display row per group, most frequent first
    answer_views(analysis.spec, group)     # each answer: value, evidence, measure, why unsure
    mapping_rows(spec, detected, current)  # each canonical field: its column and why
    fix_plan_rows(spec, costs)             # the fix plan as the page and the report show it

Every label comes from the spec; log content (group names, evidence quoting values) is
returned as plain text for the shell to show without Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from framework.analysis.cost import CostReport
from framework.analysis.results import Analysis, GroupResult
from framework.columns.mapping import FUZZY, HEADER, USER, VALUES, ColumnMapping
from framework.inference.answers import Inferred
from framework.inference.wording import pct, plural, unsure_sentence
from framework.spec.model import Spec

GROUP = "Group"
EXCEPTIONS = "Exceptions"
DAYS = "Days active"
VERDICT = "Verdict"
OVERRIDDEN_MARK = " ✎"
NOT_FOUND = "not found in this log"
METHODS = {HEADER: "Header name", FUZZY: "Similar header", VALUES: "Values", USER: "Your choice"}


def question_column(spec: Spec, question_id: str) -> str:
    """The group table's column for a question: '1. Payload pattern'."""
    return f"{spec.number(question_id)}. {spec.question(question_id).title}"


def both_column(spec: Spec) -> str:
    """The group table's column saying whether both problem types are present."""
    return spec.both_present.label


def group_table(analysis: Analysis) -> pd.DataFrame:
    """One row per group in recurrence order: the verdict, whether both problem types are
    present, the counts and the five answers (those set by hand marked with ✎)."""
    spec = analysis.spec
    records = []
    for group in analysis.groups:
        record: dict[str, object] = {
            GROUP: group.group,
            VERDICT: spec.verdicts[group.verdict].label,
            both_column(spec): group.both_present,
            EXCEPTIONS: group.exceptions,
            DAYS: group.days_active,
        }
        for qid in spec.question_ids:
            record[question_column(spec, qid)] = answer_text(spec, group, qid)
        records.append(record)
    columns = [GROUP, VERDICT, both_column(spec), EXCEPTIONS, DAYS]
    columns += [question_column(spec, qid) for qid in spec.question_ids]
    return pd.DataFrame.from_records(records, columns=columns)


def answer_text(spec: Spec, group: GroupResult, question_id: str) -> str:
    """The effective answer's label, marked when a person set it."""
    value = group.answers.get(question_id)
    if value is None:
        return "—"
    label = spec.question(question_id).answer(value).label
    return label + OVERRIDDEN_MARK if question_id in group.overrides else label


@dataclass(frozen=True)
class AnswerView:
    """One question of one group as the detail view shows it."""

    question: str
    number: int
    title: str
    value: str
    label: str
    overridden: bool
    inferred_value: str
    inferred_label: str
    evidence: str
    measure: str | None
    unsure_reason: str | None


def answer_views(spec: Spec, group: GroupResult) -> list[AnswerView]:
    """Every question of the group in spec order, with what the log says about it."""
    views = []
    for question in spec.questions:
        item = group.inferred.get(question.id)
        if item is None:
            continue
        value = group.answers[question.id]
        views.append(
            AnswerView(
                question=question.id,
                number=spec.number(question.id),
                title=question.title,
                value=value,
                label=question.answer(value).label,
                overridden=question.id in group.overrides,
                inferred_value=item.value,
                inferred_label=question.answer(item.value).label,
                evidence=item.evidence,
                measure=measure_text(spec, item),
                unsure_reason=unsure_reason(spec, item),
            )
        )
    return views


def measure_text(spec: Spec, item: Inferred) -> str | None:
    """'Share of …: 93% · Yes at 80% or more, No at 50% or less · rests on 320 occurrences
    (at least 8 needed)'."""
    rule = item.rule
    if rule is None:
        return None
    question = spec.question(item.question)
    high = question.answer(rule.high_answer).label
    low = question.answer(rule.low_answer).label
    marks = (rule.high_at, rule.low_at)
    shown = "not measured" if item.metric is None else pct(item.metric, *marks)
    return (
        f"{rule.measure.capitalize()}: {shown} · {high} at {pct(rule.high_at)} or more, "
        f"{low} at {pct(rule.low_at)} or less · rests on {plural(item.rows, 'occurrence')} "
        f"(at least {rule.min_rows} needed)"
    )


def unsure_reason(spec: Spec, item: Inferred) -> str | None:
    """Why the log leaves this answer open, in one sentence (None when it is answered)."""
    if not item.unsure:
        return None
    missing = [spec.field_label(field) for field in item.missing]
    return unsure_sentence(item.reason, item.rule, item.metric, item.rows, missing)


@dataclass(frozen=True)
class MappingRow:
    """One canonical field: its label, the column used (or None) and how it was chosen."""

    field: str
    label: str
    column: str | None
    method: str
    how: str
    by_user: bool


def mapping_rows(
    spec: Spec, detected: ColumnMapping, current: Mapping[str, str | None]
) -> list[MappingRow]:
    """Each field in spec order with the column now used and why: detected, or the user's."""
    rows = []
    for field in spec.columns:
        column = current.get(field.id)
        found = detected.assignments.get(field.id)
        by_user = column != (found.column if found else None)
        if by_user:
            method, how = METHODS[USER], "chosen by you" if column else "left out by you"
        elif found is not None:
            method, how = METHODS.get(found.method, found.method), found.reason
        else:
            method, how = "", NOT_FOUND
        rows.append(MappingRow(field.id, field.label, column, method, how, by_user))
    return rows


def file_stem(title: str, fallback: str = "exception-analysis") -> str:
    """A download file name stem from a title: lower-case words joined by '-', at most 60."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    stem = "-".join(words)[:60].strip("-")
    return stem or fallback


def share_text(share: float) -> str:
    """A share as a whole percentage that never rounds to a misleading '0%' or '100%'."""
    text = f"{share:.0%}"
    if text == "0%" and share > 0:
        return "<1%"
    if text == "100%" and share < 1:
        return ">99%"
    return text


@dataclass(frozen=True)
class FixPlanRow:
    """One step of the fix plan as it is shown: rank, group, which fix, what it saves, why."""

    rank: int
    group: str
    fix: str
    what_to_do: str
    hours_per_week: float | None
    hours_in_log: float
    why: str

    @property
    def hours_text(self) -> str:
        """'4.3 h/week', or '12.0 h in the log' for a log without timestamps."""
        if self.hours_per_week is not None:
            return f"{self.hours_per_week:,.1f} h/week"
        return f"{self.hours_in_log:,.1f} h in the log"


FIX_PLAN_COLUMNS = ("Rank", GROUP, "Fix", "What to do", "Hours back", "Why here")


def fix_plan_rows(spec: Spec, costs: CostReport) -> list[FixPlanRow]:
    """The fix plan, most hours back first; a both-present group's two steps in order."""
    return [
        FixPlanRow(
            rank=step.rank,
            group=step.group,
            fix=spec.tag(step.fix).short + (f" (step {step.step} of 2)" if step.steps == 2 else ""),
            what_to_do=step.title,
            hours_per_week=step.hours_per_week,
            hours_in_log=step.hours_in_log,
            why=step.reason,
        )
        for step in costs.fix_plan
    ]
