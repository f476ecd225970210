"""Excel workbooks (.xlsx): the first sheet or a chosen one, read into text columns.

Cells become text like every other format: an Excel date as '2024-03-01 14:05:00', a whole
number without '.0'.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from framework.logs.cells import cell_text
from framework.logs.table import LogError, check_header, preamble

_DAMAGED = "Open it in Excel, save it again as .xlsx (or export CSV) and upload that file"


@dataclass(frozen=True)
class Sheet:
    """Header cells and text columns of one worksheet, where the header is, and the sheets."""

    header: list[str | None]
    columns: list[pa.Array]
    name: str
    names: tuple[str, ...]
    header_row: int
    notes: tuple[str, ...] = ()


def sheet_names(data: bytes, filename: str) -> tuple[str, ...]:
    """The worksheet names of an .xlsx workbook, in workbook order."""
    workbook = _open(data, filename)
    try:
        return tuple(workbook.sheetnames)
    finally:
        workbook.close()


def read_xlsx(data: bytes, filename: str, sheet: str | None = None) -> Sheet:
    """Read one worksheet (default: the first); raise `LogError` naming the sheets if absent."""
    workbook = _open(data, filename)
    try:
        names = tuple(workbook.sheetnames)
        chosen = names[0] if sheet is None and names else sheet
        if chosen not in names:
            listed = ", ".join(f"'{name}'" for name in names)
            raise LogError(
                filename,
                f"there is no sheet named '{sheet}'",
                f"Choose one of the sheets in this workbook: {listed}",
            )
        rows = workbook[chosen].iter_rows(values_only=True)
        texts = ([cell_text(cell) for cell in row] for row in rows)
        filled = [(number, row) for number, row in enumerate(texts, start=1) if any(row)]
    finally:
        workbook.close()
    if not filled:
        raise LogError(
            filename, f"the sheet '{chosen}' is empty", "Choose the sheet that holds the log"
        )
    skip = preamble([row for _, row in filled])
    header_row, header = filled[skip]
    check_header(header, filename, line=header_row)
    width = max(len(row) for _, row in filled)
    body = [row + [None] * (width - len(row)) for _, row in filled[skip + 1 :]]
    columns = [pa.array([row[i] for row in body], type=pa.string()) for i in range(width)]
    header = header + [None] * (width - len(header))
    notes = (f"Skipped rows 1–{header_row - 1} above the column names.",) if skip else ()
    return Sheet(list(header), columns, str(chosen), names, header_row, notes)


def _open(data: bytes, filename: str) -> Any:  # an openpyxl Workbook (untyped library)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise LogError(
            filename, f"this Excel workbook cannot be read ({error})", _DAMAGED
        ) from None
