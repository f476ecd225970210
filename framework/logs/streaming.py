"""A log on disk read in batches, so no file is too big for the command line.

    stream = open_log_stream("queue.csv")     # reads the head only
    stream.head                               # a LogTable of the first rows: detect columns
    total = stream.fold(start, step)          # every batch (a DataFrame) fed to `step`
    total = stream.fold_prepared(start, prepare, step)   # prepare(batch) read ahead, then step

Delimited text (any encoding), JSON Lines and Parquet are read batch by batch from the
file, so memory follows the batch, not the file. An Excel workbook (at most 1,048,576 rows
a sheet), a JSON document (one value, parsed whole) and a small file are read whole, as one
batch. Every batch has the head's columns, as text with empty cells missing: the frame
`read_log` would give for that stretch of rows.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, TypeVar

import pandas as pd
import pyarrow as pa

from framework.logs import formats
from framework.logs.delimited import explain_stream_error, read_delimited, stream_delimited
from framework.logs.encoding import LABELS, Utf8Reader, detect, to_utf8
from framework.logs.json_records import stream_json_lines
from framework.logs.parquet import stream_parquet
from framework.logs.reading import read_log, read_log_file
from framework.logs.table import LogError, LogTable, column_names, text_frame

HEAD_BYTES = 1 << 20
"""Bytes of a text log read first, to find its format, encoding, delimiter and columns."""
SAMPLE_CHUNKS = 64
SAMPLE_BYTES = 16 << 10
T = TypeVar("T")
P = TypeVar("P")
Batches = Callable[[bool], Iterator[pd.DataFrame]]


@dataclass(frozen=True)
class LogStream:
    """A log read in batches: its head (a `LogTable` of the first rows) and a way to read
    every batch again from the start (None: the head is the whole log)."""

    path: Path
    head: LogTable
    batches: Batches | None = field(default=None, repr=False, compare=False)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.head.columns

    def fold(self, start: Callable[[], T], step: Callable[[T, pd.DataFrame], None]) -> T:
        """`step(state, batch)` for every batch, from `state = start()`; returns the state.

        Delimited text is first read fast, as if no quoted value held a line break; if one
        does, the reading starts over, from a fresh `start()`, the careful way. The next
        batch is read while `step` works on one (`read_ahead`).
        """
        return self.fold_prepared(start, _as_it_is, step)

    def fold_prepared(
        self,
        start: Callable[[], T],
        prepare: Callable[[T, pd.DataFrame], P],
        step: Callable[[T, P], None],
    ) -> T:
        """`fold`, each batch first through `prepare(state, batch)` in the read-ahead
        thread: the next batch is read and prepared while `step` takes the one before. So
        `prepare` may read the state but never change it; `step` does, in the caller's
        thread, in the batches' order."""
        if self.batches is None:
            state = start()
            step(state, prepare(state, self.head.frame))
            return state
        for careful in (False, True):
            state = start()
            try:
                for prepared in read_ahead(_prepared(self.batches(careful), prepare, state)):
                    step(state, prepared)
            except _NeedsCareful:
                continue
            return state
        raise AssertionError("unreachable: the careful reading never asks to start over")

    def describe(self, rows: int) -> str:
        """How the whole log was read, for people: `LogTable.describe` with its rows."""
        text = self.head.describe()
        return f"{rows:,} row{'' if rows == 1 else 's'} × " + text.split(" × ", 1)[1]


def _as_it_is(state: object, batch: pd.DataFrame) -> pd.DataFrame:
    return batch


def _prepared(
    batches: Iterator[pd.DataFrame], prepare: Callable[[T, pd.DataFrame], P], state: T
) -> Iterator[P]:
    for batch in batches:
        yield prepare(state, batch)


def read_ahead(batches: Iterator[T]) -> Iterator[T]:
    """The batches, each next one read in a background thread while the caller works on
    the one it has: parsing (pyarrow, every core) fills the gaps the caller's Python leaves.
    One batch more is held; an error reading one is raised where it would have been."""
    done = object()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as pool:
        pending = pool.submit(next, batches, done)
        while True:
            batch = pending.result()
            if batch is done:
                return
            pending = pool.submit(next, batches, done)
            yield batch  # type: ignore[misc]


class _NeedsCareful(Exception):
    """The fast reading met something only the careful one reads (or explains)."""


def open_log_stream(path: str | Path, *, sheet: str | None = None) -> LogStream:
    """Open a log on disk for reading in batches (only its head is read here)."""
    log_path = Path(path)
    try:
        size = log_path.stat().st_size
        with log_path.open("rb") as file:
            head = _head_bytes(file)
    except OSError as error:
        raise LogError(
            str(log_path),
            f"the file cannot be opened ({error.strerror or error})",
            "Check the path and that you may read the file",
        ) from None
    if head.startswith(b"PAR1") and sheet is None:
        return _parquet(log_path)
    if head.startswith((b"PAR1", b"PK\x03\x04")) or sheet is not None or size <= len(head):
        return LogStream(log_path, read_log_file(log_path, sheet=sheet))
    formats.binary_format(head, log_path.name)  # raises for a PDF, an image, an archive…
    return _text(log_path, head, size)


def _head_bytes(file: BinaryIO) -> bytes:
    """The first `HEAD_BYTES`, cut after the last line break that leaves the double quotes
    balanced (a quoted value may hold line breaks); the whole file if it is no longer."""
    data = file.read(HEAD_BYTES + 1)
    if len(data) <= HEAD_BYTES:
        return data
    data = data[:HEAD_BYTES]
    end = data.rfind(b"\n")
    while end > 0 and data.count(b'"', 0, end) % 2:
        end = data.rfind(b"\n", 0, end)
    return data[: end + 1] if end > 0 else data


def _text(path: Path, head: bytes, size: int) -> LogStream:
    """A text log: its encoding from the head and from stretches spread over the file; a
    JSON document (one value, parsed whole) is read whole."""
    match = detect(head + b"".join(_samples(path, size)))
    encoding = "utf_8" if match is None else match.encoding
    start = head[:4096].decode(encoding if match is not None else "utf-8", errors="ignore")
    if formats.text_format(start, path.name) == formats.JSON:
        return LogStream(path, read_log_file(path))
    table = read_log(head, path.name)
    if match is not None:
        label = LABELS.get(encoding, encoding) + (" with BOM" if match.bom else "")
        table = replace(table, encoding=label)
    if table.format == formats.JSONL:
        return LogStream(path, table, _json_lines(path, encoding, table.columns))
    return LogStream(path, table, _delimited(path, encoding, head))


def _samples(path: Path, size: int) -> Iterator[bytes]:
    """Short stretches spread evenly over the file, each cut to whole lines."""
    with path.open("rb") as file:
        for index in range(1, SAMPLE_CHUNKS + 1):
            file.seek(size * index // (SAMPLE_CHUNKS + 1))
            chunk = file.read(SAMPLE_BYTES)
            start, end = chunk.find(b"\n") + 1, chunk.rfind(b"\n") + 1
            if 0 < start < end:
                yield b"\n" + chunk[start:end]


def _utf8(path: Path, encoding: str) -> io.BufferedReader:
    """The file opened as UTF-8 bytes: as it is, or transcoded on the fly."""
    raw = path.open("rb")
    if encoding == "utf_8":
        if raw.read(3) != b"\xef\xbb\xbf":
            raw.seek(0)
        return raw
    return io.BufferedReader(Utf8Reader(raw, encoding, path.name), 1 << 20)


def _delimited(path: Path, encoding: str, head: bytes) -> Batches:
    """Batches of a delimited log, with the columns and names its head was read with."""
    cells = read_delimited(to_utf8(head, path.name).data, path.name, encoding)
    names, _ = column_names(cells.header)
    layout = cells.layout

    def batches(careful: bool) -> Iterator[pd.DataFrame]:
        with _utf8(path, encoding) as source:
            for _ in range(layout.skip_lines):
                source.readline()
            try:
                for batch in stream_delimited(source, layout, careful=careful):
                    yield text_frame(batch.columns, names, nulled=True)
            except pa.ArrowInvalid as error:
                if not careful:
                    raise _NeedsCareful from error
                with _utf8(path, encoding) as again:
                    raise explain_stream_error(again, path.name, layout, str(error)) from None

    return batches


def _json_lines(path: Path, encoding: str, names: tuple[str, ...]) -> Batches:
    """JSON Lines chunk by chunk, each chunk's keys laid on the head's columns."""

    def batches(careful: bool) -> Iterator[pd.DataFrame]:
        with _utf8(path, encoding) as source:
            for records in stream_json_lines(source, path.name):
                found = dict(zip(records.header, records.columns, strict=True))
                rows = len(records.columns[0]) if records.columns else 0
                columns = [found.get(name) or pa.nulls(rows, pa.string()) for name in names]
                yield text_frame(columns, names)

    return batches


def _parquet(path: Path) -> LogStream:
    """A Parquet log row batch by row batch; the first batch is the head."""
    first = next(stream_parquet(path), None)
    if first is None:
        return LogStream(path, read_log_file(path))
    names, _ = column_names(first[0])
    head = LogTable(text_frame(first[1], names), path.name, formats.PARQUET)

    def batches(careful: bool) -> Iterator[pd.DataFrame]:
        for _, columns in stream_parquet(path):
            yield text_frame(columns, names)

    return LogStream(path, head, batches)
