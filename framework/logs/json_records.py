"""JSON logs: an array of records, an object holding one, or JSON Lines (one record a line).

Records become text columns in the order their keys first appear. Nested values (a payload
object, a list of lines) are kept as JSON text, with the keys each record really had.
JSON Lines go through pyarrow's reader (nested values written back as JSON, vectorised);
anything it refuses (values changing type, errors to locate) and JSON documents through
Python's `json`, 50,000 records at a time.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.json as pajson

from framework.logs.cells import json_text, text_array, text_column
from framework.logs.table import LogError

_BLOCK = 50_000

_FIX_JSON = "Fix the JSON at that spot, or export the log again from the source tool"
_SHAPE = (
    "Export the log as an array of objects ([{...}, {...}]), as an object holding such an "
    'array (e.g. {"exceptions": [...]}), or as JSON Lines (one object per line)'
)


@dataclass(frozen=True)
class Records:
    """Column names and text columns built from JSON records, and how they were found."""

    header: list[str]
    columns: list[pa.ChunkedArray]
    note: str | None = None


def read_json_document(data: bytes | memoryview, filename: str) -> Records:
    """Read a JSON array of records (or an object holding one); raise `LogError` if invalid."""
    raw = bytes(data)
    try:
        root = json.loads(raw)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and raw[error.pos : error.pos + 1] == b"{":
            lines = read_json_lines(raw, filename)  # JSON Lines saved as .json
            return Records(lines.header, lines.columns, "Read as JSON Lines (one object a line).")
        raise _invalid(error, filename, line_offset=0) from None
    except RecursionError:
        raise LogError(filename, "the JSON nests too deeply to be a log", _SHAPE) from None
    records, note = _find_records(root, filename)
    return to_columns(records, filename, note=note)


def read_json_lines(data: bytes | memoryview, filename: str) -> Records:
    """Read JSON Lines: one object per line, blank lines skipped."""
    fast = _arrow_lines(data)
    if fast is not None:
        return fast
    return to_columns(_line_records(data, filename), filename)


def to_columns(
    records: Iterable[dict[str, Any]], filename: str, note: str | None = None
) -> Records:
    """Text columns, one per key, in the order keys first appear across the records."""
    builder = _Columns()
    block: list[dict[str, Any]] = []
    for record in records:
        block.append(record)
        if len(block) == _BLOCK:
            builder.add(block)
            block = []
    builder.add(block)
    return Records(list(builder.chunks), builder.columns(), note)


@dataclass
class _Columns:
    """Text columns grown one block of records at a time (Python objects stay few)."""

    rows: int = 0
    chunks: dict[str, list[pa.Array]] = field(default_factory=dict)

    def add(self, block: Sequence[dict[str, Any]]) -> None:
        for key in dict.fromkeys(key for record in block for key in record):
            if str(key) not in self.chunks:
                self.chunks[str(key)] = [pa.nulls(self.rows, pa.string())] if self.rows else []
        for key, chunks in self.chunks.items():
            chunks.append(text_array([record.get(key) for record in block]))
        self.rows += len(block)

    def columns(self) -> list[pa.ChunkedArray]:
        return [pa.chunked_array(chunks, type=pa.string()) for chunks in self.chunks.values()]


def _arrow_lines(data: bytes | memoryview) -> Records | None:
    """pyarrow's reader, nested values written back as JSON; None when Python must do it
    (invalid lines, or a key whose values change type from one record to another)."""
    try:
        table = pajson.read_json(pa.BufferReader(pa.py_buffer(data)))
        if table.schema != (texts := _times_as_text(table.schema)):
            options = pajson.ParseOptions(explicit_schema=texts)
            table = pajson.read_json(pa.BufferReader(pa.py_buffer(data)), parse_options=options)
    except (pa.ArrowException, OSError):
        return None
    columns = [
        pa.chunked_array([json_text(chunk) for chunk in column.chunks], type=pa.string())
        if pa.types.is_nested(column.type)
        else text_column(column)
        for column in table.columns
    ]
    return Records(table.column_names, columns)


def _times_as_text(schema: pa.Schema) -> pa.Schema:
    """The schema with every timestamp (pyarrow's guess for date-like text) read as text
    instead, so values stay exactly as the log wrote them."""
    return pa.schema([field.with_type(_text_times(field.type)) for field in schema])


def _text_times(kind: pa.DataType) -> pa.DataType:
    if pa.types.is_timestamp(kind):
        return pa.string()
    if pa.types.is_struct(kind):
        return pa.struct(
            [
                kind.field(i).with_type(_text_times(kind.field(i).type))
                for i in range(kind.num_fields)
            ]
        )
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return pa.list_(_text_times(kind.value_type))
    return kind


def _line_records(data: bytes | memoryview, filename: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(io.BytesIO(data), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise _invalid(error, filename, line_offset=number - 1) from None
        if not isinstance(record, dict):
            raise LogError(
                filename, f"this line holds {_kind(record)}, not an object", _SHAPE, line=number
            )
        yield record


def _find_records(root: object, filename: str) -> tuple[list[dict[str, Any]], str | None]:
    if isinstance(root, list):
        return _checked(root, filename, "the array"), None
    if isinstance(root, dict):
        found = sorted(_arrays_of_records(root), key=lambda item: -len(item[1]))
        if found:
            path, records = found[0]
            note = f"Read the records under the key '{path}'"
            if len(found) > 1:
                others = ", ".join(f"'{other}'" for other, _ in found[1:])
                note += f" (the longest list; also found: {others})"
            return _checked(records, filename, f"'{path}'"), note + "."
    raise LogError(filename, f"the JSON holds {_kind(root)}, not a list of records", _SHAPE)


def _arrays_of_records(root: dict[str, Any], prefix: str = "") -> Iterable[tuple[str, list[Any]]]:
    """(key path, list) for every list of objects directly or one level below `root`."""
    for key, value in root.items():
        path = f"{prefix}{key}"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            yield path, value
        elif isinstance(value, dict) and not prefix:
            yield from _arrays_of_records(value, prefix=f"{path}.")


def _checked(items: list[Any], filename: str, where: str) -> list[dict[str, Any]]:
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise LogError(
                filename, f"item {index} of {where} is {_kind(item)}, not an object", _SHAPE
            )
    return items


def _invalid(error: json.JSONDecodeError, filename: str, line_offset: int) -> LogError:
    return LogError(
        filename,
        f"this is not valid JSON ({error.msg})",
        _FIX_JSON,
        line=error.lineno + line_offset,
        column=error.colno,
    )


def _kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "a text", bool: "true/false"}
    return "nothing (null)" if value is None else kinds.get(type(value), "a number")


STREAM_CHUNK_BYTES = 16 * 1024 * 1024


def stream_json_lines(source: BinaryIO, filename: str) -> Iterator[Records]:
    """JSON Lines read chunk by chunk (whole lines, about 16 MB each), each chunk's records
    as text columns; an error names its line in the whole file."""
    lines_before = 0
    rest = b""
    while True:
        data = source.read(STREAM_CHUNK_BYTES)
        chunk = rest + data
        cut = chunk.rfind(b"\n") + 1 if data else len(chunk)
        chunk, rest = chunk[:cut], chunk[cut:]
        if chunk.strip():
            try:
                yield read_json_lines(chunk, filename)
            except LogError as error:
                line = None if error.line is None else error.line + lines_before
                raise LogError(
                    filename, error.problem, error.advice, line=line, column=error.column
                ) from None
        lines_before += chunk.count(b"\n")
        if not data:
            return
