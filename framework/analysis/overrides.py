"""Answers a person sets instead of the inferred ones: checked, kept and applied here only.

    edited = with_overrides(analysis, {"INV_DRIFT": {"retry_resolves": "no"}})
    overrides = set_override(analysis, overrides, "INV_DRIFT", "retry_resolves", "yes")
    overrides = clear_override(overrides, "INV_DRIFT")          # the whole group
    overrides = applicable(analysis, overrides)   # after a regroup: what still applies

`Overrides` is {group: {question id: answer value}}. The one rule — an override equal to
the inferred answer is no override — is `results.kept_overrides`, applied when a group is
built and when an override is stored, so an answer set away and back never comes back as
"set by hand" when the inferred answer later changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from framework.analysis.results import Analysis, GroupResult, kept_overrides
from framework.engine import answer_errors, diagnose

Overrides = Mapping[str, Mapping[str, str]]


class OverrideError(ValueError):
    """An override names a group, question or answer the analysis does not have."""


def with_overrides(analysis: Analysis, overrides: Overrides) -> Analysis:
    """The analysis with these answers set by hand: the complete set of overrides.

    Raises `OverrideError` for an unknown group, question or answer. Groups whose
    overrides change are diagnosed again; the others are reused. The inferred value and its
    evidence stay in `GroupResult.inferred`.
    """
    known = {group.group for group in analysis.groups}
    problems = [f"unknown group {name!r}" for name in overrides if name not in known]
    problems += [
        f"group {name!r}: {error}"
        for name, answers in overrides.items()
        for error in answer_errors(analysis.spec, answers)
    ]
    if problems:
        raise OverrideError("; ".join(problems))
    groups = tuple(
        _overridden(analysis, group, overrides.get(group.group, {})) for group in analysis.groups
    )
    changed = {
        new.group for new, old in zip(groups, analysis.groups, strict=True) if new is not old
    }
    return replace(analysis, groups=groups).warned(only=changed)


def applicable(analysis: Analysis, overrides: Overrides) -> dict[str, dict[str, str]]:
    """The overrides that still mean something for `analysis`: known groups, questions and
    answer values, each differing from the inferred answer (others are dropped quietly)."""
    spec = analysis.spec
    out: dict[str, dict[str, str]] = {}
    for group in analysis.groups:
        answers = overrides.get(group.group, {})
        valid = {
            qid: value
            for qid, value in answers.items()
            if qid in spec.question_ids and value in spec.question(qid).values
        }
        kept = kept_overrides(group.inferred, valid)
        if kept:
            out[group.group] = kept
    return out


def set_override(
    analysis: Analysis, overrides: Overrides, group: str, question: str, value: str
) -> dict[str, dict[str, str]]:
    """The overrides with one answer set by hand (setting the inferred answer clears it)."""
    edited = {name: dict(answers) for name, answers in overrides.items()}
    edited.setdefault(group, {})[question] = value
    return applicable(analysis, edited)


def clear_override(
    overrides: Overrides, group: str, question: str | None = None
) -> dict[str, dict[str, str]]:
    """The overrides without one question's (or, with None, the whole group's)."""
    edited = {name: dict(answers) for name, answers in overrides.items()}
    answers = edited.get(group, {})
    if question is None:
        answers.clear()
    else:
        answers.pop(question, None)
    return {name: answers for name, answers in edited.items() if answers}


def _overridden(analysis: Analysis, group: GroupResult, answers: Mapping[str, str]) -> GroupResult:
    kept = kept_overrides(group.inferred, answers)
    if kept == dict(group.overrides):
        return group
    answers_now = {qid: kept.get(qid, item.value) for qid, item in group.inferred.items()}
    return replace(group, overrides=kept, diagnosis=diagnose(analysis.spec, answers_now))
