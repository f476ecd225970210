"""The limits one upload is held to: stated in the README's table with the figures the code
enforces, and the fixed messages (each was wrong once: a traceback, pyarrow's words, a
class name, or 'not a text file' for text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framework.logs import limits
from framework.logs.reading import read_log
from framework.logs.table import LogError
from tests.support.workbook_parts import cell, inline_row, sheet_xml, workbook

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
TABLE = README[README.index("## Limits") :].split("\n\n")[2]


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("MAX_LOG_BYTES", "1 GB"),
        ("MAX_COLUMNS", "500"),
        ("MAX_PROFILED_COLUMNS", "100"),
        ("EXCEL_ROWS", "1,048,576"),
        ("MAX_XLSX_XML_BYTES", "256 MB"),
        ("MAX_INFLATE_RATIO", "100×"),
        ("MAX_JSON_DEPTH", "64"),
        ("MAX_NUMBER_DIGITS", "100"),
        ("MAX_ROW_BYTES", "32 MB"),
    ],
)
def test_every_limit_is_in_the_readme_table_with_its_figure(name: str, figure: str) -> None:
    """A row of the README's limits table names the constant and gives its value."""
    value = getattr(limits, name)
    if name == "MAX_INFLATE_RATIO":
        shown = f"{value}×"
    elif name.endswith("_BYTES"):
        shown = f"{value // 1024**3} GB" if value >= 1024**3 else f"{value // 1024**2} MB"
    else:
        shown = f"{value:,}"
    assert shown == figure
    row = next((line for line in TABLE.splitlines() if f"`{name}`" in line), "")
    assert figure in row, f"{name} missing from the README's limits table"


def test_utf16_without_bom_is_read() -> None:
    """UTF-16 text without a byte-order mark is read, and said (it was 'not a text file')."""
    text = "id,code,message\nEX-1,E1,Référence inconnue\nEX-2,E2,ok\n"
    for codec in ("utf-16-le", "utf-16-be"):
        table = read_log(text.encode(codec), "export.csv")
        assert table.frame["message"].tolist() == ["Référence inconnue", "ok"]
        assert table.encoding == "UTF-16 without BOM"


def test_a_10_mb_cell_is_read() -> None:
    """A 10 MB value on one line is read (pyarrow said 'straddling object straddles two
    block boundaries')."""
    data = b"id,payload\nEX-1," + b"x" * (10 * 1024**2) + b"\nEX-2,y\n"
    table = read_log(data, "big.csv")
    assert table.frame["payload"].str.len().tolist() == [10 * 1024**2, 1]


def test_a_header_without_a_final_newline_has_no_rows() -> None:
    """One line without a line break is a header with no rows (pyarrow said 'Empty CSV
    file or block')."""
    with pytest.raises(LogError, match=r"nolf.csv, line 2: there are column names but no data"):
        read_log(b"id,code,message", "nolf.csv")


@pytest.mark.parametrize("lines", [False, True])
def test_a_lone_surrogate_in_a_key_names_a_column(lines: bool) -> None:
    """JSON may escape half a UTF-16 pair in a key ("\\ud800"): the column is named with "?"
    in its place (it was a traceback)."""
    records = ['{"\\ud800x": "a", "code": "E1"}', '{"\\ud800x": "b", "\\udfff": "c"}']
    text = "\n".join(records) if lines else "[" + ",".join(records) + "]"
    table = read_log(text.encode(), "log.jsonl" if lines else "log.json")
    assert table.columns == ("?x", "code", "?")


def test_huge_json_numbers_up_to_the_limit_keep_every_digit() -> None:
    """A 25-digit id read exactly (pyarrow turned it into a rounded double)."""
    data = b'{"id": 1234567890123456789012345, "code": "E1"}\n{"id": 7, "code": "E2"}\n'
    assert read_log(data, "ids.jsonl").frame["id"].tolist() == ["1234567890123456789012345", "7"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'[{"a": ' + b"[" * 65 + b"]" * 65 + b"}]",
            r"line 1, column 70: the JSON nests more than 64",
        ),
        (b'[{"a": "' + b"[" * 500 + b'"}]', None),  # brackets inside a string do not nest
        (b'[{"a": "\\\\"}, {"b": ' + b"[" * 65 + b"]" * 65 + b"}]", r"nests more than 64"),
        (b'[{"a": "\\"' + b"[" * 500 + b'"}]', None),  # an escaped quote does not end a string
    ],
)
def test_nesting_is_counted_outside_strings(data: bytes, message: str | None) -> None:
    """Brackets count only outside strings; quotes escaped by a backslash do not end one."""
    if message is None:
        assert read_log(data, "x.json").rows == 1
    else:
        with pytest.raises(LogError, match=message):
            read_log(data, "x.json")


def test_the_json_scan_agrees_on_a_sample_log() -> None:
    """The sample JSON Lines log reads to the same table with the scan as without a limit."""
    path = Path(__file__).resolve().parents[2] / "data" / "integration_events.jsonl"
    table = read_log(path.read_bytes(), path.name)
    first = json.loads(path.read_bytes().splitlines()[0])
    assert table.rows == 1505 and list(table.columns) == list(first)


def test_a_sheet_whose_stated_size_is_too_small_is_read_whole() -> None:
    """A workbook whose <dimension> says A1:B1 (some tools write that) still gives every row."""
    rows = [
        inline_row(1, ["id", "code"]),
        inline_row(2, ["EX-1", "E1"]),
        inline_row(3, ["EX-2", "E2"]),
    ]
    table = read_log(workbook(sheet=sheet_xml(rows, dimension="A1:B1")), "small.xlsx")
    assert table.frame["id"].tolist() == ["EX-1", "EX-2"]


def test_a_lone_far_cell_does_not_widen_other_rows() -> None:
    """Row width is that of the row's filled cells: a value in column 400 makes one wide row,
    and the log 400 columns, not every row padded to Excel's last column."""
    far = b"<row r='3'>" + cell("OJ3", "far") + b"</row>"
    rows = [inline_row(1, ["id", "code"]), inline_row(2, ["EX-1", "E1"]), far]
    table = read_log(workbook(sheet=sheet_xml(rows)), "far.xlsx")
    assert table.columns == ("id", "code", "column 400")
