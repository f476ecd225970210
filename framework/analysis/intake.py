"""Tag every incoming exception with its type before anyone touches it: the record's group in
a saved analysis, the group's verdict, primary type and whether both types are present.

    tagger = Tagger(analysis, stamp={"analysis": analysis_id, "revision": 3})
    tagger.tag_record({"error_code": "INV_SYNC_DRIFT", …})   # Tag
    stats = tag_stream(tagger, sys.stdin.buffer, sys.stdout.buffer)   # JSON Lines in and out

A record is a JSON object with the log's column names (or others, given with `renamed`). Its
group is found exactly as the analysis found the log's groups (`features.group_codes`: the
same column reading, the same boundary reading). A group the analysis has not seen is tagged
`unknown-group`.

Each record is written back as it came, byte for byte, with one more key, `triage`:

    {"group": "INV_SYNC_DRIFT", "verdict": "both", "primary_type": "integration",
     "both_present": true, …stamp}

`verdict` is what the app tags a group with (integration, process, both or undetermined;
`unknown-group` for an unseen group), `primary_type` the flowchart's verdict (where the
weight lies when both are present; null for an unseen group). A record that already has a
`triage` key is re-tagged: the key is replaced.

`tag_stream` reads whatever input is available (at most `CHUNK` bytes at a time), tags those
lines together and writes them out before reading on: memory stays constant however long the
stream, and a producer sending one record at a time gets its answer at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import pandas as pd
import pyarrow as pa

from framework.analysis.results import Analysis
from framework.analysis.rows import group_position
from framework.columns.group_by import check_group_by
from framework.inference.features import group_codes
from framework.logs.cells import text_array

UNKNOWN_GROUP = "unknown-group"
TAG_KEY = "triage"
CHUNK = 1 << 20
_BOUNDARY_PARTS = ("boundary", "source_system", "target_system")
_BOM = b"\xef\xbb\xbf"
_DECODE = json.JSONDecoder().raw_decode


class RecordError(ValueError):
    """A line that is not a JSON object: its number, what is wrong and what to do."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(
            f"line {line}: {problem}. Each line must be one JSON object (JSON Lines); fix or "
            "remove the line, or pass --skip-invalid to leave such lines out"
        )


@dataclass(frozen=True)
class Tag:
    """What a record is tagged with: its group and, when the analysis knows the group, the
    group's verdict (as tagged: both when both types are present), primary type and flag."""

    group: str | None
    verdict: str
    primary_type: str | None
    both_present: bool | None

    @property
    def known(self) -> bool:
        return self.verdict != UNKNOWN_GROUP

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "verdict": self.verdict,
            "primary_type": self.primary_type,
            "both_present": self.both_present,
        }


@dataclass(frozen=True)
class TagStats:
    """How a stream went: records tagged, how many of them in an unseen group, lines skipped
    (with --skip-invalid) and the first of them."""

    records: int = 0
    unknown: int = 0
    skipped: int = 0
    first_skipped: int | None = None


class Tagger:
    """Tags records with the groups of one analysis (its group-by field and columns)."""

    def __init__(
        self,
        analysis: Analysis,
        *,
        renamed: Mapping[str, str] | None = None,
        stamp: Mapping[str, Any] | None = None,
    ) -> None:
        """`renamed` maps a field to the record key that holds it when the records' keys
        differ from the log's columns; `stamp` is added to every tag (e.g. the analysis id).
        Raises `MappingError` when the records cannot carry the group-by field."""
        columns = {**analysis.columns, **(renamed or {})}
        wanted = {analysis.group_by}
        if analysis.group_by == "boundary":
            wanted |= set(_BOUNDARY_PARTS)
        self.mapping: dict[str, str] = {
            field: column for field in sorted(wanted) if (column := columns.get(field))
        }
        check_group_by(analysis.group_by, self.mapping)
        self.group_by = analysis.group_by
        self.spec = analysis.spec
        extra = dict(stamp or {})
        self._known = {
            group.group: {
                **Tag(group.group, group.tag, group.verdict, group.both_present).to_dict(),
                **extra,
            }
            for group in analysis.groups
        }
        self._stamp = extra
        self._names = [group.group for group in analysis.groups]
        self._position = group_position(analysis)
        self._suffix = {name: _suffix(_json(tag)) for name, tag in self._known.items()}

    def tag_record(self, record: Mapping[str, Any]) -> Tag:
        """The tag of one record."""
        found = self.tag_dicts([record])[0]
        return Tag(found["group"], found["verdict"], found["primary_type"], found["both_present"])

    def group_labels(self, records: Sequence[Mapping[str, Any]]) -> list[str]:
        """Each record's group label, read as the analysis read its log."""
        columns = {
            name: pd.Series(pd.arrays.ArrowExtensionArray(_texts(records, name)))
            for name in set(self.mapping.values())
        }
        frame = pd.DataFrame(columns, index=pd.RangeIndex(len(records)))
        coded = group_codes(frame, self.mapping, self.spec, self.group_by)
        labels = coded.labels
        return [labels[code] for code in coded.codes.tolist()]

    def tag_dicts(self, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Each record's tag as a JSON-ready dict of its own (stamp included)."""
        return [dict(self._tag_of(label)) for label in self.group_labels(records)]

    def _tag_of(self, label: str) -> dict[str, Any]:
        position = self._position(label)
        if position >= 0:
            return self._known[self._names[position]]
        return {**Tag(label, UNKNOWN_GROUP, None, None).to_dict(), **self._stamp}

    def tagged_lines(
        self, records: Sequence[tuple[bytes, dict[str, Any]]]
    ) -> tuple[list[bytes], int]:
        """Each (original line, parsed record) written back with its tag, one line each, and
        how many were in a group the analysis has not seen."""
        labels = self.group_labels([record for _, record in records])
        out, unknown = [], 0
        for (line, record), label in zip(records, labels, strict=True):
            suffix = self._suffix.get(label)
            if suffix is None:
                tag = self._tag_of(label)
                unknown += tag["verdict"] == UNKNOWN_GROUP
                suffix = _suffix(_json(tag))
            body = line.rstrip()
            if TAG_KEY in record or not record or not body.endswith(b"}"):
                out.append(_json({**record, TAG_KEY: self._tag_of(label)}) + b"\n")
            else:
                out.append(body[:-1] + suffix)
        return out, unknown


def _texts(records: Sequence[Mapping[str, Any]], key: str) -> pa.Array:
    return text_array([record.get(key) for record in records])


def _suffix(tag: bytes) -> bytes:
    """What closes a record once its tag is added: `,"triage":{…}}` and the newline."""
    return b',"' + TAG_KEY.encode() + b'":' + tag + b"}\n"


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def parse_record(text: str | bytes, line: int = 1) -> dict[str, Any]:
    """One JSON object (surrounding spaces allowed), or `RecordError` saying what it is
    instead. Bytes must be UTF-8, as JSON Lines are."""
    try:
        body = (text.decode("utf-8") if isinstance(text, bytes) else text).strip()
        record, end = _DECODE(body)
    except UnicodeDecodeError:
        raise RecordError(line, "not valid JSON (not UTF-8 text)") from None
    except json.JSONDecodeError as error:
        raise RecordError(line, f"not valid JSON ({error.msg})") from None
    except RecursionError:
        raise RecordError(line, "the JSON nests too deeply") from None
    if end != len(body):
        raise RecordError(line, "not valid JSON (more after the object)")
    if not isinstance(record, dict):
        raise RecordError(line, f"holds {type(record).__name__}, not a JSON object")
    return record


def tag_stream(
    tagger: Tagger, source: IO[bytes], sink: IO[bytes], *, skip_invalid: bool = False
) -> TagStats:
    """Tag JSON Lines from `source` into `sink`, chunk by chunk (see the module doc); raises
    `RecordError` at the first line that is not a JSON object unless `skip_invalid`."""
    stats = TagStats()
    number = 0
    for lines in _chunks(source):
        parsed: list[tuple[bytes, dict[str, Any]]] = []
        for line in lines:
            number += 1
            if not line.strip():
                continue
            try:
                parsed.append((line, parse_record(line, number)))
            except RecordError:
                if not skip_invalid:
                    _write(tagger, parsed, sink, stats)  # the lines before it still go out
                    raise
                stats = _skipped(stats, number)
        stats = _write(tagger, parsed, sink, stats)
    return stats


def _write(
    tagger: Tagger, parsed: list[tuple[bytes, dict[str, Any]]], sink: IO[bytes], stats: TagStats
) -> TagStats:
    if not parsed:
        return stats
    out, unknown = tagger.tagged_lines(parsed)
    sink.write(b"".join(out))
    sink.flush()
    return TagStats(
        stats.records + len(parsed), stats.unknown + unknown, stats.skipped, stats.first_skipped
    )


def _skipped(stats: TagStats, line: int) -> TagStats:
    first = stats.first_skipped if stats.first_skipped is not None else line
    return TagStats(stats.records, stats.unknown, stats.skipped + 1, first)


def _chunks(source: IO[bytes]) -> Iterable[list[bytes]]:
    """Complete lines, as many as one read brought; the last line even without a newline."""
    read = getattr(source, "read1", source.read)
    pending = b""
    first = True
    while True:
        data = read(CHUNK)
        if first and data.startswith(_BOM):
            data = data[len(_BOM) :]
        first = first and not data
        if not data:
            if pending.strip():
                yield [pending]
            return
        lines = (pending + data).split(b"\n")
        pending = lines.pop()
        if lines:
            yield lines
