"""Read an exception log, in whatever shape the user's tools export it, into a `LogTable`.

    table = read_log(data, "queue-export.csv")          # bytes of an upload
    table = read_log_file("queue.xlsx", sheet="March")  # a path (the CLI)
    table.frame                                          # a DataFrame of text columns
    sheet_names(data, "queue.xlsx")                      # to offer a choice of sheet

Supported: CSV/TSV with any common delimiter (sniffed), JSON (an array of records, or an
object holding one), JSON Lines, Excel .xlsx and Parquet; text in UTF-8 (with or without
BOM), UTF-16/32 with BOM, Windows-1252 or Latin-1 (detected). Anything else, or a broken
file, raises `LogError` saying where and what to do.
"""

from __future__ import annotations

from pathlib import Path

from framework.logs import formats
from framework.logs.delimited import read_delimited
from framework.logs.encoding import to_utf8
from framework.logs.json_records import read_json_document, read_json_lines
from framework.logs.parquet import read_parquet
from framework.logs.table import MAX_LOG_BYTES, LogError, LogTable, build_frame, require_rows

__all__ = [
    "MAX_LOG_BYTES",
    "SUPPORTED",
    "LogError",
    "LogTable",
    "read_log",
    "read_log_file",
    "sheet_names",
]

SUPPORTED = formats.SUPPORTED
_EMPTY_ADVICE = "Export the log again with a header row and at least one data row"


def read_log(data: bytes, filename: str, *, sheet: str | None = None) -> LogTable:
    """Read the bytes of a log file; `filename` names it in errors and hints at its type."""
    _check_size(len(data), filename)
    if not data[:4096].strip() and not data.strip():  # only a blank head needs the full look
        size = "0 bytes" if not data else "only blank lines"
        raise LogError(filename, f"the file is empty ({size})", _EMPTY_ADVICE)
    kind = formats.binary_format(data, filename)
    if kind == formats.XLSX:
        from framework.logs.workbooks import read_xlsx  # openpyxl loads for a workbook only

        found = read_xlsx(data, filename, sheet)
        frame, notes = build_frame(filename, found.header, found.columns, line=found.header_row)
        notes = [*found.notes, *notes]
        require_rows(frame, filename, line=found.header_row + 1)
        return LogTable(
            frame, filename, kind, sheet=found.name, sheets=found.names, notes=tuple(notes)
        )
    _reject_sheet(sheet, filename)
    if kind == formats.PARQUET:
        names, columns = read_parquet(data, filename)
        frame, notes = build_frame(filename, names, columns)
        require_rows(frame, filename, line=None)
        return LogTable(frame, filename, kind, notes=tuple(notes))
    return _read_text(data, filename)


def read_log_file(path: str | Path, *, sheet: str | None = None) -> LogTable:
    """Read a log from disk (the size is checked before the file is loaded)."""
    log_path = Path(path)
    try:
        size = log_path.stat().st_size
        _check_size(size, log_path.name)
        data = log_path.read_bytes()
    except OSError as error:
        raise LogError(
            str(log_path),
            f"the file cannot be opened ({error.strerror or error})",
            "Check the path and that you may read the file",
        ) from None
    return read_log(data, log_path.name, sheet=sheet)


def sheet_names(data: bytes, filename: str) -> tuple[str, ...]:
    """The worksheet names of an Excel log; () for every other type."""
    _check_size(len(data), filename)
    if formats.binary_format(data, filename) != formats.XLSX:
        return ()
    from framework.logs.workbooks import sheet_names as xlsx_sheet_names

    return xlsx_sheet_names(data, filename)


def _read_text(data: bytes, filename: str) -> LogTable:
    text = to_utf8(data, filename)
    head = bytes(text.data[:4096]).decode("utf-8", errors="ignore")
    formats.reject_markup(head, filename)
    kind = formats.text_format(head, filename)
    if kind == formats.CSV:
        cells = read_delimited(text.data, filename, text.encoding)
        frame, notes = build_frame(filename, cells.header, cells.columns, line=cells.header_line)
        require_rows(frame, filename, line=cells.header_line + 1)
        delimiter = cells.layout.delimiter
        notes = [*cells.notes, *notes]
        return LogTable(frame, filename, kind, text.encoding, delimiter, notes=tuple(notes))
    reader = read_json_lines if kind == formats.JSONL else read_json_document
    records = reader(text.data, filename)
    if not records.columns:
        raise LogError(filename, "the JSON holds no records", _EMPTY_ADVICE)
    frame, notes = build_frame(filename, records.header, records.columns)
    if records.note:
        notes.insert(0, records.note)
    return LogTable(frame, filename, kind, text.encoding, notes=tuple(notes))


def _check_size(size: int, filename: str) -> None:
    if size > MAX_LOG_BYTES:
        raise LogError(
            filename,
            f"the file is {size / 1024**2:,.0f} MB, over the {MAX_LOG_BYTES // 1024**2:,} MB limit",
            "Analyse it from the command line, which reads CSV, JSON Lines and Parquet of "
            "any size batch by batch (python -m framework analyze FILE, see the README), or "
            "split it (e.g. by month) and upload the parts one at a time",
        )


def _reject_sheet(sheet: str | None, filename: str) -> None:
    if sheet is not None:
        raise LogError(
            filename,
            f"a sheet ('{sheet}') was asked for, but only Excel workbooks have sheets",
            "Leave the sheet out for this file",
        )
