"""Reading logs: every supported shape and encoding gives the same table; every broken file
gives an error naming the file, the place and what to do."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from framework.columnar.timestamps import parse_timestamps
from framework.logs import reading as logs
from framework.logs.delimited import sniff_layout
from framework.logs.reading import read_log, read_log_file, sheet_names
from framework.logs.table import LogError, column_names
from tests.fixtures.logs.make_fixtures import HEADER

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "logs"
COLUMNS = HEADER  # the columns make_fixtures.py wrote
OPENED = [
    dt.datetime(2024, 3, 1, 9, 15),
    dt.datetime(2024, 3, 1, 10, 40),
    dt.datetime(2024, 3, 2, 8, 5),
    dt.datetime(2024, 3, 2, 11, 30),
]

# file, format, delimiter, encoding, extra columns after the shared eight
GOOD = [
    ("comma.csv", "CSV", ",", "UTF-8", []),
    ("semicolon.csv", "CSV", ";", "UTF-8", []),
    ("tabs.tsv", "CSV", "\t", "UTF-8", []),
    ("pipes.txt", "CSV", "|", "UTF-8", []),
    ("bom.csv", "CSV", ",", "UTF-8 with BOM", []),
    ("utf16.txt", "CSV", "\t", "UTF-16 with BOM", []),
    ("windows1252.csv", "CSV", ";", "Windows-1252", []),
    ("export", "CSV", ",", "UTF-8", []),
    ("titled.csv", "CSV", ",", "UTF-8", []),
    ("excel_sep.csv", "CSV", ";", "UTF-8", []),
    ("records.json", "JSON", None, "UTF-8", []),
    ("wrapped.json", "JSON", None, "UTF-8", []),
    ("lines.jsonl", "JSON Lines", None, "UTF-8", []),
    ("workbook.xlsx", "Excel", None, None, ["retries"]),
    ("log.parquet", "Parquet", None, None, ["retries"]),
]


@pytest.mark.parametrize(
    ("name", "kind", "delimiter", "encoding", "extra"), GOOD, ids=[row[0] for row in GOOD]
)
def test_every_shape_reads_the_same_table(
    name: str, kind: str, delimiter: str | None, encoding: str | None, extra: list[str]
) -> None:
    """Each fixture gives 4 rows, the same columns and values, and says how it was read."""
    table = read_log_file(FIXTURES / name)
    frame = table.frame
    assert (table.format, table.delimiter, table.encoding) == (kind, delimiter, encoding)
    assert table.rows == 4
    assert list(table.columns) == COLUMNS + extra
    assert frame["message"][0] == "Référence inconnue (12,50 €)"
    assert frame["message"][1] == "Montant différent; 99,90 €"
    assert frame["message"][2] == "Référence inconnue | 3,00 €"
    assert frame["store_code"].tolist() == ["0042", "0107", "0042", "0300"]
    assert json.loads(frame["payload"][0]) == {"sku": "AB-12", "qty": 2}
    assert pd.isna(frame["payload"][3])
    assert parse_timestamps(frame["opened"]).values.tolist() == OPENED


@pytest.mark.parametrize("name", [row[0] for row in GOOD])
def test_columns_are_arrow_backed_text(name: str) -> None:
    """Every column is pandas' Arrow-backed text dtype, whatever the source types were."""
    frame = read_log_file(FIXTURES / name).frame
    assert all(dtype == pd.StringDtype("pyarrow", na_value=float("nan")) for dtype in frame.dtypes)


def test_bytes_and_path_give_the_same_table() -> None:
    """read_log on uploaded bytes and read_log_file on a path agree."""
    path = FIXTURES / "semicolon.csv"
    from_bytes = read_log(path.read_bytes(), path.name)
    pd.testing.assert_frame_equal(from_bytes.frame, read_log_file(path).frame)


def test_a_chosen_sheet_is_read_and_sheets_are_listed() -> None:
    """An .xlsx lists its sheets; the first is read by default, another on request."""
    data = (FIXTURES / "workbook.xlsx").read_bytes()
    assert sheet_names(data, "workbook.xlsx") == ("Exceptions", "Archive", "Titled")
    first = read_log(data, "workbook.xlsx")
    assert (first.sheet, first.sheets) == ("Exceptions", ("Exceptions", "Archive", "Titled"))
    archive = read_log(data, "workbook.xlsx", sheet="Archive")
    assert archive.sheet == "Archive"
    assert archive.frame["exception_id"].tolist() == ["EX-000"]
    assert archive.frame["opened"][0] == "2024-02-28 17:00:00"


@pytest.mark.parametrize(
    ("name", "sheet", "note"),
    [
        ("titled.csv", None, "Skipped 3 lines above the column names."),
        ("excel_sep.csv", None, "Skipped 1 line above the column names."),
        ("workbook.xlsx", "Titled", "Skipped rows 1–2 above the column names."),
    ],
)
def test_titles_above_the_header_are_skipped(name: str, sheet: str | None, note: str) -> None:
    """A report title or Excel's 'sep=;' line above the column names is skipped, and said."""
    table = read_log_file(FIXTURES / name, sheet=sheet)
    assert table.columns[:8] == tuple(COLUMNS)
    assert table.frame["exception_id"].tolist() == ["EX-001", "EX-002", "EX-003", "EX-004"]
    assert table.notes == (note,)


def test_a_ragged_row_below_a_title_counts_the_title_lines() -> None:
    """Line numbers in errors are the file's own, title lines included."""
    data = b"Report\nid,code\nEX-1,E1\nEX-2,E2,extra\n"
    with pytest.raises(LogError) as caught:
        read_log(data, "titled.csv")
    assert caught.value.line == 4


def test_sheet_names_of_other_types_are_empty() -> None:
    """Only Excel workbooks have sheets to choose from."""
    assert sheet_names((FIXTURES / "comma.csv").read_bytes(), "comma.csv") == ()


def test_a_line_break_inside_quotes_stays_in_the_value() -> None:
    """A quoted value spanning two lines is one cell, not a broken row."""
    table = read_log_file(FIXTURES / "multiline.csv")
    assert table.rows == 4
    assert table.frame["message"][3] == "Adresse\nnon validée"


def test_duplicate_and_blank_headers_are_renamed_with_a_note() -> None:
    """A blank header becomes 'column N', a repeated one 'name (2)'; both are reported."""
    table = read_log_file(FIXTURES / "duplicate_headers.csv")
    assert table.columns[0] == "column 1"
    assert table.columns[5:7] == ("handler", "handler (2)")
    assert table.notes == (
        "Column 1 has no name; it is called 'column 1'.",
        "Column 7 repeats the name 'handler'; it is called 'handler (2)'.",
    )


@pytest.mark.parametrize(
    ("cells", "names"),
    [
        (["a", "a", "a"], ["a", "a (2)", "a (3)"]),
        (["a", "a (2)", "a"], ["a", "a (2)", "a (3)"]),
        ([" Error  Code ", None], ["Error Code", "column 2"]),
        (["\ufeffid", "x"], ["id", "x"]),
    ],
)
def test_column_names_are_unique_and_trimmed(cells: list[str | None], names: list[str]) -> None:
    """Renaming is deterministic and never collides with an existing name."""
    assert column_names(cells)[0] == names


def test_empty_unnamed_columns_are_dropped() -> None:
    """Trailing delimiters (blank header, no values) do not become columns."""
    table = read_log(b"id,code,,\nEX-1,E1,,\nEX-2,E2,,\n", "trailing.csv")
    assert table.columns == ("id", "code")
    assert table.notes == ("Dropped empty columns without a name: 3, 4.",)


def test_empty_cells_are_missing_in_every_format() -> None:
    """An empty string is a missing value, from CSV and from JSON alike."""
    csv_frame = read_log(b"id,code\nEX-1,\n", "a.csv").frame
    json_frame = read_log(b'[{"id": "EX-1", "code": ""}]', "a.json").frame
    assert pd.isna(csv_frame["code"][0]) and pd.isna(json_frame["code"][0])


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("a,b;c\n1,2;3\n4,5;6\n", "x.csv", ","),
        ("a;b;c\n1,5;2;3\n", "x.csv", ";"),
        ('a;b\n"1,5";2\n"3,5";4\n', "x.csv", ";"),
        ("a\tb|c\n1\t2|3\n", "x.txt", "\t"),
        ("a|b\n1|2\n", "x", "|"),
        ("a,b\n1,2\n", "x.tsv", ","),
        ("a\tb,c\tb\n1\t2,3\t4\n", "x.tsv", "\t"),
        ("only\n1\n", "x.csv", ","),
    ],
)
def test_the_delimiter_is_sniffed(text: str, filename: str, expected: str) -> None:
    """The delimiter that splits rows into consistent columns wins; ties follow the name."""
    assert sniff_layout(text, complete=True, filename=filename).delimiter == expected


def test_flat_and_nested_json_lines_agree() -> None:
    """JSON Lines with nested payloads give JSON text with each record's own keys."""
    records: list[dict[str, Any]] = [
        {"id": "EX-1", "payload": {"sku": 'A"1', "lines": [{"n": 1}], "ok": True}},
        {"id": "EX-2", "payload": {"po": "P-7\nx", "tags": []}},
        {"id": "EX-3", "payload": None},
    ]
    data = "\n".join(json.dumps(record) for record in records).encode()
    frame = read_log(data, "nested.jsonl").frame
    assert [json.loads(text) for text in frame["payload"][:2]] == [
        records[0]["payload"],
        records[1]["payload"],
    ]
    assert pd.isna(frame["payload"][2])


def test_json_lines_whose_types_change_still_read() -> None:
    """A key that is a number in one record and text in another is read as text."""
    data = b'{"id": 1, "code": 42}\n{"id": "EX-2", "code": "E42"}\n'
    assert read_log(data, "mixed.jsonl").frame["code"].tolist() == ["42", "E42"]


def test_json_lines_saved_as_json_are_read() -> None:
    """One object per line is JSON Lines, whether the file is named .json or .txt."""
    data = b'{"id": "EX-1"}\n{"id": "EX-2"}\n'
    for name in ("log.json", "log.txt"):
        table = read_log(data, name)
        assert table.frame["id"].tolist() == ["EX-1", "EX-2"]


def test_the_longest_record_list_is_chosen_and_named() -> None:
    """In an object holding several lists of records, the longest is read and named."""
    data = json.dumps({"meta": [{"a": 1}], "data": {"rows": [{"id": 1}, {"id": 2}]}}).encode()
    table = read_log(data, "export.json")
    assert table.frame["id"].tolist() == ["1", "2"]
    assert table.notes[0].startswith("Read the records under the key 'data.rows'")


# file (or name + bytes), line, column, words the message must contain
BROKEN = [
    ("empty.csv", None, None, ["empty.csv", "is empty (0 bytes)", "header row"]),
    ("header_only.csv", 2, None, ["header_only.csv, line 2", "no data rows", "Export the log"]),
    ("no_header.csv", 1, 2, ["line 1, column 2", "looks like data", "Add a first row"]),
    ("ragged.csv", 4, None, ["ragged.csv, line 4", "9 fields", "header has 8", "double quotes"]),
    ("short_row.csv", 6, None, ["line 6", "1 field where the header has 8", "remove the line"]),
    ("binary.dat", None, None, ["binary.dat", "not a text file", "Upload the log itself"]),
    ("report.pdf", None, None, ["report.pdf", "PDF document", "not a supported", "Excel (.xlsx)"]),
    ("old.xls", None, None, ["old.xls", "old-style Excel", "save it as .xlsx"]),
    (
        "invalid.json",
        24,
        22,
        ["invalid.json, line 24, column 22", "not valid JSON", "Fix the JSON"],
    ),
    ("scalar.json", None, None, ["holds an object, not a list of records", "array of objects"]),
]


@pytest.mark.parametrize(("name", "line", "column", "words"), BROKEN, ids=[r[0] for r in BROKEN])
def test_broken_files_say_where_and_what_to_do(
    name: str, line: int | None, column: int | None, words: list[str]
) -> None:
    """The error names the file, the line and column when known, the problem and the fix."""
    with pytest.raises(LogError) as caught:
        read_log_file(FIXTURES / name)
    error = caught.value
    assert (error.filename, error.line, error.column) == (name, line, column)
    for word in words:
        assert word in str(error)


INLINE = [
    ("blank.csv", b"  \n\n", None, ["is empty (only blank lines)"]),
    ("blanks.csv", b",,,\n,,,\n", 1, ["no header", "4 of the 4 column names are blank"]),
    ("blank_row.csv", b",,,\n1,2,3,4\n", 2, ["line 2, column 1", "looks like data"]),
    ("numbers.csv", b"1,2,3\n4,5,6\n", 1, ["looks like data", "'1' is a value"]),
    ("doc.docx", b"PK\x03\x04" + b"\0" * 30, None, ["damaged or incomplete"]),
    ("notes.pdf", b"id,code\n1,2\n", None, ["PDF document", "not a supported log type"]),
    ("archive.zip", b"id\n1\n", None, ["ZIP archive", "Unpack it"]),
    ("empty.json", b"[]", None, ["holds no records"]),
    ("list.json", b'[{"a": 1}, 2]', None, ["item 2 of the array is a number, not an object"]),
    ("bad.jsonl", b'{"a": 1}\n{"a": }\n', 2, ["line 2, column 7", "not valid JSON"]),
    ("array.jsonl", b'{"a": 1}\n[1, 2]\n', 2, ["line 2", "holds a list, not an object"]),
]


@pytest.mark.parametrize(("name", "data", "line", "words"), INLINE, ids=[r[0] for r in INLINE])
def test_more_broken_inputs_are_explained(
    name: str, data: bytes, line: int | None, words: list[str]
) -> None:
    """Blank, headerless, mislabelled and malformed inputs each get their own message."""
    with pytest.raises(LogError) as caught:
        read_log(data, name)
    assert caught.value.line == line
    for word in [name, *words]:
        assert word in str(caught.value)


def test_an_unknown_sheet_lists_the_sheets() -> None:
    """Asking for a sheet that is not there names the sheets that are."""
    with pytest.raises(
        LogError, match=r"no sheet named 'March'.*'Exceptions', 'Archive', 'Titled'"
    ):
        read_log_file(FIXTURES / "workbook.xlsx", sheet="March")


def test_a_sheet_for_a_csv_is_refused() -> None:
    """Only workbooks have sheets: asking for one on a CSV is a clear error."""
    with pytest.raises(LogError, match="only Excel workbooks have sheets"):
        read_log_file(FIXTURES / "comma.csv", sheet="Exceptions")


def test_a_file_over_the_limit_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over MAX_LOG_BYTES: the message gives the size, the limit, the command line (which
    has none) and how to split it."""
    monkeypatch.setattr(logs, "MAX_LOG_BYTES", 2 * 1024**2)
    data = b"id\n" + b"EX-1\n" * 700_000
    with pytest.raises(LogError) as caught:
        read_log(data, "huge.csv")
    message = str(caught.value)
    assert "huge.csv: the file is 3 MB, over the 2 MB limit" in message
    assert "python -m framework analyze FILE" in message and "split it" in message


def test_the_limit_is_the_apps_upload_limit() -> None:
    """What the reader accepts is what the app's uploader lets through (config.toml, in MB)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024**2 == logs.MAX_LOG_BYTES


def test_a_missing_file_is_a_log_error(tmp_path: Path) -> None:
    """A path that does not exist gets a LogError, not an OSError traceback."""
    with pytest.raises(LogError, match="cannot be opened"):
        read_log_file(tmp_path / "nope.csv")


def test_a_byte_that_is_not_utf8_is_located() -> None:
    """A stray byte that fits no encoding of the rest of the file is reported with its line."""
    data = "id,msg\n1,café\n".encode() * 3000 + b"2,\x81\x8d\x8f\x90\x9d bad\n"
    with pytest.raises(LogError) as caught:
        read_log(data, "mixed.csv")
    assert caught.value.line == 6001
    assert "Save the file as UTF-8" in str(caught.value)


def test_log_error_is_a_value_error_with_structured_fields() -> None:
    """The UI can show the parts: file, line, column, problem and advice."""
    error = LogError("a.csv", "something is off", "Do this", line=3, column=2)
    assert isinstance(error, ValueError)
    assert str(error) == "a.csv, line 3, column 2: something is off. Do this"
    assert (error.problem, error.advice, error.where) == (
        "something is off",
        "Do this",
        "a.csv, line 3, column 2",
    )


@pytest.mark.parametrize(
    ("name", "sheet", "expected"),
    [
        ("semicolon.csv", None, "4 rows × 8 columns · CSV, semicolon-separated, UTF-8"),
        ("utf16.txt", None, "4 rows × 8 columns · CSV, tab-separated, UTF-16 with BOM"),
        ("workbook.xlsx", "Archive", "1 row × 9 columns · Excel, sheet 'Archive'"),
        ("lines.jsonl", None, "4 rows × 8 columns · JSON Lines, UTF-8"),
    ],
)
def test_the_table_describes_how_it_was_read(name: str, sheet: str | None, expected: str) -> None:
    """One line says the size and how the file was read, for the page and the CLI."""
    assert read_log_file(FIXTURES / name, sheet=sheet).describe() == expected


@pytest.mark.parametrize("name", ["lone.jsonl", "lone.json"])
def test_a_lone_surrogate_escape_reads_as_a_question_mark(name: str) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud800"), which UTF-8 cannot hold: the cell keeps
    the rest of its text with "?" in its place, instead of failing the whole file."""
    records = [{"code": "E1", "message": "bad \\ud800 x"}, {"code": "E2", "message": "ok"}]
    lines = [json.dumps(record).replace("\\\\ud800", "\\ud800") for record in records]
    text = "\n".join(lines) if name.endswith(".jsonl") else "[" + ",".join(lines) + "]"
    frame = read_log(text.encode(), name).frame
    assert frame["message"].tolist() == ["bad ? x", "ok"]
