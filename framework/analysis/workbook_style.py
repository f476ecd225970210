"""How the tagged workbook looks: a bold frozen header with an autofilter, column widths read
from the content, the verdict and both-present cells in the colours of `questions.yaml`, and
the "About" sheet that says what the export changed.

Works on openpyxl's write-only worksheet (the only kind fast enough for a million rows):
everything here is set before the first row is appended. The colours are conditional
formats on whole columns, not styles on a million cells.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from framework.spec.model import Spec

ABOUT_TITLE = "About"
WIDTH_SAMPLE = 500  # rows read to size a column
MIN_WIDTH, MAX_WIDTH = 8, 60
_HEX = re.compile(r"#?([0-9a-fA-F]{6})")
_HEADER_FILL = "FFE8ECF2"


def style_sheet(
    worksheet: Any,
    names: Sequence[str],
    columns: Sequence[Sequence[Any]],
    rows: int,
    spec: Spec | None,
) -> None:
    """Header row (appended here), frozen pane, autofilter, widths and verdict colours."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    for position, (name, values) in enumerate(zip(names, columns, strict=True), start=1):
        worksheet.column_dimensions[get_column_letter(position)].width = _width(name, values)
    worksheet.freeze_panes = "A2"
    if names:
        last = get_column_letter(len(names))
        worksheet.auto_filter.ref = f"A1:{last}{rows + 1}"
    if spec is not None:
        _verdict_colours(worksheet, names, rows, spec)
    header = []
    for name in names:
        cell = WriteOnlyCell(worksheet, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.data_type = "s"  # a header is text, whatever it starts with
        header.append(cell)
    worksheet.append(header)


def about_lines(replaced: Mapping[str, int], cut: int = 0) -> list[str]:
    """What the "About" sheet says: where the rows come from and what the export changed."""
    lines = [
        "Exception Triage: every row of the log with its group, verdict and whether both "
        "problem types are present.",
        "Formula-safe: a cell a spreadsheet would run as a formula (starting with =, +, -, "
        "@, a tab, a carriage return or a line feed, or the full-width ＝＋－＠) starts with "
        "an added apostrophe ('), and so does a cell that already started with one. Remove "
        "one leading apostrophe to get the log's text back.",
    ]
    if cut:
        plural = cut != 1
        lines.append(
            f"{cut:,} cell{'s' if plural else ''} longer than Excel's 32,767 characters "
            f"{'were' if plural else 'was'} cut to that length; the CSV download has them whole."
        )
    if not replaced:
        lines.append("No cell held a character a workbook cannot store; nothing was replaced.")
        return lines
    total = sum(replaced.values())
    lines.append(
        f"{total:,} cell{'s' if total != 1 else ''} held control characters a workbook cannot "
        "store (such as a vertical tab, a form feed or an escape); each such character is "
        "shown as �. The CSV download keeps them as they were."
    )
    lines += [f"{count:,} in column {name}" for name, count in replaced.items()]
    return lines


def _width(name: str, values: Sequence[Any]) -> float:
    sample = values[:WIDTH_SAMPLE]
    longest = max((len(str(value)) for value in sample if value is not None), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(name) + 2, longest + 2)))


def _verdict_colours(worksheet: Any, names: Sequence[str], rows: int, spec: Spec) -> None:
    """Each verdict's cells filled with its colour; a both-present TRUE with its colour."""
    from openpyxl.formatting.rule import CellIsRule  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter

    if rows == 0:
        return
    first_tag = max(1, len(names) - 2)  # the tag columns are the last three
    for position, name in enumerate(names[first_tag - 1 :], start=first_tag):
        letter = get_column_letter(position)
        cells = f"{letter}2:{letter}{rows + 1}"
        if _is_column(name, "verdict"):
            for verdict in spec.verdicts.values():
                literal = '"' + verdict.id.replace('"', '""') + '"'
                worksheet.conditional_formatting.add(
                    cells, CellIsRule(operator="equal", formula=[literal], **_look(verdict.color))
                )
        elif _is_column(name, "both_present"):
            rule = CellIsRule(operator="equal", formula=["TRUE"], **_look(spec.both_present.color))
            worksheet.conditional_formatting.add(cells, rule)


def _is_column(name: str, tag: str) -> bool:
    return name in {tag, f"{tag} (triage)"}


def _look(color: str) -> dict[str, Any]:
    from openpyxl.styles import Font, PatternFill

    found = _HEX.fullmatch(color.strip())
    argb = "FF" + (found.group(1).upper() if found else "8A8F98")
    fill = PatternFill("solid", start_color=argb, end_color=argb, bgColor=argb)
    return {"fill": fill, "font": Font(color="FFFFFFFF", bold=True)}
