"""Exports of an analysis: the tagged diagnostic sheet and the group summary.

    sheet = diagnostic_sheet(frame, analysis)     # every row + group, verdict, both present
    sheet_csv(sheet) / sheet_xlsx(sheet, spec=…)  # bytes, formula-safe
    groups_table(analysis) -> DataFrame           # one row per group
    groups_csv(analysis) / groups_json(analysis)  # bytes

Every CSV and workbook goes through `safe_cells` (the one neutraliser, its rules are there):
formula starters get a leading apostrophe, distinct values stay distinct. A workbook also
replaces the characters Excel's XML cannot hold with U+FFFD and says how many cells it
changed on its "About" sheet; it has a frozen header, an autofilter, column widths from the
content and the verdict colours of `questions.yaml`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from framework.analysis.json_text import json_text
from framework.analysis.results import Analysis
from framework.analysis.rows import tag_rows
from framework.analysis.safe_cells import safe_frame, xml_illegal, xml_safe, xml_safe_text
from framework.analysis.workbook_style import ABOUT_TITLE, WIDTH_SAMPLE, about_lines, style_sheet
from framework.analysis.xlsx_rows import Cells, bool_cells, number_cells, row_xml, text_cells
from framework.spec.model import Spec

EXCEL_MAX_ROWS = 1_048_576 - 1  # one row is the header
DATA_SHEET = "xl/worksheets/sheet1.xml"  # the first sheet openpyxl writes
ZIP_LEVEL = 1  # deflate fast: the XML shrinks ~10× at level 1 already
ZIP64_AT = 1_900_000_000  # uncompressed bytes past which the sheet's zip entry needs Zip64


class SheetTooLarge(ValueError):
    """More rows than an Excel worksheet holds."""


def diagnostic_sheet(frame: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """Every input row, tagged with its group, verdict and both-present, formula-safe."""
    tagged = tag_rows(frame, analysis)
    return safe_frame(tagged)


def sheet_csv(sheet: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with a BOM so spreadsheet apps pick the encoding) of a frame made
    by `diagnostic_sheet`, `groups_table` or `safe_frame`."""
    _check_defused(sheet)
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


def sheet_xlsx(
    sheet: pd.DataFrame, *, spec: Spec | None = None, title: str = "Diagnostic sheet"
) -> bytes:
    """An .xlsx workbook of a formula-safe frame: the data sheet (frozen header, autofilter,
    widths; verdict colours from `spec` when given) and an "About" sheet. Raises
    `SheetTooLarge` past Excel's row limit."""
    if len(sheet) > EXCEL_MAX_ROWS:
        raise SheetTooLarge(
            f"the sheet has {len(sheet):,} rows; an Excel worksheet holds {EXCEL_MAX_ROWS:,}. "
            "Download the CSV instead, or filter the log first"
        )
    _check_defused(sheet)
    names = [xml_safe_text(str(name)) for name in sheet.columns]
    arrays, replaced = _xlsx_arrays(sheet, names)
    cells, cut = _cells(names, arrays)
    samples = [array.slice(0, WIDTH_SAMPLE).to_pylist() for array in arrays]
    skeleton = _skeleton(names, samples, len(sheet), spec, title, about_lines(replaced, cut))
    big = sum(_size_hint(array) for array in arrays) + 80 * len(sheet) * len(names) > ZIP64_AT
    return _spliced(skeleton, row_xml(cells, len(sheet)), zip64=big)


def _skeleton(
    names: list[str],
    samples: list[list[Any]],
    rows: int,
    spec: Spec | None,
    title: str,
    about: list[str],
) -> bytes:
    """The workbook openpyxl writes: the data sheet's header (its rows are spliced in
    later), its layout and colours, and the About sheet."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # only needed here

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_sheet_title(title))
    style_sheet(worksheet, names, samples, rows, spec)
    notes = workbook.create_sheet(ABOUT_TITLE)
    notes.column_dimensions["A"].width = 120
    for line in about:
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _spliced(skeleton: bytes, rows: Iterator[bytes], *, zip64: bool) -> bytes:
    """The skeleton workbook with the data rows written into its first sheet."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(skeleton)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != DATA_SHEET:
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            with target.open(info.filename, "w", force_zip64=zip64) as stream:
                stream.write(head)
                for chunk in rows:
                    stream.write(chunk)
                stream.write(b"</sheetData>" + tail)
    return output.getvalue()


def _xlsx_arrays(sheet: pd.DataFrame, names: list[str]) -> tuple[list[pa.Array], dict[str, int]]:
    """Each column as an Arrow array a workbook holds, and per column (by its name in the
    workbook) the cells whose characters were replaced."""
    arrays: list[pa.Array] = []
    replaced: dict[str, int] = {}
    for position, name in enumerate(names):
        array, changed = _xlsx_array(sheet.iloc[:, position])
        arrays.append(array)
        if changed:
            replaced[name] = changed
    return arrays, replaced


def _xlsx_array(series: pd.Series) -> tuple[pa.Array, int]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        original = pa.array(series.cat.categories.astype("str"), pa.large_string())
        categories, changed = xml_safe(original)
        codes = series.cat.codes.to_numpy()
        indices = pa.array(codes, mask=codes < 0)
        values = pc.take(categories, indices)
        if not changed:
            return values, 0
        marked = np.flatnonzero(xml_illegal(original).to_numpy(zero_copy_only=False))
        return values, int(np.count_nonzero(np.isin(codes, marked)))
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(series.dtype):
        return pa.array(series.to_numpy(), from_pandas=True), 0
    text = pa.array(series.astype("str").array, from_pandas=True)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    safe, changed = xml_safe(text)
    return safe, changed


def _cells(names: list[str], arrays: list[pa.Array]) -> tuple[list[Cells], int]:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    cells: list[Cells] = []
    cut = 0
    for position, array in enumerate(arrays, start=1):
        letter = get_column_letter(position)
        if pa.types.is_boolean(array.type):
            cells.append(bool_cells(letter, array))
        elif pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
            cells.append(number_cells(letter, array))
        else:
            column, shortened = text_cells(letter, array)
            cells.append(column)
            cut += shortened
    return cells, cut


def _size_hint(array: pa.Array) -> int:
    return int(array.nbytes)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in xml_safe_text(title))
    return cleaned.strip(" '")[:31] or "Sheet"


def _check_defused(sheet: pd.DataFrame) -> None:
    """A programming error, not bad input: an export must be made from a formula-safe frame."""
    for name in sheet.columns:
        series = sheet[name]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.cat.categories.to_series()
        if pd.api.types.is_string_dtype(series.dtype) and series.str.startswith("=").any():
            raise ValueError(f"column {name!r} was not neutralised (use safe_frame first)")


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
    return json_text(analysis.to_dict()).encode()
