"""An answer inferred from a log (`Inferred`), and how a metric becomes an answer.

A metric is a share between 0 and 1 compared with the thresholds of the question's rule in
`questions.yaml`: at or above `high_at` gives `high_answer`, at or below `low_at` gives
`low_answer`, in between is `unsure`. Fewer than `min_rows` occurrences behind it, or a
column the log lacks, is `unsure` too, with the reason. `Flip` tells how far the metric is
from the nearest threshold that would change the answer, and to what.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from framework.model import UNSURE, InferenceRule, Spec

# Why an answer is unsure (`Inferred.reason`).
MISSING_COLUMN = "missing_column"
TOO_FEW_ROWS = "too_few_rows"
BETWEEN_THRESHOLDS = "between_thresholds"
NOT_RECURRING = "not_recurring"
NO_RULE = "no_rule"
REASONS = (MISSING_COLUMN, TOO_FEW_ROWS, BETWEEN_THRESHOLDS, NOT_RECURRING, NO_RULE)


@dataclass(frozen=True)
class Flip:
    """The nearest threshold whose crossing would change an answer, and the answer beyond it.

    `distance` is how far the metric is from `threshold` (0 when it sits on it).
    """

    threshold: float
    to: str
    distance: float

    def to_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "to": self.to, "distance": round(self.distance, 6)}


@dataclass(frozen=True)
class Inferred:
    """One answer read off the log for one group, with the numbers it rests on.

    `value` is one of the question's answer values or "unsure"; `evidence` is one sentence
    with the numbers; `metric` the share compared with the thresholds (None when nothing
    could be measured); `rows` the occurrences it rests on; `reason` says why an answer is
    unsure (one of `REASONS`) and `missing` names the log fields it lacked.
    """

    question: str
    value: str
    evidence: str
    metric: float | None
    rows: int
    rule: InferenceRule | None = field(default=None, repr=False, compare=False)
    reason: str | None = None
    missing: tuple[str, ...] = ()
    flip: Flip | None = None

    @property
    def unsure(self) -> bool:
        return self.value == UNSURE

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: value, evidence, metric, rows, thresholds, reason, missing, flip."""
        rule = self.rule
        return {
            "value": self.value,
            "evidence": self.evidence,
            "metric": None if self.metric is None else round(self.metric, 6),
            "rows": self.rows,
            "min_rows": rule.min_rows if rule else None,
            "low_at": rule.low_at if rule else None,
            "high_at": rule.high_at if rule else None,
            "reason": self.reason,
            "missing": list(self.missing),
            "flip": self.flip.to_dict() if self.flip else None,
        }

    @classmethod
    def from_dict(cls, question: str, data: dict[str, Any], spec: Spec) -> Inferred:
        """Rebuild from `to_dict()`; the thresholds are those of `spec` now."""
        flip = data.get("flip")
        return cls(
            question=question,
            value=str(data["value"]),
            evidence=str(data["evidence"]),
            metric=data.get("metric"),
            rows=int(data.get("rows") or 0),
            rule=spec.inference.get(question),
            reason=data.get("reason"),
            missing=tuple(data.get("missing") or ()),
            flip=Flip(flip["threshold"], flip["to"], flip["distance"]) if flip else None,
        )


def decide(rule: InferenceRule, metric: float) -> tuple[str, Flip]:
    """The answer a metric gives under a rule, and the nearest threshold that would change it."""
    value = rule.answer_for(metric)
    if value == rule.high_answer:
        return value, Flip(rule.high_at, UNSURE, metric - rule.high_at)
    if value == rule.low_answer:
        return value, Flip(rule.low_at, UNSURE, rule.low_at - metric)
    up, down = rule.high_at - metric, metric - rule.low_at
    if up <= down:
        return value, Flip(rule.high_at, rule.high_answer, up)
    return value, Flip(rule.low_at, rule.low_answer, down)


def measured(
    question: str, rule: InferenceRule, metric: float, rows: int, sentence: str
) -> Inferred:
    """The answer of a metric resting on `rows` occurrences; unsure when they are too few."""
    if rows < rule.min_rows:
        text = f"{sentence}; {too_few(rows, rule.min_rows)}"
        return Inferred(question, UNSURE, text, metric, rows, rule, TOO_FEW_ROWS)
    value, flip = decide(rule, metric)
    if value == UNSURE:
        text = f"{sentence}; {between(rule, metric)}"
        return Inferred(question, value, text, metric, rows, rule, BETWEEN_THRESHOLDS, (), flip)
    return Inferred(question, value, sentence, metric, rows, rule, None, (), flip)


def recurring(answer: Inferred, rule: InferenceRule, days: int | None, sentence: str) -> Inferred:
    """A "recurs" answer only stands when the group fired on enough days (`min_days_active`)."""
    min_days = int(rule.params.get("min_days_active", 1))
    if answer.value != rule.high_answer or days is None or days >= min_days:
        return answer
    text = f"{sentence}; too few days to call it recurring (at least {min_days} are needed)"
    return Inferred(answer.question, UNSURE, text, answer.metric, answer.rows, rule, NOT_RECURRING)


def reread(item: Inferred, stored: dict[str, Any], days: int | None) -> Inferred:
    """A saved answer under the current thresholds (`item.rule`), when they have changed.

    Only answers measured against the thresholds are re-read (not those lacking a column or
    failing the recurrence check); the evidence keeps its numbers and says it was re-read.
    """
    rule = item.rule
    rereadable = item.reason in (None, BETWEEN_THRESHOLDS, TOO_FEW_ROWS)
    if rule is None or item.metric is None or not rereadable:
        return item
    min_rows, low_at, high_at = (stored.get(key) for key in ("min_rows", "low_at", "high_at"))
    if min_rows is None or low_at is None or high_at is None:
        return item
    if (min_rows, low_at, high_at) == (rule.min_rows, rule.low_at, rule.high_at):
        return item
    sentence = item.evidence
    if item.reason == TOO_FEW_ROWS:
        sentence = sentence.removesuffix(f"; {too_few(item.rows, int(min_rows))}")
    elif item.reason == BETWEEN_THRESHOLDS:
        old = InferenceRule(rule.question, "", 1, "", float(high_at), "", float(low_at))
        sentence = sentence.removesuffix(f"; {between(old, item.metric)}")
    answer = recurring(
        measured(item.question, rule, item.metric, item.rows, sentence), rule, days, sentence
    )
    note = " (re-read under the current thresholds)"
    return replace(answer, evidence=answer.evidence + note)


def not_measured(
    question: str,
    rule: InferenceRule,
    sentence: str,
    missing: tuple[str, ...],
    rows: int = 0,
    metric: float | None = None,
) -> Inferred:
    """Unsure because the log lacks the columns named in `missing` (a partial metric kept)."""
    return Inferred(question, UNSURE, sentence, metric, rows, rule, MISSING_COLUMN, missing)


def too_few(rows: int, minimum: int) -> str:
    noun = "occurrence" if rows == 1 else "occurrences"
    return f"{rows} {noun} are too few to say (at least {minimum} are needed)".replace(
        "1 occurrence are", "1 occurrence is"
    )


def between(rule: InferenceRule, metric: float) -> str:
    low, high = pct(rule.low_at), pct(rule.high_at)
    return f"that is between the {low} and {high} marks, so the data does not settle it"


def pct(share: float, *marks: float) -> str:
    """A share as a percentage; one decimal where rounding would land on one of `marks`."""
    whole = f"{share:.0%}"
    if any(share != mark and round(share * 100) == round(mark * 100) for mark in marks):
        return f"{share:.1%}"
    return whole
