"""An answer inferred from a log (`Inferred`), and how a metric becomes an answer.

A metric is a share between 0 and 1 compared with the thresholds of the question's rule in
`questions.yaml`: at or above `high_at` gives `high_answer`, at or below `low_at` gives
`low_answer`, in between is `unsure`. Fewer than `min_rows` occurrences behind it, or a
column the log lacks, is `unsure` too, with the reason. `Flip` tells how far the metric is
from the nearest threshold that would change the answer, and to what.

An answer keeps what the data showed (`observation`, one sentence with the numbers, true
whatever the thresholds) apart from how the rule read it (value, reason, thresholds); its
`evidence` is the two worded together (`framework.inference.wording`). Re-reading a saved
answer under changed thresholds decides again from the stored numbers and never edits a
sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from framework.inference import wording
from framework.inference.wording import (
    BETWEEN_THRESHOLDS,
    MISSING_COLUMN,
    NO_RULE,
    NOT_RECURRING,
    REREAD_NOTE,
    TOO_FEW_ROWS,
)
from framework.spec.model import UNSURE, InferenceRule, Spec

__all__ = [
    "BETWEEN_THRESHOLDS",
    "MISSING_COLUMN",
    "NOT_RECURRING",
    "NO_RULE",
    "TOO_FEW_ROWS",
    "Flip",
    "Inferred",
    "decide",
    "measured",
    "not_measured",
    "recurring",
    "reread",
    "unanswerable",
]
_RECURRING_CLAUSE = re.compile(r"; too few days to call it recurring \(at least \d+ are needed\)$")


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

    `value` is one of the question's answer values or "unsure"; `observation` is what the
    data shows, with the numbers; `metric` the share compared with the thresholds (None when
    nothing could be measured); `rows` the occurrences it rests on; `rule` the rule it was
    decided under; `reason` says why an answer is unsure and `missing` names the log fields
    it lacked; `reread` marks a saved answer decided again under changed thresholds.
    """

    question: str
    value: str
    observation: str
    metric: float | None
    rows: int
    rule: InferenceRule | None = field(default=None, repr=False, compare=False)
    reason: str | None = None
    missing: tuple[str, ...] = ()
    flip: Flip | None = None
    reread: bool = False

    @property
    def unsure(self) -> bool:
        return self.value == UNSURE

    @property
    def evidence(self) -> str:
        """The observation, the clause saying why it leaves the answer open (if it does),
        and a note when it was re-read under changed thresholds."""
        clause = wording.qualifier(self.reason, self.rule, self.metric, self.rows)
        text = self.observation + (f"; {clause}" if clause else "")
        return text + (REREAD_NOTE if self.reread else "")

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
        """Rebuild from `to_dict()`, decided under the thresholds stored with it (see
        `reread` for the current ones). The evidence's closing clause is worded from the
        stored numbers, so it is recognised and kept apart from the observation."""
        flip = data.get("flip")
        rule = _stored_rule(spec.inference.get(question), data)
        reason = data.get("reason")
        metric, rows = data.get("metric"), int(data.get("rows") or 0)
        text = str(data["evidence"])
        was_reread = text.endswith(REREAD_NOTE)
        text = text.removesuffix(REREAD_NOTE)
        if reason == NOT_RECURRING:
            text = _RECURRING_CLAUSE.sub("", text)
        elif clause := wording.qualifier(reason, rule, metric, rows):
            text = text.removesuffix(f"; {clause}")
        return cls(
            question=question,
            value=str(data["value"]),
            observation=text,
            metric=metric,
            rows=rows,
            rule=rule,
            reason=reason,
            missing=tuple(data.get("missing") or ()),
            flip=Flip(flip["threshold"], flip["to"], flip["distance"]) if flip else None,
            reread=was_reread,
        )


def _stored_rule(current: InferenceRule | None, data: dict[str, Any]) -> InferenceRule | None:
    """The current rule with the thresholds an answer was saved under (where it has them)."""
    if current is None:
        return None
    stored = {key: data.get(key) for key in ("min_rows", "low_at", "high_at")}
    if any(value is None for value in stored.values()):
        return current
    return replace(
        current,
        min_rows=int(stored["min_rows"]),  # type: ignore[arg-type]
        low_at=float(stored["low_at"]),  # type: ignore[arg-type]
        high_at=float(stored["high_at"]),  # type: ignore[arg-type]
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
    question: str, rule: InferenceRule, metric: float, rows: int, observation: str
) -> Inferred:
    """The answer of a metric resting on `rows` occurrences; unsure when they are too few."""
    if rows < rule.min_rows:
        return Inferred(question, UNSURE, observation, metric, rows, rule, TOO_FEW_ROWS)
    value, flip = decide(rule, metric)
    reason = BETWEEN_THRESHOLDS if value == UNSURE else None
    return Inferred(question, value, observation, metric, rows, rule, reason, (), flip)


def recurring(answer: Inferred, rule: InferenceRule, days: int | None) -> Inferred:
    """A "recurs" answer only stands when the group fired on enough days (`min_days_active`)."""
    min_days = int(rule.params["min_days_active"])
    if answer.value != rule.high_answer or days is None or days >= min_days:
        return answer
    return replace(answer, value=UNSURE, reason=NOT_RECURRING, flip=None)


def reread(item: Inferred, rule: InferenceRule | None, days: int | None) -> Inferred:
    """A saved answer under `rule` (the current thresholds), when they differ from those it
    was decided under. Only answers measured against the thresholds are re-read (not those
    lacking a column or failing the recurrence check); the observation is kept."""
    rereadable = item.reason in (None, BETWEEN_THRESHOLDS, TOO_FEW_ROWS)
    if rule is None or item.rule is None or item.metric is None or not rereadable:
        return item
    old = item.rule
    if (old.min_rows, old.low_at, old.high_at) == (rule.min_rows, rule.low_at, rule.high_at):
        return replace(item, rule=rule)
    answer = measured(item.question, rule, item.metric, item.rows, item.observation)
    if "min_days_active" in rule.params:
        answer = recurring(answer, rule, days)
    return replace(answer, reread=True)


def not_measured(
    question: str,
    rule: InferenceRule,
    observation: str,
    missing: tuple[str, ...],
    rows: int = 0,
    metric: float | None = None,
) -> Inferred:
    """Unsure because the log lacks the columns named in `missing` (a partial metric kept)."""
    return Inferred(question, UNSURE, observation, metric, rows, rule, MISSING_COLUMN, missing)


def unanswerable(question: str) -> Inferred:
    """Unsure because questions.yaml gives the question no inference rule."""
    return Inferred(question, UNSURE, wording.NO_RULE_TEXT, None, 0, None, NO_RULE)
