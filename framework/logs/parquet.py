"""Parquet logs: every column read into text (a timestamp in ISO form, numbers as written).

The file's footer is read first: its column count, nesting and unpacked size are checked
before any page is decoded, so a small file cannot make the reader build gigabytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from framework.logs.cells import text_column
from framework.logs.limits import MAX_JSON_DEPTH, MAX_LOG_BYTES
from framework.logs.table import LogError, check_width

_AGAIN = "Export it again, or export the log as CSV instead"


def read_parquet(data: bytes, filename: str) -> tuple[list[str], list[pa.ChunkedArray]]:
    """Column names and text columns of a Parquet file."""
    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        _check_footer(parquet, filename)
        table = parquet.read()
    except (pa.ArrowException, OSError, ValueError) as error:
        raise _unreadable(error, filename) from None
    names = [str(name) for name in table.column_names]
    return names, [
        _as_text(column, name, filename) for name, column in zip(names, table.columns, strict=True)
    ]


def _check_footer(parquet: pq.ParquetFile, filename: str) -> None:
    """Columns, nesting and unpacked size, from the footer alone."""
    _check_shape(parquet, filename)
    metadata = parquet.metadata
    unpacked = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if unpacked > MAX_LOG_BYTES:
        raise LogError(
            filename,
            f"the data unpacks to {unpacked / 1024**2:,.0f} MB, over the "
            f"{MAX_LOG_BYTES // 1024**2:,} MB limit",
            "Split it (e.g. by month) or filter it to the exception types you are looking into",
        )


def _check_shape(parquet: pq.ParquetFile, filename: str) -> None:
    """Columns and nesting, from the footer alone."""
    schema = parquet.schema_arrow
    check_width(len(schema), filename)
    for field in schema:
        if _depth(field.type) > MAX_JSON_DEPTH:
            raise _too_deep(filename, field.name)


def _depth(kind: pa.DataType) -> int:
    """How many levels a type nests (a plain value is 0)."""
    if pa.types.is_struct(kind):
        return 1 + max((_depth(kind.field(i).type) for i in range(kind.num_fields)), default=0)
    if pa.types.is_map(kind):
        return 1 + max(_depth(kind.key_type), _depth(kind.item_type))
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return 1 + _depth(kind.value_type)
    return 0


def _as_text(column: pa.ChunkedArray, name: str, filename: str) -> pa.ChunkedArray:
    """The column as text, or a `LogError` naming it and its type."""
    try:
        return text_column(column)
    except (pa.ArrowException, ValueError, TypeError, OverflowError, RecursionError):
        raise LogError(
            filename,
            f"the column '{name}' holds values of type {column.type} that cannot be read as text",
            "Export that column as text (or leave it out), then upload the file again",
        ) from None


def _too_deep(filename: str, name: str | None = None) -> LogError:
    where = f"the column '{name}'" if name else "a column"
    return LogError(
        filename,
        f"{where} nests more than {MAX_JSON_DEPTH} levels deep, which no log record does",
        "Export the log as flat records (one row per exception), or as CSV",
    )


def _unreadable(error: Exception, filename: str) -> LogError:
    message = str(error).splitlines()[0] if str(error) else "no reason given"
    if "too deeply nested" in message:
        return _too_deep(filename)
    message = message.removeprefix("Could not open Parquet input source '<Buffer>': ")
    return LogError(filename, f"this Parquet file cannot be read ({message})", _AGAIN)


STREAM_BATCH_ROWS = 256 * 1024


def stream_parquet(path: Path) -> Iterator[tuple[list[str], list[pa.Array]]]:
    """A Parquet file's column names and text columns, row batch by row batch (its columns
    and nesting checked from the footer first; its size is no limit here)."""
    try:
        file = pq.ParquetFile(path)
        _check_shape(file, path.name)
        for batch in file.iter_batches(batch_size=STREAM_BATCH_ROWS):
            names = [str(name) for name in batch.schema.names]
            columns = zip(names, batch.columns, strict=True)
            texts = [_as_text(pa.chunked_array([c]), n, path.name) for n, c in columns]
            yield names, [text.combine_chunks() for text in texts]
    except LogError:
        raise
    except (pa.ArrowException, OSError, ValueError) as error:
        raise _unreadable(error, path.name) from None
