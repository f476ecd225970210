"""The diagnostic sheet and group summary exports: complete, tagged and formula-safe."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from framework.analysis import exports as sheet
from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze
from framework.analysis.results import Analysis
from framework.analysis.safe_cells import safe_frame
from framework.logs.reading import read_log
from framework.spec.model import Spec
from tests.support.spreadsheets import PAYLOADS, live_cells, xlsx_cells

FRAME = pd.DataFrame(
    {
        "code": ["=CMD|'/c calc'!A1", "=CMD|'/c calc'!A1", "REFUND", "REFUND", "+SUM(A1)"],
        "message": ["@evil", "-2+3", "-3", "fine", "\tx"],
        "handler": ["ana", "ben", "ana", "ben", "ana"],
    },
    dtype="str",
)
MAPPING = {"error_code": "code", "message": "message", "handler": "handler"}


@pytest.fixture
def analysis(spec: Spec) -> Analysis:
    return analyze(FRAME, MAPPING, spec)


def test_diagnostic_sheet_tags_every_row(analysis: Analysis) -> None:
    """Each input row keeps its values and gains group, verdict and both_present."""
    tagged = sheet.diagnostic_sheet(FRAME, analysis)
    assert len(tagged) == len(FRAME)
    assert list(tagged.columns) == [*FRAME.columns, "group", "verdict", "both_present"]
    assert tagged["handler"].tolist() == FRAME["handler"].tolist()
    by_group = {g.group: g for g in analysis.groups}
    for _, row in tagged.iterrows():
        group = by_group[row["group"].lstrip("'")]
        assert row["verdict"] == group.verdict
        assert row["both_present"] == group.both_present


def test_diagnostic_sheet_is_formula_safe(analysis: Analysis) -> None:
    """Log values and group names that start a formula are neutralised in every column."""
    tagged = sheet.diagnostic_sheet(FRAME, analysis)
    assert tagged["code"].iloc[0] == "'=CMD|'/c calc'!A1"
    assert tagged["group"].iloc[0] == "'=CMD|'/c calc'!A1"
    assert tagged["message"].tolist() == ["'@evil", "'-2+3", "-3", "fine", "'\tx"]


def test_sheet_csv_round_trips(analysis: Analysis) -> None:
    """The CSV has a BOM, the header and one line per row, read back identically."""
    data = sheet.sheet_csv(sheet.diagnostic_sheet(FRAME, analysis))
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), dtype="str", encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == [*FRAME.columns, "group", "verdict", "both_present"]
    assert back["message"].tolist() == ["'@evil", "'-2+3", "-3", "fine", "'\tx"]


def test_sheet_xlsx_holds_text_not_formulas(analysis: Analysis) -> None:
    """In the workbook, a dangerous value is a text cell, never a formula."""
    data = sheet.sheet_xlsx(sheet.diagnostic_sheet(FRAME, analysis))
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == (*FRAME.columns, "group", "verdict", "both_present")
    assert rows[1][0] == "'=CMD|'/c calc'!A1"
    assert not live_cells(data, "xlsx")


def test_sheet_xlsx_refuses_too_many_rows() -> None:
    """Past Excel's row limit the workbook is refused with a message that says why."""
    big = pd.DataFrame({"a": range(sheet.EXCEL_MAX_ROWS + 1)})
    with pytest.raises(sheet.SheetTooLarge, match="Download the CSV instead"):
        sheet.sheet_xlsx(big)


def test_group_summary_shows_overrides(analysis: Analysis) -> None:
    """The group table lists answers, marks overridden ones and keeps the evidence."""
    group = analysis.groups[0].group
    edited = with_overrides(analysis, {group: {"retry_resolves": "yes"}})
    table = sheet.groups_table(edited)
    first = table.iloc[0]
    assert first["retry_resolves"] == "yes"
    assert bool(first["retry_resolves_overridden"]) is True
    assert bool(first["payload_consistent_overridden"]) is False
    assert first["retry_resolves_evidence"]
    assert len(table) == len(edited.groups)


def test_group_json_is_the_analysis(analysis: Analysis) -> None:
    """The JSON export is the analysis document: columns and groups with answers."""
    data = json.loads(sheet.groups_json(analysis))
    assert data == json.loads(json.dumps(analysis.to_dict()))
    assert {"columns", "groups"} <= set(data)


def _payload_log() -> pd.DataFrame:
    """A log with a spreadsheet payload in every field, group codes that collide once
    neutralised naively, and control characters a workbook cannot hold."""
    codes = [*PAYLOADS, "vt\x0bcode"]
    rows = len(codes) * 2
    return pd.DataFrame(
        {
            "code": [codes[n % len(codes)] for n in range(rows)],
            "message": [PAYLOADS[n % len(PAYLOADS)] + "\x0c\x1b" for n in range(rows)],
            "handler": [PAYLOADS[(n + 3) % len(PAYLOADS)] for n in range(rows)],
            "=cmd|' /C calc'!A0": ["@x"] * rows,
        },
        dtype="str",
    )


EXPORTERS: dict[str, tuple[Callable[[pd.DataFrame, Analysis], bytes], str]] = {
    "tagged CSV": (lambda f, a: sheet.sheet_csv(sheet.diagnostic_sheet(f, a)), "csv"),
    "tagged Excel": (
        lambda f, a: sheet.sheet_xlsx(sheet.diagnostic_sheet(f, a), spec=a.spec),
        "xlsx",
    ),
    "group summary CSV": (lambda f, a: sheet.groups_csv(a), "csv"),
}


@pytest.mark.parametrize("name", EXPORTERS)
def test_no_export_holds_a_live_formula(spec: Spec, name: str) -> None:
    """Every CSV and workbook export, fed =, +, -, @, tab, CR, LF and DDE payloads in every
    cell, group code and column name, holds no cell a spreadsheet would run."""
    frame = _payload_log()
    analysis = analyze(
        frame, {"error_code": "code", "message": "message", "handler": "handler"}, spec
    )
    export, kind = EXPORTERS[name]
    data = export(frame, analysis)
    assert not live_cells(data, kind)
    assert "'=cmd|' /C calc'!A0" in (
        data.decode("utf-8-sig")
        if kind == "csv"
        else repr([value for _, value, _ in xlsx_cells(data)])
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_group_codes_that_collide_naively_stay_apart(spec: Spec, kind: str) -> None:
    """`=1+1` and `'=1+1` are two groups in both tagged exports (not one, not an error)."""
    frame = pd.DataFrame(
        {"code": ["=1+1", "'=1+1", "=1+1"], "message": ["a", "b", "c"]}, dtype="str"
    )
    analysis = analyze(frame, {"error_code": "code", "message": "message"}, spec)
    tagged = sheet.diagnostic_sheet(frame, analysis)
    if kind == "csv":
        back = pd.read_csv(io.BytesIO(sheet.sheet_csv(tagged)), dtype="str", encoding="utf-8-sig")
        groups = back["group"].tolist()
    else:
        rows = (
            load_workbook(io.BytesIO(sheet.sheet_xlsx(tagged)))
            .worksheets[0]
            .iter_rows(values_only=True)
        )
        groups = [row[2] for row in list(rows)[1:]]
    assert groups == ["'=1+1", "''=1+1", "'=1+1"]


def test_workbook_replaces_what_xml_cannot_hold_and_says_so(spec: Spec) -> None:
    """Vertical tab, form feed and ESC (in cells, a group code and a column name) become �;
    the About sheet counts the cells per column; the CSV keeps them."""
    frame = pd.DataFrame(
        {"co\x0bde": ["A\x0bB", "A\x0bB", "C"], "message": ["x\x0cy", "\x1b[1m", "ok"]},
        dtype="str",
    )
    analysis = analyze(frame, {"error_code": "co\x0bde", "message": "message"}, spec)
    tagged = sheet.diagnostic_sheet(frame, analysis)
    workbook = load_workbook(io.BytesIO(sheet.sheet_xlsx(tagged, spec=spec)))
    data, about = workbook.worksheets
    rows = list(data.iter_rows(values_only=True))
    assert rows[0][:2] == ("co\ufffdde", "message")
    assert [row[:2] for row in rows[1:]] == [
        ("A\ufffdB", "x\ufffdy"),
        ("A\ufffdB", "\ufffd[1m"),
        ("C", "ok"),
    ]
    notes = [row[0] for row in about.iter_rows(values_only=True)]
    assert any(note.startswith("6 cells held control characters") for note in notes)
    assert {"2 in column co\ufffdde", "2 in column message", "2 in column group"} <= set(notes)
    assert "A\x0bB" in sheet.sheet_csv(tagged).decode("utf-8-sig")


def test_binary_parquet_columns_export_to_excel(spec: Spec) -> None:
    """A Parquet log with a binary column (control bytes included) exports to a workbook."""
    table = pa.table(
        {
            "error_code": ["A", "A", "B"],
            "blob": pa.array([b"\x00\x01\x0b", b"\xff\xfe", None], pa.binary()),
        }
    )
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    log = read_log(buffer.getvalue().to_pybytes(), "blobs.parquet")
    analysis = analyze(log.frame, {"error_code": "error_code"}, spec)
    data = sheet.sheet_xlsx(sheet.diagnostic_sheet(log.frame, analysis), spec=spec)
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][1] == "\ufffd\ufffd\ufffd"


def test_workbook_layout_and_verdict_colours(spec: Spec, analysis: Analysis) -> None:
    """Frozen header, autofilter over every row and column, widths from the content, and each
    verdict (and both-present) in its questions.yaml colour."""
    data = sheet.sheet_xlsx(sheet.diagnostic_sheet(FRAME, analysis), spec=spec)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Diagnostic sheet", "About"]
    worksheet = workbook.worksheets[0]
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == f"A1:F{len(FRAME) + 1}"
    assert worksheet["A1"].font.b
    widths = {letter: dim.width for letter, dim in worksheet.column_dimensions.items()}
    assert widths["A"] == len("'=CMD|'/c calc'!A1") + 2 and widths["C"] == 9
    rules = {
        (str(cells.sqref), rule.formula[0]): rule.dxf.fill.bgColor.rgb
        for cells in worksheet.conditional_formatting
        for rule in cells.rules
    }
    colour = {key: "FF" + value.color.lstrip("#").upper() for key, value in spec.verdicts.items()}
    assert {
        (f"E2:E{len(FRAME) + 1}", f'"{key}"'): value for key, value in colour.items()
    }.items() <= rules.items()
    both = "FF" + spec.both_present.color.lstrip("#").upper()
    assert rules[(f"F2:F{len(FRAME) + 1}", "TRUE")] == both


def test_workbook_cells_keep_their_text_and_types() -> None:
    """Markup characters, a carriage return, numbers, booleans and gaps read back as they
    were; a cell past Excel's 32,767 characters is cut and the About sheet says so."""
    long_text = "x" * 40_000
    frame = pd.DataFrame(
        {
            "text": pd.Series(["<b>&amp;</b>", "a\rb\nc", None, long_text], dtype="str"),
            "number": [1.5, float("nan"), -3.0, float("inf")],
            "count": [1, 2, 3, 4],
            "flag": [True, False, True, False],
        }
    )
    workbook = load_workbook(io.BytesIO(sheet.sheet_xlsx(safe_frame(frame))))
    data, about = workbook.worksheets
    rows = list(data.iter_rows(values_only=True))
    assert rows[1:3] == [("<b>&amp;</b>", 1.5, 1, True), ("a\rb\nc", None, 2, False)]
    assert rows[3] == (None, -3, 3, True)
    assert rows[4][0] == "x" * 32_767 and rows[4][1] is None
    notes = [row[0] for row in about.iter_rows(values_only=True)]
    assert any(note.startswith("1 cell longer than Excel's 32,767 characters") for note in notes)


def test_exports_refuse_a_frame_that_was_not_neutralised() -> None:
    """Handing a raw frame to a writer is a programming error, caught before any byte."""
    raw = pd.DataFrame({"a": ["=1+1"]}, dtype="str")
    for writer in (sheet.sheet_csv, sheet.sheet_xlsx):
        with pytest.raises(ValueError, match="not neutralised"):
            writer(raw)
