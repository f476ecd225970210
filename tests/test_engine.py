"""The engine agrees with framework.md for every combination of answers."""

from __future__ import annotations

import itertools

import pytest

from framework.engine import AnswerError, diagnose, next_unanswered, tally
from framework.spec.model import Spec

IDS = (
    "payload_consistent",
    "varies_by_handler",
    "retry_resolves",
    "recurs_after_handoff",
    "root_cause",
)
YES_NO = ("yes", "no", "unsure")
ROOT = ("schema_mismatch", "missing_rule", "unsure")
ALL_COMBINATIONS = [
    dict(zip(IDS, values, strict=True))
    for values in itertools.product(YES_NO, YES_NO, YES_NO, YES_NO, ROOT)
]
# framework.md, "The five questions": which answer votes for which side.
SIDE = {
    "payload_consistent": {"yes": "integration", "no": "process"},
    "varies_by_handler": {"no": "integration", "yes": "process"},
    "retry_resolves": {"yes": "integration", "no": "process"},
    "recurs_after_handoff": {"no": "integration", "yes": "process"},
    "root_cause": {"schema_mismatch": "integration", "missing_rule": "process"},
}


def oracle(answers: dict[str, str]) -> tuple[str, str | None, list[str]]:
    """framework.md's flowchart, transcribed step by step: (verdict, deciding question, path)."""
    a = {qid: answers.get(qid, "unsure") for qid in IDS}
    path = ["payload_consistent"]
    if a["payload_consistent"] == "no":
        return "process", "payload_consistent", path
    path.append("varies_by_handler")
    if a["varies_by_handler"] == "yes":
        return "process", "varies_by_handler", path
    path.append("retry_resolves")
    if a["retry_resolves"] == "yes":
        return "integration", "retry_resolves", path
    path.append("recurs_after_handoff")
    if a["recurs_after_handoff"] == "yes":
        return "process", "recurs_after_handoff", path
    if a["recurs_after_handoff"] == "no":
        return "integration", "recurs_after_handoff", path
    path.append("root_cause")
    if a["root_cause"] == "schema_mismatch":
        return "integration", "root_cause", path
    if a["root_cause"] == "missing_rule":
        return "process", "root_cause", path
    return "undetermined", None, path


def test_there_are_243_combinations() -> None:
    """Three answers to each of five questions: 3**5 combinations, all distinct."""
    assert len({tuple(c.values()) for c in ALL_COMBINATIONS}) == 243


@pytest.mark.parametrize("answers", ALL_COMBINATIONS, ids=lambda a: "-".join(a.values()))
def test_flowchart_matches_framework(spec: Spec, answers: dict[str, str]) -> None:
    """Verdict, deciding question and path follow framework.md's flowchart."""
    diagnosis = diagnose(spec, answers)
    verdict, deciding, path = oracle(answers)
    assert diagnosis.verdict == verdict
    assert diagnosis.deciding_question == deciding
    assert list(diagnosis.path) == path
    assert diagnosis.complete


@pytest.mark.parametrize("answers", ALL_COMBINATIONS, ids=lambda a: "-".join(a.values()))
def test_tally_and_both_present(spec: Spec, answers: dict[str, str]) -> None:
    """Each answered question votes for its side; votes on both sides mean both present."""
    sides = [SIDE[qid].get(value) for qid, value in answers.items()]
    diagnosis = diagnose(spec, answers)
    assert diagnosis.votes.integration == sides.count("integration")
    assert diagnosis.votes.process == sides.count("process")
    both = "integration" in sides and "process" in sides
    assert diagnosis.both_present is both
    expected_advice = "both" if both else diagnosis.verdict
    assert diagnosis.advice.key == expected_advice
    assert diagnosis.tag == expected_advice


@pytest.mark.parametrize(
    ("answers", "verdict", "awaiting"),
    [
        ({}, "undetermined", "payload_consistent"),
        ({"payload_consistent": "no"}, "process", None),
        ({"payload_consistent": "yes"}, "undetermined", "varies_by_handler"),
        (
            {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"},
            "integration",
            None,
        ),
        ({"root_cause": "schema_mismatch"}, "integration", "payload_consistent"),
        ({"varies_by_handler": "yes"}, "process", "payload_consistent"),
    ],
)
def test_subsets_treat_missing_answers_as_unsure(
    spec: Spec, answers: dict[str, str], verdict: str, awaiting: str | None
) -> None:
    """A missing answer decides nothing; `awaiting` names the first one missing on the path."""
    diagnosis = diagnose(spec, answers)
    assert diagnosis.verdict == verdict
    assert diagnosis.awaiting == awaiting
    assert diagnosis.complete is (awaiting is None)


@pytest.mark.parametrize("answers", ALL_COMBINATIONS[::7])
def test_order_of_answers_does_not_matter(spec: Spec, answers: dict[str, str]) -> None:
    """The same answers given in reverse order give the same diagnosis."""
    reverse = dict(reversed(list(answers.items())))
    assert diagnose(spec, reverse) == diagnose(spec, answers)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"colour": "blue"}, "unknown question 'colour'"),
        ({"payload_consistent": "maybe"}, "payload_consistent: unknown answer 'maybe'"),
        ({"root_cause": "yes"}, "root_cause: unknown answer 'yes'"),
    ],
)
def test_unknown_ids_and_values_are_rejected(
    spec: Spec, answers: dict[str, str], message: str
) -> None:
    """An answer outside the spec raises AnswerError naming it."""
    with pytest.raises(AnswerError, match=message):
        diagnose(spec, answers)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "payload_consistent"),
        ({"payload_consistent": "yes"}, "varies_by_handler"),
        ({"payload_consistent": "no"}, "varies_by_handler"),
        (dict.fromkeys(IDS, "unsure"), None),
    ],
)
def test_next_unanswered(spec: Spec, answers: dict[str, str], expected: str | None) -> None:
    """After a verdict the operator may keep answering the remaining questions, in order."""
    assert next_unanswered(spec, answers) == expected


def test_tally_counts_only_votes(spec: Spec) -> None:
    """`unsure` answers do not vote."""
    votes = tally(spec, {"payload_consistent": "unsure", "root_cause": "missing_rule"})
    assert (votes.integration, votes.process) == (0, 1)
