"""Delimited text logs (CSV, TSV, semicolon- or pipe-separated), read by pyarrow as text.

The delimiter is sniffed from the first rows, and a title or Excel's 'sep=' line above the
column names is skipped. Every cell stays text: no type guessing, so
codes like 00042 keep their zeros. The slower Python `csv` module only runs to find the
line of a ragged row for the error message.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from framework.logs.encoding import not_encoded
from framework.logs.formats import extension
from framework.logs.limits import MAX_ROW_BYTES
from framework.logs.table import DELIMITER_NAMES, TEXT, LogError, check_header, preamble

DELIMITERS = (",", ";", "\t", "|")
_PREFERRED = {".tsv": "\t", ".tab": "\t", ".psv": "|"}
_SNIFF_BYTES = 64 * 1024
_SNIFF_ROWS = 50
_BLOCK_BYTES = 4 * 1024 * 1024
_SEP_LINE = re.compile(r"\A\ufeff?sep=(.)[ \t]*\r?\n")  # Excel's "sep=;" first line


@dataclass(frozen=True)
class Layout:
    """How delimited text is laid out: the delimiter, the field count of the header, and the
    lines above the header (a report title, Excel's 'sep=;' line) to skip."""

    delimiter: str
    width: int = 1
    skip_lines: int = 0


@dataclass(frozen=True)
class Delimited:
    """The cells of a delimited log: header cells, text columns, and how they were laid out."""

    header: list[str | None]
    columns: list[pa.ChunkedArray]
    layout: Layout
    notes: tuple[str, ...] = ()

    @property
    def header_line(self) -> int:
        return self.layout.skip_lines + 1


def read_delimited(data: bytes | memoryview, filename: str, encoding: str) -> Delimited:
    """Read UTF-8 delimited text into text columns; raise `LogError` naming the bad line."""
    head = bytes(data[:_SNIFF_BYTES])
    layout = sniff_layout(
        head.decode("utf-8", errors="ignore"), complete=len(data) <= _SNIFF_BYTES, filename=filename
    )
    view = memoryview(data)[_line_start(head, layout.skip_lines) :]
    if not bytes(view[:_SNIFF_BYTES]).strip() and not bytes(view).strip():
        raise LogError(
            filename,
            f"there are no column names and no rows below line {layout.skip_lines}",
            "Export the log again with a header row and at least one data row",
        )
    try:
        table = _closed_quotes(
            _parse(view, layout, newlines_in_values=False), view, filename, layout
        )
    except pa.ArrowException:
        table = _parse_or_explain(view, filename, layout, encoding)
    header = [column[0].as_py() for column in table.columns] if table.num_rows else []
    check_header(header, filename, line=layout.skip_lines + 1)
    body = table.slice(1)
    notes: tuple[str, ...] = ()
    if layout.skip_lines:
        count = layout.skip_lines
        notes = (f"Skipped {count} line{'s' if count > 1 else ''} above the column names.",)
    return Delimited(header, [body.column(i) for i in range(body.num_columns)], layout, notes)


def sniff_layout(head: str, *, complete: bool, filename: str = "") -> Layout:
    """The delimiter that splits the first rows into the most consistent columns, and the
    title lines above the header row."""
    stated = _SEP_LINE.match(head)
    if stated:
        rows = _rows(head[stated.end() :], stated.group(1))
        return Layout(stated.group(1), len(rows[0][1]) if rows else 1, skip_lines=1)
    preferred = _PREFERRED.get(extension(filename))
    best, best_score = Layout(","), (0.0, 0, False)
    for delimiter in DELIMITERS:
        rows = _rows(head, delimiter)
        if not complete and len(rows) > 1:
            rows = rows[:-1]  # the last row may be cut off
        skip = preamble([cells for _, cells in rows])
        body = [cells for _, cells in rows[skip:]]
        width = len(body[0]) if body else 0
        if width < 2:
            continue
        agreeing = sum(1 for cells in body if len(cells) == width) / len(body)
        score = (agreeing, width, delimiter == preferred)
        if score > best_score:
            lines = rows[skip][0] - 1  # titles and blank lines above the header
            best, best_score = Layout(delimiter, width, lines), score
    return best


def _rows(head: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The first non-blank rows, each with the number of the line it starts on."""
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if cells:
                rows.append((start, cells))
            start = reader.line_num + 1
            if len(rows) >= _SNIFF_ROWS:
                break
    except csv.Error:
        pass
    return rows


_LINE_BREAK = re.compile(rb"\r\n|\n|\r")


def _line_start(head: bytes, lines: int) -> int:
    """The byte offset where line `lines + 1` starts (line breaks as the csv module reads
    them: CR LF, LF or a lone CR); the end of `head` if it has fewer lines."""
    if lines == 0:
        return 0
    for count, found in enumerate(_LINE_BREAK.finditer(head), start=1):
        if count == lines:
            return found.end()
    return len(head)


def _parse(
    data: bytes | memoryview,
    layout: Layout,
    *,
    newlines_in_values: bool,
    block_size: int = _BLOCK_BYTES,
) -> pa.Table:
    return pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(data)),
        read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=block_size),
        parse_options=pacsv.ParseOptions(
            delimiter=layout.delimiter, newlines_in_values=newlines_in_values
        ),
        convert_options=_text_columns(layout),
    )


def _parse_or_explain(
    data: bytes | memoryview, filename: str, layout: Layout, encoding: str
) -> pa.Table:
    """Retry allowing line breaks inside quoted values, then rows up to `MAX_ROW_BYTES`; else
    explain what is wrong, where."""
    try:
        return _closed_quotes(_parse(data, layout, newlines_in_values=True), data, filename, layout)
    except pa.ArrowException as error:
        message = str(error)
    if "UTF8" in message:
        try:
            bytes(data).decode("utf-8")
        except UnicodeDecodeError as decode_error:
            raise not_encoded(bytes(data), decode_error, filename, encoding) from None
    _refuse_long_line(data, filename, layout)
    if "straddl" in message or "Empty CSV" in message:  # a row longer than a block
        terminated = data if bytes(data[-1:]) == b"\n" else bytes(data) + b"\n"
        try:
            table = _parse(terminated, layout, newlines_in_values=True, block_size=MAX_ROW_BYTES)
            return _closed_quotes(table, terminated, filename, layout)
        except pa.ArrowException as error:
            message = str(error)
        if "straddl" in message:
            raise _long_value(data, filename, layout) from None
    raise _explained(data, filename, layout, message)


def _explained(data: bytes | memoryview, filename: str, layout: Layout, message: str) -> LogError:
    """The first ragged row, or what pyarrow said."""
    delimiter = layout.delimiter
    ragged = _first_ragged_row(data, delimiter)
    if ragged is None:
        separated = f"{DELIMITER_NAMES.get(delimiter, delimiter)}-separated"
        return LogError(
            filename,
            f"the file cannot be read as {separated} text ({message.splitlines()[0]})",
            "Check that it is a plain CSV export and upload it again",
        )
    line, fields, expected = ragged
    return LogError(
        filename,
        f"this row has {fields} field{'s' if fields != 1 else ''} where the header has {expected}",
        _ragged_advice(delimiter, fields, expected),
        line=line + layout.skip_lines,
    )


def _refuse_long_line(data: bytes | memoryview, filename: str, layout: Layout) -> None:
    """`LogError` for the first line longer than `MAX_ROW_BYTES`."""
    text = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(text == ord("\n"))
    lengths = np.diff(np.concatenate(([-1], breaks, [len(text)]))) - 1
    too_long = np.flatnonzero(lengths > MAX_ROW_BYTES)
    if len(too_long):
        line = int(too_long[0]) + 1
        size = int(lengths[too_long[0]]) / 1024**2
        raise LogError(
            filename,
            f"this line is {size:,.1f} MB long, longer than a log row may be "
            f"({MAX_ROW_BYTES // 1024**2} MB)",
            "Check that the file is a log export with one exception per line",
            line=line + layout.skip_lines,
        )


def _long_value(data: bytes | memoryview, filename: str, layout: Layout) -> LogError:
    """The row (by its first line) whose quoted value runs past `MAX_ROW_BYTES`."""
    csv.field_size_limit(MAX_ROW_BYTES)
    try:
        line = _row_start_where_reading_stops(data, layout.delimiter, strict=False)
    finally:
        csv.field_size_limit(sys.maxsize)
    return LogError(
        filename,
        f"a quoted value in the row starting on this line runs over "
        f'{MAX_ROW_BYTES // 1024**2} MB: probably a quote (") that is never closed',
        'Close the quote ("…") or remove it, then upload the file again',
        line=None if line is None else line + layout.skip_lines,
    )


def _closed_quotes(
    table: pa.Table, data: bytes | memoryview, filename: str, layout: Layout
) -> pa.Table:
    """The table, unless a quote opened on some line is never closed: then every line after
    it would have been read as one value (`LogError` naming that line). Only a last row with
    a line break in a value can be that, so only then is the file looked at again."""
    last = table.slice(max(table.num_rows - 1, 0))
    if not any(
        isinstance(value, str) and ("\n" in value or "\r" in value)
        for column in last.columns
        for value in column.to_pylist()
    ):
        return table
    if not np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == ord('"')) % 2:
        return table
    csv.field_size_limit(sys.maxsize)
    line = _row_start_where_reading_stops(data, layout.delimiter, strict=True)
    if line is None:
        return table
    raise LogError(
        filename,
        'a quote (") opened in the row starting on this line is never closed',
        'Close the quote ("…") or remove it, then upload the file again',
        line=line + layout.skip_lines,
    )


def _row_start_where_reading_stops(
    data: bytes | memoryview, delimiter: str, *, strict: bool
) -> int | None:
    """The first line of the row at which Python's csv reader fails (the text ending inside
    quotes, a field past the size limit), or None if it reads to the end."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", newline="")
    reader = csv.reader(text, delimiter=delimiter, strict=strict)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as error:
        if strict and "unexpected end of data" not in str(error):
            return None
        return start
    return None


def _ragged_advice(delimiter: str, fields: int, expected: int) -> str:
    shown = "tab" if delimiter == "\t" else f"'{delimiter}'"
    if fields > expected:
        return (
            f"A value on that line probably contains the delimiter {shown}: put that value in "
            'double quotes ("…"), or remove the extra delimiter, then upload again'
        )
    return (
        f"Fill in the missing values (separated by {shown}) or remove the line if it is a "
        "note or a total, then upload again"
    )


def _first_ragged_row(data: bytes | memoryview, delimiter: str) -> tuple[int, int, int] | None:
    """(line, fields, header fields) of the first row whose width differs from the header."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", newline="")
    return _first_ragged_text(text, delimiter)


STREAM_BLOCK_BYTES = 16 * 1024 * 1024
"""Bytes of text parsed at a time when a log is streamed (a batch holds about this much)."""


def stream_delimited(
    source: io.BufferedIOBase, layout: Layout, *, careful: bool
) -> Iterator[pa.Table]:
    """Tables of text columns from UTF-8 delimited text positioned at its header line (the
    header row itself is left out). Raises `pa.ArrowInvalid` on a bad row.

    The fast way cuts the text into blocks at line breaks and parses each block with every
    core; memory follows the block. `careful` allows line breaks inside quoted values, which
    no longer lets a block end at any line break: pyarrow's streaming reader, one core.
    """
    if careful:
        yield from _stream_careful(source, layout)
        return
    width: int | None = None
    for block in _blocks(source, STREAM_BLOCK_BYTES):
        table = _parse(block, layout, newlines_in_values=False, block_size=_STREAM_PARSE_BYTES)
        if width is None:
            width, table = table.num_columns, table.slice(1)
        elif table.num_columns != width:
            raise pa.ArrowInvalid(f"Expected {width} columns, got {table.num_columns}")
        yield table


_STREAM_PARSE_BYTES = 1 << 20  # pyarrow's own: a streamed block is parsed in 1 MB pieces
_LINE_BREAKS = re.compile(rb"[\r\n]*")


def _blocks(source: io.BufferedIOBase, size: int) -> Iterator[memoryview]:
    """The source in blocks of about `size` bytes, each ending after a line break (the last
    one with the rest); blocks of nothing but line breaks are left out.

    Every block is read into one buffer, over the block before (a fresh 16 MB a block costs
    more in page faults than the parse saves): a block holds until the next is asked for.
    """
    buffer, kept = bytearray(size), 0  # kept: the start of a line the block before cut
    while True:
        if kept == len(buffer):  # a line longer than the buffer
            buffer = buffer + bytearray(len(buffer))
        read = source.readinto(memoryview(buffer)[kept:])
        filled = kept + read
        end = buffer.rfind(b"\n", 0, filled) + 1 if read else filled
        block = memoryview(buffer)[:end]
        if end and not _LINE_BREAKS.fullmatch(block):
            yield block
        if not read:
            return
        kept = filled - end
        buffer[:kept] = buffer[end:filled]


def _stream_careful(source: io.BufferedIOBase, layout: Layout) -> Iterator[pa.Table]:
    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(
            autogenerate_column_names=True, block_size=STREAM_BLOCK_BYTES
        ),
        parse_options=pacsv.ParseOptions(delimiter=layout.delimiter, newlines_in_values=True),
        convert_options=_text_columns(layout),
    )
    first = True
    for batch in reader:
        yield pa.Table.from_batches([batch.slice(1) if first else batch])
        first = False


def _text_columns(layout: Layout) -> pacsv.ConvertOptions:
    """Every column as text, an empty cell missing."""
    return pacsv.ConvertOptions(
        column_types={f"f{i}": TEXT for i in range(layout.width * 2 + 16)},
        strings_can_be_null=True,
        null_values=[""],
    )


def explain_stream_error(source: BinaryIO, filename: str, layout: Layout, message: str) -> LogError:
    """The `LogError` for a delimited stream pyarrow refused: the ragged row and its line,
    or what pyarrow said."""
    text = io.TextIOWrapper(source, encoding="utf-8", errors="replace", newline="")
    ragged = _first_ragged_text(text, layout.delimiter)
    if ragged is None:
        separated = f"{DELIMITER_NAMES.get(layout.delimiter, layout.delimiter)}-separated"
        return LogError(
            filename,
            f"the file cannot be read as {separated} text ({message.splitlines()[0]})",
            "Check that it is a plain CSV export and upload it again",
        )
    line, fields, expected = ragged
    return LogError(
        filename,
        f"this row has {fields} field{'s' if fields != 1 else ''} where the header has {expected}",
        _ragged_advice(layout.delimiter, fields, expected),
        line=line + layout.skip_lines,
    )


def _first_ragged_text(text: io.TextIOBase, delimiter: str) -> tuple[int, int, int] | None:
    """(line, fields, header fields) of the first row whose width differs from the header."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(text, delimiter=delimiter)
    expected: int | None = None
    line = 1
    try:
        for row in reader:
            if row and expected is None:
                expected = len(row)
            elif row and len(row) != expected:
                return line, len(row), expected or 0
            line = reader.line_num + 1
    except csv.Error:
        return None
    return None
