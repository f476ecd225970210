"""A diagnosis reads as the primary type (the flowchart's), the step that decided it, a graded
tally naming the steps on each side, and one headline."""

from __future__ import annotations

import pytest

from framework.engine import diagnose
from framework.spec.loader import load_spec
from framework.spec.model import Spec
from framework.views.verdict_reading import lower_first, steps_text, verdict_reading

IDS = load_spec().question_ids

# (answers in spec order, headline, tally, counted)
READINGS = [
    (
        [],
        "Not decided yet: the flowchart needs step 1, “Payload pattern”.",
        "Integration 0 · Process 0",
        "No answers yet, so the tally is empty.",
    ),
    (
        ["yes", "yes"],
        "Primary: Process (decided at step 2) · integration signals at step 1 → both present: "
        "stabilise the handoff first, then define the rule",
        "Integration 1 (step 1) · Process 1 (step 2)",
        "The tally counts answers 1 and 2.",
    ),
    (
        ["yes", "no", "yes"],
        "Primary: Integration (decided at step 3) · no process signals → fix the handoff contract",
        "Integration 3 (steps 1, 2 and 3) · Process 0",
        "The tally counts answers 1, 2 and 3.",
    ),
    (
        ["no", "no", "yes"],
        "Primary: Process (decided at step 1) · integration signals at steps 2 and 3 → both "
        "present: stabilise the handoff first, then define the rule",
        "Integration 2 (steps 2 and 3) · Process 1 (step 1)",
        "The tally counts answers 1, 2 and 3 (answers 2 and 3 are off the flowchart's path and "
        "count in the tally only).",
    ),
    (
        ["yes", "unsure", "no", "yes", "schema_mismatch"],
        "Primary: Process (decided at step 4) · integration signals at steps 1 and 5 → both "
        "present: stabilise the handoff first, then define the rule",
        "Integration 2 (steps 1 and 5) · Process 2 (steps 3 and 4)",
        "The tally counts answers 1, 3, 4 and 5 (answer 2 is “not sure”; answer 5 is off the "
        "flowchart's path and counts in the tally only).",
    ),
    (
        ["unsure"] * 5,
        "Undetermined: every answer on the flowchart's path was “not sure” → not enough to "
        "decide yet",
        "Integration 0 · Process 0",
        "No answer votes yet (answers 1, 2, 3, 4 and 5 are “not sure”).",
    ),
]


@pytest.mark.parametrize(("values", "headline", "tally", "counted"), READINGS)
def test_reading_of_each_diagnosis(
    spec: Spec, values: list[str], headline: str, tally: str, counted: str
) -> None:
    """The headline names the primary type and its deciding step, the other type's signals and
    what to do; the tally grades each side by its steps and says which answers it counts."""
    reading = verdict_reading(spec, diagnose(spec, dict(zip(IDS, values, strict=False))))
    assert reading.headline == headline
    assert reading.tally_text == tally
    assert reading.counted_text == counted


def test_primary_is_the_flowchart_verdict_even_when_the_tally_leans_the_other_way(
    spec: Spec,
) -> None:
    """Two integration signals, one process answer that decides: primary is Process, both
    present, and the sides are graded 2 to 1 (not a bare 'both')."""
    answers = {"payload_consistent": "no", "varies_by_handler": "no", "retry_resolves": "yes"}
    reading = verdict_reading(spec, diagnose(spec, answers))
    assert (reading.primary, reading.decided_at, reading.deciding_answer) == ("process", 1, "No")
    assert reading.both_present
    assert [(side.side, side.count) for side in reading.sides] == [
        ("integration", 2),
        ("process", 1),
    ]
    assert reading.off_path == (2, 3)


def test_answers_carry_their_text_side_and_place_on_the_path(spec: Spec) -> None:
    """Each answer line has the question's step, title and prompt, the answer label, its side,
    and whether the flowchart used it."""
    reading = verdict_reading(
        spec, diagnose(spec, {"payload_consistent": "no", "root_cause": "unsure"})
    )
    first, last = reading.answers
    assert (first.step, first.title, first.answer, first.side, first.on_path) == (
        1,
        "Payload pattern",
        "No",
        "process",
        True,
    )
    assert first.prompt == spec.questions[0].prompt
    assert (last.step, last.side, last.on_path) == (5, None, False)


@pytest.mark.parametrize(
    ("steps", "text"),
    [((1,), "step 1"), ((1, 3), "steps 1 and 3"), ((1, 2, 4), "steps 1, 2 and 4")],
)
def test_steps_text(steps: tuple[int, ...], text: str) -> None:
    """Steps are listed the way a sentence lists them."""
    assert steps_text(steps) == text


@pytest.mark.parametrize(
    ("text", "lowered"),
    [("Both present", "both present"), ("OMS first", "OMS first"), ("", ""), ("A", "a")],
)
def test_lower_first_spares_acronyms(text: str, lowered: str) -> None:
    """A spec label is lower-cased at its start inside a sentence, unless it is an acronym."""
    assert lower_first(text) == lowered
