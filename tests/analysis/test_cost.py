"""The cost of recurrence: hours per week from a shared observation window, per-group minutes,
and a fix plan where the costliest fix comes first and integration precedes process."""

from __future__ import annotations

import json

import pytest

from framework.analysis.cost import recurrence_costs
from framework.analysis.document import CostSettings
from framework.analysis.results import Analysis
from framework.spec.model import Spec
from tests.support.builders import analysis, group

# Two weeks: 2024-03-04 (first occurrence) to 2024-03-17 (last), both days included.
FIRST, LAST = ("2024-03-04", 1), ("2024-03-17", 1)


@pytest.fixture(scope="module")
def log(spec: Spec) -> Analysis:
    """Four groups over exactly two weeks: integration 40, process 28, both 20, unsure 12."""
    return analysis(
        spec,
        group(spec, "SKU_REJECTED", 40, "integration", daily=[FIRST, ("2024-03-05", 39)]),
        group(spec, "RETURN_HOLD", 28, "process", daily=[("2024-03-06", 28)]),
        group(spec, "INVOICE_GAP", 20, "both", daily=[("2024-03-08", 19), LAST]),
        group(spec, "ODD_ONE", 12, "undetermined", daily=[("2024-03-10", 12)]),
    )


@pytest.mark.parametrize(
    ("name", "minutes", "per_week", "hours_per_week", "hours_in_log"),
    [
        ("SKU_REJECTED", 15, 20.0, 5.0, 10.0),
        ("RETURN_HOLD", 15, 14.0, 3.5, 7.0),
        ("INVOICE_GAP", 15, 10.0, 2.5, 5.0),
        ("ODD_ONE", 15, 6.0, 1.5, 3.0),
    ],
)
def test_hours_per_week_over_the_logs_window(
    log: Analysis,
    name: str,
    minutes: float,
    per_week: float,
    hours_per_week: float,
    hours_in_log: float,
) -> None:
    """Occurrences and hours per week divide by the whole log's weeks (here 14 days = 2)."""
    report = recurrence_costs(log, CostSettings(minutes_per_fix=15))
    row = next(r for r in report.rows if r.group == name)
    assert report.window is not None and (report.window.days, report.window.weeks) == (14, 2.0)
    # pytest types approx() as Approx[float], so mypy cannot see it equal a float in a tuple
    assert (row.minutes_per_fix, row.per_week) == (minutes, pytest.approx(per_week))  # type: ignore[comparison-overlap]
    assert row.hours_per_week == pytest.approx(hours_per_week)
    assert row.hours_in_log == pytest.approx(hours_in_log)


def test_total_is_the_sum_of_the_groups(log: Analysis) -> None:
    """The total hours per week and over the log add up every group, undetermined included."""
    report = recurrence_costs(log, CostSettings(minutes_per_fix=15))
    assert report.total_hours_per_week == pytest.approx(5.0 + 3.5 + 2.5 + 1.5)
    assert report.total_hours_in_log == pytest.approx(25.0)


def test_per_group_minutes_override_the_default_and_reorder(log: Analysis) -> None:
    """A group's own minutes replace the default for that group only, and can move it up."""
    settings = CostSettings(minutes_per_fix=15, per_group={"INVOICE_GAP": 60})
    report = recurrence_costs(log, settings)
    gap = next(r for r in report.rows if r.group == "INVOICE_GAP")
    assert (gap.minutes_per_fix, gap.minutes_overridden, gap.hours_per_week) == (60, True, 10.0)
    assert [r.group for r in report.rows] == [
        "INVOICE_GAP",
        "SKU_REJECTED",
        "RETURN_HOLD",
        "ODD_ONE",
    ]
    assert not next(r for r in report.rows if r.group == "SKU_REJECTED").minutes_overridden


@pytest.mark.parametrize(
    ("per_group", "expected"),
    [
        (
            {},
            [
                ("SKU_REJECTED", "integration", 1, 1),
                ("RETURN_HOLD", "process", 1, 1),
                ("INVOICE_GAP", "integration", 1, 2),
                ("INVOICE_GAP", "process", 2, 2),
            ],
        ),
        (
            {"INVOICE_GAP": 60},
            [
                ("INVOICE_GAP", "integration", 1, 2),
                ("INVOICE_GAP", "process", 2, 2),
                ("SKU_REJECTED", "integration", 1, 1),
                ("RETURN_HOLD", "process", 1, 1),
            ],
        ),
    ],
)
def test_fix_plan_order(
    log: Analysis, per_group: dict[str, float], expected: list[tuple[str, str, int, int]]
) -> None:
    """Fixes rank by hours saved; both present gives integration then process; unsure is not a fix."""
    plan = recurrence_costs(log, CostSettings(15, per_group)).fix_plan
    assert [(s.group, s.fix, s.step, s.steps) for s in plan] == expected
    assert [s.rank for s in plan] == [1, 2, 3, 4]


def test_both_present_step_says_why_integration_goes_first(spec: Spec, log: Analysis) -> None:
    """The integration step of a both-present group gives the spec's reason; the process step
    points back to it."""
    plan = recurrence_costs(log).fix_plan
    first, second = (s for s in plan if s.group == "INVOICE_GAP")
    assert spec.advice["both"].summary in first.reason
    assert first.title == spec.advice["integration"].title
    assert second.title == spec.advice["process"].title
    assert f"no. {first.rank} above" in second.reason


def test_undetermined_groups_are_investigated_not_ranked(log: Analysis) -> None:
    """An undetermined group is listed to investigate first and never appears as a fix."""
    report = recurrence_costs(log)
    assert [row.group for row in report.investigate_first] == ["ODD_ONE"]
    assert "ODD_ONE" not in {step.group for step in report.fix_plan}


@pytest.mark.parametrize(
    ("daily", "days", "per_week"),
    [
        ([("2024-03-04", 7)], 1, 49.0),
        ([("2024-03-04", 3), ("2024-03-10", 4)], 7, 7.0),
    ],
)
def test_window_is_at_least_one_day(
    spec: Spec, daily: list[tuple[str, int]], days: int, per_week: float
) -> None:
    """A log of a single day is one day long (7 occurrences that day are 49 a week)."""
    report = recurrence_costs(analysis(spec, group(spec, "G", 7, daily=daily)))
    assert report.window is not None and report.window.days == days
    assert report.rows[0].per_week == pytest.approx(per_week)


def test_undated_log_costs_hours_over_the_log(spec: Spec) -> None:
    """Without timestamps there is no window: no per-week figures, hours over the log instead."""
    report = recurrence_costs(analysis(spec, group(spec, "A", 30), group(spec, "B", 6, "process")))
    assert report.window is None and report.total_hours_per_week is None
    assert [(r.group, r.hours_per_week, r.hours_in_log) for r in report.rows] == [
        ("A", None, 7.5),
        ("B", None, 1.5),
    ]
    assert "7.5 h over the log (30 fixes × 15 min)" in report.fix_plan[0].reason


@pytest.mark.parametrize(
    "settings", [CostSettings(minutes_per_fix=-1), CostSettings(10, {"A": float("nan")})]
)
def test_negative_minutes_are_refused(spec: Spec, settings: CostSettings) -> None:
    """A negative (or not-a-number) minutes setting raises ValueError naming the setting."""
    with pytest.raises(ValueError, match="minutes per fix must be zero or more"):
        recurrence_costs(analysis(spec, group(spec, "A", 3)), settings)


def test_to_dict_is_json_ready(log: Analysis) -> None:
    """to_dict carries settings, window, groups, totals, plan and investigate list as JSON;
    the plan's hours back add up to its groups' total (a both-present group counted once)."""
    data = json.loads(json.dumps(recurrence_costs(log, CostSettings(15, {"ODD_ONE": 5})).to_dict()))
    assert data["settings"] == {"minutes_per_fix": 15, "per_group": {"ODD_ONE": 5}}
    assert data["window"] == {
        "first_day": "2024-03-04",
        "last_day": "2024-03-17",
        "days": 14,
        "weeks": 2.0,
    }
    assert data["total"]["hours_per_week"] == pytest.approx(5.0 + 3.5 + 2.5 + 0.5)
    assert data["groups"][0] == {
        "group": "SKU_REJECTED",
        "tag": "integration",
        "exceptions": 40,
        "minutes_per_fix": 15,
        "minutes_overridden": False,
        "per_week": 20.0,
        "hours_per_week": 5.0,
        "hours_in_log": 10.0,
    }
    assert [step["fix"] for step in data["fix_plan"]] == [
        "integration",
        "process",
        "integration",
        "process",
    ]
    back = sum(step["hours_back_per_week"] for step in data["fix_plan"])
    assert back == pytest.approx(data["total"]["hours_per_week"] - 0.5)  # all but ODD_ONE's
    for step in data["fix_plan"]:  # a both-present group's hours come back on its 2nd step
        hours = step["group_hours_per_week"]
        assert step["hours_back_per_week"] == (hours if step["step"] == step["steps"] else 0.0)
    assert data["investigate_first"] == ["ODD_ONE"]
