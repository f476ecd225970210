"""Typed reads from loaded YAML that record a problem instead of raising.

Every helper returns a usable default when the value is wrong, so reading carries on and the
validator can report every problem in one pass.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from framework.spec.problems import Collector
from framework.spec.yaml_source import LineDict

_BOOL_HINT = "YAML reads a bare yes/no/true/false as a boolean; put the value in quotes"
MAX_TEXT_CHARS = 2_000  # questions.yaml's longest text is under 300 characters
LARGEST_NUMBER = 1_000_000_000  # no threshold or row count comes near it


class NodeReader:
    def __init__(self, collector: Collector) -> None:
        self.collector = collector

    def problem(self, node: Any, where: str, message: str) -> None:
        self.collector.add(node, where, message)

    def mapping(self, value: Any, where: str, parent: Any = None) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(parent, where, f"must be a mapping of keys to values, not {_kind(value)}")
        return None

    def sequence(self, node: LineDict, key: str, where: str) -> list[Any]:
        value = node.get(key)
        if isinstance(value, list):
            return value
        if key in node:
            self.problem(node, where, f"'{key}' must be a list, not {_kind(value)}")
        return []

    def keys(
        self, node: LineDict, where: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> None:
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key, line in node.duplicate_keys:
            self.collector.add(_At(line), where, f"key '{key}' is written twice")
        for key in node:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.problem(node, where, f"unknown key '{key}' (expected one of: {expected})")
        for key in required:
            if key not in node:
                self.problem(node, where, f"missing '{key}'")

    def text(
        self,
        node: LineDict,
        key: str,
        where: str,
        *,
        required: bool = True,
        longest: int = MAX_TEXT_CHARS,
    ) -> str:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            if len(value.strip()) > longest:
                self.problem(
                    node,
                    where,
                    f"'{key}' is {len(value.strip()):,} characters long; keep it to {longest:,}",
                )
                return value.strip()[:longest]
            return value.strip()
        if value is None and (not required or key not in node):
            return ""  # absence is reported by keys()
        if isinstance(value, bool):
            self.problem(node, where, f"'{key}' is the boolean {str(value).lower()}: {_BOOL_HINT}")
        else:
            self.problem(node, where, f"'{key}' must be a non-empty text, not {_kind(value)}")
        return ""

    def optional_text(self, node: LineDict, key: str, where: str) -> str | None:
        if node.get(key) is None:
            return None
        return self.text(node, key, where) or None

    def texts(self, node: LineDict, key: str, where: str, *, at_least: int = 1) -> tuple[str, ...]:
        items = self.sequence(node, key, where)
        out = []
        for index, item in enumerate(items, start=1):
            if isinstance(item, bool):
                self.problem(node, where, f"'{key}' item {index} is a boolean: {_BOOL_HINT}")
            elif isinstance(item, str) and len(item.strip()) > MAX_TEXT_CHARS:
                self.problem(
                    node,
                    where,
                    f"'{key}' item {index} is longer than {MAX_TEXT_CHARS:,} characters",
                )
            elif isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.problem(node, where, f"'{key}' item {index} must be a non-empty text")
        if key in node and len(items) < at_least:
            self.problem(node, where, f"'{key}' needs at least {at_least} entries")
        return tuple(out)

    def number(
        self,
        node: LineDict,
        key: str,
        where: str,
        *,
        low: float,
        high: float = LARGEST_NUMBER,
        whole: bool = False,
    ) -> float:
        value = node.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            if key in node:
                self.problem(node, where, f"'{key}' must be a number, not {_kind(value)}")
            return low
        if not math.isfinite(value):
            self.problem(node, where, f"'{key}' is {_kind(value)}; it must be a finite number")
            return low
        if value < low or value > high:
            bounds = f"between {low:g} and {high:g}"
            self.problem(node, where, f"'{key}' is {_shown(value)}; it must be {bounds}")
            return low
        if whole and value != int(value):
            self.problem(node, where, f"'{key}' is {value:g}; it must be a whole number")
        return float(value)


class _At:
    """A stand-in node for a bare line number."""

    def __init__(self, line: int) -> None:
        self.line = line


def _kind(value: Any) -> str:
    """What a YAML value is, in words (never a Python type name)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, LineDict | dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, set):
        return "a set"
    if isinstance(value, float) and math.isnan(value):
        return "not a number (.nan)"
    if isinstance(value, float) and math.isinf(value):
        return "infinite (.inf)"
    if isinstance(value, int | float):
        return f"the number {_shown(value)}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, bytes):
        return "binary data"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _shown(value: float) -> str:
    """A number as people write it, short even when it is huge."""
    return f"{value:g}" if abs(value) < 1e15 else f"{float(value):.3g}"
