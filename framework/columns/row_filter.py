"""Which rows of a log to analyse: conditions on columns and a date range.

    found = parse_where(["level=WARN,ERROR", "activity~reject", "state!=Closed"])
    rows = RowFilter(found, since=day("2024-03-01"))
    keep = rows.mask(frame, timestamp_column="opened", time_fmt=None)   # per row: kept?
    rows.describe()      # "level is WARN or ERROR; from 2024-03-01"

`COLUMN=A,B` keeps rows whose value is A or B, `COLUMN!=A,B` drops them, `COLUMN~text` keeps
rows whose value contains the text; values are compared trimmed and in any case. A row
without a timestamp is dropped by a date range; `until` includes its whole day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.timestamps import NAT, TimeFormat, parse_times, trimmed_text
from framework.columns.mapping import MappingError

_CONDITION = re.compile(r"^\s*(?P<column>[^=!~]+?)\s*(?P<op>!=|=|~)\s*(?P<values>.*)$", re.S)


@dataclass(frozen=True)
class Condition:
    """One condition on one column: equal to any of the values, not equal, or containing."""

    column: str
    op: str
    values: tuple[str, ...]

    def describe(self) -> str:
        shown = " or ".join(self.values)
        verb = {"=": "is", "!=": "is not", "~": "contains"}[self.op]
        return f"{self.column} {verb} {shown}"


@dataclass(frozen=True)
class RowFilter:
    """Conditions that must all hold, and an optional date range (days, both included)."""

    conditions: tuple[Condition, ...] = ()
    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return bool(self.conditions) or self.since is not None or self.until is not None

    def describe(self) -> str:
        parts = [condition.describe() for condition in self.conditions]
        if self.since is not None:
            parts.append(f"from {self.since.isoformat()}")
        if self.until is not None:
            parts.append(f"until {self.until.isoformat()}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The filter as the CLI writes it: `where` items, `since` and `until` days."""
        where = [f"{c.column}{c.op}{','.join(c.values)}" for c in self.conditions]
        data: dict[str, Any] = {"where": where}
        for name, when in (("since", self.since), ("until", self.until)):
            if when is not None:
                data[name] = when.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RowFilter:
        """Rebuild `to_dict()`; `MappingError` for anything it cannot read."""
        where = data.get("where") or []
        if not isinstance(where, list) or not all(isinstance(item, str) for item in where):
            raise MappingError("a saved row filter's conditions are not a list of texts")
        since, until = data.get("since"), data.get("until")
        return cls(
            parse_where(where),
            since=day(str(since), "since") if since else None,
            until=day(str(until), "until") if until else None,
        )

    def check(self, columns: Sequence[str], timestamp_column: str | None) -> None:
        """`MappingError` for a condition on a column the log lacks, or a date range
        without a timestamp column."""
        for condition in self.conditions:
            if condition.column not in columns:
                listed = ", ".join(f"'{name}'" for name in columns)
                raise MappingError(
                    f"the filter names the column '{condition.column}', which the log does not "
                    f"have; its columns are: {listed}"
                )
        if (self.since or self.until) and timestamp_column is None:
            raise MappingError(
                "a date range needs a timestamp column: map one (--map timestamp=COLUMN)"
            )

    def mask(
        self, frame: pd.DataFrame, timestamp_column: str | None, time_fmt: TimeFormat | None
    ) -> npt.NDArray[np.bool_]:
        """Per row: whether it is kept."""
        keep = np.ones(len(frame), dtype=bool)
        for condition in self.conditions:
            keep &= _holds(condition, frame[condition.column])
        if (self.since or self.until) and timestamp_column is not None:
            keep &= self._in_range(parse_times(frame[timestamp_column], time_fmt))
        return keep

    def _in_range(self, times: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        keep: npt.NDArray[np.bool_] = times != NAT
        if self.since is not None:
            keep &= times >= _ns(self.since)
        if self.until is not None:
            keep &= times < _ns(self.until + timedelta(days=1))
        return keep


def parse_where(items: Sequence[str]) -> tuple[Condition, ...]:
    """Conditions from 'COLUMN=A,B', 'COLUMN!=A' or 'COLUMN~text' strings."""
    found = []
    for item in items:
        match = _CONDITION.match(item)
        values = tuple(v.strip() for v in match["values"].split(",")) if match else ()
        if match is None or not any(values):
            raise MappingError(
                f"'{item}' is not a filter: write COLUMN=VALUE[,VALUE…], COLUMN!=VALUE or "
                "COLUMN~TEXT (e.g. level=WARN,ERROR)"
            )
        found.append(Condition(match["column"].strip(), match["op"], values))
    return tuple(found)


def day(text: str, option: str = "--since") -> date:
    """A day given as YYYY-MM-DD (a time after it is ignored); `MappingError` otherwise."""
    try:
        return datetime.fromisoformat(text.strip()).date()
    except ValueError:
        raise MappingError(f"{option} {text}: give a day as YYYY-MM-DD") from None


def _holds(condition: Condition, column: pd.Series) -> npt.NDArray[np.bool_]:
    text = pc.utf8_lower(trimmed_text(column))
    wanted = [value.lower() for value in condition.values]
    if condition.op == "~":
        hits = [pc.match_substring(text, value) for value in wanted]
        found = hits[0]
        for more in hits[1:]:
            found = pc.or_(found, more)
    else:
        found = pc.is_in(text, value_set=pa.array(wanted, type=pa.string()))
    held = np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    return ~held if condition.op == "!=" else held


def _ns(when: date) -> int:
    return int(np.datetime64(when.isoformat(), "ns").astype(np.int64))
