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

import pyarrow as pa
import pyarrow.csv as pacsv

from framework.logs.encoding import not_encoded
from framework.logs.formats import extension
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
    try:
        table = _parse(view, layout, newlines_in_values=False)
    except pa.ArrowInvalid:
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


def _line_start(head: bytes, lines: int) -> int:
    """The byte offset where line `lines + 1` starts."""
    offset = 0
    for _ in range(lines):
        offset = head.index(b"\n", offset) + 1
    return offset


def _parse(data: bytes | memoryview, layout: Layout, *, newlines_in_values: bool) -> pa.Table:
    return pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(data)),
        read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=_BLOCK_BYTES),
        parse_options=pacsv.ParseOptions(
            delimiter=layout.delimiter, newlines_in_values=newlines_in_values
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={f"f{i}": TEXT for i in range(layout.width * 2 + 16)},
            strings_can_be_null=True,
            null_values=[""],
        ),
    )


def _parse_or_explain(
    data: bytes | memoryview, filename: str, layout: Layout, encoding: str
) -> pa.Table:
    """Retry allowing line breaks inside quoted values; else explain what is wrong, where."""
    delimiter = layout.delimiter
    try:
        return _parse(data, layout, newlines_in_values=True)
    except pa.ArrowInvalid as error:
        message = str(error)
    if "UTF8" in message:
        try:
            bytes(data).decode("utf-8")
        except UnicodeDecodeError as decode_error:
            raise not_encoded(bytes(data), decode_error, filename, encoding) from None
    ragged = _first_ragged_row(data, delimiter)
    if ragged is None:
        separated = f"{DELIMITER_NAMES.get(delimiter, delimiter)}-separated"
        raise LogError(
            filename,
            f"the file cannot be read as {separated} text ({message.splitlines()[0]})",
            "Check that it is a plain CSV export and upload it again",
        )
    line, fields, expected = ragged
    raise LogError(
        filename,
        f"this row has {fields} field{'s' if fields != 1 else ''} where the header has {expected}",
        _ragged_advice(delimiter, fields, expected),
        line=line + layout.skip_lines,
    )


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


def stream_delimited(
    source: BinaryIO, layout: Layout, *, careful: bool
) -> Iterator[pa.RecordBatch]:
    """Batches of text columns from UTF-8 delimited text positioned at its header line (the
    header row itself is left out). `careful` allows line breaks inside quoted values, which
    pyarrow can then no longer split in parallel. Raises `pa.ArrowInvalid` on a bad row."""
    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(
            autogenerate_column_names=True, block_size=STREAM_BLOCK_BYTES
        ),
        parse_options=pacsv.ParseOptions(delimiter=layout.delimiter, newlines_in_values=careful),
        convert_options=pacsv.ConvertOptions(
            column_types={f"f{i}": TEXT for i in range(layout.width * 2 + 16)},
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
    first = True
    for batch in reader:
        yield batch.slice(1) if first else batch
        first = False


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
