"""What would flip a group's verdict: how close each answer is to changing, and which single
answer change would change the group's tag.

    report = flip_report(spec, group)
    report.margins     # per question: the metric against the threshold that would change it
    report.changes     # every single answer change that changes the tag, and to what
    report.nearest     # of those the data could make, the one the metric is closest to
    report.to_dict()

Distances are in percentage points of the metric (a share between 0 and 1). Which changes
alter the tag comes from `framework.engine.verdict_flips`. A change is "measurable" when the
data alone could make it: the answer was inferred from a metric (not set by hand, not held
unsure by too few rows, a missing column or too few days) and the metric could cross the
threshold to that answer; other changes take a person's override.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from framework.analysis.results import GroupResult
from framework.engine import verdict_flips
from framework.inference.answers import Inferred
from framework.inference.wording import BETWEEN_THRESHOLDS, MISSING_COLUMN, pct, unsure_sentence
from framework.spec.model import UNSURE, Spec


@dataclass(frozen=True)
class AnswerMargin:
    """One answer and how far its metric sits from the threshold that would change it."""

    question: str
    value: str
    inferred: str
    overridden: bool
    metric: float | None
    threshold: float | None
    to: str | None
    distance: float | None
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "value": self.value,
            "inferred": self.inferred,
            "overridden": self.overridden,
            "metric": _rounded(self.metric),
            "threshold": self.threshold,
            "to": self.to,
            "distance": _rounded(self.distance),
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class VerdictChange:
    """A single answer change that changes the group's tag; `metric_distance` is how far the
    metric must move for the data to give it (None when only an override can)."""

    question: str
    from_value: str
    to_value: str
    tag: str
    metric_distance: float | None
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "from": self.from_value,
            "to": self.to_value,
            "tag": self.tag,
            "metric_distance": _rounded(self.metric_distance),
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class FlipReport:
    """For one group: its tag, each answer's margin, the tag-changing answers and the nearest."""

    group: str
    tag: str
    margins: tuple[AnswerMargin, ...]
    changes: tuple[VerdictChange, ...]
    nearest: VerdictChange | None
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "tag": self.tag,
            "margins": [margin.to_dict() for margin in self.margins],
            "changes": [change.to_dict() for change in self.changes],
            "nearest": self.nearest.to_dict() if self.nearest else None,
            "summary": self.summary,
        }


def flip_report(spec: Spec, group: GroupResult) -> FlipReport:
    """How close each of the group's answers is to changing, and what would change its tag."""
    answers = group.answers
    margins = tuple(
        answer_margin(spec, group, qid) for qid in spec.question_ids if qid in group.inferred
    )
    changes = []
    for qid, targets in verdict_flips(spec, answers).items():
        for value, tag in targets.items():
            distance = metric_distance(group, qid, value)
            text = _change_text(spec, group, qid, value, tag, distance)
            changes.append(VerdictChange(qid, answers.get(qid, UNSURE), value, tag, distance, text))
    measurable = [change for change in changes if change.metric_distance is not None]
    nearest = min(measurable, key=lambda c: c.metric_distance or 0.0, default=None)
    summary = _summary(changes, nearest)
    return FlipReport(group.group, group.tag, margins, tuple(changes), nearest, summary)


def answer_margin(spec: Spec, group: GroupResult, question: str) -> AnswerMargin:
    """The answer to `question`, its metric's distance from the threshold that would change
    it (`Inferred.flip`), and that said in words."""
    item = group.inferred[question]
    flip = item.flip
    return AnswerMargin(
        question=question,
        value=group.answers[question],
        inferred=item.value,
        overridden=question in group.overrides,
        metric=item.metric,
        threshold=flip.threshold if flip else None,
        to=flip.to if flip else None,
        distance=flip.distance if flip else None,
        explanation=_margin_text(spec, group, item),
    )


def metric_distance(group: GroupResult, question: str, target: str) -> float | None:
    """How far the metric must move for the data to answer `target` (None: it cannot)."""
    item = group.inferred.get(question)
    if item is None or not _measured(item) or question in group.overrides:
        return None
    rule, metric = item.rule, item.metric
    assert rule is not None and metric is not None  # guaranteed by _measured
    if target == rule.high_answer:
        return max(0.0, rule.high_at - metric)
    if target == rule.low_answer:
        return max(0.0, metric - rule.low_at)
    if target == UNSURE and metric >= rule.high_at:
        return metric - rule.high_at
    if target == UNSURE and metric <= rule.low_at:
        return rule.low_at - metric
    return None


def points(distance: float) -> str:
    """A distance between shares in percentage points: '3 points', '1 point', '0.4 points'."""
    value = abs(distance) * 100
    if value < 0.95:
        return f"{value:.1f} points"
    whole = round(value)
    return f"{whole} point" if whole == 1 else f"{whole} points"


def _measured(item: Inferred) -> bool:
    reason_ok = item.reason in (None, BETWEEN_THRESHOLDS)
    return reason_ok and item.rule is not None and item.metric is not None


def _margin_text(spec: Spec, group: GroupResult, item: Inferred) -> str:
    question = spec.question(item.question)
    if item.question in group.overrides:
        given = question.answer(group.overrides[item.question]).label
        said = question.answer(item.value).label
        return f"Set by hand to “{given}” (the log says “{said}”): the metric no longer decides it."
    if item.reason not in (None, BETWEEN_THRESHOLDS) or item.rule is None:
        missing = [spec.field_label(field) for field in item.missing]
        sentence = unsure_sentence(item.reason, item.rule, item.metric, item.rows, missing)
        if item.reason == MISSING_COLUMN:
            sentence += " Map a column for it and the data can decide."
        return sentence
    flip = item.flip
    if flip is None or item.metric is None:
        return "No metric behind this answer."
    mark = f"the “{question.answer(_mark_answer(item)).label}” mark of {pct(flip.threshold)}"
    to = question.answer(flip.to).label
    metric = pct(item.metric, flip.threshold)
    if item.value != UNSURE:
        side = "above" if item.metric >= flip.threshold else "below"
        move = "fall" if side == "above" else "rise"
        if flip.distance == 0:
            return f"At {metric}, exactly on {mark}: any {move} makes it “{to}”."
        return (
            f"At {metric}, {points(flip.distance)} {side} {mark}: a {move} of more than that "
            f"makes it “{to}”."
        )
    side = "below" if item.metric < flip.threshold else "above"
    move = "rise" if side == "below" else "fall"
    distance = points(flip.distance)
    return f"At {metric}, {distance} {side} {mark}: a {move} of that much makes it “{to}”."


def _mark_answer(item: Inferred) -> str:
    """The answer whose mark (threshold) the flip refers to."""
    assert item.rule is not None and item.flip is not None
    return (
        item.rule.high_answer if item.flip.threshold == item.rule.high_at else item.rule.low_answer
    )


def _change_text(
    spec: Spec, group: GroupResult, qid: str, value: str, tag: str, distance: float | None
) -> str:
    question = spec.question(qid)
    now = group.answers.get(qid)
    was = f" instead of “{question.answer(now).label}”" if now is not None else ""
    text = (
        f"If “{question.title}” were “{question.answer(value).label}”{was}, the group would be "
        f"tagged “{spec.tag(tag).label}”."
    )
    item = group.inferred.get(qid)
    if distance is None or item is None or item.metric is None or item.rule is None:
        return f"{text} The data cannot make that change; it takes an override."
    rule, metric = item.rule, item.metric
    if value == rule.high_answer:
        move = f"rise {points(distance)}, from {pct(metric)} to {pct(rule.high_at)}"
    elif value == rule.low_answer:
        move = f"fall {points(distance)}, from {pct(metric)} to {pct(rule.low_at)}"
    elif metric >= rule.high_at:
        move = f"fall more than {points(distance)}, from {pct(metric)} to below {pct(rule.high_at)}"
    else:
        move = f"rise more than {points(distance)}, from {pct(metric)} to above {pct(rule.low_at)}"
    return f"{text} Its metric would have to {move}."


def _summary(changes: list[VerdictChange], nearest: VerdictChange | None) -> str:
    if not changes:
        return "No single answer change alters this group's tag."
    if nearest is None:
        return "No measured answer can change the tag on its own; only an override would."
    return f"Nearest flip: {nearest.explanation}"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
