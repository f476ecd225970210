"""The triage engine: answers in, diagnosis out. Pure functions over a `Spec`.

Two readings of the same answers (see framework.md):

* the flowchart walks from `spec.start`; the first answer with a `verdict` decides. An
  `unsure` answer, or a question not answered yet, decides nothing and follows its `next`.
* the tally counts every answer's `points_to`; votes on both sides mean both problem types
  are present, and the advice becomes "integration first, then process".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from framework.spec.model import BOTH, INTEGRATION, PROCESS, UNDETERMINED, UNSURE, Advice, Spec

Answers = Mapping[str, str]


class AnswerError(ValueError):
    """An answer names a question or a value the spec does not have."""


@dataclass(frozen=True)
class Votes:
    integration: int = 0
    process: int = 0

    def to_dict(self) -> dict[str, int]:
        return {INTEGRATION: self.integration, PROCESS: self.process}


@dataclass(frozen=True)
class Diagnosis:
    answers: Mapping[str, str]
    verdict: str
    path: tuple[str, ...]
    deciding_question: str | None
    votes: Votes
    both_present: bool
    advice: Advice
    awaiting: str | None
    """The first question on the path that has no answer yet (None once the path is complete)."""

    @property
    def tag(self) -> str:
        """How the exception is tagged: `both` when both types are present, else the verdict."""
        return BOTH if self.both_present else self.verdict

    @property
    def complete(self) -> bool:
        """Every question the flowchart needed has been answered."""
        return self.awaiting is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "both_present": self.both_present,
            "path": list(self.path),
            "deciding_question": self.deciding_question,
            "votes": self.votes.to_dict(),
            "advice": {
                "key": self.advice.key,
                "title": self.advice.title,
                "summary": self.advice.summary,
                "steps": list(self.advice.steps),
            },
            "answers": dict(self.answers),
            "awaiting": self.awaiting,
        }


def answer_errors(spec: Spec, answers: Mapping[str, object]) -> list[str]:
    """One message per answer whose question id or value the spec does not know."""
    errors = []
    ids = spec.question_ids
    for question_id, value in answers.items():
        if question_id not in ids:
            errors.append(f"unknown question '{question_id}' (known: {', '.join(ids)})")
            continue
        values = spec.question(question_id).values
        if value not in values:
            errors.append(
                f"{question_id}: unknown answer {value!r} (expected one of: {', '.join(values)})"
            )
    return errors


def diagnose(spec: Spec, answers: Answers) -> Diagnosis:
    """Diagnose one exception from any subset of the five answers."""
    errors = answer_errors(spec, answers)
    if errors:
        raise AnswerError("; ".join(errors))
    verdict, path, deciding, awaiting = walk(spec, answers)
    votes = tally(spec, answers)
    both = votes.integration > 0 and votes.process > 0
    return Diagnosis(
        answers=_in_spec_order(spec, answers),
        verdict=verdict,
        path=path,
        deciding_question=deciding,
        votes=votes,
        both_present=both,
        advice=spec.advice[BOTH if both else verdict],
        awaiting=awaiting,
    )


def walk(spec: Spec, answers: Answers) -> tuple[str, tuple[str, ...], str | None, str | None]:
    """Follow the flowchart: (verdict, path, deciding question, first unanswered on the path)."""
    path: list[str] = []
    awaiting = None
    node: str | None = spec.start
    while node is not None:
        path.append(node)
        value = answers.get(node)
        if value is None:
            awaiting = awaiting or node
            value = UNSURE
        answer = spec.question(node).answer(value)
        if answer.verdict is not None:
            deciding = node if answer.verdict != UNDETERMINED else None
            return answer.verdict, tuple(path), deciding, awaiting
        node = answer.next
    return UNDETERMINED, tuple(path), None, awaiting  # unreachable for a validated spec


def tally(spec: Spec, answers: Answers) -> Votes:
    """Count the answers' votes for each side."""
    sides = [spec.question(qid).answer(value).points_to for qid, value in answers.items()]
    return Votes(integration=sides.count(INTEGRATION), process=sides.count(PROCESS))


def verdict_flips(spec: Spec, answers: Answers) -> dict[str, dict[str, str]]:
    """For each question, the other answers that would change the tag, and to what.

    The tag is the verdict, or `both` when both problem types are present.
    """
    current = diagnose(spec, answers).tag
    flips: dict[str, dict[str, str]] = {}
    for qid in spec.question_ids:
        for value in spec.question(qid).values:
            if value == answers.get(qid):
                continue
            tag = diagnose(spec, {**answers, qid: value}).tag
            if tag != current:
                flips.setdefault(qid, {})[value] = tag
    return flips


def next_unanswered(spec: Spec, answers: Answers) -> str | None:
    """The next question to ask: awaited on the path, else any question still open."""
    awaiting = walk(spec, answers)[3]
    if awaiting is not None:
        return awaiting
    return next((qid for qid in spec.question_ids if qid not in answers), None)


def _in_spec_order(spec: Spec, answers: Answers) -> dict[str, str]:
    return {qid: answers[qid] for qid in spec.question_ids if qid in answers}
