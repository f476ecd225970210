"""What the team lead's page shows of an analysis, as plain data (no Streamlit here).

    group_table(analysis)                  # one display row per group, most frequent first
    answer_views(analysis.spec, group)     # each answer: value, evidence, measure, why unsure
    mapping_rows(spec, detected, current)  # each field: its column, how sure, and why
    warning_lines(analysis, group)         # why a group's verdict is less firm than it looks
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
from framework.analysis.warnings import METRIC_FIELDS, warning_text
from framework.columns.mapping import (
    CONFIRMED,
    FUZZY,
    HEADER,
    LOW_CONFIDENCE,
    USER,
    VALUES,
    WORDS_METHOD,
    ColumnMapping,
)
from framework.inference.answers import Inferred
from framework.inference.wording import pct, plural, unsure_sentence
from framework.spec.model import Spec

GROUP = "Group"
EXCEPTIONS = "Exceptions"
DAYS = "Days active"
VERDICT = "Verdict"
OVERRIDDEN_MARK = " ✎"
NOT_FOUND = "not found in this log"
METHODS = {
    HEADER: "Header name",
    WORDS_METHOD: "Header words",
    FUZZY: "Similar header",
    VALUES: "Values",
    USER: "Your choice",
}


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


SURE_AT = 0.85
"""A detected column at least this sure is "sure"; from `LOW_CONFIDENCE` up it is "likely";
below that it is a guess the page asks to confirm."""
SURE, LIKELY, GUESS, YOURS, MISSING = "sure", "likely", "guess", "yours", "missing"
SURENESS = {
    SURE: "Sure",
    LIKELY: "Likely",
    GUESS: "A guess: confirm it",
    YOURS: "Your choice",
    MISSING: "Not found",
}


@dataclass(frozen=True)
class MappingRow:
    """One canonical field: its label, the column used (or None), how sure that is and, in
    one line, what was found (`how`). `method` is kept for the report ("Header name" …)."""

    field: str
    label: str
    column: str | None
    method: str
    how: str
    by_user: bool
    sureness: str = MISSING
    confidence: float | None = None

    @property
    def guessed(self) -> bool:
        return self.sureness == GUESS

    @property
    def line(self) -> str:
        """The row in one line: "Sure (98%) · the header is Handler in French; …", "A guess:
        confirm it (52%) · no header names it; …", "Chosen by you", "Not found in this log; …"."""
        if self.sureness in (YOURS, MISSING) or self.confidence is None:
            return self.how[:1].upper() + self.how[1:]
        return f"{SURENESS[self.sureness]} ({self.confidence:.0%}) · {self.how}"


def mapping_rows(
    spec: Spec,
    detected: ColumnMapping,
    current: Mapping[str, str | None],
    analysis: Analysis | None = None,
    choices: Mapping[str, str | None] | None = None,
) -> list[MappingRow]:
    """Each field in spec order with the column now used, how sure and why; a detected
    column the user kept (in `choices`) is confirmed; an unmapped field says which answers
    its column would change (with `analysis`, in how many groups they are unsure for lack
    of it)."""
    rows = []
    for column_field in spec.columns:
        key = column_field.id
        column = current.get(key)
        found = detected.assignments.get(key)
        by_user = column != (found.column if found else None)
        if by_user or (choices is not None and key in choices and column is not None):
            how = CONFIRMED if not by_user else "chosen by you" if column else "left out by you"
            row = MappingRow(key, column_field.label, column, METHODS[USER], how, True, YOURS)
        elif found is not None:
            row = MappingRow(
                key,
                column_field.label,
                column,
                METHODS.get(found.method, found.method),
                found.reason,
                False,
                _sureness(found.method, found.confidence),
                None if found.method == USER else found.confidence,
            )
        else:
            how = _missing(spec, key, detected.left_out.get(key), analysis)
            row = MappingRow(key, column_field.label, None, "", how, False)
        rows.append(row)
    return rows


def _sureness(method: str, confidence: float) -> str:
    if method == USER:
        return YOURS
    if confidence >= SURE_AT:
        return SURE
    return LIKELY if confidence >= LOW_CONFIDENCE else GUESS


def _missing(spec: Spec, field_id: str, left_out: str | None, analysis: Analysis | None) -> str:
    """Why a field has no column, and which answers a column for it would change."""
    text = f"{NOT_FOUND} ({left_out})" if left_out else NOT_FOUND
    reading = [
        qid
        for qid, rule in spec.inference.items()
        if field_id in METRIC_FIELDS.get(rule.metric, ())
    ]
    if not reading:
        return text
    names = " and ".join(f"{spec.number(qid)}. {spec.question(qid).title}" for qid in reading)
    if analysis is None:
        return f"{text}; it is read for {names}"
    lacking = {
        qid: sum(
            1
            for group in analysis.groups
            if qid in group.inferred and _lacks(group.inferred[qid], field_id)
        )
        for qid in reading
    }
    changed = [
        f"{spec.number(qid)}. {spec.question(qid).title} in {plural(count, 'group')}"
        for qid, count in lacking.items()
        if count
    ]
    if not changed:
        return f"{text}; no answer here waits for it"
    return f"{text}; with it the log could answer " + " and ".join(changed)


def _lacks(item: Inferred, field_id: str) -> bool:
    """The answer is unsure for lack of the field (a system side counts as the boundary)."""
    sides = ("source_system", "target_system")
    return field_id in item.missing or (field_id in sides and "boundary" in item.missing)


def warning_lines(analysis: Analysis, group: GroupResult) -> list[str]:
    """The group's warnings, one sentence each (plain text: they quote column names)."""
    return [
        warning_text(analysis.spec, warning, analysis.columns, analysis.guessed)
        for warning in group.warnings
    ]


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
