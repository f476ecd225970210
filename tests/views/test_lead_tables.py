"""What the team lead's page shows of an analysis: group table, answer views, mapping rows,
group-by choices, the sample-log catalogue and download names (pure data, no Streamlit)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framework.analysis.cost import recurrence_costs
from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze
from framework.analysis.results import Analysis
from framework.columns.group_by import group_by_choices
from framework.columns.mapping import detect_mapping
from framework.inference.answers import Inferred
from framework.inference.wording import BETWEEN_THRESHOLDS, MISSING_COLUMN, TOO_FEW_ROWS
from framework.logs.samples import sample_logs
from framework.spec.model import Spec
from framework.views.lead_tables import (
    EXCEPTIONS,
    GROUP,
    NOT_FOUND,
    OVERRIDDEN_MARK,
    VERDICT,
    MappingRow,
    answer_views,
    field_note,
    file_stem,
    fix_plan_rows,
    group_table,
    mapping_rows,
    measure_text,
    needed_by,
    plan_total,
    question_column,
    share_text,
    unsure_reason,
    values_found,
)
from tests.support.sample_logs import CATALOGUE, SAMPLES, mapping, read_sample


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
    your choice, a missing one that the log lacks it."""
    frame = read_sample(name)
    detected = detect_mapping(frame, spec)
    current = detected.to_dict()
    changed = next(field for field, column in current.items() if column)
    current[changed] = None
    rows = {row.field: row for row in mapping_rows(spec, detected, current)}
    assert list(rows) == [field.id for field in spec.columns]
    assert (rows[changed].how, rows[changed].by_user) == ("left out by you", True)
    for field, row in rows.items():
        found = detected.assignments.get(field)
        if field == changed:
            continue
        if found is not None:
            assert (row.how, row.confidence, row.sureness) == (
                found.reason,
                found.confidence,
                "sure",
            )
        else:
            assert (row.how, row.confidence) == (NOT_FOUND, None)


PEOPLE = ["Jane Doe", "Ravi Shah", "Ana Lima"]


@pytest.mark.parametrize(
    ("columns", "field", "sureness", "note"),
    [
        (
            {"Traité par": PEOPLE * 10},
            "handler",
            "sure",
            "3 different values, e.g. Jane Doe. Sure (98%): the header is Handler in French; "
            "its values agree (people or accounts such as 'Jane Doe', 'Ravi Shah').",
        ),
        (
            {"Handler": PEOPLE * 10},
            "handler",
            "sure",
            "3 different values, e.g. Jane Doe. Sure (98%): its values agree (people or "
            "accounts such as 'Jane Doe', 'Ravi Shah').",
        ),
        (
            {"who": PEOPLE * 10},
            "handler",
            "guess",
            "3 different values, e.g. Jane Doe. A guess: confirm it (60%): no header names it; "
            "100% of the sampled values look like people or accounts such as 'Jane Doe', "
            "'Ravi Shah'.",
        ),
        (
            {"Final retry state": ["ok", "failed", "maybe"] * 10},
            "retry_outcome",
            "likely",
            "3 different values, e.g. ok. Likely (82%): the header contains 'retry state'; its "
            "values fit (retry outcomes such as 'ok', 'failed').",
        ),
    ],
)
def test_a_field_note_says_in_one_line_what_was_found_and_how_sure(
    spec: Spec, columns: dict[str, list[str]], field: str, sureness: str, note: str
) -> None:
    """One line per field: what the column holds, how sure detection is (sure, likely, a
    guess to confirm) with the confidence, and why, never "the header is a name for X"."""
    frame = pd.DataFrame(columns, dtype="str")
    detected = detect_mapping(frame, spec)
    row = next(r for r in mapping_rows(spec, detected, detected.to_dict()) if r.field == field)
    assert row.sureness == sureness
    assert row.guessed is (sureness == "guess")
    column = frame[row.column] if row.column else None
    assert field_note(spec, row, (), values_found(column) if column is not None else None) == note


def test_a_confirmed_guess_is_yours(spec: Spec) -> None:
    """A guessed column the user kept reads "Confirmed by you"."""
    frame = pd.DataFrame({"who": PEOPLE * 10}, dtype="str")
    detected = detect_mapping(frame, spec)
    rows = mapping_rows(spec, detected, detected.to_dict(), choices={"handler": "who"})
    row = next(r for r in rows if r.field == "handler")
    assert (row.sureness, row.guessed) == ("yours", False)
    assert field_note(spec, row) == "Confirmed by you."


def test_a_field_its_values_ruled_out_says_why_it_is_missing(spec: Spec) -> None:
    """A header named after a field whose values rule it out: the note says so."""
    frame = pd.DataFrame({"Category": ["INV_DRIFT"] * 30}, dtype="str")
    detected = detect_mapping(frame, spec)
    row = next(r for r in mapping_rows(spec, detected, {}) if r.field == "error_code")
    assert field_note(spec, row) == (
        "Not in this log ('Category' is named like it, but every row holds the same value "
        "('INV_DRIFT')); no answer needs it."
    )


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
    """The sample choice lists the sample logs (the two periods too) with the README's shape
    and row counts."""
    samples = {sample.name: sample for sample in sample_logs()}
    assert list(samples) == list(CATALOGUE)
    assert samples["period_after.csv"].rows == 572
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


@pytest.fixture(scope="module")
def ops(spec: Spec) -> Analysis:
    return analyze(read_sample("exceptions_ops.csv"), mapping("exceptions_ops.csv"), spec)


def test_fix_plan_counts_a_both_present_groups_hours_once(spec: Spec, ops: Analysis) -> None:
    """A both-present group's integration step brings no hours back on its own ("back with
    step N"); its process step carries them, so the plan's hours add up to the groups' and,
    with the groups to investigate, to the log's total."""
    report = recurrence_costs(ops)
    rows = fix_plan_rows(spec, report)
    both = [row for row in rows if row.tag == "both"]
    assert both and len(both) % 2 == 0
    for first, second in zip(both[::2], both[1::2], strict=True):
        assert (first.group, first.counted, second.counted) == (second.group, False, True)
        assert first.hours_text == f"back with step {second.rank}"
        assert second.hours_text.endswith(" h/week")
    counted = sum(row.hours_per_week or 0.0 for row in rows if row.counted)
    total = plan_total(report)
    assert total.hours == pytest.approx(counted)
    assert total.hours + total.investigate == pytest.approx(report.total_hours_per_week or 0.0)
    assert total.total == pytest.approx(report.total_hours_per_week or 0.0)
    assert total.text.startswith(f"{total.hours:,.1f} h/week back once every fix is done")


def test_fix_plan_brief_leaves_the_quoted_advice_out(spec: Spec, ops: Analysis) -> None:
    """The short reason for the overview keeps the cost and the order, not the advice text."""
    rows = fix_plan_rows(spec, recurrence_costs(ops))
    first_both = next(row for row in rows if row.tag == "both")
    assert spec.advice["both"].summary in first_both.why
    assert spec.advice["both"].summary not in first_both.brief
    assert first_both.brief.endswith("so the integration goes first.")


@pytest.mark.parametrize(
    ("row", "needed", "note"),
    [
        (
            MappingRow("handler", "Handler", "agent", "Header name", "x", False),
            (),
            "Recognised by its header.",
        ),
        (
            MappingRow("retry_count", "Retry count", "tries2", "Similar header", "x", False, 0.8),
            (),
            "Header close to a usual name for it (80% match): check it is the right column.",
        ),
        (
            MappingRow(
                "timestamp",
                "Timestamp",
                "t",
                "Values",
                "97% of the sampled values look like timestamps",
                False,
            ),
            (),
            "Recognised from its values: 97% of the sampled values look like timestamps.",
        ),
        (
            MappingRow("handler", "Handler", "who", "Your choice", "chosen by you", True),
            (),
            "Chosen by you.",
        ),
        (
            MappingRow("exception_id", "Exception id", None, "", NOT_FOUND, False),
            (),
            "Not in this log; no answer needs it.",
        ),
        (
            MappingRow("retry_count", "Retry count", None, "", NOT_FOUND, False),
            (3,),
            "Not in this log: without it, question 3 (Retry) stays “not sure” for some groups.",
        ),
        (
            MappingRow("boundary", "Boundary", None, "Your choice", "left out by you", True),
            (1, 3),
            "Left out by you: without it, questions 1 (Payload pattern) and 3 (Retry) stay "
            "“not sure” for some groups.",
        ),
    ],
)
def test_field_note_is_one_line_per_field(
    spec: Spec, row: MappingRow, needed: tuple[int, ...], note: str
) -> None:
    """Each field gets one line: how its column was found, or what its absence costs."""
    assert field_note(spec, row, needed) == note


@pytest.mark.parametrize(
    ("values", "found"),
    [
        (["A_1", "B_2", "A_1", None], "2 different values, e.g. A_1"),
        (["same", "same"], "the same value in every row: same"),
        ([None, "  ", None], "empty in every row"),
        (["x" * 50, "y"], f"2 different values, e.g. {'x' * 31}…"),
    ],
)
def test_values_found_says_what_a_column_holds(values: list[str | None], found: str) -> None:
    """A column is summed up in a few words: how many different values, and one of them."""
    assert values_found(pd.Series(values, dtype="str")) == found


def test_a_found_column_is_described_by_its_values_not_by_how_it_was_found(spec: Spec) -> None:
    """A column recognised by its header gets its values, not "recognised by its header"
    again; one chosen by its values or a near name says so after them."""
    plain = MappingRow("error_code", "Error code / type", "error_code", "Header name", "x", False)
    assert field_note(spec, plain, (), "16 different values, e.g. INV_SYNC_DRIFT") == (
        "16 different values, e.g. INV_SYNC_DRIFT."
    )
    near = MappingRow("retry_count", "Retry count", "tries2", "Similar header", "x", False, 0.8)
    assert field_note(spec, near, (), "4 different values, e.g. 0").startswith(
        "4 different values, e.g. 0. Header close to a usual name"
    )


def test_needed_by_names_the_questions_a_missing_column_leaves_unsure(
    spec: Spec, analysis: Analysis
) -> None:
    """The JSON Lines sample has no retry columns: both would let question 3 be answered."""
    needed = needed_by(spec, analysis)
    assert needed["retry_count"] == (3,) and needed["retry_outcome"] == (3,)
    assert "exception_id" not in needed
    assert needed_by(spec, None) == {}


@pytest.mark.parametrize("sample", sample_logs(), ids=lambda sample: sample.name)
def test_sample_captions_are_written_for_users(sample: object) -> None:
    """A sample's caption says what the user will see, in words: no code formatting, no file
    format jargon (delimiters, epoch times, ISO 8601)."""
    text = sample.description  # type: ignore[attr-defined]
    assert "`" not in text and "**" not in text
    assert not any(word in text for word in ("ISO 8601", "epoch", "delimiter", "`;`"))
    assert len(text) <= 160
