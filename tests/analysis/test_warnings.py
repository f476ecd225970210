"""Warnings on verdicts: exactly when the verdict rests on a guessed column, on one answer,
on few occurrences, or is the folded group; worded with the columns and numbers; kept
through JSON and worked out again after an override."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pytest

from framework.analysis.background import analyse_mapped
from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze_table, mapping_for
from framework.analysis.results import Analysis
from framework.analysis.warnings import (
    FOLDED_GROUP,
    GUESSED_COLUMN,
    GUESSED_KEY,
    METRIC_FIELDS,
    ONE_ANSWER,
    SMALL_GROUP,
    GroupWarning,
    WarningContext,
    group_warnings,
    warning_text,
)
from framework.engine import diagnose
from framework.inference.answers import Inferred
from framework.inference.tallies import OTHER_GROUPS
from framework.logs.reading import read_log, read_log_file
from framework.spec.model import METRIC_PARAMS, UNSURE, Spec
from tests.support.sample_logs import DATA
from tests.support.warning_logs import FIRM, RARE, THIN, thin_log

ANSWERED = {
    "payload_consistent": "yes",
    "varies_by_handler": "no",
    "retry_resolves": "yes",
    "recurs_after_handoff": "no",
    "root_cause": "schema_mismatch",
}


def warned(
    spec: Spec,
    answers: Mapping[str, str],
    *,
    rows: int = 100,
    guessed: Mapping[str, float] | None = None,
    group_by: str = "error_code",
    overrides: Mapping[str, str] | None = None,
    name: str = "G",
    folded: int = 0,
) -> tuple[GroupWarning, ...]:
    """The warnings of one group whose inferred answers are `answers` (the rest unsure)."""
    inferred = {
        qid: Inferred(qid, answers.get(qid, UNSURE), "…", 0.9, rows, spec.inference[qid])
        for qid in spec.question_ids
    }
    overrides = dict(overrides or {})
    effective = {qid: overrides.get(qid, item.value) for qid, item in inferred.items()}
    context = WarningContext(group_by, dict(guessed or {}), folded)
    return group_warnings(spec, name, inferred, overrides, diagnose(spec, effective), context)


CASES = [
    ("firm: every answer on plenty of rows, no guess", ANSWERED, {}, ()),
    (
        "the group key guessed",
        ANSWERED,
        {"guessed": {"error_code": 0.55}},
        (GroupWarning(GUESSED_KEY, ("error_code",)),),
    ),
    (
        "a boundary group from a guessed source column",
        ANSWERED,
        {"guessed": {"source_system": 0.6}, "group_by": "boundary"},
        (
            GroupWarning(GUESSED_KEY, ("source_system",)),
            GroupWarning(GUESSED_COLUMN, ("source_system",), ("payload_consistent",)),
        ),
    ),
    (
        "templates of guessed messages",
        ANSWERED,
        {"guessed": {"message": 0.6}, "group_by": "message_template"},
        (
            GroupWarning(GUESSED_KEY, ("message",)),
            GroupWarning(GUESSED_COLUMN, ("message",), ("root_cause",)),
        ),
    ),
    (
        "an event log's guessed case column",
        ANSWERED,
        {"guessed": {"case_id": 0.5}},
        (GroupWarning(GUESSED_KEY, ("case_id",)),),
    ),
    (
        "an answer read from a guessed handler",
        ANSWERED,
        {"guessed": {"handler": 0.6}},
        (GroupWarning(GUESSED_COLUMN, ("handler",), ("varies_by_handler",)),),
    ),
    (
        "a guessed handler behind an unsure answer",
        {**ANSWERED, "varies_by_handler": UNSURE},
        {"guessed": {"handler": 0.6}},
        (),
    ),
    (
        "a guessed handler behind an answer set by hand",
        ANSWERED,
        {"guessed": {"handler": 0.6}, "overrides": {"varies_by_handler": "no"}},
        (),
    ),
    (
        "one answer decides, the others unsure",
        {"root_cause": "schema_mismatch"},
        {},
        (GroupWarning(ONE_ANSWER, questions=("root_cause",)),),
    ),
    (
        "one answer on few rows",
        {"root_cause": "schema_mismatch"},
        {"rows": 8},
        (
            GroupWarning(ONE_ANSWER, questions=("root_cause",)),
            GroupWarning(SMALL_GROUP, questions=("root_cause",), rows=8, needed=12),
        ),
    ),
    (
        "the deciding answer on few rows, others answered",
        ANSWERED,
        {"rows": 10},  # retry decides (min_rows 6): firm from 12
        (GroupWarning(SMALL_GROUP, questions=("retry_resolves",), rows=10, needed=12),),
    ),
    (
        "the deciding answer set by hand",
        {"root_cause": "schema_mismatch"},
        {"rows": 8, "overrides": {"root_cause": "missing_rule"}},
        (),
    ),
    ("undetermined claims no verdict", {}, {"guessed": {"error_code": 0.5}, "rows": 3}, ()),
    (
        "the folded bucket",
        ANSWERED,
        {"name": OTHER_GROUPS, "folded": 40},
        (GroupWarning(FOLDED_GROUP, groups=40),),
    ),
    (
        "the folded bucket, undetermined",
        {},
        {"name": OTHER_GROUPS, "folded": 40},
        (GroupWarning(FOLDED_GROUP, groups=40),),
    ),
    ("a group named like the bucket, nothing folded", ANSWERED, {"name": OTHER_GROUPS}, ()),
]


@pytest.mark.parametrize(
    ("case", "answers", "options", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_a_verdict_warns_exactly_when_it_rests_on_too_little(
    spec: Spec,
    case: str,
    answers: Mapping[str, str],
    options: dict[str, object],
    expected: tuple[GroupWarning, ...],
) -> None:
    """Each kind of warning appears in its situation and in no other."""
    assert warned(spec, answers, **options) == expected  # type: ignore[arg-type]


def test_every_metric_says_which_fields_it_reads() -> None:
    """A new metric cannot be added without saying which log fields its answer rests on."""
    assert set(METRIC_FIELDS) == set(METRIC_PARAMS)


@pytest.mark.parametrize(
    ("warning", "text"),
    [
        (
            GroupWarning(GUESSED_KEY, ("error_code",)),
            "The groups are made from a guessed column (Error code / type ← 'col6', 55% sure): "
            "confirm or change it",
        ),
        (
            GroupWarning(GUESSED_COLUMN, ("handler",), ("varies_by_handler",)),
            "2. Who handles it rests on a guessed column (Handler ← 'who', 60% sure): "
            "confirm or change it",
        ),
        (
            GroupWarning(ONE_ANSWER, questions=("root_cause",)),
            "Only 5. Root cause decided the verdict; every other answer is unsure",
        ),
        (
            GroupWarning(SMALL_GROUP, questions=("root_cause",), rows=8, needed=12),
            "The deciding answer (5. Root cause) rests on 8 occurrences; a firm verdict needs "
            "about 12",
        ),
        (
            GroupWarning(FOLDED_GROUP, groups=40),
            "The 40 least frequent groups counted together: the verdict describes their mix, "
            "not any one of them",
        ),
    ],
)
def test_each_warning_is_worded_with_its_columns_and_numbers(
    spec: Spec, warning: GroupWarning, text: str
) -> None:
    """The sentence names the column and how sure it is, the questions and the counts."""
    columns = {"error_code": "col6", "handler": "who"}
    guessed = {"error_code": 0.55, "handler": 0.6}
    assert warning_text(spec, warning, columns, guessed) == text


def thin(spec: Spec, header: str) -> Analysis:
    """The analysis of `thin_log(header)`."""
    return analyze_table(read_log(thin_log(header), "thin.csv"), spec)[1]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Error code",
            {FIRM: [ONE_ANSWER], THIN: [ONE_ANSWER, SMALL_GROUP], RARE: []},
        ),
        (
            "col6",
            {
                FIRM: [GUESSED_KEY, ONE_ANSWER],
                THIN: [GUESSED_KEY, ONE_ANSWER, SMALL_GROUP],
                RARE: [],
            },
        ),
    ],
)
def test_the_pipeline_warns_each_group_of_a_log(
    spec: Spec, header: str, expected: dict[str, list[str]]
) -> None:
    """`analyze_table` stores each group's warnings: a guessed error code (an unknown header
    whose values look like codes) warns every determined group; an undetermined one none."""
    analysis = thin(spec, header)
    found = {group.group: [w.kind for w in group.warnings] for group in analysis.groups}
    assert found == expected


@pytest.mark.parametrize(
    "name", ["exceptions_ops.csv", "helpdesk_export.csv", "integration_events.jsonl"]
)
def test_the_catalogue_samples_carry_no_warning(spec: Spec, name: str) -> None:
    """Their columns are named, every determined verdict rests on several answers and on
    enough occurrences: no group warns."""
    analysis = analyze_table(read_log_file(DATA / name), spec)[1]
    assert [group.group for group in analysis.groups if group.warnings] == []
    assert analysis.guessed == {}


def test_warnings_go_through_json_and_follow_overrides(spec: Spec) -> None:
    """The JSON lists a group's warnings (only when there are some) and the guessed columns;
    read back it has the same; an override of the deciding answer drops its warnings."""
    analysis = thin(spec, "col6")
    data = analysis.to_dict()
    assert data["guessed_columns"] == {
        "error_code": pytest.approx(analysis.guessed["error_code"], abs=1e-3)
    }
    by_name = {group["group"]: group for group in data["groups"]}
    assert [w["kind"] for w in by_name[THIN]["warnings"]] == [GUESSED_KEY, ONE_ANSWER, SMALL_GROUP]
    assert by_name[THIN]["warnings"][2] == {
        "kind": SMALL_GROUP,
        "fields": [],
        "questions": ["root_cause"],
        "rows": 8,
        "needed": 12,
    }
    assert "warnings" not in by_name[RARE]
    again = Analysis.from_dict(data, spec)
    assert again.group(THIN).warnings == analysis.group(THIN).warnings
    edited = with_overrides(again, {THIN: {"root_cause": "missing_rule"}})
    assert [w.kind for w in edited.group(THIN).warnings] == [GUESSED_KEY]
    assert edited.group(FIRM) is again.group(FIRM)


def test_only_groups_whose_overrides_change_are_warned_again(spec: Spec) -> None:
    """An override re-works the warnings of its own group only (the others are the same
    objects); taking it back brings the group's first warnings back."""
    analysis = thin(spec, "col6")
    edited = with_overrides(analysis, {THIN: {"root_cause": "missing_rule"}})
    assert [w.kind for w in edited.group(THIN).warnings] == [GUESSED_KEY]
    assert all(
        new is old
        for new, old in zip(edited.groups, analysis.groups, strict=True)
        if new.group != THIN
    )
    back = with_overrides(edited, {})
    assert back.group(THIN).warnings == analysis.group(THIN).warnings
    scoped = replace(analysis, guessed={}).warned(only={RARE})
    assert scoped.group(THIN).warnings == analysis.group(THIN).warnings
    assert (
        replace(analysis, guessed={}).warned().group(THIN).warnings != scoped.group(THIN).warnings
    )


@pytest.mark.parametrize(
    ("choices", "guessed"), [({}, {"error_code"}), ({"error_code": "col6"}, set())]
)
def test_the_page_s_worker_warns_as_the_pipeline_does(
    spec: Spec, choices: dict[str, str | None], guessed: set[str]
) -> None:
    """`background.analyse_mapped` (the page's path) knows the guessed columns too; a
    confirmed one is no guess."""
    table = read_log(thin_log("col6"), "thin.csv")
    detected = mapping_for(table, spec)
    analysis, blocked = analyse_mapped(table, detected, spec, choices, "error_code")
    assert blocked is None and analysis is not None
    assert set(analysis.guessed) == guessed
    kinds = {w.kind for w in analysis.group(THIN).warnings}
    assert (GUESSED_KEY in kinds) is bool(guessed)
