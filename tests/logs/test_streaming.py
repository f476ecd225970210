"""A log read in batches gives the same rows as the log read whole: every format, every
encoding, a title above the header, quoted line breaks (read again the careful way), a bad
row deep in the file named by its line, and keys that JSON Lines only add later."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framework.logs import delimited, json_records, parquet, streaming
from framework.logs.reading import read_log_file
from framework.logs.streaming import LogStream, open_log_stream
from framework.logs.table import LogError
from tests.support.sample_logs import DATA, SAMPLES

FIXTURES = Path(__file__).parents[1] / "fixtures" / "logs"
READABLE = [
    "bom.csv",
    "comma.csv",
    "duplicate_headers.csv",
    "excel_sep.csv",
    "lines.jsonl",
    "log.parquet",
    "multiline.csv",
    "pipes.txt",
    "records.json",
    "semicolon.csv",
    "tabs.tsv",
    "titled.csv",
    "utf16.txt",
    "windows1252.csv",
    "workbook.xlsx",
    "wrapped.json",
]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Heads of 2 KB and batches of a few KB, so even small files are read in many parts."""
    monkeypatch.setattr(streaming, "HEAD_BYTES", 2048)
    monkeypatch.setattr(delimited, "STREAM_BLOCK_BYTES", 4096)
    monkeypatch.setattr(json_records, "STREAM_CHUNK_BYTES", 4096)
    monkeypatch.setattr(parquet, "STREAM_BATCH_ROWS", 7)


def read_all(stream: LogStream) -> pd.DataFrame:
    """Every batch of the stream, one after the other."""
    parts = stream.fold(list[pd.DataFrame], lambda found, frame: found.append(frame))
    return pd.concat(parts, ignore_index=True)


def parts(stream: LogStream) -> int:
    return len(stream.fold(list[pd.DataFrame], lambda found, frame: found.append(frame)))


@pytest.mark.parametrize(
    "path",
    [*(DATA / name for name in SAMPLES), *(FIXTURES / n for n in READABLE)],
    ids=lambda p: p.name,
)
def test_batches_add_up_to_the_whole_log(path: Path) -> None:
    """The batches, put together, are the frame `read_log_file` gives: same columns, same
    cells (nested JSON alike up to key order), same missing values."""
    whole = read_log_file(path).frame
    stream = open_log_stream(path)
    assert stream.columns == tuple(whole.columns)
    pd.testing.assert_frame_equal(
        canonical(read_all(stream)), canonical(whole.reset_index(drop=True)), check_dtype=False
    )


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Nested JSON values with their keys sorted: pyarrow writes an object's keys in the order
    they first appear in the part it reads, so a batch may order them differently."""

    def cell(value: object) -> object:
        if isinstance(value, str) and value.startswith("{"):
            return json.dumps(json.loads(value), sort_keys=True)
        return value

    return frame.map(cell)


@pytest.mark.parametrize("name", SAMPLES)
def test_big_logs_are_read_in_several_batches(name: str) -> None:
    """A log longer than the head is read in parts, not whole."""
    assert parts(open_log_stream(DATA / name)) > 3


def test_describe_counts_every_row(tmp_path: Path) -> None:
    """The description names the rows of the whole log, not of its head."""
    stream = open_log_stream(DATA / "exceptions_ops.csv")
    rows = len(read_all(stream))
    assert stream.describe(rows) == read_log_file(DATA / "exceptions_ops.csv").describe()


def test_quoted_line_breaks_deep_in_the_file_are_read(tmp_path: Path) -> None:
    """A quoted value with a line break after the head makes the fast reading start over
    the careful way; no row is lost or split."""
    rows = [f'{i},E{i % 3},"plain {i}"' for i in range(400)]
    rows[350] = '350,E2,"first line\nsecond line"'
    path = tmp_path / "late_break.csv"
    path.write_text("id,code,message\n" + "\n".join(rows) + "\n", encoding="utf-8")
    frame = read_all(open_log_stream(path))
    assert len(frame) == 400
    assert frame.loc[350, "message"] == "first line\nsecond line"


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("blank_run", lambda i: "\n" * 5000 if i == 300 else f"{i},E{i % 3},plain {i}"),
        ("long_line", lambda i: f"{i},E{i % 3},{'x' * 9000 if i == 200 else i}"),
        ("windows_breaks", lambda i: f"{i},E{i % 3},plain {i}\r"),
    ],
)
def test_rows_across_block_edges_are_read_whole(
    tmp_path: Path, name: str, row: Callable[[int], str]
) -> None:
    """Blocks end at line breaks whatever lies there: a run of blank lines longer than a
    block, a line longer than a block, CRLF line ends; every row comes back once, whole."""
    rows = [row(i) for i in range(600)]
    path = tmp_path / f"{name}.csv"
    path.write_text("id,code,message\n" + "\n".join(rows) + "\n", encoding="utf-8")
    frame = read_all(open_log_stream(path))
    assert frame["id"].tolist() == [str(i) for i in range(600) if name != "blank_run" or i != 300]
    assert frame.equals(read_log_file(path).frame)
    assert parts(open_log_stream(path)) > 1


def test_a_bad_row_deep_in_the_file_is_named_by_its_line(tmp_path: Path) -> None:
    """A row with an extra field long after the head is refused with its line number."""
    rows = [f"{i},E{i % 3},ok" for i in range(600)]
    rows[500] = "500,E2,ok,extra"
    path = tmp_path / "late_ragged.csv"
    path.write_text("id,code,message\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(LogError) as caught:
        read_all(open_log_stream(path))
    assert caught.value.line == 502
    assert "4 fields where the header has 3" in str(caught.value)


def test_other_encodings_stream_through_utf8(tmp_path: Path) -> None:
    """A Windows-1252 log is read in batches as UTF-8; accents far into the file survive."""
    rows = [f"{i},E{i % 3},caf\u00e9 {i}" for i in range(800)]
    path = tmp_path / "latin.csv"
    path.write_bytes(("id,code,message\n" + "\n".join(rows) + "\n").encode("cp1252"))
    stream = open_log_stream(path)
    frame = read_all(stream)
    assert frame.loc[799, "message"] == "caf\u00e9 799"
    assert "Windows-1252" in stream.describe(len(frame))


def test_json_lines_keys_added_later_are_left_out(tmp_path: Path) -> None:
    """Columns come from the head; a key first seen later is not a column, and a key a
    record lacks is a missing cell."""
    records = [{"id": i, "code": f"E{i % 2}"} for i in range(300)]
    records[250] = {"id": 250, "late": "x"}
    path = tmp_path / "late_keys.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    frame = read_all(open_log_stream(path))
    assert list(frame.columns) == ["id", "code"]
    # pandas-stubs' isna leaves out np.bool, Period and Interval, which .loc may return
    assert len(frame) == 300 and pd.isna(frame.loc[250, "code"])  # type: ignore[arg-type]


def test_parquet_is_read_row_group_by_row_group(tmp_path: Path) -> None:
    """A Parquet log comes in batches of rows, every column as text."""
    table = pa.table({"id": list(range(50)), "code": [f"E{i % 4}" for i in range(50)]})
    path = tmp_path / "log.parquet"
    pq.write_table(table, path)
    stream = open_log_stream(path)
    assert parts(stream) > 3
    frame = read_all(stream)
    assert list(frame["id"][:3]) == ["0", "1", "2"] and len(frame) == 50


@pytest.mark.parametrize("late_break", [False, True])
def test_prepared_batches_are_prepared_ahead_and_taken_in_order(
    tmp_path: Path, late_break: bool
) -> None:
    """`fold_prepared` prepares each batch in the read-ahead thread and hands the results
    to `step` in the caller's thread, in the batches' order: the same rows as `fold`, also
    when a late quoted line break starts the reading over from a fresh state."""
    rows = [f"{i},E{i % 3},plain {i}" for i in range(500)]
    if late_break:
        rows[420] = '420,E0,"first line\nsecond line"'
    path = tmp_path / "log.csv"
    path.write_text("id,code,message\n" + "\n".join(rows) + "\n", encoding="utf-8")
    caller = threading.get_ident()
    threads: set[int] = set()

    def prepare(state: list[tuple[int, list[str]]], frame: pd.DataFrame) -> list[str]:
        threads.add(threading.get_ident())
        return frame["id"].tolist()

    def step(state: list[tuple[int, list[str]]], ids: list[str]) -> None:
        state.append((threading.get_ident(), ids))

    taken = open_log_stream(path).fold_prepared(list, prepare, step)
    assert len(taken) > 1
    assert {thread for thread, _ in taken} == {caller}
    assert caller not in threads
    assert [i for _, ids in taken for i in ids] == read_all(open_log_stream(path))["id"].tolist()
    assert len([i for _, ids in taken for i in ids]) == 500
