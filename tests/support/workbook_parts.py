"""Minimal .xlsx workbooks written part by part, so a test can break any one part exactly.

workbook()                                   # one sheet 'Log' with a header and two rows
workbook(sheet=sheet_xml([inline_row(1, ["id"])], dimension="A1:A9"))
workbook(shared=b"<sst …>", drop="xl/styles.xml")
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
).encode()
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
    '<sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
).encode()
EMPTY_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="0"/>'.encode()

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%s;" % (b"" if level == 1 else b"%d" % (level - 1))) * 10)
        for level in range(1, 10)
    )
    + f']><sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'.encode()
)
"""An XML part whose entities would expand a few hundred bytes into 3 GB of 'lol'."""


def cell(reference: str, text: str) -> bytes:
    """An inline-string cell."""
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()


def inline_row(number: int, texts: Sequence[str]) -> bytes:
    """A row of inline-string cells from column A on."""
    cells = b"".join(cell(f"{_letters(i + 1)}{number}", text) for i, text in enumerate(texts))
    return f'<row r="{number}">'.encode() + cells + b"</row>"


def sheet_xml(rows: Sequence[bytes], dimension: str | None = None) -> bytes:
    """A worksheet part holding `rows`, with a `<dimension>` when given."""
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{size}<sheetData>'.encode()
        + b"".join(rows)
        + b"</sheetData></worksheet>"
    )


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


GOOD_SHEET = sheet_xml(
    [
        inline_row(1, ["exception_id", "error_code"]),
        inline_row(2, ["EX-1", "E1"]),
        inline_row(3, ["EX-2", "E2"]),
    ]
)


def workbook(
    *,
    sheet: bytes = GOOD_SHEET,
    shared: bytes = EMPTY_STRINGS,
    workbook_xml: bytes = WORKBOOK,
    drop: str | None = None,
) -> bytes:
    """The bytes of a one-sheet .xlsx, with any part replaced (or `drop`ped)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook_xml,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != drop:
                archive.writestr(name, data)
    return buffer.getvalue()
