"""Counts that add up: a log's features folded, batch after batch, into the count tables
every metric is read from.

    builder = TallyBuilder()
    for batch in batches:                     # a whole table is one batch, or many slices
        builder.add(extract(batch, mapping, spec, group_by, memo))
    tallies = builder.build()                 # global labels + count tables
    tallies = fold_groups(tallies, 1000)      # at most 1,000 groups, the rest as one

Each batch codes its values on its own; the builder maps those codes onto labels that grow
across batches, in order of first appearance (so one batch or many give the same codes), and
keeps per-combination counts (`crosstab`), never rows. Memory grows with the number of
distinct combinations, not with the log.

Count tables (columns c0, c1, …, n; c0 is the group):

    group     c0                                    occurrences per group
    span      c0, first, last                       earliest and latest time (ns) per group
    days      c0, c1 = day number                   occurrences per group and UTC day
    payload   c0, c1 = shape, c2 = boundary         rows with a payload (boundary.size: none)
    boundaries c0, c1 = boundary                    every row with a boundary
    handler   c0, c1 = handler, c2 = action         rows with both a handler and an action
    retry     c0, c1 = outcome class + 1            retried rows
    handoff   c0, c1 = outcome class + 1            every row
    cause     c0, c1 = cause class + 1              every row
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.columnar.coded import MISSING, Coded, Codes
from framework.columnar.timestamps import NAT, days
from framework.inference import vocabulary as vocab
from framework.inference.counting import (
    Column,
    Keys,
    count_frame,
    crosstab,
    dominant,
    per_group,
    sorted_by_keys,
    summed,
    summed_by_keys,
)
from framework.inference.features import Features

OTHER_GROUPS = "(other groups)"
_SORTED = (
    ("shape", "payload", 1),
    ("boundary", "payload", 2),
    ("boundary", "boundaries", 1),
    ("handler", "handler", 1),
    ("action", "handler", 2),
)
"""(label index, count table, its key column) sorted when the tallies are built."""
_COMPACT_ROWS = 1 << 16


@dataclass(frozen=True)
class Labels:
    """The distinct values of a field across the whole log, by code."""

    labels: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Tallies:
    """A log's count tables with their global labels; a label table is None when the log
    has no column for that field."""

    rows: int
    group: Labels
    mapped: frozenset[str]
    tables: Mapping[str, pd.DataFrame]
    boundary: Labels | None = None
    shape: Labels | None = None
    handler: Labels | None = None
    resolution: Labels | None = None
    retry_outcome: bool = False
    timed: bool = False
    row_groups: Codes | None = field(default=None, repr=False, compare=False)
    """Per row, its group's code (kept when the builder was asked to)."""
    folded: int = 0
    """How many groups `fold_groups` put together as `OTHER_GROUPS` (0: none)."""
    handoff_source: str = "status"
    """Where the handoff table comes from (`Features.handoff_source`)."""

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)


class _Index:
    """Labels that grow batch by batch; a batch's codes are mapped onto them."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.codes: dict[str, int] = {}

    def add(self, coded: Coded) -> Codes:
        lookup = np.empty(coded.size + 1, dtype=np.int32)
        for position, label in enumerate(coded.labels):
            code = self.codes.get(label)
            if code is None:
                code = self.codes[label] = len(self.labels)
                self.labels.append(label)
            lookup[position] = code
        lookup[coded.size] = MISSING
        mapped: Codes = lookup[coded.codes]
        return mapped

    def frozen(self) -> Labels:
        return Labels(tuple(self.labels))

    def sorted(self) -> tuple[Labels, Codes]:
        """The labels sorted, and the new code of every old code (one more entry maps the
        "none" code, one past the end, to itself)."""
        order = sorted(range(len(self.labels)), key=self.labels.__getitem__)
        new = np.empty(len(order) + 1, dtype=np.int32)
        new[order] = np.arange(len(order), dtype=np.int32)
        new[len(order)] = len(order)
        return Labels(tuple(self.labels[old] for old in order)), new


class _Counts:
    """One count table built from per-batch parts, summed whenever the parts outgrow the
    last sum (or `_COMPACT_ROWS`): memory stays within a small multiple of the table, and
    each row is summed a few times at most."""

    def __init__(self) -> None:
        self.parts: list[tuple[Keys, Column]] = []
        self.summed = 0
        self.pending = 0

    def add(self, keys: Keys, counts: Column) -> None:
        self.parts.append((keys, counts))
        self.pending += len(counts)
        if self.pending > max(self.summed, _COMPACT_ROWS):
            self.parts = [self.total()]
            self.summed, self.pending = len(self.parts[0][1]), 0

    def total(self) -> tuple[Keys, Column]:
        """The key columns and counts of the whole table (the parts are left as they are; a
        table is made with its first part)."""
        if len(self.parts) == 1:  # a part is summed already: each combination once, sorted
            return self.parts[0]
        columns = [
            np.concatenate(column) for column in zip(*(keys for keys, _ in self.parts), strict=True)
        ]
        return summed_by_keys(columns, np.concatenate([counts for _, counts in self.parts]))


class TallyBuilder:
    """Folds the features of one batch after another into `Tallies`."""

    def __init__(self, *, keep_rows: bool = False) -> None:
        self.keep_rows = keep_rows
        self.rows = 0
        self.mapped: frozenset[str] = frozenset()
        self.index = {
            name: _Index() for name in ("group", "boundary", "shape", "handler", "action")
        }
        self.present: set[str] = set()
        self.counts: dict[str, _Counts] = {}
        self.first = np.zeros(0, dtype=np.int64)  # per group code: its earliest time …
        self.last = np.zeros(0, dtype=np.int64)  # … and latest (NAT: none known yet)
        self.row_groups: list[Codes] = []
        self.handoff_source = "status"

    def add(self, features: Features) -> None:
        """Count one batch (its codes are the batch's own)."""
        self.rows += features.rows
        self.mapped |= features.mapped
        self.handoff_source = features.handoff_source
        group = self.index["group"].add(features.group)
        if self.keep_rows:
            self.row_groups.append(group)
        self._count("group", [group])
        if features.time is not None:
            self._times(group, features.time)
        self._payload(group, features)
        self._handler(group, features)
        self._outcomes(group, features)

    def build(self) -> Tallies:
        """The count tables and labels of everything added. Every label table but the
        groups' is sorted, so ties between values break the same way however the log was
        ordered or sliced. The builder is spent: its parts are let go table by table, so
        that a big log's tables are not held twice."""
        labels = {"group": self.index["group"].frozen()}
        recoded: dict[str, list[tuple[int, Codes]]] = {}
        for name, table, column in _SORTED:
            labels[name], recode = self.index[name].sorted()
            recoded.setdefault(table, []).append((column, recode))
        tables = {}
        counts, self.counts = self.counts, {}
        for name in list(counts):
            keys, found = counts.pop(name).total()
            if name == "payload" and "boundary" in self.present:  # counted as code + 1, 0: none
                none = len(self.index["boundary"].labels)
                keys = [*keys[:2], np.where(keys[2] == 0, none, keys[2] - 1)]
            for column, recode in recoded.get(name, []):
                keys = [recode[key] if index == column else key for index, key in enumerate(keys)]
            if name in recoded:
                keys, found = sorted_by_keys(keys, found)
            tables[name] = count_frame(keys, found)
            del keys, found
        timed = np.flatnonzero(self.last != NAT)
        if timed.size:
            tables["span"] = pd.DataFrame(
                {"c0": timed, "first": self.first[timed], "last": self.last[timed]}
            )
        row_groups = np.concatenate(self.row_groups) if self.keep_rows and self.row_groups else None
        return Tallies(
            rows=self.rows,
            group=labels["group"],
            mapped=self.mapped,
            tables=tables,
            boundary=labels["boundary"] if "boundary" in self.present else None,
            shape=labels["shape"] if "shape" in self.present else None,
            handler=labels["handler"] if "handler" in self.present else None,
            resolution=labels["action"] if "resolution" in self.present else None,
            retry_outcome="retry_outcome" in self.present,
            timed="time" in self.present,
            row_groups=row_groups if self.keep_rows else None,
            handoff_source=self.handoff_source,
        )

    def _count(self, name: str, columns: list[npt.NDArray[np.integer]]) -> None:
        sizes = [int(column.max()) + 1 if column.size else 1 for column in columns]
        self._counts(name).add(*crosstab(columns, sizes))

    def _counts(self, name: str) -> _Counts:
        return self.counts.setdefault(name, _Counts())

    def _times(self, group: Codes, times: npt.NDArray[np.int64]) -> None:
        self.present.add("time")
        known = times != NAT
        if not known.any():
            return
        self._span(group[known], times[known])
        day = days(times[known])
        first = int(day.min())
        (groups, day_numbers), counts = crosstab(
            [group[known], day - first], [self._size(group), int(day.max()) - first + 1]
        )
        self._counts("days").add([groups, day_numbers + first], counts)

    def _span(self, group: Codes, times: npt.NDArray[np.int64]) -> None:
        """Each group's earliest and latest time so far, in arrays by group code."""
        grow = int(group.max()) + 1 - len(self.first)
        if grow > 0:
            self.first = np.append(self.first, np.full(grow, np.iinfo(np.int64).max))
            self.last = np.append(self.last, np.full(grow, NAT, dtype=np.int64))
        np.minimum.at(self.first, group, times)
        np.maximum.at(self.last, group, times)

    def _payload(self, group: Codes, features: Features) -> None:
        if features.shape is None and features.boundary is None:
            return
        shape = np.zeros_like(group)
        if features.shape is not None:
            self.present.add("shape")
            shape = self.index["shape"].add(features.shape)
        boundary = np.full_like(group, MISSING)
        if features.boundary is not None:
            self.present.add("boundary")
            boundary = self.index["boundary"].add(features.boundary)
            self._count("boundaries", [group, boundary])
        keep = shape >= 0
        # boundary + 1: a row without a boundary counts as 0 until `build` makes it `size`
        self._count("payload", [group[keep], shape[keep], boundary[keep] + 1])

    def _handler(self, group: Codes, features: Features) -> None:
        if features.handler is not None:
            self.present.add("handler")
        if features.resolution is not None:
            self.present.add("resolution")
        if features.handler is None or features.resolution is None:
            return
        who = self.index["handler"].add(features.handler)
        what = self.index["action"].add(features.resolution)
        both = (who >= 0) & (what >= 0)
        self._count("handler", [group[both], who[both], what[both]])

    def _outcomes(self, group: Codes, features: Features) -> None:
        if features.retry is not None:
            self.present.add("retry_outcome")
        if features.retried is not None:
            unread = np.full(features.rows, vocab.UNKNOWN, dtype=np.int8)
            outcomes = features.retry if features.retry is not None else unread
            chosen = features.retried
            self._count("retry", [group[chosen], outcomes[chosen] + 1])
        for name, classes in (("handoff", features.handoff), ("cause", features.cause)):
            if classes is not None:
                self._count(name, [group, classes.astype(np.int32) + 1])

    def _size(self, group: Codes) -> int:
        return int(group.max()) + 1 if group.size else 1


def tally(batches: Iterable[Features], *, keep_rows: bool = False) -> Tallies:
    """The tallies of every batch's features."""
    builder = TallyBuilder(keep_rows=keep_rows)
    for features in batches:
        builder.add(features)
    return builder.build()


def fold_groups(tallies: Tallies, max_groups: int) -> Tallies:
    """At most `max_groups` groups: the most frequent ones (ties by label) keep their own,
    every other group is counted as one more group, `OTHER_GROUPS`."""
    groups = tallies.group.size
    if groups <= max_groups:
        return tallies
    counts = np.zeros(groups, dtype=np.int64)
    table = tallies.tables["group"]
    counts[table["c0"].to_numpy()] = table["n"].to_numpy()
    kept = np.sort(most_frequent(counts, tallies.group.labels, max_groups))
    lookup = np.full(groups, max_groups, dtype=np.int32)
    lookup[kept] = np.arange(max_groups, dtype=np.int32)
    tables = {name: _refold(name, frame, lookup) for name, frame in tallies.tables.items()}
    names = (*(tallies.group.labels[code] for code in kept), OTHER_GROUPS)
    row_groups = None if tallies.row_groups is None else _remap(tallies.row_groups, lookup)
    return replace(
        tallies,
        group=Labels(names),
        tables=tables,
        row_groups=row_groups,
        folded=groups - max_groups,
    )


def most_frequent(
    counts: npt.NDArray[np.int64], labels: Sequence[str], wanted: int
) -> npt.NDArray[np.int64]:
    """The codes of the `wanted` largest counts, ties by label: the first `wanted` codes in
    that order. Only the codes counted at least as often as the `wanted`-th are sorted."""
    if wanted <= 0:
        return np.zeros(0, dtype=np.int64)
    least = np.partition(counts, len(counts) - wanted)[len(counts) - wanted]
    candidates = np.flatnonzero(counts >= least)
    names = np.array([labels[code] for code in candidates.tolist()], dtype=np.object_)
    order = np.lexsort((names, -counts[candidates]))
    top: npt.NDArray[np.int64] = candidates[order[:wanted]]
    return top


def merge_groups(tallies: Tallies, names: Sequence[str]) -> Tallies:
    """The groups renamed to `names` (one per group code), those given the same name
    counted as one group, in the order each name first appears."""
    if len(set(names)) == tallies.group.size:
        return replace(tallies, group=Labels(tuple(names)))
    merged: dict[str, int] = {}
    lookup = np.array([merged.setdefault(name, len(merged)) for name in names], dtype=np.int32)
    tables = {name: _refold(name, frame, lookup) for name, frame in tallies.tables.items()}
    row_groups = None if tallies.row_groups is None else _remap(tallies.row_groups, lookup)
    return replace(tallies, group=Labels(tuple(merged)), tables=tables, row_groups=row_groups)


def _remap(codes: Codes, lookup: npt.NDArray[np.int32]) -> Codes:
    mapped: Codes = np.where(codes >= 0, lookup[np.maximum(codes, 0)], codes).astype(np.int32)
    return mapped


def _refold(name: str, frame: pd.DataFrame, lookup: npt.NDArray[np.int32]) -> pd.DataFrame:
    groups = lookup[frame["c0"].to_numpy()].astype(np.int32)
    if name == "span":
        folded = frame.assign(c0=groups)
        return folded.groupby("c0", as_index=False).agg(
            first=("first", "min"), last=("last", "max")
        )
    keys = [column for column in frame.columns if column.startswith("c")]
    others = [frame[key].to_numpy(np.int32) for key in keys[1:]]
    return count_frame(*summed_by_keys([groups, *others], frame["n"].to_numpy(np.int64)))


def group_basics(tallies: Tallies) -> pd.DataFrame:
    """Occurrences, first and last time seen (ns or NAT) and days active per group."""
    groups = tallies.group.size
    out = pd.DataFrame(index=pd.RangeIndex(groups))
    counts = tallies.tables["group"]
    out["rows"] = per_group(counts, groups)
    out["first"] = NAT
    out["last"] = NAT
    out["days"] = 0
    span = tallies.table("span")
    if span is not None and len(span):
        out.loc[span["c0"].to_numpy(), "first"] = span["first"].to_numpy()
        out.loc[span["c0"].to_numpy(), "last"] = span["last"].to_numpy()
    per_day = tallies.table("days")
    if per_day is not None:
        out["days"] = np.bincount(per_day["c0"].to_numpy(), minlength=groups)
    return out


def dominant_boundary(tallies: Tallies) -> npt.NDArray[np.int64] | None:
    """Per group, the code of the boundary most of its occurrences with a payload crossed
    (`boundary.size` where that is no recorded boundary); None without a boundary."""
    pairs = tallies.table("payload")
    if tallies.boundary is None or pairs is None:
        return None
    top = dominant(summed(pairs, ["c0", "c2"]), "c2", tallies.group.size)
    values: npt.NDArray[np.int64] = top["value"].to_numpy()
    return values
