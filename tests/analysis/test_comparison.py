"""Comparing two periods reads each group in the framework's terms: cleared, contract still
unstable, now process, changed shape, still recurring, new; rates per week; from two logs or
one log split at a day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from framework.analysis.comparison import (
    ChangeMarker,
    Comparison,
    ComparisonError,
    Period,
    boundary_systems,
    compare,
)
from framework.analysis.cost import Window
from framework.analysis.periods import log_period, split_log, split_stream, stream_period
from framework.logs import delimited, streaming
from framework.logs.reading import read_log_file
from framework.logs.streaming import open_log_stream
from framework.spec.model import READINGS, Spec
from tests.support.builders import analysis, group
from tests.support.sample_logs import DATA, TRUTH

PERIOD_TRUTH = TRUTH["comparisons"]["period_before.csv → period_after.csv"]
CHANGE_DAY = date.fromisoformat(PERIOD_TRUTH["change_day"])


@pytest.fixture(scope="module")
def sample_comparison(spec: Spec) -> Comparison:
    before = log_period(read_log_file(DATA / "period_before.csv"), spec)
    after = log_period(read_log_file(DATA / "period_after.csv"), spec)
    return compare(before, after)


@pytest.fixture(scope="module")
def combined_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both periods in one file, as a queue export covering the whole ten weeks would be."""
    before = (DATA / "period_before.csv").read_text(encoding="utf-8")
    after = (DATA / "period_after.csv").read_text(encoding="utf-8").split("\n", 1)[1]
    path = tmp_path_factory.mktemp("split") / "queue.csv"
    path.write_text(before + after, encoding="utf-8")
    return path


def test_sample_periods_read_as_the_ground_truth(sample_comparison: Comparison) -> None:
    """Two logs: every group reads as the scenario in data/ground_truth.json intends."""
    found = {row.group: row.reading for row in sample_comparison.groups}
    assert found == PERIOD_TRUTH["readings"]
    assert [r.group for r in sample_comparison.new_groups] == PERIOD_TRUTH["new_groups"]
    assert [r.group for r in sample_comparison.vanished_groups] == PERIOD_TRUTH["vanished_groups"]


def test_one_log_split_at_the_change_reads_the_same(spec: Spec, combined_log: Path) -> None:
    """One log split on the day of the change gives the same periods and readings."""
    split = split_log(read_log_file(combined_log), spec, CHANGE_DAY, label="  Mappings\nfixed ")
    comparison = compare(split.before, split.after, [split.marker])
    assert {row.group: row.reading for row in comparison.groups} == PERIOD_TRUTH["readings"]
    assert split.before.window == Window(date(2024, 3, 4), date(2024, 4, 14))
    assert split.after.window == Window(CHANGE_DAY, date(2024, 5, 12))
    assert comparison.markers == (ChangeMarker(CHANGE_DAY, "Mappings fixed"),)
    assert split.undated == 0


def test_rates_are_per_week_so_unequal_windows_compare_fairly(
    sample_comparison: Comparison,
) -> None:
    """Six weeks before and four after: the same weekly rate reads as unchanged."""
    assert sample_comparison.per_week
    assert sample_comparison.before.window and sample_comparison.before.window.days == 42
    assert sample_comparison.after.window and sample_comparison.after.window.days == 28
    loyalty = sample_comparison.group("LOYALTY_POINTS_MISMATCH")
    assert (loyalty.before.exceptions, loyalty.after.exceptions) == (150, 100)  # type: ignore[union-attr]
    assert loyalty.before_rate == pytest.approx(25.0) == loyalty.after_rate
    assert loyalty.ratio == pytest.approx(1.0)


def test_changed_shape_names_its_new_group_and_back(sample_comparison: Comparison) -> None:
    """The shrunk group names the new group downstream, and the new group names it."""
    old = sample_comparison.group("CHANNEL_ORDER_STATUS_MISMATCH")
    new = sample_comparison.group("BOPIS_CANCEL_NOT_SYNCED")
    assert old.related == ("BOPIS_CANCEL_NOT_SYNCED",)
    assert new.related == ("CHANNEL_ORDER_STATUS_MISMATCH",)
    assert sample_comparison.group("LABEL_CREDENTIALS_EXPIRED").related == ()


def test_answers_and_verdicts_before_and_after(sample_comparison: Comparison) -> None:
    """Now process: the verdict moved and the answers that moved it are listed."""
    row = sample_comparison.group("PO_AMENDMENT_WMS_GAP")
    assert row.before is not None and row.after is not None
    assert (row.before.tag, row.after.verdict, row.tag_changed) == ("integration", "process", True)
    changed = {change.question: (change.before, change.after) for change in row.changed_answers}
    assert changed["varies_by_handler"] == ("no", "yes")
    assert changed["root_cause"] == ("schema_mismatch", "missing_rule")
    assert "payload_consistent" not in changed


def test_json_is_complete_and_serialisable(sample_comparison: Comparison) -> None:
    """to_dict(): periods, per-week flag, every reading with its label, count and text."""
    data = json.loads(json.dumps(sample_comparison.to_dict()))
    assert data["format"] == "exception-triage/comparison"
    assert list(data["readings"]) == list(READINGS)
    assert data["readings"]["cleared"]["groups"] == 2
    assert data["before"]["window"]["days"] == 42
    row = next(item for item in data["groups"] if item["group"] == "INV_SYNC_DRIFT")
    assert row["before"]["rate"] == 50.0 and row["after"]["exceptions"] == 2
    assert data["vanished_groups"] == ["CUSTOMER_MERGE_CONFLICT"]


DAYS_BEFORE = [("2024-03-04", 1), ("2024-03-31", 1)]  # a four-week window
DAYS_AFTER = [("2024-04-01", 1), ("2024-04-28", 1)]  # another four weeks

# (case, before: (count, tag, boundary), after: (count, tag, boundary) or None, reading)
READING_RULES = [
    ("vanished", (80, "integration", "A → B"), None, "cleared"),
    ("at the cleared mark", (80, "integration", "A → B"), (8, "integration", "A → B"), "cleared"),
    (
        "just above it",
        (80, "integration", "A → B"),
        (9, "integration", "A → B"),
        "contract_unstable",
    ),
    (
        "integration to process",
        (80, "integration", "A → B"),
        (80, "process", "A → B"),
        "now_process",
    ),
    ("both to process", (80, "both", "A → B"), (60, "process", "C → B"), "now_process"),
    (
        "process stays process",
        (80, "process", "A → B"),
        (80, "process", "A → B"),
        "still_recurring",
    ),
    (
        "same contract, same boundary",
        (80, "process", "A → B"),
        (80, "integration", "A → B"),
        "contract_unstable",
    ),
    (
        "consistent, other boundary",
        (80, "integration", "A → B"),
        (80, "integration", "A → C"),
        "still_recurring",
    ),
    ("no boundary", (80, "integration", None), (80, "integration", None), "still_recurring"),
]


@pytest.mark.parametrize(
    ("case", "before", "after", "reading"), READING_RULES, ids=[r[0] for r in READING_RULES]
)
def test_reading_rules(
    spec: Spec,
    case: str,
    before: tuple[int, str, str | None],
    after: tuple[int, str, str | None] | None,
    reading: str,
) -> None:
    """Each rule in its order, at and beside its threshold (cleared at 10% of the rate)."""
    first = group(spec, "G", before[0], before[1], boundary=before[2], daily=DAYS_BEFORE)
    groups = (
        [group(spec, "G", after[0], after[1], boundary=after[2], daily=DAYS_AFTER)] if after else []
    )
    other = group(spec, "OTHER", 5, "process", daily=DAYS_AFTER)
    result = compare(
        Period.of(analysis(spec, first), "before"),
        Period.of(analysis(spec, *groups, other), "after"),
    )
    assert result.group("G").reading == reading, case


@pytest.mark.parametrize(
    ("after_count", "new_boundary", "old_reading", "new_related"),
    [
        (40, "B → C", "changed_shape", ("OLD",)),  # halved, new group starts at B
        (41, "B → C", "contract_unstable", ()),  # not shrunk enough
        (0, "B → C", "changed_shape", ("OLD",)),  # vanished, moved downstream
        (40, "C → B", "contract_unstable", ()),  # the new group is upstream, not downstream
        (40, "? → C", "contract_unstable", ()),  # unknown source: no pairing
    ],
)
def test_changed_shape_needs_a_shrink_and_a_new_group_downstream(
    spec: Spec, after_count: int, new_boundary: str, old_reading: str, new_related: tuple[str, ...]
) -> None:
    """A group that fell to half or less while a new group appeared on the boundary leaving
    its target system changed shape; otherwise it reads by the other rules."""
    old = group(spec, "OLD", 80, "integration", boundary="A → B", daily=DAYS_BEFORE)
    after = [group(spec, "NEW", 30, "process", boundary=new_boundary, daily=DAYS_AFTER)]
    if after_count:
        after.append(
            group(spec, "OLD", after_count, "integration", boundary="A → B", daily=DAYS_AFTER)
        )
    result = compare(Period.of(analysis(spec, old), "b"), Period.of(analysis(spec, *after), "a"))
    assert result.group("OLD").reading == old_reading
    assert result.group("NEW").reading == "new"
    assert result.group("NEW").related == new_related


def test_without_timestamps_counts_are_compared(spec: Spec) -> None:
    """No window on either side: raw counts, and the comparison says it is not per week."""
    before = analysis(spec, group(spec, "G", 80, "integration", boundary="A → B"))
    after = analysis(spec, group(spec, "G", 20, "integration", boundary="A → B"))
    result = compare(Period.of(before, "b"), Period.of(after, "a"))
    assert not result.per_week
    assert (result.group("G").before_rate, result.group("G").after_rate) == (80.0, 20.0)


def test_periods_grouped_differently_are_refused(spec: Spec) -> None:
    """Group names mean nothing across group-by fields: a clear error, not a comparison."""
    before = analysis(spec, group(spec, "G", 8), group_by="error_code")
    after = analysis(spec, group(spec, "A → B", 8), group_by="boundary")
    with pytest.raises(ComparisonError, match="grouped differently"):
        compare(Period.of(before, "b"), Period.of(after, "a"))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2024, 1, 1), "no exception is dated before 2024-01-01; the log runs from 2024-03-04"),
        (date(2024, 6, 1), "no exception is dated on or after 2024-06-01"),
    ],
)
def test_split_outside_the_log_says_where_it_runs(
    spec: Spec, combined_log: Path, day: date, message: str
) -> None:
    """A split day outside the log names the log's range and what to do."""
    with pytest.raises(ComparisonError, match=message):
        split_log(read_log_file(combined_log), spec, day)


def test_split_needs_timestamps(spec: Spec, tmp_path: Path) -> None:
    """A log without a timestamp column cannot be split; the error says to map one."""
    path = tmp_path / "undated.csv"
    path.write_text("error_code,handler\nA,x\nB,y\n", encoding="utf-8")
    with pytest.raises(ComparisonError, match=r"undated.csv: no column holds the timestamps"):
        split_log(read_log_file(path), spec, CHANGE_DAY)


def test_undated_rows_are_counted_not_guessed(spec: Spec, tmp_path: Path) -> None:
    """Rows whose timestamp cannot be read belong to neither period and are counted."""
    path = tmp_path / "q.csv"
    path.write_text(
        "timestamp,error_code\n2024-04-01,A\n2024-04-20,A\nsoon,A\n,B\n", encoding="utf-8"
    )
    split = split_log(read_log_file(path), spec, CHANGE_DAY)
    assert split.undated == 2
    assert split.before.analysis.summary.exceptions == 1 == split.after.analysis.summary.exceptions


@pytest.mark.parametrize(
    ("boundary", "systems"),
    [
        ("Shopify → NetSuite", ("Shopify", "NetSuite")),
        ("? → WMS", None),
        ("Shopify", None),
        (None, None),
    ],
)
def test_boundary_systems(boundary: str | None, systems: tuple[str, str] | None) -> None:
    """A boundary's two systems, or None when a side is unknown or it is no boundary."""
    assert boundary_systems(boundary) == systems


def test_split_read_in_batches_is_the_split_in_memory(
    spec: Spec, combined_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log on disk split batch by batch (tiny batches here) gives the periods, groups,
    answers and readings the same log split in memory gives."""
    monkeypatch.setattr(streaming, "HEAD_BYTES", 4096)
    monkeypatch.setattr(delimited, "STREAM_BLOCK_BYTES", 16384)
    stream = open_log_stream(combined_log)
    assert len(stream.fold(list[int], lambda parts, frame: parts.append(len(frame)))) > 10
    batched = split_stream(stream, spec, CHANGE_DAY, label="fix")
    whole = split_log(read_log_file(combined_log), spec, CHANGE_DAY, label="fix")
    for mine, theirs in ((batched.before, whole.before), (batched.after, whole.after)):
        assert mine.window == theirs.window
        assert mine.analysis.to_dict() == theirs.analysis.to_dict()
    found = compare(batched.before, batched.after, [batched.marker])
    assert {row.group: row.reading for row in found.groups} == PERIOD_TRUTH["readings"]
    period = stream_period(open_log_stream(DATA / "period_after.csv"), spec)
    assert (
        period.analysis.to_dict()
        == log_period(read_log_file(DATA / "period_after.csv"), spec).analysis.to_dict()
    )
