"""The `follow_up:` section of questions.yaml: reading two compared periods and the trends
within one log, with the settings each rule uses.

    follow_up:
      comparison: {cleared_at: 0.1, shrank_at: 0.5}
      readings: {cleared: {label: …, text: …}, …}         # every key of READINGS
      trends: {recent_days: 7, baseline_weeks: 4, …}
      trend_marks: {new: {label: …, text: …}, …}          # every key of TREND_MARKS

A text may name a setting of its part as `{name}` (with a format: `{cleared_at:.0%}`); the
setting is filled in when the file is read, so the rule and its wording cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from framework.spec.model import (
    READINGS,
    TREND_MARKS,
    ComparisonRules,
    FollowUpRules,
    Reading,
    TrendRules,
)
from framework.spec.node_reader import NodeReader
from framework.spec.yaml_source import LineDict

PARTS = ("comparison", "readings", "trends", "trend_marks")
_WHOLE = ("recent_days", "baseline_weeks", "min_exceptions")


def follow_up(root: LineDict, reader: NodeReader) -> FollowUpRules:
    """The section, every problem recorded; defaults stand in for what is wrong or missing."""
    section = (
        reader.mapping(root.get("follow_up"), "follow_up", root) if "follow_up" in root else None
    )
    if section is None:
        return FollowUpRules(ComparisonRules(), {}, TrendRules(), {})
    reader.keys(section, "follow_up", PARTS)
    comparison = _comparison(section, reader)
    trends = _trends(section, reader)
    return FollowUpRules(
        comparison=comparison,
        readings=_texts(section, reader, "readings", READINGS, _settings(comparison)),
        trends=trends,
        trend_marks=_texts(section, reader, "trend_marks", TREND_MARKS, _settings(trends)),
    )


def _part(section: LineDict, reader: NodeReader, key: str) -> LineDict | None:
    if key not in section:
        return None
    return reader.mapping(section.get(key), f"follow_up {key}", section)


def _comparison(section: LineDict, reader: NodeReader) -> ComparisonRules:
    node = _part(section, reader, "comparison")
    if node is None:
        return ComparisonRules()
    where = "follow_up comparison"
    reader.keys(node, where, ("cleared_at", "shrank_at"))
    cleared = reader.number(node, "cleared_at", where, low=0, high=1)
    shrank = reader.number(node, "shrank_at", where, low=0, high=1)
    if "cleared_at" in node and "shrank_at" in node and cleared >= shrank:
        reader.problem(
            node, where, f"'cleared_at' ({cleared:g}) must be below 'shrank_at' ({shrank:g})"
        )
    return ComparisonRules(cleared, shrank)


def _trends(section: LineDict, reader: NodeReader) -> TrendRules:
    node = _part(section, reader, "trends")
    if node is None:
        return TrendRules()
    where = "follow_up trends"
    reader.keys(node, where, (*_WHOLE, "escalating_at", "quiet_at"))
    whole = {key: _whole(node, reader, key, where) for key in _WHOLE}
    escalating = reader.number(node, "escalating_at", where, low=1)
    if "escalating_at" in node and escalating <= 1:
        reader.problem(node, where, "'escalating_at' must be above 1 (a rise, not the same rate)")
    quiet = reader.number(node, "quiet_at", where, low=0, high=1)
    return TrendRules(**whole, escalating_at=escalating, quiet_at=quiet)


def _whole(node: LineDict, reader: NodeReader, key: str, where: str) -> int:
    value = reader.number(node, key, where, low=1)
    if key in node and not float(value).is_integer():
        reader.problem(node, where, f"'{key}' is {value:g}; it must be a whole number")
    return max(1, int(value))


def _texts(
    section: LineDict,
    reader: NodeReader,
    key: str,
    keys: tuple[str, ...],
    settings: Mapping[str, Any],
) -> dict[str, Reading]:
    node = _part(section, reader, key)
    if node is None:
        return {}
    reader.keys(node, f"follow_up {key}", keys)
    out = {}
    for name in keys:
        where = f"follow_up {key} '{name}'"
        item = reader.mapping(node.get(name), where, node) if name in node else None
        if item is None:
            continue
        reader.keys(item, where, ("label", "text"))
        text = _filled(item, reader, where, settings)
        out[name] = Reading(name, reader.text(item, "label", where), text)
    return out


def _filled(item: LineDict, reader: NodeReader, where: str, settings: Mapping[str, Any]) -> str:
    """The text with `{setting}` replaced; a name that is not a setting is a problem."""
    text = reader.text(item, "text", where)
    try:
        return text.format(**settings)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:
        known = ", ".join(settings)
        reader.problem(
            item,
            where,
            f"'text' cannot fill in {{…}} ({error!s}): name one of the settings ({known}), "
            "or write {{ and }} for literal braces",
        )
        return text


def _settings(rules: ComparisonRules | TrendRules) -> dict[str, Any]:
    return dict(vars(rules))
