"""Property tests: whatever bytes arrive under whatever name, reading a log either gives a
table or raises `LogError`; nothing else escapes (random bytes, and valid files of every
format mutated by flipping, cutting, repeating and inserting bytes)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framework.logs.reading import read_log, sheet_names
from framework.logs.table import LogError
from tests.support.workbook_parts import workbook

FIXTURES = Path(__file__).parents[1] / "fixtures" / "logs"
NAMES = ["log.csv", "log.tsv", "log.txt", "log.json", "log.jsonl", "log.xlsx", "log.parquet", "log"]


def _parquet() -> bytes:
    buffer = io.BytesIO()
    table = pa.table({"id": ["EX-1", "EX-2"], "code": ["E1", "E2"], "payload": [{"a": 1}, None]})
    pq.write_table(table, buffer)
    return buffer.getvalue()


VALID = {
    "log.csv": (FIXTURES / "comma.csv").read_bytes(),
    "log.tsv": (FIXTURES / "tabs.tsv").read_bytes(),
    "log.json": (FIXTURES / "records.json").read_bytes(),
    "log.jsonl": (FIXTURES / "lines.jsonl").read_bytes(),
    "log.xlsx": workbook(),
    "log.parquet": _parquet(),
    "log.txt": json.dumps({"rows": [{"id": "EX-1", "n": [1, {"b": None}]}]}).encode(),
}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _reads_or_refuses(data: bytes, name: str) -> None:
    try:
        read_log(data, name)
    except LogError as error:
        assert str(error).startswith(name) and "\n" not in str(error)
    with contextlib.suppress(LogError):
        sheet_names(data, name)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    """A valid file of some format, then a few structure-blind edits of its bytes."""
    kind = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[kind])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        edit = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if edit == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 32))] * draw(st.integers(2, 50))
        elif edit == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"[",
                        b"{",
                        b'"',
                        b"\\",
                        b"\x00",
                        b"\xff",
                        b",",
                        b"\n",
                        b"99999999999999999999",
                    ]
                )
            )
        else:
            del data[at:]
    return bytes(data), draw(st.sampled_from([kind, *NAMES]))


@SETTINGS
@given(data=st.binary(max_size=2048), name=st.sampled_from(NAMES))
@example(data=b"\r|", name="log.csv")  # a lone CR ends a line (found by Hypothesis)
def test_random_bytes_are_read_or_refused(data: bytes, name: str) -> None:
    """Random bytes under any log name: a table or a LogError."""
    _reads_or_refuses(data, name)


@SETTINGS
@given(case=mutated())
def test_mutated_valid_files_are_read_or_refused(case: tuple[bytes, str]) -> None:
    """Valid CSV, TSV, JSON, JSON Lines, Excel and Parquet files with bytes flipped, cut,
    repeated or inserted: a table or a LogError."""
    _reads_or_refuses(*case)


@SETTINGS
@given(
    records=st.lists(
        st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["\ud800", "a\udfff", ""]),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=4), inner, max_size=3)
                ),
                max_leaves=8,
            ),
            max_size=5,
        ),
        max_size=5,
    ),
    lines=st.booleans(),
)
def test_any_json_records_are_read_or_refused(
    records: list[dict[str, object]], lines: bool
) -> None:
    """Any JSON records (odd keys, lone surrogates, NaN, huge or nested values), as an array
    or as JSON Lines: a table or a LogError."""
    text = "\n".join(json.dumps(r) for r in records) if lines else json.dumps(records)
    _reads_or_refuses(
        text.encode("utf-8", errors="surrogatepass"), "log.jsonl" if lines else "log.json"
    )
