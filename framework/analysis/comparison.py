"""Did the fix work? Two periods of the same queue, group by group, in the framework's terms.

    comparison = compare(Period.of(before, "March"), Period.of(after, "April"),
                         markers=(ChangeMarker(date(2024, 4, 15), "SKU mapping fixed"),))
    for row in comparison.groups:
        row.group, row.reading, row.before_rate, row.after_rate, row.changed_answers

Volumes are compared per week (each period over its own window, `cost.Window`), so a
six-week "before" and a four-week "after" compare fairly; when either period has no
timestamps the raw counts are compared and `per_week` is False.

Each group is read, in this order (thresholds from `follow_up: comparison` in
questions.yaml, as shares of the group's weekly rate before):

1. not in the earlier period → **new**;
2. fell to `shrank_at` or less while a new group appeared on the next boundary downstream
   (a new group whose boundary starts at the system this group's boundary delivers to) →
   **changed shape**;
3. fell to `cleared_at` or less (or vanished) → **cleared**;
4. had an integration side before (integration verdict, or both types present) and reads as
   process now, with another tag than before → **now process** (the integration fix
   unmasked a missing rule);
5. still arrives with a consistent payload from the same boundary as before → **contract
   unstable** (still recurring with the same payload from the same boundary);
6. anything else that still recurs → **still recurring**.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from framework.analysis.cost import Window, observation_window
from framework.analysis.results import Analysis, GroupResult
from framework.columns.boundaries import ARROW, UNKNOWN_SYSTEM
from framework.spec.model import INTEGRATION, PROCESS, READINGS, Spec

FORMAT = "exception-triage/comparison"
CLEARED, CONTRACT_UNSTABLE, NOW_PROCESS, CHANGED_SHAPE, STILL_RECURRING, NEW = READINGS
_CONSISTENT = ("payload_consistent", "yes")
MAX_MARKER_LABEL = 120


class ComparisonError(ValueError):
    """Two periods that cannot be compared, or a log that cannot be split; the message says
    what to do."""


@dataclass(frozen=True)
class ChangeMarker:
    """Something that changed on a day ("SKU mapping fixed"), drawn on the timeline."""

    day: date
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "label": self.label}


@dataclass(frozen=True)
class Period:
    """One side of a comparison: its analysis, where it came from, and the days it covers."""

    analysis: Analysis
    source: str
    window: Window | None

    @classmethod
    def of(cls, analysis: Analysis, source: str, window: Window | None = None) -> Period:
        """The period an analysis covers: `window`, else its log's own first to last day."""
        return cls(analysis, source, window or observation_window(analysis))

    def rate(self, exceptions: int, per_week: bool) -> float:
        return exceptions / self.window.weeks if per_week and self.window else float(exceptions)

    def to_dict(self) -> dict[str, Any]:
        summary = self.analysis.summary
        return {
            "source": self.source,
            "window": self.window.to_dict() if self.window else None,
            "exceptions": summary.exceptions,
            "groups": summary.groups,
            "group_by": self.analysis.group_by,
        }


@dataclass(frozen=True)
class AnswerChange:
    """One question's effective answer in each period (None: the group was absent)."""

    question: str
    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        return None not in (self.before, self.after) and self.before != self.after


@dataclass(frozen=True)
class GroupComparison:
    """One group in both periods: its rates, answers, verdicts and how it reads.

    `related` names the groups its reading rests on: for a changed shape, the new groups
    downstream; for a new group, the shrunk groups upstream whose shape it may be.
    """

    group: str
    reading: str
    before: GroupResult | None
    after: GroupResult | None
    before_rate: float
    after_rate: float
    answers: tuple[AnswerChange, ...]
    related: tuple[str, ...] = ()

    @property
    def ratio(self) -> float | None:
        """The rate after as a share of the rate before (None for a new group)."""
        return self.after_rate / self.before_rate if self.before_rate else None

    @property
    def changed_answers(self) -> tuple[AnswerChange, ...]:
        return tuple(change for change in self.answers if change.changed)

    @property
    def tag_changed(self) -> bool:
        return (
            self.before is not None and self.after is not None and self.before.tag != self.after.tag
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "reading": self.reading,
            "before": _side(self.before, self.before_rate),
            "after": _side(self.after, self.after_rate),
            "ratio": None if self.ratio is None else round(self.ratio, 6),
            "tag_changed": self.tag_changed,
            "answers_changed": [change.question for change in self.changed_answers],
            "related": list(self.related),
        }


def _side(group: GroupResult | None, rate: float) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "exceptions": group.exceptions,
        "rate": round(rate, 6),
        "boundary": group.boundary,
        "verdict": group.verdict,
        "both_present": group.both_present,
        "tag": group.tag,
        "answers": group.answers,
    }


@dataclass(frozen=True)
class Comparison:
    """Two periods compared: every group of either, most recurring before first, then the
    new ones; the change markers; whether rates are per week."""

    before: Period
    after: Period
    groups: tuple[GroupComparison, ...]
    markers: tuple[ChangeMarker, ...] = ()
    per_week: bool = True

    @property
    def spec(self) -> Spec:
        return self.before.analysis.spec

    @property
    def new_groups(self) -> tuple[GroupComparison, ...]:
        return tuple(row for row in self.groups if row.before is None)

    @property
    def vanished_groups(self) -> tuple[GroupComparison, ...]:
        return tuple(row for row in self.groups if row.after is None)

    def counts(self) -> dict[str, int]:
        """How many groups read each way, in the spec's order of readings."""
        found = dict.fromkeys(READINGS, 0)
        for row in self.groups:
            found[row.reading] += 1
        return found

    def group(self, name: str) -> GroupComparison:
        for row in self.groups:
            if row.group == name:
                return row
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        readings = self.spec.follow_up.readings
        counts = self.counts()
        return {
            "format": FORMAT,
            "spec": {"version": self.spec.version, "digest": self.spec.digest},
            "per_week": self.per_week,
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "markers": [marker.to_dict() for marker in self.markers],
            "readings": {
                key: {"label": reading.label, "text": reading.text, "groups": counts[key]}
                for key, reading in readings.items()
            },
            "groups": [row.to_dict() for row in self.groups],
            "new_groups": [row.group for row in self.new_groups],
            "vanished_groups": [row.group for row in self.vanished_groups],
        }


def compare(before: Period, after: Period, markers: Iterable[ChangeMarker] = ()) -> Comparison:
    """Read every group of two periods; raises `ComparisonError` when they are grouped by
    different fields (their group names would not mean the same thing)."""
    first, second = before.analysis, after.analysis
    if first.group_by != second.group_by:
        raise ComparisonError(
            f"the periods are grouped differently ({first.group_by} before, {second.group_by} "
            "after): group both by the same field"
        )
    per_week = before.window is not None and after.window is not None
    spec = first.spec
    old = {group.group: group for group in first.groups}
    new = {group.group: group for group in second.groups}
    rates = {
        name: (
            before.rate(old[name].exceptions, per_week) if name in old else 0.0,
            after.rate(new[name].exceptions, per_week) if name in new else 0.0,
        )
        for name in [*old, *(name for name in new if name not in old)]
    }
    pairs = _downstream_pairs(spec, old, new, rates)
    rows = tuple(
        _row(spec, name, old.get(name), new.get(name), rates[name], pairs) for name in rates
    )
    return Comparison(before, after, rows, tuple(sorted(markers, key=_day)), per_week)


def _day(marker: ChangeMarker) -> date:
    return marker.day


def _row(
    spec: Spec,
    name: str,
    before: GroupResult | None,
    after: GroupResult | None,
    rates: tuple[float, float],
    pairs: Mapping[str, tuple[str, ...]],
) -> GroupComparison:
    answers = tuple(
        AnswerChange(
            qid,
            before.answers.get(qid) if before else None,
            after.answers.get(qid) if after else None,
        )
        for qid in spec.question_ids
    )
    reading = _reading(spec, before, after, rates, bool(pairs.get(name)))
    return GroupComparison(name, reading, before, after, *rates, answers, pairs.get(name, ()))


def _reading(
    spec: Spec,
    before: GroupResult | None,
    after: GroupResult | None,
    rates: tuple[float, float],
    moved_downstream: bool,
) -> str:
    rules = spec.follow_up.comparison
    if before is None:
        return NEW
    share = rates[1] / rates[0] if rates[0] else 0.0
    if moved_downstream and share <= rules.shrank_at:
        return CHANGED_SHAPE
    if after is None or share <= rules.cleared_at:
        return CLEARED
    had_integration = before.verdict == INTEGRATION or before.both_present
    if had_integration and after.verdict == PROCESS and after.tag != before.tag:
        return NOW_PROCESS
    consistent = after.answers.get(_CONSISTENT[0]) == _CONSISTENT[1]
    if consistent and after.boundary is not None and after.boundary == before.boundary:
        return CONTRACT_UNSTABLE
    return STILL_RECURRING


def _downstream_pairs(
    spec: Spec,
    old: Mapping[str, GroupResult],
    new: Mapping[str, GroupResult],
    rates: Mapping[str, tuple[float, float]],
) -> dict[str, tuple[str, ...]]:
    """{shrunk group: new groups downstream of it, new group: shrunk groups upstream}."""
    shrank_at = spec.follow_up.comparison.shrank_at
    shrunk = {
        name: systems[1]
        for name, group in old.items()
        if (systems := boundary_systems(group.boundary)) is not None
        and rates[name][1] <= shrank_at * rates[name][0]
    }
    appeared = {
        name: systems[0]
        for name, group in new.items()
        if name not in old and (systems := boundary_systems(group.boundary)) is not None
    }
    pairs: dict[str, list[str]] = {}
    for name, target in shrunk.items():
        for other, source in appeared.items():
            if source == target:
                pairs.setdefault(name, []).append(other)
                pairs.setdefault(other, []).append(name)
    return {name: tuple(found) for name, found in pairs.items()}


def boundary_systems(boundary: str | None) -> tuple[str, str] | None:
    """("Shopify", "NetSuite") from "Shopify → NetSuite"; None when a side is unknown."""
    if not boundary or ARROW not in boundary:
        return None
    source, target = (part.strip() for part in boundary.split(ARROW, 1))
    if not source or not target or UNKNOWN_SYSTEM in (source, target):
        return None
    return source, target
