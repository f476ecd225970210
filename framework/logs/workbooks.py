"""Excel workbooks (.xlsx): the first sheet or a chosen one, read into text columns.

Cells become text like every other format: an Excel date as '2024-03-01 14:05:00', a whole
number without '.0'.

A workbook is a zip of XML parts, so it is sized up from the zip's directory first
(`archive.py`), then parsed by openpyxl, which uses defusedxml: a part that declares XML
entities is refused, never expanded. Rows are assembled here from openpyxl's sheet parser,
cell by cell, so a row's width is that of its filled cells: a lone cell at column XFD or a
row numbered past Excel's last cannot make the reader pad millions of empty cells.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

import pyarrow as pa
from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.worksheet._reader import WorkSheetParser  # type: ignore[import-untyped]

from framework.logs.archive import check_workbook_zip
from framework.logs.cells import cell_text, text_array
from framework.logs.limits import EXCEL_ROWS, MAX_COLUMNS
from framework.logs.table import LogError, check_header, check_width, preamble

_DAMAGED = "Open it in Excel, save it again as .xlsx (or export CSV) and upload that file"
Row = tuple[int, list[str | None]]


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
        return tuple(str(name) for name in workbook.sheetnames)
    finally:
        workbook.close()


def read_xlsx(data: bytes, filename: str, sheet: str | None = None) -> Sheet:
    """Read one worksheet (default: the first); raise `LogError` naming the sheets if absent."""
    workbook = _open(data, filename)
    try:
        names = tuple(str(name) for name in workbook.sheetnames)
        if not names:
            raise LogError(filename, "the workbook has no worksheet", _DAMAGED)
        chosen = names[0] if sheet is None and names else sheet
        if chosen not in names:
            listed = ", ".join(f"'{name}'" for name in names)
            raise LogError(
                filename,
                f"there is no sheet named '{sheet}'",
                f"Choose one of the sheets in this workbook: {listed}",
            )
        filled = list(_guarded(_filled_rows(workbook, chosen, filename), filename))
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
    columns = [text_array([row[i] for row in body]) for i in range(width)]
    header = header + [None] * (width - len(header))
    notes = (f"Skipped rows 1–{header_row - 1} above the column names.",) if skip else ()
    return Sheet(list(header), columns, str(chosen), names, header_row, notes)


def _filled_rows(workbook: Any, name: str, filename: str) -> Iterator[Row]:
    """(row number, cells as text) of each row with a value, no wider than its last value."""
    worksheet = workbook[name]
    declared = worksheet.max_row
    if declared is not None and declared > EXCEL_ROWS:
        raise _past_last_row(filename, declared, "its size says it reaches row")
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number > EXCEL_ROWS:
                raise _past_last_row(filename, number, "it has a row numbered")
            row = _row(cells, number, filename)
            if row:
                yield number, row


def _row(cells: list[dict[str, Any]], number: int, filename: str) -> list[str | None]:
    """The row's values as text, placed by column, up to its last non-empty one."""
    placed: dict[int, str] = {}
    for cell in cells:
        text = cell_text(cell["value"])
        if not text:
            continue
        placed[int(cell["column"])] = text
    if not placed:
        return []
    if max(placed) > MAX_COLUMNS:
        check_width(max(placed), filename, line=number)
    row: list[str | None] = [None] * max(placed)
    for column, text in placed.items():
        row[column - 1] = text
    return row


def _past_last_row(filename: str, number: int, said: str) -> LogError:
    return LogError(
        filename,
        f"{said} {number:,}, past Excel's last row ({EXCEL_ROWS:,})",
        _DAMAGED,
    )


def _open(data: bytes, filename: str) -> Any:  # an openpyxl Workbook (untyped library)
    check_workbook_zip(data, filename)
    with _reading(filename):
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _guarded(rows: Iterator[Row], filename: str) -> Iterator[Row]:
    """The rows, any failure of openpyxl's parser along the way a `LogError`."""
    while True:
        with _reading(filename):
            row = next(rows, None)
        if row is None:
            return
        yield row


@contextmanager
def _reading(filename: str) -> Iterator[None]:
    """Turn whatever openpyxl raises inside the block into a `LogError` naming the file."""
    try:
        yield
    except LogError:
        raise
    except Exception as error:
        raise _damaged(error, filename) from None


def _damaged(error: Exception, filename: str) -> LogError:
    """Say what is wrong with the workbook, in words (never a Python class name)."""
    causes = _causes(error)
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        problem = (
            "the workbook's XML declares entities (a DTD), which Excel never writes: "
            "expanding them could exhaust the server, so the file is refused"
        )
        return LogError(filename, problem, "Export the log again from the source tool")
    malformed = next((cause for cause in causes if isinstance(cause, ParseError)), None)
    if malformed is not None:
        line, column = malformed.position
        problem = f"the workbook's XML is malformed (at line {line}, column {column} of a part)"
    elif any(isinstance(cause, MemoryError) for cause in causes):
        problem = "the workbook is too large to read in memory"
    else:
        problem = "this Excel workbook cannot be read: its contents are not what Excel writes"
    return LogError(filename, problem, _DAMAGED)


def _causes(error: BaseException) -> list[BaseException]:
    """The error and those it was raised from or during (openpyxl wraps parse errors)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain
