"""The zip container of an Excel workbook, sized up from its directory before any XML is read.

    names = zip_names(data, "queue.xlsx")   # the parts, or LogError for a damaged zip
    check_workbook_zip(data, "queue.xlsx")  # LogError for a zip bomb, before openpyxl opens it

A zip's directory states each part's packed and unpacked size, and Python's zipfile never
unpacks a part past the size its directory states: checking those figures bounds the work
before a byte is inflated.
"""

from __future__ import annotations

import io
import zipfile

from framework.logs.limits import (
    INFLATE_RATIO_FROM,
    MAX_INFLATE_RATIO,
    MAX_XLSX_XML_BYTES,
)
from framework.logs.table import LogError

MAX_PARTS = 10_000
"""Parts in one workbook: a sheet, its styles and relations are a dozen or so each."""

_DAMAGED = (
    "the file starts like a ZIP or Excel file but is damaged or incomplete",
    "Upload it again; if it still fails, export the log again",
)
_SAVE_AS_CSV = "Open it in Excel and save it as CSV (or export the log as CSV), then upload that"
# What reading a hostile zip directory can raise, beyond BadZipFile.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    OSError,
    EOFError,
    OverflowError,
    NotImplementedError,
    UnicodeDecodeError,
    KeyError,
)


def zip_infos(data: bytes, filename: str) -> list[zipfile.ZipInfo]:
    """The parts of a zip file as its directory lists them; `LogError` when it is damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS:
        raise LogError(filename, *_DAMAGED) from None
    if len(infos) > MAX_PARTS:
        raise LogError(
            filename,
            f"the file holds {len(infos):,} parts, more than a workbook ever has",
            "Upload the log itself (CSV, JSON, Excel or Parquet)",
        )
    return infos


def zip_names(data: bytes, filename: str) -> set[str]:
    """The names of the parts of a zip file; `LogError` when it is damaged."""
    return {info.filename for info in zip_infos(data, filename)}


def check_workbook_zip(data: bytes, filename: str) -> None:
    """Refuse a workbook whose parts would unpack past `MAX_XLSX_XML_BYTES`, or any large part
    that unpacks more than `MAX_INFLATE_RATIO` times its packed size (a zip bomb)."""
    infos = [info for info in zip_infos(data, filename) if not info.is_dir()]
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_XLSX_XML_BYTES:
        raise LogError(
            filename,
            f"the workbook unpacks to {_size(unpacked)}, over the "
            f"{_size(MAX_XLSX_XML_BYTES)} an Excel log may hold",
            _SAVE_AS_CSV + " (CSV has a 1 GB limit and reads much faster)",
        )
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size > INFLATE_RATIO_FROM and info.file_size > MAX_INFLATE_RATIO * packed:
            raise LogError(
                filename,
                f"the part '{_shown(info.filename)}' unpacks from {_size(packed)} to "
                f"{_size(info.file_size)}, {info.file_size // packed:,} times its size: Excel "
                f"never packs that tightly (at most {MAX_INFLATE_RATIO}× is read)",
                _SAVE_AS_CSV,
            )


def _size(count: int) -> str:
    if count < 1024**2:
        return f"{count / 1024:,.0f} KB"
    return f"{count / 1024**2:,.0f} MB"


def _shown(name: str) -> str:
    """A part name fit for a message: printable, at most 80 characters."""
    printable = "".join(char if char.isprintable() else "?" for char in name)
    return printable if len(printable) <= 80 else printable[:77] + "…"
