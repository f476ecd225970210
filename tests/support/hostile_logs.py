"""A corpus of hostile logs, made on the fly: every format, broken every way a tester found.

    for case in CORPUS:
        case.name, case.make(), case.words   # file name, its bytes, words the refusal must say
    write_corpus(folder)                     # every case written to `folder`, paths returned
    million_codes_csv(path)                  # a 1M-row CSV with 1M distinct error codes

Each case is refused by `read_log` with a `LogError` whose message contains `words`; the
CLI exits 2 with that one line, the page shows it and keeps the log it had. Nothing here is
committed as a blob: the bytes are built from scratch (`tests/support/workbook_parts.py`
builds the Excel files part by part, so each can be broken exactly where wanted).
"""

from __future__ import annotations

import gzip
import io
import json
import random
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from framework.logs.limits import EXCEL_ROWS, MAX_COLUMNS, MAX_JSON_DEPTH, MAX_ROW_BYTES
from tests.support.workbook_parts import (
    BILLION_LAUGHS,
    cell,
    inline_row,
    sheet_xml,
    workbook,
)

HEADER = "exception_id,timestamp,error_code,source_system,target_system,message"
ROWS = "\n".join(
    f"EX-{i:04d},2024-03-0{1 + i % 9} 10:00:00,E{i % 7},POS,ERP,Something failed {i}"
    for i in range(20)
)
GOOD_CSV = f"{HEADER}\n{ROWS}\n"
RECORDS = [
    {"exception_id": f"EX-{i}", "error_code": f"E{i % 3}", "message": "failed"} for i in range(5)
]


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its name, how to make its bytes, and words its refusal must hold."""

    name: str
    make: Callable[[], bytes]
    words: tuple[str, ...]


def _text(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


def _data(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _wide_csv(columns: int = 10_000, rows: int = 90, delimiter: str = ",") -> bytes:
    """The tester's wide file: 10,000 numeric columns, about 5.8 MB."""
    rng = random.Random(11)
    header = delimiter.join(f"field_{i}" for i in range(columns))
    lines = [header] + [
        delimiter.join(str(rng.randint(0, 99999)) for _ in range(columns)) for _ in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def _long_line() -> bytes:
    return b"id,message\n1," + b"x" * (MAX_ROW_BYTES + 1024**2) + b"\n2,y\n"


def _unclosed_quote() -> bytes:
    """A legit quoted value over two lines (so quotes may hold line breaks), then a quote
    never closed on line 23: read as quoted, the rest of the file would be one value."""
    multiline = 'EX-0100,2024-03-01,E1,POS,ERP,"two\nlines"\n'
    unclosed = 'EX-0101,2024-03-01,E1,POS,ERP,"never closed\n'
    return (GOOD_CSV + multiline + unclosed + ROWS + "\n").encode()


def _nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + "1" * (opener == "[") + closer * depth


def _deep_object(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def _lines(*records: str) -> bytes:
    return ("\n".join(records) + "\n").encode()


def _wide_records(keys: int) -> list[dict[str, str]]:
    return [{f"field_{k}": f"v{r}" for k in range(keys)} for r in range(3)]


def _many_keys(records: int) -> list[dict[str, str]]:
    return [{"id": f"EX-{i}", f"key_{i}": "x"} for i in range(records)]


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _deep_parquet() -> bytes:
    kind: pa.DataType = pa.int64()
    value: object = 1
    for _ in range(60):
        kind, value = pa.list_(kind), [value]
    return _parquet(pa.table({"a": pa.array([value], type=kind), "b": ["x"]}))


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(unpacked: int = 64 * 1024**2) -> bytes:
    """A workbook whose sheet unpacks `unpacked` bytes of one repeated row (ratio ~1000×)."""
    row = inline_row(2, ["EX-1", "E1"])
    count = unpacked // len(row)
    head, tail = sheet_xml([inline_row(1, ["id", "code"])]).split(b"</sheetData>")
    return workbook(sheet=head + row * count + b"</sheetData>" + tail)


def _declared_larger(data: bytes, part: str, size: int) -> bytes:
    """`data` (a zip) with `part`'s unpacked size overstated in its directory entry."""
    encoded = part.encode()
    at = data.index(b"PK\x01\x02")  # the first central directory entry
    while True:
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_length] == encoded:
            return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]
        at = data.index(b"PK\x01\x02", at + 4)


def _truncated_xlsx() -> bytes:
    data = workbook()
    return data[: len(data) // 2]


CSV_CASES = [
    Hostile("empty.csv", _data(b""), ("is empty (0 bytes)",)),
    Hostile("blank_lines.csv", _data(b"\n \n\t\n"), ("only blank lines",)),
    Hostile("header_no_newline.csv", _text(HEADER), ("line 2", "no data rows")),
    Hostile("header_only.csv", _text(HEADER + "\n"), ("no data rows",)),
    Hostile("numbers_first.csv", _text("1,2,3\n4,5,6\n"), ("line 1", "looks like data")),
    Hostile("blank_header.csv", _text(",,,\n,,,\n1,2,3,4\n"), ("line 3", "looks like data")),
    Hostile("ragged_long.csv", _text(GOOD_CSV + "EX-1,a,b,c,d,e,f,g\n"), ("line 22", "8 fields")),
    Hostile("ragged_short.csv", _text(GOOD_CSV + "EX-1\n"), ("line 22", "1 field")),
    Hostile("unclosed_quote.csv", _unclosed_quote, ("line 24", "quote", "never closed")),
    Hostile("long_line.csv", _long_line, ("line 2", "33.0 MB long", "(32 MB)")),
    Hostile("wide.csv", _wide_csv, ("line 1", "10,000 columns", f"{MAX_COLUMNS}")),
    Hostile("wide.tsv", lambda: _wide_csv(600, 5, "\t"), ("line 1", "600 columns")),
    Hostile(
        "login_page.csv",
        _text(
            "<!DOCTYPE html>\n<html lang=en><head><title>Sign in</title></head>\n"
            "<body><form>User, password</form></body></html>\n"
        ),
        ("web page (HTML)", "export"),
    ),
    Hostile("error_page.txt", _text("\n  <html>\n<body>502 Bad Gateway</body></html>"), ("HTML",)),
    Hostile(
        "export.csv",
        _text('<?xml version="1.0"?>\n<rows><row id="1"/></rows>\n'),
        ("XML document",),
    ),
    Hostile("random.csv", lambda: random.Random(5).randbytes(20_000), ("not a text",)),
    Hostile("nul_bytes.csv", _text("id,code\n" + "EX-1,\x00\x00\x00\n" * 50), ("binary",)),
    Hostile("controls.csv", _text("id,code\n" + "\x01\x02\x03\x04,\x05\x06\n" * 200), ("binary",)),
    Hostile(
        "mixed_encoding.csv",
        lambda: ("id,message\n" + "EX-1,café\n" * 3000).encode() + b"EX-2,\x81\x8d\x8f\x90 \n",
        ("line 3002", "not valid UTF-8", "Save the file as UTF-8"),
    ),
    Hostile(
        "utf16_no_bom_header_only.csv",
        lambda: (HEADER + "\n").encode("utf-16-le"),
        ("no data rows",),
    ),
    Hostile(
        "utf16be_no_bom_ragged.csv",
        lambda: (GOOD_CSV + "EX-1,a\n").encode("utf-16-be"),
        ("line 22", "2 fields"),
    ),
    Hostile(
        "utf16_odd_length.csv",
        lambda: ("\ufeff" + GOOD_CSV).encode("utf-16-le")[:-1],
        ("UTF-16",),
    ),
    Hostile("report.csv", _data(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ("PDF document",)),
    Hostile("chart.csv", _data(b"\x89PNG\r\n\x1a\n" + b"\0" * 64), ("an image",)),
    Hostile("gzipped.csv", lambda: gzip.compress(GOOD_CSV.encode()), ("gzip", "Unpack it")),
    Hostile("log.csv", lambda: _zip({"log.csv": GOOD_CSV.encode()}), ("ZIP archive",)),
    Hostile(
        "memo.csv",
        lambda: _zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<T/>"}),
        ("Word document",),
    ),
    Hostile("legacy.csv", _data(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), ("old-style",)),
    Hostile("sep_only.csv", _text("sep=;\n"), ("no column names",)),
]

JSON_CASES = [
    Hostile("invalid.json", _text('[{"id": "EX-1",}]'), ("line 1", "not valid JSON")),
    Hostile("truncated.json", lambda: json.dumps(RECORDS).encode()[:-20], ("not valid JSON",)),
    Hostile("scalar.json", _text("42"), ("holds a number", "array of objects")),
    Hostile("text.json", _text('"just text"'), ("holds a text",)),
    Hostile("empty_array.json", _text("[]"), ("holds no records",)),
    Hostile("numbers.json", _text("[1, 2, 3]"), ("item 1 of the array is a number",)),
    Hostile("object.json", _text('{"a": 1, "b": "x"}'), ("holds an object, not a list",)),
    Hostile("deep_array.json", _text(_nested(100_000)), ("nests", f"{MAX_JSON_DEPTH}")),
    Hostile("deep_object.json", _text(_deep_object(100_000)), ("nests", "line 1")),
    Hostile(
        "deep_payload.json",
        _text('[{"id": "EX-1", "payload": ' + _nested(MAX_JSON_DEPTH + 5) + "}]"),
        ("nests", f"{MAX_JSON_DEPTH}"),
    ),
    Hostile(
        "huge_number.json",
        _text('[{"id": ' + "9" * 5000 + "}]"),
        ("line 1, column 9", "5,000 digits", "quotes"),
    ),
    Hostile("wide.json", lambda: json.dumps(_wide_records(600)).encode(), ("600 different keys",)),
    Hostile(
        "many_keys.json",
        lambda: json.dumps(_many_keys(100_000)).encode(),
        (f"{MAX_COLUMNS + 1:,} different keys", f"{MAX_COLUMNS:,} columns"),
    ),
    Hostile("nul.json", _data(b'[{"id": "\x00\x00\x00\x00"}]' * 40), ("binary",)),
]

JSONL_CASES = [
    Hostile(
        "bad_line.jsonl", lambda: _lines('{"a": 1}', '{"a": 2}', '{"a": }'), ("line 3", "not valid")
    ),
    Hostile(
        "deep_line.jsonl",
        lambda: _lines('{"a": 1}', '{"a": ' + _nested(100_000) + "}"),
        ("line 2", "nests"),
    ),
    Hostile(
        "deep_objects.jsonl",
        lambda: _lines('{"a": 1}', _deep_object(20_000)),
        ("line 2", "nests"),
    ),
    Hostile(
        "huge_number.jsonl",
        lambda: _lines('{"a": 1}', '{"a": ' + "9" * 5000 + "}"),
        ("line 2, column 7", "5,000 digits"),
    ),
    Hostile("list_line.jsonl", lambda: _lines('{"a": 1}', "[1, 2]"), ("line 2", "holds a list")),
    Hostile("number_lines.jsonl", lambda: _lines("1", "2"), ("line 1", "holds a number")),
    Hostile(
        "truncated.jsonl",
        lambda: _lines(*(json.dumps(r) for r in RECORDS))[:-10],
        ("line 5", "not valid JSON"),
    ),
    Hostile("blank.jsonl", _data(b"\n\n\n"), ("is empty",)),
    Hostile(
        "wide.jsonl",
        lambda: _lines(*(json.dumps(r) for r in _wide_records(700))),
        ("700 different keys",),
    ),
    Hostile(
        "many_keys.jsonl",
        lambda: _lines(*(json.dumps(r) for r in _many_keys(50_000))),
        ("columns", f"{MAX_COLUMNS}"),
    ),
]

XLSX_CASES = [
    Hostile("zip_bomb.xlsx", zip_bomb, ("unpacks", "times its size", "save it as CSV")),
    Hostile(
        "declared_huge.xlsx",
        lambda: _declared_larger(workbook(), "xl/worksheets/sheet1.xml", 300 * 1024**2),
        ("unpacks to 300 MB", "256 MB"),
    ),
    Hostile(
        "entity_bomb.xlsx",
        lambda: workbook(sheet=BILLION_LAUGHS),
        ("declares entities", "refused"),
    ),
    Hostile(
        "entity_bomb_strings.xlsx",
        lambda: workbook(shared=BILLION_LAUGHS),
        ("declares entities",),
    ),
    Hostile(
        "external_entity.xlsx",
        lambda: workbook(
            sheet=b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>&x;</t></is></c></row>"
            b"</sheetData></worksheet>"
        ),
        ("declares entities",),
    ),
    Hostile(
        "malformed_sheet.xlsx",
        lambda: workbook(sheet=sheet_xml([inline_row(1, ["id", "code"])])[:-40]),
        ("malformed",),
    ),
    Hostile(
        "malformed_workbook.xlsx",
        lambda: workbook(workbook_xml=b"<workbook><sheets>"),
        ("malformed",),
    ),
    Hostile(
        "missing_sheet.xlsx",
        lambda: workbook(drop="xl/worksheets/sheet1.xml"),
        ("no worksheet", "save it again"),
    ),
    Hostile(
        "far_cell.xlsx",
        lambda: workbook(
            sheet=sheet_xml(
                [inline_row(1, ["id", "code"]), b"<row r='2'>" + cell("XFD2", "far") + b"</row>"]
            )
        ),
        ("line 2", "16,384 columns"),
    ),
    Hostile(
        "row_past_last.xlsx",
        lambda: workbook(
            sheet=sheet_xml([inline_row(1, ["id", "code"]), inline_row(EXCEL_ROWS + 5, ["a", "b"])])
        ),
        ("1,048,581", "past Excel's last row"),
    ),
    Hostile(
        "dimension_past_last.xlsx",
        lambda: workbook(sheet=sheet_xml([inline_row(1, ["id", "code"])], dimension="A1:B2000000")),
        ("2,000,000", "past Excel's last row"),
    ),
    Hostile("empty_sheet.xlsx", lambda: workbook(sheet=sheet_xml([])), ("is empty",)),
    Hostile("truncated.xlsx", _truncated_xlsx, ("damaged or incomplete",)),
    Hostile(
        "header_only.xlsx",
        lambda: workbook(sheet=sheet_xml([inline_row(1, ["id", "code"])])),
        ("line 2", "no data rows"),
    ),
    Hostile(
        "wide.xlsx",
        lambda: workbook(
            sheet=sheet_xml([inline_row(r, [f"c{r}_{i}" for i in range(600)]) for r in (1, 2)])
        ),
        ("line 1", "600 columns"),
    ),
    Hostile(
        "bad_string_index.xlsx",
        lambda: workbook(
            sheet=sheet_xml(
                [
                    inline_row(1, ["id", "code"]),
                    b"<row r='2'><c r='A2' t='s'><v>999</v></c></row>",
                ]
            )
        ),
        ("cannot be read",),
    ),
    Hostile(
        "bad_cell_ref.xlsx",
        lambda: workbook(
            sheet=sheet_xml(
                [inline_row(1, ["id", "code"]), b"<row r='2'>" + cell("ZZZZ2", "x") + b"</row>"]
            )
        ),
        ("cannot be read",),
    ),
]

PARQUET_CASES = [
    Hostile(
        "truncated.parquet",
        lambda: _parquet(pa.table({"id": ["EX-1", "EX-2"]}))[:-30],
        ("Parquet file cannot be read",),
    ),
    Hostile("garbage.parquet", _data(b"PAR1" + b"\x07" * 200), ("Parquet file cannot be read",)),
    Hostile(
        "wide.parquet",
        lambda: _parquet(pa.table({f"c{i}": ["x"] for i in range(600)})),
        ("600 columns",),
    ),
    Hostile("deep.parquet", _deep_parquet, ("nests",)),
    Hostile(
        "no_rows.parquet",
        lambda: _parquet(pa.table({"id": pa.array([], pa.string())})),
        ("no data rows",),
    ),
]

CORPUS = [*CSV_CASES, *JSON_CASES, *JSONL_CASES, *XLSX_CASES, *PARQUET_CASES]


def write_corpus(folder: Path) -> dict[str, Path]:
    """Every case written into `folder`: {name: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CORPUS:
        path = folder / case.name
        path.write_bytes(case.make())
        paths[case.name] = path
    return paths


def million_codes_csv(path: Path, rows: int = 1_000_000) -> Path:
    """A CSV of `rows` exceptions, each with its own error code (every group has one row)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("exception_id,timestamp,error_code,source_system,target_system,message\n")
        for i in range(rows):
            day = 1 + i % 28
            out.write(f"EX-{i:07d},2024-03-{day:02d} 10:00:00,CODE_{i:07d},POS,ERP,failed {i}\n")
    return path
