"""Trends within one log: the last 7 days against the 4 weeks before them (questions.yaml),
each group new, escalating, quiet or nothing, by the rule stated for each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from framework.analysis.cost import Window
from framework.analysis.trends import NO_DATES, group_trends
from framework.spec.loader import parse_spec
from framework.spec.model import Spec
from tests.support.builders import analysis, group

LAST = date(2024, 5, 31)  # the log's last day: recent = 25–31 May, baseline = 27 Apr – 24 May


def days(first: date, count: int, per_day: int = 1) -> list[tuple[str, int]]:
    return [((first + timedelta(days=n)).isoformat(), per_day) for n in range(count)]


BASELINE = days(date(2024, 4, 27), 28)  # one a day: 7 a week before
RECENT = date(2024, 5, 25)
SPAN = [(date(2024, 3, 1).isoformat(), 1), (LAST.isoformat(), 1)]  # the log's extent

# (case, daily occurrences, expected mark or None)
CASES = [
    ("steady", [*BASELINE, *days(RECENT, 7)], None),
    ("doubled", [*BASELINE, *days(RECENT, 7, 2)], "escalating"),
    ("just under double", [*BASELINE, *days(RECENT, 6, 2), (LAST.isoformat(), 1)], None),
    ("first seen this week", days(RECENT, 3), "new"),
    ("new but too few", days(RECENT, 2), None),
    ("back after a gap", [("2024-03-02", 5), *days(RECENT, 3)], "escalating"),
    ("went quiet", BASELINE, "quiet"),
    ("a quarter of before", [*BASELINE, ("2024-05-26", 1)], "quiet"),
    ("above a quarter", [*BASELINE, ("2024-05-26", 2)], None),
    ("too small to go quiet", [("2024-05-01", 11)], None),
]


@pytest.mark.parametrize(("case", "daily", "mark"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_at_its_threshold(
    spec: Spec, case: str, daily: list[tuple[str, int]], mark: str | None
) -> None:
    """Each mark applies exactly when its rule in questions.yaml holds."""
    log = analysis(
        spec,
        group(spec, "G", sum(n for _, n in daily), daily=daily),
        group(spec, "SPAN", 2, daily=SPAN),
    )
    report = group_trends(log)
    assert report.recent == Window(RECENT, LAST)
    assert report.baseline == Window(date(2024, 4, 27), date(2024, 5, 24))
    found = report.for_group("G")
    assert (found.mark if found else None) == mark, case


def test_rates_are_per_week(spec: Spec) -> None:
    """A marked group carries its count and weekly rate in both windows."""
    daily = [*BASELINE, *days(RECENT, 7, 3)]
    report = group_trends(analysis(spec, group(spec, "G", 49, daily=daily)))
    trend = report.for_group("G")
    assert trend is not None
    assert (trend.mark, trend.recent, trend.baseline) == ("escalating", 21, 28)
    assert (trend.recent_per_week, trend.baseline_per_week) == (21.0, 7.0)


def test_short_log_uses_the_weeks_it_has(spec: Spec) -> None:
    """Ten days leave three before the recent week: no baseline, and the report says why."""
    report = group_trends(analysis(spec, group(spec, "G", 10, daily=days(date(2024, 5, 22), 10))))
    assert report.marks == () and report.recent is None
    assert report.reason == (
        "The log covers 10 days; trends need at least 14 (the last 7 and a week before them)."
    )


def test_two_weeks_is_enough(spec: Spec) -> None:
    """With one week before the recent days, that week is the baseline."""
    report = group_trends(analysis(spec, group(spec, "G", 14, daily=days(date(2024, 5, 18), 14))))
    assert report.baseline == Window(date(2024, 5, 18), date(2024, 5, 24))
    assert report.reason is None


def test_undated_log_has_no_trends(spec: Spec) -> None:
    """Without timestamps there are no windows, and the report says why."""
    report = group_trends(analysis(spec, group(spec, "G", 40)))
    assert (report.marks, report.reason) == ((), NO_DATES)


def test_thresholds_come_from_questions_yaml(spec_text: str) -> None:
    """Raising escalating_at in questions.yaml stops a doubling from escalating."""
    edited = parse_spec(spec_text.replace("escalating_at: 2.0 ", "escalating_at: 2.5 ").encode())
    daily = [*BASELINE, *days(RECENT, 7, 2)]
    report = group_trends(analysis(edited, group(edited, "G", 42, daily=daily)))
    assert report.for_group("G") is None
    assert "2.5 times" in edited.follow_up.trend_marks["escalating"].text
