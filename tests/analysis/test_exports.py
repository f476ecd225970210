"""The diagnostic sheet and group summary exports: complete, tagged and formula-safe."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import load_workbook

from framework.analysis import exports as sheet
from framework.analysis.overrides import with_overrides
from framework.analysis.pipeline import analyze
from framework.analysis.results import Analysis
from framework.spec.model import Spec

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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@import", "'@import"),
        ("\tpadded", "'\tpadded"),
        ("\rreturn", "'\rreturn"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-0.25e3", "-0.25e3"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, None),
    ],
)
def test_neutralise(value: str | None, expected: str | None) -> None:
    """Formula starters get an apostrophe; plain numbers and ordinary text do not."""
    assert sheet.neutralise(pa.array([value], pa.large_string())).to_pylist() == [expected]


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
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == (*FRAME.columns, "group", "verdict", "both_present")
    assert rows[1][0] == "'=CMD|'/c calc'!A1"
    cells = [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)


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
