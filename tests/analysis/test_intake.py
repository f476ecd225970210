"""Tagging incoming records at intake: each record gets its group (found exactly as the analysis
found the log's groups), the group's verdict, primary type and both-present flag, or
`unknown-group`; records come back byte for byte, streamed chunk by chunk."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest

import framework.analysis.intake as intake
from framework.analysis.intake import (
    TAG_KEY,
    UNKNOWN_GROUP,
    RecordError,
    Tag,
    Tagger,
    parse_record,
    tag_stream,
)
from framework.analysis.pipeline import analyze, analyze_table
from framework.analysis.results import Analysis
from framework.analysis.rows import tag_rows
from framework.columns.mapping import MappingError
from framework.logs.reading import read_log_file
from framework.spec.model import Spec
from tests.support.sample_logs import DATA, mapping, read_sample

EVENTS = DATA / "integration_events.jsonl"


@pytest.fixture(scope="module")
def events(spec: Spec) -> Analysis:
    _, analysis = analyze_table(read_log_file(EVENTS), spec)
    return analysis


def stream(tagger: Tagger, data: bytes, **options: Any) -> tuple[list[dict[str, Any]], Any]:
    out = io.BytesIO()
    stats = tag_stream(tagger, io.BytesIO(data), out, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()], stats


def test_every_record_gets_the_group_the_analysis_gave_its_row(
    spec: Spec, events: Analysis
) -> None:
    """The whole sample log streamed through the tagger: each record's group, verdict,
    primary type and flag are those the diagnostic sheet gives the same row."""
    tagged, stats = stream(Tagger(events), EVENTS.read_bytes())
    frame = read_log_file(EVENTS).frame
    sheet = tag_rows(frame, events)
    assert stats.records == len(frame) == len(tagged) and stats.unknown == 0
    assert [r[TAG_KEY]["group"] for r in tagged] == sheet["group"].astype(str).tolist()
    assert [r[TAG_KEY]["primary_type"] for r in tagged] == sheet["verdict"].astype(str).tolist()
    groups = {group.group: group for group in events.groups}
    for record in tagged[:200]:
        found = groups[record[TAG_KEY]["group"]]
        assert record[TAG_KEY] == {
            "group": found.group,
            "verdict": found.tag,
            "primary_type": found.verdict,
            "both_present": found.both_present,
        }


def test_records_come_back_byte_for_byte(events: Analysis) -> None:
    """Only the triage key is added: the rest of each line is exactly as it came."""
    lines = EVENTS.read_bytes().splitlines()[:50]
    out = io.BytesIO()
    tag_stream(Tagger(events), io.BytesIO(b"\n".join(lines) + b"\n"), out)
    for original, tagged in zip(lines, out.getvalue().splitlines(), strict=True):
        assert tagged.startswith(original[:-1] + b',"triage":{')


@pytest.mark.parametrize(
    ("record", "tag"),
    [
        ({"alert": "NEVER_SEEN"}, Tag("NEVER_SEEN", UNKNOWN_GROUP, None, None)),
        ({"alert": 404}, Tag("404", UNKNOWN_GROUP, None, None)),
        ({"other": "x"}, Tag("(blank)", UNKNOWN_GROUP, None, None)),
        ({"alert": "CUSTOMS_DOCS_HOLD"}, Tag("CUSTOMS_DOCS_HOLD", "both", "process", True)),
        (
            {"alert": "DAM_ASSET_MISSING"},
            Tag("DAM_ASSET_MISSING", "undetermined", "undetermined", False),
        ),
    ],
)
def test_one_record(events: Analysis, record: dict[str, Any], tag: Tag) -> None:
    """A known group gets its type; an unseen, numeric or missing group value does not."""
    assert Tagger(events).tag_record(record) == tag
    assert Tagger(events).tag_record(record).known is (tag.verdict != UNKNOWN_GROUP)


def test_grouped_by_boundary_reads_the_systems_the_same_way(spec: Spec) -> None:
    """Grouped by boundary, a record's source and target make its group as in the log."""
    analysis = analyze(
        read_sample("exceptions_ops.csv"), mapping("exceptions_ops.csv"), spec, group_by="boundary"
    )
    tagger = Tagger(analysis)
    tag = tagger.tag_record(
        {"source_system": " WMS ", "target_system": "Shopify", "error_code": "x"}
    )
    assert tag.group == "WMS → Shopify" and tag.known
    assert tagger.tag_record({"source_system": "WMS"}).group == "WMS → ?"


def test_records_with_other_key_names(events: Analysis) -> None:
    """`renamed` says which key holds the group-by field when it is not the log's column."""
    tagger = Tagger(events, renamed={"error_code": "code"}, stamp={"analysis": "abc"})
    tags = tagger.tag_dicts([{"code": "CUSTOMS_DOCS_HOLD"}, {"alert": "CUSTOMS_DOCS_HOLD"}])
    assert tags[0]["verdict"] == "both" and tags[0]["analysis"] == "abc"
    assert tags[1]["verdict"] == UNKNOWN_GROUP


def test_a_record_already_tagged_is_retagged(events: Analysis) -> None:
    """An existing triage key is replaced, not duplicated; odd but valid JSON still works."""
    data = (
        b'{"alert": "CUSTOMS_DOCS_HOLD", "triage": {"verdict": "stale"}}\n'
        b"{}\n"
        b'  {"alert": "X"}  \r\n'
    )
    tagged, _ = stream(Tagger(events), data)
    assert tagged[0] == {"alert": "CUSTOMS_DOCS_HOLD", TAG_KEY: tagged[0][TAG_KEY]}
    assert tagged[0][TAG_KEY]["verdict"] == "both"
    assert tagged[1][TAG_KEY]["group"] == "(blank)"
    assert tagged[2] == {"alert": "X", TAG_KEY: tagged[2][TAG_KEY]}


def test_bom_blank_lines_and_a_last_line_without_newline(events: Analysis) -> None:
    """A UTF-8 BOM and blank lines are skipped; the last line needs no newline."""
    data = b'\xef\xbb\xbf{"alert": "A"}\n\n   \n{"alert": "B"}'
    tagged, stats = stream(Tagger(events), data)
    assert [r["alert"] for r in tagged] == ["A", "B"] and stats.records == 2


def test_lines_split_across_reads(events: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line cut in two by a read is joined before it is tagged (tiny reads here)."""
    monkeypatch.setattr(intake, "CHUNK", 7)
    lines = EVENTS.read_bytes().splitlines(keepends=True)[:30]
    tagged, stats = stream(Tagger(events), b"".join(lines))
    assert stats.records == 30
    assert [r["event_id"] for r in tagged] == [json.loads(line)["event_id"] for line in lines]


class Trickle(io.RawIOBase):
    """A pipe that hands over one line per read, as a queue consumer sends them."""

    def __init__(self, lines: list[bytes], seen: list[int], sink: io.BytesIO) -> None:
        self.lines, self.seen, self.sink = iter(lines), seen, sink

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        self.seen.append(self.sink.getvalue().count(b"\n"))
        return next(self.lines, b"")


def test_each_record_is_written_before_the_next_is_read(events: Analysis) -> None:
    """A producer sending one record at a time gets each answer before it sends the next."""
    seen: list[int] = []
    sink = io.BytesIO()
    lines = [b'{"alert": "A"}\n', b'{"alert": "B"}\n', b'{"alert": "C"}\n']
    tag_stream(Tagger(events), Trickle(lines, seen, sink), sink)  # type: ignore[arg-type]
    assert seen == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"not json", "line 2: not valid JSON (Expecting value)"),
        (b"[1, 2]", "line 2: holds list, not a JSON object"),
        (b'"text"', "line 2: holds str, not a JSON object"),
        (b"\xff\xfe{", "line 2: not valid JSON"),
    ],
)
def test_a_bad_line_stops_with_its_number(events: Analysis, line: bytes, problem: str) -> None:
    """The run stops at a line that is no JSON object, naming the line; the lines before it
    are written."""
    out = io.BytesIO()
    with pytest.raises(RecordError, match=re.escape(problem)) as caught:
        tag_stream(Tagger(events), io.BytesIO(b'{"alert": "A"}\n' + line + b"\n"), out)
    assert caught.value.line == 2 and "--skip-invalid" in str(caught.value)
    assert out.getvalue().count(b"\n") == 1


def test_skip_invalid_counts_what_it_left_out(events: Analysis) -> None:
    """With skip_invalid the bad lines are left out and counted, the first one named."""
    data = b'{"alert": "A"}\nnope\n{"alert": "B"}\n[3]\n'
    tagged, stats = stream(Tagger(events), data, skip_invalid=True)
    assert [r["alert"] for r in tagged] == ["A", "B"]
    assert (stats.records, stats.skipped, stats.first_skipped, stats.unknown) == (2, 2, 2, 2)


def test_parse_record() -> None:
    """One pasted record: an object, or a RecordError saying what it is instead."""
    assert parse_record('{"a": 1}') == {"a": 1}
    with pytest.raises(RecordError, match="line 1: holds int"):
        parse_record("5")


def test_records_that_cannot_carry_the_group_are_refused(events: Analysis) -> None:
    """Renaming the group-by field to nothing leaves no way to group: a MappingError."""
    with pytest.raises(MappingError, match="error_code"):
        Tagger(events, renamed={"error_code": ""})
