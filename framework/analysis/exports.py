"""Exports of an analysis: the tagged diagnostic sheet and the group summary.

    sheet = diagnostic_sheet(frame, analysis)     # every row + group, verdict, both present
    sheet_csv(sheet) / sheet_xlsx(sheet)          # bytes, formula-safe
    groups_table(analysis) -> DataFrame           # one row per group
    groups_csv(analysis) / groups_json(analysis)  # bytes

Every text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
a tab or a carriage return) is neutralised with a leading apostrophe. Plain numbers such as
`-3` or `+1.5` are left alone: they are values, not formulas.
"""

from __future__ import annotations

import io
import json
from typing import Any, BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from framework.analysis.results import Analysis
from framework.analysis.rows import tag_rows

EXCEL_MAX_ROWS = 1_048_576 - 1  # one row is the header
_FORMULA_START = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$"


class SheetTooLarge(ValueError):
    """More rows than an Excel worksheet holds."""


def neutralise(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Prefix an apostrophe to every text value a spreadsheet would read as a formula."""
    text = values.cast(pa.large_string())
    risky = pc.and_(
        pc.match_substring_regex(text, _FORMULA_START),
        pc.invert(pc.match_substring_regex(text, _PLAIN_NUMBER)),
    )
    quote = pa.scalar("'", pa.large_string())
    empty = pa.scalar("", pa.large_string())
    return pc.if_else(risky, pc.binary_join_element_wise(quote, text, empty), text)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text column (and column name) neutralised; other columns shared."""
    columns = {_safe_name(str(name)): _safe_series(frame[name]) for name in frame.columns}
    return pd.DataFrame(columns, index=frame.index, copy=False)


def _safe_series(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = _safe_texts(series.cat.categories.to_series())
        return series.cat.rename_categories(list(categories))
    if pd.api.types.is_string_dtype(series.dtype):
        return pd.Series(_safe_texts(series), index=series.index, dtype="str")
    return series


def _safe_texts(series: pd.Series) -> pd.arrays.ArrowExtensionArray:
    array = pa.array(series.array, from_pandas=True)
    return pd.arrays.ArrowExtensionArray(neutralise(array))


def _safe_name(name: str) -> str:
    return str(neutralise(pa.array([name]))[0])


def diagnostic_sheet(frame: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """Every input row, tagged with its group, verdict and both-present, formula-safe."""
    tagged = tag_rows(frame, analysis)
    return safe_frame(tagged)


def sheet_csv(sheet: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with a BOM so spreadsheet apps pick the encoding)."""
    buffer = io.BytesIO()
    append_csv(sheet, buffer, first=True)
    return buffer.getvalue()


def append_csv(sheet: pd.DataFrame, out: BinaryIO, *, first: bool) -> None:
    """Write the sheet's rows as CSV; the `first` part also writes the BOM and the header
    (so a sheet written part by part is the same file as one written whole)."""
    if first:
        out.write("\ufeff".encode())
    table = pa.Table.from_pandas(sheet, preserve_index=False)
    table = table.cast(pa.schema([pa.field(f.name, _csv_type(f.type)) for f in table.schema]))
    pacsv.write_csv(table, out, write_options=pacsv.WriteOptions(include_header=first))


def _csv_type(kind: pa.DataType) -> pa.DataType:
    return pa.large_string() if pa.types.is_dictionary(kind) else kind


def sheet_xlsx(sheet: pd.DataFrame, *, title: str = "Diagnostic sheet") -> bytes:
    """An .xlsx workbook of the sheet; raises `SheetTooLarge` past Excel's row limit."""
    if len(sheet) > EXCEL_MAX_ROWS:
        raise SheetTooLarge(
            f"the sheet has {len(sheet):,} rows; an Excel worksheet holds {EXCEL_MAX_ROWS:,}. "
            "Download the CSV instead, or filter the log first"
        )
    from openpyxl import Workbook  # type: ignore[import-untyped]  # only needed here

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title[:31])
    worksheet.append([str(name) for name in sheet.columns])
    for row in sheet.itertuples(index=False, name=None):
        worksheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def groups_table(analysis: Analysis) -> pd.DataFrame:
    """One row per group: counts, dates, answers (with overrides), verdict and evidence."""
    spec = analysis.spec
    records = []
    for group in analysis.groups:
        record: dict[str, Any] = {
            "group": group.group,
            "exceptions": group.exceptions,
            "days_active": group.days_active,
            "first_seen": group.first_seen,
            "last_seen": group.last_seen,
            "boundary": group.boundary,
            "verdict": group.verdict,
            "both_present": group.both_present,
            "tag": group.tag,
        }
        for qid in spec.question_ids:
            item = group.inferred.get(qid)
            record[qid] = group.answers.get(qid)
            record[f"{qid}_overridden"] = qid in group.overrides
            record[f"{qid}_evidence"] = item.evidence if item else None
        records.append(record)
    return safe_frame(pd.DataFrame.from_records(records))


def groups_csv(analysis: Analysis) -> bytes:
    return sheet_csv(groups_table(analysis))


def groups_json(analysis: Analysis) -> bytes:
    return json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False).encode()
