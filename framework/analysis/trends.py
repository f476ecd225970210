"""Which groups of one log are new, escalating or quiet: the last days against the weeks
before them.

    report = group_trends(analysis)
    report.recent, report.baseline       # the two windows compared (None: no trends)
    report.marks                         # GroupTrend per marked group, most recent first
    report.reason                        # why there are no trends (no dates, too short)

The settings are `follow_up: trends` in questions.yaml, the wording of each rule is
`follow_up: trend_marks`. The recent window is the last `recent_days` days of the log (its
last day included); the baseline is the `baseline_weeks` weeks before it, or as many whole
days as the log has before it, at least seven. Rates are per week. A group is

* **new** when it never occurred before the recent window and has at least
  `min_exceptions` in it;
* **escalating** when it has at least `min_exceptions` in the recent window and its weekly
  rate there is at least `escalating_at` times its weekly rate in the baseline;
* **quiet** when it averaged at least `min_exceptions` a week in the baseline and its weekly
  rate in the recent window is at most `quiet_at` of that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from framework.analysis.cost import DAYS_PER_WEEK, Window, observation_window
from framework.analysis.results import Analysis, GroupResult
from framework.spec.model import TREND_MARKS, TrendRules

NEW, ESCALATING, QUIET = TREND_MARKS
NO_DATES = "The log has no timestamps, so it shows no trend."


@dataclass(frozen=True)
class GroupTrend:
    """One marked group: its mark, its count and weekly rate in each window."""

    group: str
    mark: str
    recent: int
    baseline: int
    recent_per_week: float
    baseline_per_week: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "mark": self.mark,
            "recent": self.recent,
            "baseline": self.baseline,
            "recent_per_week": round(self.recent_per_week, 6),
            "baseline_per_week": round(self.baseline_per_week, 6),
        }


@dataclass(frozen=True)
class TrendReport:
    """The windows compared and the marked groups; `reason` when the log shows no trend."""

    recent: Window | None
    baseline: Window | None
    marks: tuple[GroupTrend, ...]
    reason: str | None = None

    def of(self, mark: str) -> tuple[GroupTrend, ...]:
        return tuple(trend for trend in self.marks if trend.mark == mark)

    def for_group(self, name: str) -> GroupTrend | None:
        return next((trend for trend in self.marks if trend.group == name), None)


def group_trends(analysis: Analysis) -> TrendReport:
    """Mark each group new, escalating or quiet (or nothing) under the spec's trend rules."""
    rules = analysis.spec.follow_up.trends
    window = observation_window(analysis)
    if window is None:
        return TrendReport(None, None, (), NO_DATES)
    recent = Window(
        max(window.first_day, window.last_day - _days(rules.recent_days - 1)), window.last_day
    )
    start = max(window.first_day, recent.first_day - _days(rules.baseline_weeks * DAYS_PER_WEEK))
    if (recent.first_day - start).days < DAYS_PER_WEEK:
        needed = rules.recent_days + DAYS_PER_WEEK
        return TrendReport(
            None,
            None,
            (),
            f"The log covers {window.days:,} days; trends need at least {needed} (the last "
            f"{rules.recent_days} and a week before them).",
        )
    baseline = Window(start, recent.first_day - _days(1))
    found = [_trend(group, rules, recent, baseline) for group in analysis.groups]
    marks = tuple(trend for trend in found if trend is not None)
    order = {mark: index for index, mark in enumerate(TREND_MARKS)}
    ranked = sorted(marks, key=lambda t: (order[t.mark], -t.recent_per_week, -t.baseline_per_week))
    return TrendReport(recent, baseline, tuple(ranked))


def _trend(
    group: GroupResult, rules: TrendRules, recent: Window, baseline: Window
) -> GroupTrend | None:
    counts = {"recent": 0, "baseline": 0, "earlier": 0}
    for text, count in group.daily:
        day = date.fromisoformat(text[:10])
        if day >= recent.first_day:
            counts["recent"] += count
        elif day >= baseline.first_day:
            counts["baseline"] += count
        counts["earlier"] += count if day < recent.first_day else 0
    rate_now = counts["recent"] / recent.weeks
    rate_before = counts["baseline"] / baseline.weeks
    mark = None
    if counts["recent"] >= rules.min_exceptions:
        if not counts["earlier"]:
            mark = NEW
        elif rate_now >= rules.escalating_at * rate_before:
            mark = ESCALATING
    if rate_before >= rules.min_exceptions and rate_now <= rules.quiet_at * rate_before:
        mark = QUIET
    if mark is None:
        return None
    return GroupTrend(
        group.group, mark, counts["recent"], counts["baseline"], rate_now, rate_before
    )


def _days(count: int) -> timedelta:
    return timedelta(days=count)
