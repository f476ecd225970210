"""Which reader a log needs: from the file's first bytes when they are unmistakable (Excel,
Parquet, PDF…), else from its extension, else from how its text begins."""

from __future__ import annotations

from pathlib import PurePath

from framework.logs.archive import zip_names
from framework.logs.table import LogError

CSV = "CSV"
JSON = "JSON"
JSONL = "JSON Lines"
XLSX = "Excel"
PARQUET = "Parquet"

EXTENSIONS = {
    ".csv": CSV,
    ".tsv": CSV,
    ".tab": CSV,
    ".psv": CSV,
    ".txt": CSV,
    ".json": JSON,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".xlsx": XLSX,
    ".xlsm": XLSX,
    ".parquet": PARQUET,
    ".pq": PARQUET,
}
SUPPORTED = (
    "CSV or TSV (.csv, .tsv, .txt), JSON (.json), JSON Lines (.jsonl, .ndjson), "
    "Excel (.xlsx) or Parquet (.parquet)"
)
_ANY_TEXT = {".txt"}  # a .txt can hold CSV, TSV or JSON Lines: the content decides
# Extensions people upload by mistake, and what they are.
UNSUPPORTED = {
    ".xls": "an old-style Excel workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet",
    ".numbers": "a Numbers spreadsheet",
    ".pdf": "a PDF document",
    ".doc": "a Word document",
    ".docx": "a Word document",
    ".pptx": "a PowerPoint presentation",
    ".zip": "a ZIP archive",
    ".gz": "a compressed (gzip) file",
    ".7z": "a compressed archive",
    ".rar": "a compressed archive",
    ".png": "an image",
    ".jpg": "an image",
    ".jpeg": "an image",
    ".gif": "an image",
    ".xml": "an XML document",
    ".html": "a web page",
    ".htm": "a web page",
    ".eml": "an e-mail message",
    ".msg": "an Outlook message",
    ".exe": "a program",
}
_SAVED_PAGE = (
    "It is probably a sign-in or error page saved instead of the log: export the log again "
    f"from the source tool as {SUPPORTED} and upload that file"
)
_MARKUP = (
    ("<!doctype html", "a web page (HTML)", _SAVED_PAGE),
    ("<html", "a web page (HTML)", _SAVED_PAGE),
    ("<head", "a web page (HTML)", _SAVED_PAGE),
    ("<body", "a web page (HTML)", _SAVED_PAGE),
    ("<?xml", "an XML document", f"Export the log as {SUPPORTED}"),
)
_MAGIC = (
    (b"%PDF", ".pdf"),
    (b"\xd0\xcf\x11\xe0", ".xls"),  # OLE2: .xls, .doc, or a password-protected .xlsx
    (b"\x1f\x8b", ".gz"),
    (b"\x89PNG", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"7z\xbc\xaf", ".7z"),
    (b"Rar!", ".rar"),
)


def extension(filename: str) -> str:
    return PurePath(filename).suffix.lower()


def binary_format(data: bytes, filename: str) -> str | None:
    """XLSX or PARQUET when the bytes say so; None for text; `LogError` for other types."""
    if data.startswith(b"PAR1"):
        return PARQUET
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, filename)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise unsupported(filename, kind)
    kind = extension(filename)
    if kind in UNSUPPORTED:
        raise unsupported(filename, kind)
    return None  # text, whatever the name says (a CSV saved as .xlsx is still read)


def text_format(text_head: str, filename: str) -> str:
    """CSV, JSON or JSONL for a text log, from its extension or its first characters."""
    suffix = extension(filename)
    kind = None if suffix in _ANY_TEXT else EXTENSIONS.get(suffix)
    start = text_head.lstrip()
    if kind == JSONL or (kind != CSV and start.startswith("{") and _one_object_per_line(start)):
        return JSONL
    if kind == JSON or (kind != CSV and start[:1] in ("[", "{")):
        return JSON
    return CSV


def reject_markup(text_head: str, filename: str) -> None:
    """`LogError` for a web page or an XML document saved under a log's name."""
    start = text_head.lstrip("\ufeff \t\r\n").lower()
    for prefix, what, advice in _MARKUP:
        if start.startswith(prefix):
            raise LogError(filename, f"this is {what}, not a log export", advice)


def unsupported(filename: str, kind: str) -> LogError:
    """The error for a file type the app does not read, with what to do instead."""
    what = UNSUPPORTED.get(kind, f"a {kind} file")
    advice = f"Upload the log as {SUPPORTED}"
    if kind == ".xls":
        advice = "Open it in Excel and save it as .xlsx or CSV (or remove its password)"
    elif kind in (".zip", ".gz", ".7z", ".rar"):
        advice = f"Unpack it and upload the log inside ({SUPPORTED})"
    return LogError(filename, f"this is {what}, which is not a supported log type", advice)


def _zip_format(data: bytes, filename: str) -> str:
    names = zip_names(data, filename)
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        raise unsupported(filename, ".docx")
    if "content.xml" in names:
        raise unsupported(filename, ".ods")
    raise unsupported(filename, ".zip")


def _one_object_per_line(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines()[:3] if line.strip()]
    return len(lines) > 1 and all(line.startswith("{") and line.endswith("}") for line in lines)
