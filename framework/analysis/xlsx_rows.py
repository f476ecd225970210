"""A worksheet's rows as SpreadsheetML, built column-wise with Arrow, batch by batch.

openpyxl writes about 7,000 rows a second and holds the interpreter lock all along (a
million-row sheet took over two minutes and stalled every other session). Here the cell XML
of a whole batch is made by Arrow's string kernels, which release the lock, and handed over
as bytes; openpyxl still writes everything else of the workbook (styles, header, frozen
pane, autofilter, conditional formats), which `exports.sheet_xlsx` splices these rows into.

    cells = [text_cells(array), number_cells(array), bool_cells(array)]
    for chunk in row_xml(cells, rows):   # bytes, `<row r="2">…</row>` for every row
        stream.write(chunk)

Text must already be formula-safe and XML-safe (`safe_cells`); it is escaped here (`&`,
`<`, `>`, and a carriage return as `&#13;` so it survives XML's line-end normalisation) and
cut to Excel's 32,767 characters a cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EXCEL_MAX_CHARS = 32_767
BATCH_ROWS = 20_000
_TEXT = pa.large_string()
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


@dataclass(frozen=True)
class Cells:
    """One column's cells: the XML between `<c r="A2"` and `</c>` (missing: no cell)."""

    letter: str
    body: pa.Array  # large_string, null where the cell is empty


def text_cells(letter: str, values: pa.Array) -> tuple[Cells, int]:
    """Text cells (inline strings), and how many were cut to Excel's cell length."""
    text = values.cast(_TEXT)
    long = pc.fill_null(pc.greater(pc.utf8_length(text), EXCEL_MAX_CHARS), False)
    cut = int(pc.sum(long).as_py() or 0)
    if cut:
        text = pc.utf8_slice_codeunits(text, 0, EXCEL_MAX_CHARS)
    for raw, escaped in _ESCAPES:
        text = pc.replace_substring(text, raw, escaped)
    body = _join('" t="inlineStr"><is><t xml:space="preserve">', text, "</t></is>")
    return Cells(letter, body), cut


def number_cells(letter: str, values: pa.Array) -> Cells:
    """Numeric cells; NaN and infinities (which a workbook cannot hold) are left empty."""
    if pa.types.is_floating(values.type):
        finite = pc.is_finite(values)
        values = pc.if_else(finite, values, pa.scalar(None, values.type))
    body = _join('"><v>', pc.cast(values, _TEXT), "</v>")
    return Cells(letter, body)


def bool_cells(letter: str, values: pa.Array) -> Cells:
    """TRUE/FALSE cells."""
    digits = pc.if_else(values, "1", "0").cast(_TEXT)
    return Cells(letter, _join('" t="b"><v>', digits, "</v>"))


def row_xml(columns: Sequence[Cells], rows: int, first_row: int = 2) -> Iterator[bytes]:
    """`<row>` elements for `rows` rows starting at `first_row`, a batch at a time."""
    for start in range(0, rows, BATCH_ROWS):
        stop = min(rows, start + BATCH_ROWS)
        numbers = pa.array(np.arange(first_row + start, first_row + stop)).cast(_TEXT)
        parts: list[pa.Array] = [_join('<row r="', numbers, '">')]
        for column in columns:
            body = column.body.slice(start, stop - start)
            cell = _join(f'<c r="{column.letter}', numbers, body, "</c>")
            parts.append(pc.fill_null(cell, ""))
        parts.append(pa.array(["</row>"] * (stop - start), _TEXT))
        joined = _join(*parts)
        yield _concatenated(joined)


def _join(*parts: str | pa.Array) -> pa.Array:
    """Element-wise concatenation of arrays and literal text (null if any part is null)."""
    values = [pa.scalar(part, _TEXT) if isinstance(part, str) else part for part in parts]
    return pc.binary_join_element_wise(*values, pa.scalar("", _TEXT))


def _concatenated(text: pa.Array) -> bytes:
    """The values of a text array one after another (its data buffer, without a copy)."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    first, last = int(offsets[text.offset]), int(offsets[text.offset + len(text)])
    data: bytes = text.buffers()[2].slice(first, last - first).to_pybytes()
    return data
