"""The cost of recurrence: hours of manual fixing per group and week, and which fix pays first.

    report = recurrence_costs(analysis, CostSettings(minutes_per_fix=15, per_group={...}))
    report.rows          # per group: occurrences and hours per week, most costly first
    report.total_hours_per_week
    report.fix_plan      # FixSteps, the fix that saves the most hours first
    report.investigate_first   # undetermined groups: find the facts before fixing anything
    report.to_dict()

The observation window is the whole log's: the calendar days from the day of its earliest
occurrence to the day of its latest, both included (so at least one day), in weeks of seven
days. Every group is measured over that same window, so a group that appeared late is not
extrapolated as if it had always been there: its occurrences per week are its exceptions
divided by the log's weeks. A log without timestamps has no window; its costs are then given
only as hours over the whole log (`hours_in_log`), which rank the groups the same way.

One fix of one occurrence costs `CostSettings.minutes_for(group)` minutes (the global
setting, or the group's own). The plan ranks groups by the hours they cost; a group where
both problem types are present gives two steps, its integration fix strictly before its
process fix, and its hours come back once both are done. Undetermined groups are not ranked
as fixes: they are listed to investigate first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from framework.analysis.document import CostSettings
from framework.analysis.results import Analysis, GroupResult
from framework.spec.model import BOTH, INTEGRATION, PROCESS, UNDETERMINED, Spec

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class Window:
    """The calendar days the log covers, first and last included."""

    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def weeks(self) -> float:
        return self.days / DAYS_PER_WEEK

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "days": self.days,
            "weeks": round(self.weeks, 6),
        }


@dataclass(frozen=True)
class GroupCost:
    """What one group costs: `hours_in_log` always; per week only when the log has a window."""

    group: str
    tag: str
    exceptions: int
    minutes_per_fix: float
    minutes_overridden: bool
    per_week: float | None
    hours_per_week: float | None
    hours_in_log: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "tag": self.tag,
            "exceptions": self.exceptions,
            "minutes_per_fix": self.minutes_per_fix,
            "minutes_overridden": self.minutes_overridden,
            "per_week": _rounded(self.per_week),
            "hours_per_week": _rounded(self.hours_per_week),
            "hours_in_log": _rounded(self.hours_in_log),
        }


@dataclass(frozen=True)
class FixStep:
    """One fix in the plan: its rank, the group, which kind of fix, what it saves and why here.

    `hours_per_week` / `hours_in_log` are the group's: they come back once the group's last
    step is done (`step == steps`). In JSON, `hours_back_*` are what this step brings back
    (the group's hours on its last step, none before), so the plan's steps add up to its
    groups' total; `group_hours_*` are the group's.
    """

    rank: int
    group: str
    fix: str
    title: str
    step: int
    steps: int
    hours_per_week: float | None
    hours_in_log: float
    reason: str

    def back(self, hours: float | None) -> float | None:
        """What this step brings back of the group's `hours`: all on its last step, else 0."""
        if hours is None:
            return None
        return hours if self.step == self.steps else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "group": self.group,
            "fix": self.fix,
            "title": self.title,
            "step": self.step,
            "steps": self.steps,
            "hours_back_per_week": _rounded(self.back(self.hours_per_week)),
            "hours_back_in_log": _rounded(self.back(self.hours_in_log)),
            "group_hours_per_week": _rounded(self.hours_per_week),
            "group_hours_in_log": _rounded(self.hours_in_log),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CostReport:
    """Costs per group (most costly first), their totals, the fix plan and what to look into."""

    settings: CostSettings
    window: Window | None
    rows: tuple[GroupCost, ...]
    fix_plan: tuple[FixStep, ...]
    investigate_first: tuple[GroupCost, ...]

    @property
    def total_hours_per_week(self) -> float | None:
        if self.window is None:
            return None
        return sum(row.hours_per_week or 0.0 for row in self.rows)

    @property
    def total_hours_in_log(self) -> float:
        return sum(row.hours_in_log for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings.to_dict(),
            "window": self.window.to_dict() if self.window else None,
            "groups": [row.to_dict() for row in self.rows],
            "total": {
                "hours_per_week": _rounded(self.total_hours_per_week),
                "hours_in_log": _rounded(self.total_hours_in_log),
            },
            "fix_plan": [step.to_dict() for step in self.fix_plan],
            "investigate_first": [row.group for row in self.investigate_first],
        }


def recurrence_costs(analysis: Analysis, settings: CostSettings | None = None) -> CostReport:
    """Hours of manual fixing per group, their total, and the order of fixes that pays first.

    Raises `ValueError` when a minutes setting is negative.
    """
    settings = settings or CostSettings()
    _check_minutes(settings)
    window = observation_window(analysis)
    rows = tuple(
        sorted(
            (group_cost(group, settings, window) for group in analysis.groups),
            key=lambda row: (-row.hours_in_log, -row.exceptions, row.group),
        )
    )
    plan = fix_plan(analysis.spec, rows)
    investigate = tuple(row for row in rows if row.tag == UNDETERMINED)
    return CostReport(settings, window, rows, plan, investigate)


def observation_window(analysis: Analysis) -> Window | None:
    """From the day of the log's earliest occurrence to the day of its latest; None undated."""
    firsts = [_day(group.first_seen) for group in analysis.groups]
    lasts = [_day(group.last_seen) for group in analysis.groups]
    known_firsts = [day for day in firsts if day is not None]
    known_lasts = [day for day in lasts if day is not None]
    if not known_firsts or not known_lasts:
        return None
    return Window(min(known_firsts), max(max(known_lasts), min(known_firsts)))


def group_cost(group: GroupResult, settings: CostSettings, window: Window | None) -> GroupCost:
    """One group's occurrences per week and the hours its manual fixes take."""
    minutes = settings.minutes_for(group.group)
    hours = group.exceptions * minutes / 60
    per_week = group.exceptions / window.weeks if window else None
    return GroupCost(
        group=group.group,
        tag=group.tag,
        exceptions=group.exceptions,
        minutes_per_fix=minutes,
        minutes_overridden=group.group in settings.per_group,
        per_week=per_week,
        hours_per_week=hours / window.weeks if window else None,
        hours_in_log=hours,
    )


def fix_plan(spec: Spec, rows: tuple[GroupCost, ...]) -> tuple[FixStep, ...]:
    """The fixes, most hours saved first; a both-present group's integration fix, then its
    process fix. `rows` must already be ordered most costly first."""
    steps: list[FixStep] = []
    for row in rows:
        if row.tag == UNDETERMINED:
            continue
        fixes = (INTEGRATION, PROCESS) if row.tag == BOTH else (row.tag,)
        for number, fix in enumerate(fixes, start=1):
            steps.append(
                FixStep(
                    rank=len(steps) + 1,
                    group=row.group,
                    fix=fix,
                    title=spec.advice[fix].title,
                    step=number,
                    steps=len(fixes),
                    hours_per_week=row.hours_per_week,
                    hours_in_log=row.hours_in_log,
                    reason=_reason(spec, row, number, len(fixes), len(steps)),
                )
            )
    return tuple(steps)


def _reason(spec: Spec, row: GroupCost, step: int, steps: int, rank_before: int) -> str:
    if steps == 2 and step == 2:
        return (
            f"Second step for this group, once its integration fix (no. {rank_before} above) "
            "holds: the hours come back when both are done."
        )
    cost = describe_hours(row)
    if steps == 2:
        return f"{cost} Both types are present, so the integration goes first. " + (
            spec.advice[BOTH].summary
        )
    return cost


def describe_hours(row: GroupCost) -> str:
    """'Costs 4.3 h a week (240 fixes × 15 min over the log).' or, undated, over the log."""
    minutes = f"{row.minutes_per_fix:g} min"
    fixes = f"{row.exceptions:,} fix{'es' if row.exceptions != 1 else ''} × {minutes}"
    if row.hours_per_week is None:
        return f"Costs {row.hours_in_log:.1f} h over the log ({fixes})."
    return f"Costs {row.hours_per_week:.1f} h a week ({fixes} over the log)."


def _check_minutes(settings: CostSettings) -> None:
    values = {"minutes per fix": settings.minutes_per_fix, **settings.per_group}
    negative = [name for name, value in values.items() if not value >= 0]
    if negative:
        raise ValueError(
            "minutes per fix must be zero or more; check: " + ", ".join(map(repr, negative))
        )


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
