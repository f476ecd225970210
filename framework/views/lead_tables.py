"""What the team lead's page shows of an analysis, as plain data (no Streamlit here).

    group_table(analysis)                  # one display row per group, most frequent first
    answer_views(analysis.spec, group)     # each answer: value, evidence, measure, why unsure
    mapping_rows(spec, detected, current)  # each field: its column, how sure, and why
    warning_lines(analysis, group)         # why a group's verdict is less firm than it looks
    fix_plan_rows(spec, costs)             # the fix plan as the page and the report show it
    plan_total(costs)                      # its hours, each group counted once
    field_notes(spec, rows, analysis)      # one line per field: found how, or what it costs

Every label comes from the spec; log content (group names, evidence quoting values) is
returned as plain text for the shell to show without Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from framework.analysis.cost import CostReport, GroupCost
from framework.analysis.results import Analysis, GroupResult
from framework.analysis.warnings import warning_text
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
from framework.spec.model import BOTH, Spec

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
    records = [group_record(spec, group) for group in analysis.groups]
    columns = [GROUP, VERDICT, both_column(spec), EXCEPTIONS, DAYS]
    columns += [question_column(spec, qid) for qid in spec.question_ids]
    return pd.DataFrame.from_records(records, columns=columns)


def group_record(spec: Spec, group: GroupResult) -> dict[str, object]:
    """One group's row of the group table."""
    record: dict[str, object] = {
        GROUP: group.group,
        VERDICT: spec.verdicts[group.verdict].label,
        both_column(spec): group.both_present,
        EXCEPTIONS: group.exceptions,
        DAYS: group.days_active,
    }
    for qid in spec.question_ids:
        record[question_column(spec, qid)] = answer_text(spec, group, qid)
    return record


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
    score: float | None = None
    sureness: str = MISSING
    confidence: float | None = None
    """How sure detection is of the column (None: not detected, or the user's)."""

    @property
    def guessed(self) -> bool:
        return self.sureness == GUESS


def mapping_rows(
    spec: Spec,
    detected: ColumnMapping,
    current: Mapping[str, str | None],
    choices: Mapping[str, str | None] | None = None,
) -> list[MappingRow]:
    """Each field in spec order with the column now used, how sure and why: detected, or
    the user's (a detected column the user kept, in `choices`, is confirmed); an unmapped
    field named by a header whose values ruled it out keeps that reason in `how`."""
    rows = []
    for column_field in spec.columns:
        key, label = column_field.id, column_field.label
        column = current.get(key)
        found = detected.assignments.get(key)
        by_user = column != (found.column if found else None)
        kept = choices is not None and key in choices and column is not None
        if by_user or kept or (found is not None and found.method == USER):
            how = ("chosen by you" if column else "left out by you") if by_user else CONFIRMED
            row = MappingRow(key, label, column, METHODS[USER], how, True, sureness=YOURS)
        elif found is not None:
            row = MappingRow(
                key,
                label,
                column,
                METHODS.get(found.method, found.method),
                found.reason,
                False,
                found.score,
                _sureness(found.confidence),
                found.confidence,
            )
        else:
            row = MappingRow(key, label, None, "", detected.left_out.get(key, NOT_FOUND), False)
        rows.append(row)
    return rows


def _sureness(confidence: float) -> str:
    if confidence >= SURE_AT:
        return SURE
    return LIKELY if confidence >= LOW_CONFIDENCE else GUESS


def warning_lines(analysis: Analysis, group: GroupResult) -> list[str]:
    """The group's warnings, one sentence each (plain text: they quote column names)."""
    return [
        warning_text(analysis.spec, warning, analysis.columns, analysis.guessed)
        for warning in group.warnings
    ]


BOUNDARY_FIELDS = ("boundary", "source_system", "target_system")
"""A boundary is read from a boundary column or from source and target systems alike."""


def needed_by(spec: Spec, analysis: Analysis | None) -> dict[str, tuple[int, ...]]:
    """Per field, the steps some group's answer was left unsure for want of that column."""
    found: dict[str, set[int]] = {}
    for group in analysis.groups if analysis is not None else ():
        for question_id, item in group.inferred.items():
            for name in item.missing:
                for field in BOUNDARY_FIELDS if name == "boundary" else (name,):
                    found.setdefault(field, set()).add(spec.number(question_id))
    return {field: tuple(sorted(steps)) for field, steps in found.items()}


EXAMPLE_CHARS = 32


def values_found(values: pd.Series) -> str:
    """What a column holds, in a few words: '16 different values, e.g. INV_SYNC_DRIFT'."""
    present = values.dropna()
    present = present[present.astype("str").str.strip() != ""]
    if present.empty:
        return "empty in every row"
    distinct = int(present.nunique())
    example = " ".join(str(present.iloc[0]).split())
    if len(example) > EXAMPLE_CHARS:
        example = example[: EXAMPLE_CHARS - 1] + "…"
    if distinct == 1:
        return f"the same value in every row: {example}"
    return f"{distinct:,} different values, e.g. {example}"


def field_note(
    spec: Spec, row: MappingRow, needed: tuple[int, ...] = (), found: str | None = None
) -> str:
    """One line for a field: what its column holds (`found`) and how sure detection is of it
    and why ("16 different values, e.g. INV_SYNC_DRIFT. Sure (98%): its values agree."),
    or who chose it; without a column, which answers that leaves unsure ("Not in this log:
    without it, question 3 (Retry) stays “not sure” for some groups.")."""
    if row.column is not None:
        lead = found[:1].upper() + found[1:] + "." if found else ""
        if row.by_user:
            how = "Confirmed by you." if row.how == CONFIRMED else "Chosen by you."
        elif row.confidence is not None:
            how = f"{SURENESS[row.sureness]} ({row.confidence:.0%}): {_why(row)}."
        elif row.method == METHODS[HEADER]:
            how = "" if found else "Recognised by its header."
        elif row.method == METHODS[FUZZY]:
            match = f" ({row.score:.0%} match)" if row.score is not None else ""
            how = f"Header close to a usual name for it{match}: check it is the right column."
        elif row.method == METHODS[VALUES]:
            how = f"Recognised from its values: {row.how}."
        else:
            how = row.how[:1].upper() + row.how[1:] + "."
        return " ".join(part for part in (lead, how) if part)
    lead = "Left out by you" if row.by_user else "Not in this log"
    if not row.by_user and row.how != NOT_FOUND:
        lead += f" ({row.how})"
    if not needed:
        return f"{lead}; no answer needs it."
    questions = [f"{step} ({spec.questions[step - 1].title})" for step in needed]
    listed = ", ".join(questions[:-1]) + (" and " if len(questions) > 1 else "") + questions[-1]
    word = "question" if len(needed) == 1 else "questions"
    verb = "stays" if len(needed) == 1 else "stay"
    return f"{lead}: without it, {word} {listed} {verb} “not sure” for some groups."


_NAMED = "the header is a name for "


def _why(row: MappingRow) -> str:
    """Why detection took the column, without repeating that an English header names it:
    "its values agree (…)", "the header is Handler in French; …", "no header names it; …"."""
    if not row.how.startswith(_NAMED):
        return row.how
    _, _, clause = row.how.partition("; ")
    return clause or "its header is a usual name for it"


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
    """One step of the fix plan as it is shown: rank, group, which fix, what it saves, why.

    A group's hours are counted once, on the step that brings them back: a both-present
    group's integration step shows none ("with step N"), its process step shows them all, so
    the plan's hours add up to the groups' (`plan_total`).
    """

    rank: int
    group: str
    tag: str
    fix: str
    what_to_do: str
    hours_per_week: float | None
    hours_in_log: float
    why: str
    counted: bool = True
    back_with: int | None = None
    brief: str = ""
    """`why` without the advice it quotes: short enough for the overview."""

    @property
    def hours_text(self) -> str:
        """'4.3 h/week', '12.0 h in the log' without timestamps, or 'with step 4' for a first
        step whose hours come back with the group's second."""
        if not self.counted:
            return f"back with step {self.back_with}"
        if self.hours_per_week is not None:
            return f"{self.hours_per_week:,.1f} h/week"
        return f"{self.hours_in_log:,.1f} h in the log"


FIX_PLAN_COLUMNS = ("Rank", GROUP, "Fix", "What to do", "Hours back", "Why here")


def fix_plan_rows(spec: Spec, costs: CostReport) -> list[FixPlanRow]:
    """The fix plan, most hours back first; a both-present group's two steps in order, its
    hours counted on the second."""
    steps = costs.fix_plan
    return [
        FixPlanRow(
            rank=step.rank,
            group=step.group,
            tag=_group_tag(costs, step.group),
            fix=spec.tag(step.fix).short + (f" (step {step.step} of 2)" if step.steps == 2 else ""),
            what_to_do=step.title,
            hours_per_week=step.hours_per_week,
            hours_in_log=step.hours_in_log,
            why=step.reason,
            counted=step.step == step.steps,
            back_with=None if step.step == step.steps else step.rank + step.steps - step.step,
            brief=step.reason.removesuffix(spec.advice[BOTH].summary).strip(),
        )
        for step in steps
    ]


@dataclass(frozen=True)
class PlanTotal:
    """What the whole fix plan brings back, and what the undetermined groups cost on top."""

    hours: float
    per_week: bool
    investigate: float
    total: float

    @property
    def text(self) -> str:
        """'All 12 fixes bring back 31.5 h/week of the 33.0 h/week …' in one sentence."""
        unit = "h/week" if self.per_week else "h over the log"
        text = f"{self.hours:,.1f} {unit} back once every fix is done"
        if self.investigate:
            text += (
                f"; the other {self.investigate:,.1f} {unit} of the {self.total:,.1f} are in "
                "groups to investigate first"
            )
        else:
            text += f": all {self.total:,.1f} {unit} the log costs"
        return text + "."


def plan_total(costs: CostReport) -> PlanTotal:
    """The hours the plan brings back (each group once) beside the log's total."""
    per_week = costs.window is not None

    def hours(row: GroupCost) -> float:
        return (row.hours_per_week or 0.0) if per_week else row.hours_in_log

    planned = {step.group for step in costs.fix_plan}
    back = sum(hours(row) for row in costs.rows if row.group in planned)
    investigate = sum(hours(row) for row in costs.investigate_first)
    total = sum(hours(row) for row in costs.rows)
    return PlanTotal(back, per_week, investigate, total)


def _group_tag(costs: CostReport, group: str) -> str:
    return next((row.tag for row in costs.rows if row.group == group), "")
