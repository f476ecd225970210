"""Warnings on verdicts that rest on too little: a guessed column, one answer, few rows.

    context = WarningContext(group_by="error_code", guessed={"handler": 0.6}, folded=0)
    found = group_warnings(spec, name, inferred, overrides, diagnosis, context)
    warning_text(spec, found[0], columns, guessed)   # the warning in words

A group's verdict carries a warning (`GroupWarning`, plain data: a kind and the fields and
questions it concerns) when

* `guessed_key`: its groups are made from a column detection only guessed (the group-by
  field, or an event log's case or activity column);
* `guessed_column`: an answer it rests on was read from a guessed column;
* `one_answer`: the flowchart decided at one answer and every other answer is unsure;
* `small_group`: the deciding answer rests on fewer than `FIRM_ROWS_FACTOR` times its
  rule's `min_rows` occurrences;
* `folded_group`: it is the least frequent groups counted together ("(other groups)").

An undetermined group carries only the last (it claims no verdict). An answer a person set
rests on that person, not on a column. `framework.analysis.results` stores the warnings on
each `GroupResult`; the pipeline, overrides and a saved analysis read back compute them
again from the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.columns.group_by import MESSAGE_TEMPLATE, group_by_parts
from framework.columns.mapping import ColumnMapping
from framework.engine import Diagnosis
from framework.inference.answers import Inferred
from framework.inference.tallies import OTHER_GROUPS
from framework.inference.wording import pct, plural
from framework.spec.model import UNDETERMINED, UNSURE, Spec

GUESSED_KEY = "guessed_key"
GUESSED_COLUMN = "guessed_column"
ONE_ANSWER = "one_answer"
SMALL_GROUP = "small_group"
FOLDED_GROUP = "folded_group"
KINDS = (GUESSED_KEY, GUESSED_COLUMN, ONE_ANSWER, SMALL_GROUP, FOLDED_GROUP)
FIRM_ROWS_FACTOR = 2
"""A deciding answer on fewer than this many times its rule's `min_rows` occurrences is
answered, but too thinly to carry a verdict without a warning."""
METRIC_FIELDS: Mapping[str, tuple[str, ...]] = {
    "payload_consistency": ("payload", "boundary", "source_system", "target_system"),
    "handler_dependence": ("handler", "resolution"),
    "retry_success": ("retry_count", "retry_outcome"),
    "fired_after_delivery": ("handoff_status", "timestamp"),
    "schema_share": ("root_cause", "message"),
}
"""The log fields each metric (`framework.spec.model.METRIC_PARAMS`) reads."""
_KEY_PARTS = {
    "boundary": ("boundary", "source_system", "target_system"),
    MESSAGE_TEMPLATE: ("message",),
}
_EVENT_FIELDS = ("case_id", "activity")


@dataclass(frozen=True)
class GroupWarning:
    """Why a group's verdict is not as firm as it looks: a kind (`KINDS`), the log fields
    and the questions it concerns; for a small group the occurrences behind the deciding
    answer (`rows`) against those a firm verdict needs (`needed`); for the folded group,
    how many groups it holds (`groups`)."""

    kind: str
    fields: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    rows: int | None = None
    needed: int | None = None
    groups: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "fields": list(self.fields),
            "questions": list(self.questions),
        }
        for key in ("rows", "needed", "groups"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass(frozen=True)
class WarningContext:
    """What every group's warnings share: the group-by, the guessed fields with their
    confidence, and how many groups were folded into one."""

    group_by: str
    guessed: Mapping[str, float] = field(default_factory=dict)
    folded: int = 0


def guessed_fields(mapping: ColumnMapping) -> dict[str, float]:
    """{field: confidence} of the fields whose column detection only guessed."""
    return {key: found.confidence for key, found in mapping.guesses().items()}


def group_warnings(
    spec: Spec,
    name: str,
    inferred: Mapping[str, Inferred],
    overrides: Mapping[str, str],
    diagnosis: Diagnosis,
    context: WarningContext,
) -> tuple[GroupWarning, ...]:
    """The warnings one group's verdict carries, in `KINDS` order."""
    found: list[GroupWarning] = []
    if diagnosis.verdict != UNDETERMINED:
        keys = _guessed_keys(context)
        if keys:
            found.append(GroupWarning(GUESSED_KEY, keys))
        found += _guessed_answers(spec, inferred, overrides, context)
        found += _thin_decision(spec, inferred, overrides, diagnosis)
    if name == OTHER_GROUPS and context.folded:
        found.append(GroupWarning(FOLDED_GROUP, groups=context.folded))
    return tuple(found)


def _guessed_keys(context: WarningContext) -> tuple[str, ...]:
    parts = [
        part for key in group_by_parts(context.group_by) for part in _KEY_PARTS.get(key, (key,))
    ]
    return tuple(f for f in dict.fromkeys([*parts, *_EVENT_FIELDS]) if f in context.guessed)


def _guessed_answers(
    spec: Spec,
    inferred: Mapping[str, Inferred],
    overrides: Mapping[str, str],
    context: WarningContext,
) -> list[GroupWarning]:
    """One warning per guessed field that an answered, inferred question reads."""
    by_field: dict[str, list[str]] = {}
    for qid, item in inferred.items():
        rule = spec.inference.get(qid)
        if item.unsure or qid in overrides or rule is None:
            continue
        for read in METRIC_FIELDS.get(rule.metric, ()):
            if read in context.guessed:
                by_field.setdefault(read, []).append(qid)
    return [
        GroupWarning(GUESSED_COLUMN, (read,), tuple(questions))
        for read, questions in by_field.items()
    ]


def _thin_decision(
    spec: Spec,
    inferred: Mapping[str, Inferred],
    overrides: Mapping[str, str],
    diagnosis: Diagnosis,
) -> list[GroupWarning]:
    """One answer deciding alone, or on few occurrences (none when a person set it)."""
    deciding = diagnosis.deciding_question
    if deciding is None or deciding in overrides or deciding not in inferred:
        return []
    found = []
    others = [value for qid, value in diagnosis.answers.items() if qid != deciding]
    if all(value == UNSURE for value in others):
        found.append(GroupWarning(ONE_ANSWER, questions=(deciding,)))
    rule = spec.inference.get(deciding)
    rows = inferred[deciding].rows
    if rule is not None and rows < FIRM_ROWS_FACTOR * rule.min_rows:
        needed = FIRM_ROWS_FACTOR * rule.min_rows
        found.append(GroupWarning(SMALL_GROUP, questions=(deciding,), rows=rows, needed=needed))
    return found


def warning_text(
    spec: Spec,
    warning: GroupWarning,
    columns: Mapping[str, str | None],
    guessed: Mapping[str, float],
) -> str:
    """The warning in one sentence, naming the columns, questions and numbers."""
    titles = " and ".join(
        f"{spec.number(qid)}. {spec.question(qid).title}" for qid in warning.questions
    )
    shown = "; ".join(_column(spec, part, columns, guessed) for part in warning.fields)
    if warning.kind == GUESSED_KEY:
        return f"The groups are made from a guessed column ({shown}): confirm or change it"
    if warning.kind == GUESSED_COLUMN:
        verb = "rests" if len(warning.questions) == 1 else "rest"
        return f"{titles} {verb} on a guessed column ({shown}): confirm or change it"
    if warning.kind == ONE_ANSWER:
        return f"Only {titles} decided the verdict; every other answer is unsure"
    if warning.kind == SMALL_GROUP:
        return (
            f"The deciding answer ({titles}) rests on {plural(warning.rows or 0, 'occurrence')};"
            f" a firm verdict needs about {warning.needed}"
        )
    return (
        f"The {warning.groups} least frequent groups counted together: the verdict describes "
        "their mix, not any one of them"
    )


def _column(
    spec: Spec, part: str, columns: Mapping[str, str | None], guessed: Mapping[str, float]
) -> str:
    column = columns.get(part)
    sure = f", {pct(guessed[part])} sure" if part in guessed else ""
    return f"{spec.field_label(part)} ← '{column}'{sure}"
