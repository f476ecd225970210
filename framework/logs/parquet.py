"""Parquet logs: every column read into text (a timestamp in ISO form, numbers as written)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from framework.logs.cells import text_column
from framework.logs.table import LogError


def read_parquet(data: bytes, filename: str) -> tuple[list[str], list[pa.ChunkedArray]]:
    """Column names and text columns of a Parquet file."""
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as error:
        raise LogError(
            filename,
            f"this Parquet file cannot be read ({str(error).splitlines()[0]})",
            "Export it again, or export the log as CSV instead",
        ) from None
    return [str(name) for name in table.column_names], [
        text_column(column) for column in table.columns
    ]


STREAM_BATCH_ROWS = 256 * 1024


def stream_parquet(path: Path) -> Iterator[tuple[list[str], list[pa.Array]]]:
    """A Parquet file's column names and text columns, row batch by row batch."""
    try:
        file = pq.ParquetFile(path)
        for batch in file.iter_batches(batch_size=STREAM_BATCH_ROWS):
            columns = [text_column(pa.chunked_array([column])) for column in batch.columns]
            yield [str(name) for name in batch.schema.names], [c.combine_chunks() for c in columns]
    except (pa.ArrowException, OSError) as error:
        raise LogError(
            path.name,
            f"this Parquet file cannot be read ({str(error).splitlines()[0]})",
            "Export it again, or export the log as CSV instead",
        ) from None
