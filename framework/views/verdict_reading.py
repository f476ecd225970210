"""How a diagnosis reads on screen and on paper: the primary type and where the flowchart
decided it, which answers vote for each side (the graded tally), and one headline.

    reading = verdict_reading(spec, diagnosis)
    reading.headline
    # "Primary: Process (decided at step 2) · integration signals at step 1 → both present:
    #  stabilise the handoff first, then define the rule"
    reading.sides         # (integration, process): the steps whose answers vote for each
    reading.answers       # every answer given, on the flowchart's path or only in the tally

The flowchart names the primary type; the tally says whether the other type is present too
(framework.md, "Two readings of the same answers"). Steps are the questions' numbers, as the
flowchart shows them. Every framework word (type names, advice titles) comes from the spec.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from framework.engine import Diagnosis
from framework.spec.model import SIDES, Spec


@dataclass(frozen=True)
class AnswerLine:
    """One answered question: its step, title and prompt, the answer and the side it votes for."""

    question: str
    step: int
    title: str
    prompt: str
    answer: str
    side: str | None
    on_path: bool


@dataclass(frozen=True)
class SideTally:
    """One side of the tally: its short name and the steps whose answers vote for it."""

    side: str
    name: str
    steps: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def text(self) -> str:
        """'Integration 2 (steps 1 and 3)', or 'Process 0'."""
        where = f" ({steps_text(self.steps)})" if self.steps else ""
        return f"{self.name} {self.count}{where}"


@dataclass(frozen=True)
class VerdictReading:
    """A diagnosis in words: decided or not, the primary type, the graded tally, a headline."""

    decided: bool
    primary: str
    primary_name: str
    decided_at: int | None
    deciding_answer: str | None
    awaiting: int | None
    both_present: bool
    sides: tuple[SideTally, SideTally]
    answers: tuple[AnswerLine, ...]
    headline: str

    @property
    def tally_text(self) -> str:
        """'Integration 2 (steps 1 and 2) · Process 1 (step 4)'."""
        return " · ".join(side.text for side in self.sides)

    @property
    def off_path(self) -> tuple[int, ...]:
        """Steps answered but not on the flowchart's path: they count in the tally only."""
        return tuple(line.step for line in self.answers if not line.on_path)

    @property
    def counted_text(self) -> str:
        """Which answers the tally counts, and why any others do not."""
        voting = [line.step for line in self.answers if line.side is not None]
        if not self.answers:
            return "No answers yet, so the tally is empty."
        text = f"The tally counts {_answers_word(voting)}" if voting else "No answer votes yet"
        notes = []
        unsure = [line.step for line in self.answers if line.side is None]
        if unsure:
            notes.append(f"{_answers_word(unsure)} {_verb(unsure, 'is', 'are')} “not sure”")
        off_voting = [step for step in self.off_path if step in voting]
        if self.decided and off_voting:
            notes.append(
                f"{_answers_word(off_voting)} {_verb(off_voting, 'is', 'are')} off the "
                "flowchart's path and count"
                + ("s" if len(off_voting) == 1 else "")
                + " in the tally only"
            )
        return text + (f" ({'; '.join(notes)})" if notes else "") + "."


def verdict_reading(spec: Spec, diagnosis: Diagnosis) -> VerdictReading:
    """Read a diagnosis: primary type, deciding step, both sides' voting steps, headline."""
    answers = _answer_lines(spec, diagnosis)
    sides = tuple(
        SideTally(
            side,
            spec.verdicts[side].short,
            tuple(line.step for line in answers if line.side == side),
        )
        for side in SIDES
    )
    integration, process = sides
    deciding = diagnosis.deciding_question
    reading = VerdictReading(
        decided=diagnosis.complete,
        primary=diagnosis.verdict,
        primary_name=spec.verdicts[diagnosis.verdict].short,
        decided_at=spec.number(deciding) if deciding and diagnosis.complete else None,
        deciding_answer=(
            spec.question(deciding).answer(diagnosis.answers[deciding]).label
            if deciding and diagnosis.complete
            else None
        ),
        awaiting=spec.number(diagnosis.awaiting) if diagnosis.awaiting else None,
        both_present=diagnosis.both_present,
        sides=(integration, process),
        answers=answers,
        headline="",
    )
    return replace(reading, headline=_headline(spec, diagnosis, reading))


def steps_text(steps: Sequence[int]) -> str:
    """'step 1', 'steps 1 and 3', 'steps 1, 2 and 4'."""
    if len(steps) == 1:
        return f"step {steps[0]}"
    return f"steps {_joined(steps)}"


def lower_first(text: str) -> str:
    """`text` with its first letter in lower case (not an acronym such as 'OMS')."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _answer_lines(spec: Spec, diagnosis: Diagnosis) -> tuple[AnswerLine, ...]:
    lines = []
    for question in spec.questions:
        value = diagnosis.answers.get(question.id)
        if value is None:
            continue
        answer = question.answer(value)
        lines.append(
            AnswerLine(
                question=question.id,
                step=spec.number(question.id),
                title=question.title,
                prompt=question.prompt,
                answer=answer.label,
                side=answer.points_to,
                on_path=question.id in diagnosis.path,
            )
        )
    return tuple(lines)


def _headline(spec: Spec, diagnosis: Diagnosis, reading: VerdictReading) -> str:
    advice = lower_first(diagnosis.advice.title)
    if not reading.decided:
        awaiting = diagnosis.awaiting or spec.start
        title = spec.question(awaiting).title
        return f"Not decided yet: the flowchart needs step {reading.awaiting}, “{title}”."
    if reading.decided_at is None:
        name = spec.verdicts[diagnosis.verdict].label
        return f"{name}: every answer on the flowchart's path was “not sure” → {advice}"
    primary = f"Primary: {reading.primary_name} (decided at step {reading.decided_at})"
    other = next(side for side in reading.sides if side.side != diagnosis.verdict)
    if diagnosis.both_present:
        both = lower_first(spec.both_present.label)
        signals = f"{lower_first(other.name)} signals at {steps_text(other.steps)}"
        return f"{primary} · {signals} → {both}: {advice}"
    return f"{primary} · no {lower_first(other.name)} signals → {advice}"


def _joined(items: Sequence[object]) -> str:
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _answers_word(steps: Sequence[int]) -> str:
    return f"answer {steps[0]}" if len(steps) == 1 else f"answers {_joined(steps)}"


def _verb(steps: Sequence[int], one: str, many: str) -> str:
    return one if len(steps) == 1 else many
