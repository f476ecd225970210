"""What the team lead's page shows of an analysis: group table, answer views, mapping rows,
group-by choices, the sample-log catalogue and download names (pure data, no Streamlit)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze, analyze_table
from framework.analysis.results import Analysis
from framework.columns.group_by import group_by_choices
from framework.columns.mapping import detect_mapping
from framework.inference.answers import Inferred
from framework.inference.wording import BETWEEN_THRESHOLDS, MISSING_COLUMN, TOO_FEW_ROWS
from framework.logs.reading import read_log
from framework.logs.samples import sample_logs
from framework.spec.model import Spec
from framework.views.lead_tables import (
    EXCEPTIONS,
    GROUP,
    OVERRIDDEN_MARK,
    VERDICT,
    answer_views,
    file_stem,
    group_table,
    mapping_rows,
    measure_text,
    question_column,
    share_text,
    unsure_reason,
)
from tests.support.sample_logs import SAMPLES, mapping, read_sample


@pytest.fixture(scope="module")
def analysis(spec: Spec) -> Analysis:
    frame = read_sample("integration_events.jsonl")
    return analyze(frame, mapping("integration_events.jsonl"), spec)


def test_group_table_has_one_row_per_group_in_recurrence_order(analysis: Analysis) -> None:
    """Rows follow the analysis (most exceptions first) and carry verdict and both-present."""
    table = group_table(analysis)
    assert list(table[GROUP]) == [group.group for group in analysis.groups]
    assert list(table[EXCEPTIONS]) == sorted(table[EXCEPTIONS], reverse=True)
    labels = {analysis.spec.verdicts[g.verdict].label for g in analysis.groups}
    assert set(table[VERDICT]) == labels
    both = analysis.spec.both_present.label
    assert list(table[both]) == [g.both_present for g in analysis.groups]


def test_overridden_answers_are_marked_in_the_table(spec: Spec, analysis: Analysis) -> None:
    """An answer set by hand shows its label with the ✎ mark; the others stay plain."""
    first = analysis.groups[0]
    edited = with_overrides(analysis, {first.group: {"root_cause": "missing_rule"}})
    table = group_table(edited)
    column = question_column(spec, "root_cause")
    label = spec.question("root_cause").answer("missing_rule").label
    assert table.loc[0, column] == label + OVERRIDDEN_MARK
    assert not str(table.loc[1, column]).endswith(OVERRIDDEN_MARK)


def test_answer_views_carry_evidence_measure_and_override(spec: Spec, analysis: Analysis) -> None:
    """Each question appears once, in spec order, with the inferred value kept beside an override."""
    group = analysis.groups[0]
    edited = with_overrides(analysis, {group.group: {"payload_consistent": "no"}}).groups[0]
    views = answer_views(spec, edited)
    assert [view.question for view in views] == list(spec.question_ids)
    first = views[0]
    assert (first.value, first.overridden, first.inferred_value) == ("no", True, "yes")
    assert first.evidence == group.inferred["payload_consistent"].evidence
    assert first.measure is not None and "at least 8 needed" in first.measure


def test_missing_retry_columns_explain_the_unsure_answer(spec: Spec, analysis: Analysis) -> None:
    """The JSON Lines sample has no retry data: retry is unsure and the reason names the columns."""
    view = next(v for v in answer_views(spec, analysis.groups[0]) if v.question == "retry_resolves")
    assert view.value == "unsure"
    assert (
        view.unsure_reason
        == "The log has no Retry count or Retry outcome column, so it cannot show this."
    )


@pytest.mark.parametrize(
    ("reason", "metric", "rows", "expected"),
    [
        (TOO_FEW_ROWS, 0.9, 3, "Only 3 occurrences carry the data; at least 8 are needed."),
        (BETWEEN_THRESHOLDS, 0.65, 40, "The measure (65%) is between the 50% and 80% marks"),
        (MISSING_COLUMN, None, 0, "The log has no Payload column"),
        (None, 0.9, 40, None),
    ],
)
def test_unsure_reasons_in_words(
    spec: Spec, reason: str | None, metric: float | None, rows: int, expected: str | None
) -> None:
    """Why an answer is unsure is one sentence with the numbers; an answered one has none."""
    rule = spec.inference["payload_consistent"]
    value = "yes" if reason is None else "unsure"
    missing = ("payload",) if reason == MISSING_COLUMN else ()
    item = Inferred("payload_consistent", value, "…", metric, rows, rule, reason, missing)
    found = unsure_reason(spec, item)
    assert (found is None) if expected is None else (found or "").startswith(expected)


def test_measure_names_the_metric_and_both_thresholds(spec: Spec) -> None:
    """The measure line gives the metric, the two marks with their answers, and the rows."""
    rule = spec.inference["retry_resolves"]
    item = Inferred("retry_resolves", "yes", "…", 0.84, 231, rule)
    assert measure_text(spec, item) == (
        "Share of retried occurrences whose retry succeeded: 84% · Yes at 60% or more, "
        "No at 30% or less · rests on 231 occurrences (at least 6 needed)"
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_mapping_rows_explain_detection_and_user_choices(spec: Spec, name: str) -> None:
    """Every field gets a row; detected ones say why and how sure, a changed one that it was
    your choice, a missing one what the log lacks."""
    frame = read_sample(name)
    detected = detect_mapping(frame, spec)
    current = detected.to_dict()
    changed = next(field for field, column in current.items() if column)
    current[changed] = None
    rows = {row.field: row for row in mapping_rows(spec, detected, current)}
    assert list(rows) == [field.id for field in spec.columns]
    assert (rows[changed].line, rows[changed].by_user) == ("Left out by you", True)
    for field, row in rows.items():
        found = detected.assignments.get(field)
        if field == changed:
            continue
        if found is not None:
            assert row.line == f"Sure ({found.confidence:.0%}) · {found.reason}"
        else:
            assert row.line.startswith("Not found in this log")


PEOPLE = ["Jane Doe", "Ravi Shah", "Ana Lima"]


@pytest.mark.parametrize(
    ("columns", "field", "sureness", "line"),
    [
        (
            {"Traité par": PEOPLE * 10},
            "handler",
            "sure",
            "Sure (98%) · the header is Handler in French; its values agree (people or "
            "accounts such as 'Jane Doe', 'Ravi Shah')",
        ),
        (
            {"who": PEOPLE * 10},
            "handler",
            "guess",
            "A guess: confirm it (60%) · no header names it; 100% of the sampled values look "
            "like people or accounts such as 'Jane Doe', 'Ravi Shah'",
        ),
        (
            {"Final retry state": ["ok", "failed", "maybe"] * 10},
            "retry_outcome",
            "likely",
            "Likely (82%) · the header contains 'retry state'; its values fit (retry outcomes "
            "such as 'ok', 'failed')",
        ),
    ],
)
def test_a_mapping_row_says_in_one_line_what_was_found_and_how_sure(
    spec: Spec, columns: dict[str, list[str]], field: str, sureness: str, line: str
) -> None:
    """One line per field: how sure (sure, likely, a guess to confirm) with the confidence,
    then what the header and the values said."""
    frame = pd.DataFrame(columns, dtype="str")
    detected = detect_mapping(frame, spec)
    row = next(r for r in mapping_rows(spec, detected, detected.to_dict()) if r.field == field)
    assert row.sureness == sureness
    assert row.line == line
    assert row.guessed is (sureness == "guess")


def test_a_confirmed_guess_is_yours(spec: Spec) -> None:
    """A guessed column the user kept reads "Confirmed by you"."""
    frame = pd.DataFrame({"who": PEOPLE * 10}, dtype="str")
    detected = detect_mapping(frame, spec)
    rows = mapping_rows(spec, detected, detected.to_dict(), choices={"handler": "who"})
    row = next(r for r in rows if r.field == "handler")
    assert (row.line, row.sureness, row.guessed) == ("Confirmed by you", "yours", False)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            "retry_outcome",
            "Not found in this log; with it the log could answer 3. Retry in 2 groups",
        ),
        (
            "handler",
            "Not found in this log; with it the log could answer 2. Who handles it in 2 groups",
        ),
        (
            "payload",
            "Not found in this log; with it the log could answer 1. Payload pattern in 2 groups",
        ),
        ("exception_id", "Not found in this log"),
    ],
)
def test_a_missing_column_says_which_answers_it_would_change(
    spec: Spec, field: str, expected: str
) -> None:
    """An unmapped field names the questions that wait for it and in how many groups."""
    rows = ["code,message"] + [
        f"{['E1', 'E2'][i % 2]},field format invalid for order {i}" for i in range(40)
    ]
    table = read_log("\n".join(rows).encode(), "log.csv")
    mapping, analysis = analyze_table(table, spec)
    found = {r.field: r for r in mapping_rows(spec, mapping, mapping.to_dict(), analysis)}
    assert found[field].line == expected


def test_without_an_analysis_a_missing_column_names_the_questions_it_is_read_for(
    spec: Spec,
) -> None:
    """Before any analysis (the mapping blocks one), the row says which questions read it."""
    detected = detect_mapping(pd.DataFrame({"x": ["1"] * 3}, dtype="str"), spec)
    row = next(r for r in mapping_rows(spec, detected, {}) if r.field == "handoff_status")
    assert row.line == "Not found in this log; it is read for 4. After a clean handoff"


@pytest.mark.parametrize(
    ("mapped", "expected"),
    [
        (
            {"error_code": "code", "source_system": "from"},
            ("error_code", "boundary", "source_system"),
        ),
        ({"boundary": "integration"}, ("boundary",)),
        ({"target_system": "to"}, ("boundary", "target_system")),
        ({"message": "text"}, ("message_template",)),
        ({"handler": "who"}, ()),
    ],
)
def test_group_by_choices_are_the_fields_the_mapping_provides(
    mapped: dict[str, str], expected: tuple[str, ...]
) -> None:
    """Only groupable fields with a column (a boundary from either system side) are offered."""
    assert group_by_choices(mapped) == expected


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Week 12 queue", "week-12-queue"),
        ("", "exception-analysis"),
        ("!!", "exception-analysis"),
        ("Ünïcode / Shopify → NetSuite", "unicode-shopify-netsuite"),
    ],
)
def test_file_stem(title: str, stem: str) -> None:
    """Download names are lower-case words joined by dashes, with a fallback."""
    assert file_stem(title) == stem


def test_sample_catalogue_lists_the_logs_in_data() -> None:
    """The sample choice lists the three sample logs with the README's shape and row counts."""
    samples = {sample.name: sample for sample in sample_logs()}
    assert list(samples) == list(SAMPLES)
    assert samples["helpdesk_export.csv"].rows == 1015
    assert "no retry count" in samples["helpdesk_export.csv"].description
    assert all(sample.path.is_file() for sample in samples.values())


def test_sample_catalogue_skips_unlisted_and_missing_files(tmp_path: Path) -> None:
    """Only files the catalogue lists and the folder holds are offered; no README, no samples."""
    assert sample_logs(tmp_path) == ()
    (tmp_path / "README.md").write_text(
        "| file | shape | rows | groups |\n| --- | --- | --- | --- |\n"
        "| `here.csv` | ours | 10 | 2 |\n| `gone.csv` | lost | 5 | 1 |\n",
        encoding="utf-8",
    )
    (tmp_path / "here.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "ground_truth.json").write_text("{}", encoding="utf-8")
    assert [sample.name for sample in sample_logs(tmp_path)] == ["here.csv"]


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.0, "0%"), (0.004, "<1%"), (0.005, "<1%"), (0.49, "49%"), (0.999, ">99%"), (1.0, "100%")],
)
def test_share_text(share: float, text: str) -> None:
    """Shares are whole percentages; a tiny share is '<1%', a near-total one '>99%'."""
    assert share_text(share) == text
