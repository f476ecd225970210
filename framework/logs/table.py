"""What reading a log produces (`LogTable`), how it fails (`LogError`), and the shared steps
every format goes through: naming the columns and turning Arrow columns into a DataFrame.

Every column of `LogTable.frame` is text (pandas' Arrow-backed `str` dtype); an empty cell is
missing (NaN). Types are read from the values later, by whoever needs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.logs.limits import MAX_COLUMNS
from framework.logs.limits import MAX_LOG_BYTES as MAX_LOG_BYTES

TEXT = pa.large_string()  # the Arrow type of every column (what pandas' `str` dtype holds)
_BLANK_NAME = "column {}"
_VALUE_LIKE = re.compile(
    r"""^(?:[+-]?\d+(?:[.,]\d+)?%?            # a number
        |\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T\s].*)?  # a date, perhaps a time
        |[\[{<].*                             # JSON or XML
        )$""",
    re.VERBOSE | re.DOTALL,
)
_LONGEST_NAME = 60
_TITLE_ROWS = 5
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


class LogError(ValueError):
    """A log that cannot be read: where (file, line, column) and what to do about it.

    `line` is 1-based; `column` is the 1-based position on that line: a field for CSV and
    Excel, a character for JSON. Either is None when it does not apply.
    """

    def __init__(
        self,
        filename: str,
        problem: str,
        advice: str,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.filename = filename
        self.problem = problem
        self.advice = advice
        self.line = line
        self.column = column
        super().__init__(f"{self.where}: {problem}. {advice}")

    @property
    def where(self) -> str:
        """'orders.csv, line 7, column 3' (the parts that are known)."""
        parts = [self.filename]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class LogTable:
    """A log read into memory, with what was detected and adjusted on the way."""

    frame: pd.DataFrame
    filename: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(str(name) for name in self.frame.columns)

    def describe(self) -> str:
        """One line for people: '1,204 rows × 12 columns · CSV, ';'-separated, Windows-1252'."""
        details = [self.format]
        if self.delimiter is not None:
            details.append(f"{DELIMITER_NAMES.get(self.delimiter, self.delimiter)}-separated")
        if self.sheet is not None:
            details.append(f"sheet '{self.sheet}'")
        if self.encoding is not None:
            details.append(self.encoding)
        rows = f"{self.rows:,} row{'' if self.rows == 1 else 's'}"
        columns = f"{len(self.columns)} column{'' if len(self.columns) == 1 else 's'}"
        return f"{rows} × {columns} · " + ", ".join(details)


def check_header(cells: Sequence[str | None], filename: str, line: int) -> None:
    """Raise `LogError` when the first row looks like data rather than column names."""
    names = [_clean(cell) for cell in cells]
    filled = [(position, name) for position, name in enumerate(names, start=1) if name]
    advice = (
        "Add a first row that names each column (for example: exception id, timestamp, "
        "error code, message) and upload the file again"
    )
    width = filled[-1][0] if filled else len(names)  # trailing blank cells do not count
    if not filled or (width > 2 and len(filled) * 2 <= width):
        problem = f"{width - len(filled)} of the {width} column names are blank"
        raise LogError(filename, f"the first row has no header: {problem}", advice, line=line)
    values = [(position, name) for position, name in filled if _looks_like_value(name)]
    if values and len(values) * 3 >= len(filled):
        position, example = values[0]
        problem = f"the first row looks like data, not column names ('{example[:40]}' is a value)"
        raise LogError(filename, problem, advice, line=line, column=position)


def preamble(rows: Sequence[Sequence[str | None]]) -> int:
    """How many leading rows are a title above the column names: rows with at most one
    filled cell before the first row with two or more (0 if there is no such row)."""
    for index, row in enumerate(rows[: _TITLE_ROWS + 1]):
        if sum(1 for cell in row if _clean(cell)) >= 2:
            return index
    return 0


def column_names(cells: Sequence[str | None]) -> tuple[list[str], list[str]]:
    """Unique, non-blank column names for raw header cells, and a note for each change."""
    names: list[str] = []
    notes: list[str] = []
    taken = {_clean(cell) for cell in cells}
    for position, cell in enumerate(cells, start=1):
        name = _clean(cell)
        if not name:
            name = _free(_BLANK_NAME.format(position), taken)
            notes.append(f"Column {position} has no name; it is called '{name}'.")
        elif name in names:
            renamed = _free(name, taken)
            notes.append(f"Column {position} repeats the name '{name}'; it is called '{renamed}'.")
            name = renamed
        taken.add(name)
        names.append(name)
    return names, notes


def build_frame(
    filename: str,
    cells: Sequence[str | None],
    columns: Sequence[pa.ChunkedArray | pa.Array],
    *,
    line: int | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """A DataFrame of text columns named from `cells`; unnamed empty columns are dropped.

    More than `MAX_COLUMNS` kept columns is a `LogError` (`line`: where the names are)."""
    names, notes = column_names([cell if cell is None else _encodable(cell) for cell in cells])
    kept: list[int] = []
    dropped: list[str] = []
    for position, (cell, column) in enumerate(zip(cells, columns, strict=True)):
        if not _clean(cell) and column.null_count == len(column):
            dropped.append(str(position + 1))
        else:
            kept.append(position)
    check_width(len(kept), filename, line=line)
    if dropped:
        notes = [note for note in notes if not _names_dropped(note, dropped)]
        notes.append(f"Dropped empty columns without a name: {', '.join(dropped)}.")
    if not kept:
        raise LogError(filename, "no column holds any value", "Check that the export has data")
    return text_frame([columns[i] for i in kept], [names[i] for i in kept]), notes


def text_frame(
    columns: Sequence[pa.ChunkedArray | pa.Array], names: Sequence[str], *, nulled: bool = False
) -> pd.DataFrame:
    """A DataFrame of text columns (Arrow-backed `str`), empty cells missing (`nulled`: the
    columns are text whose empty cells are missing already, as the CSV reader gives them)."""
    text = list(columns) if nulled else [_missing_if_empty(column) for column in columns]
    frame: pd.DataFrame = pa.table(text, names=list(names)).to_pandas()
    return frame


def check_width(width: int, filename: str, *, line: int | None = None) -> None:
    """Raise `LogError` for a log with more than `MAX_COLUMNS` columns."""
    if width > MAX_COLUMNS:
        raise LogError(
            filename,
            f"the log has {width:,} columns, more than the {MAX_COLUMNS:,} that can be read",
            "Export only the fields the log needs (id, time, error code, systems, payload, "
            "handler, retries, status, message), then upload it again",
            line=line,
        )


def require_rows(frame: pd.DataFrame, filename: str, line: int | None) -> None:
    """Raise `LogError` for a log with column names but no data rows."""
    if len(frame) == 0:
        raise LogError(
            filename,
            "there are column names but no data rows",
            "Export the log again with its rows (check the date range or filters used)",
            line=line,
        )


def _missing_if_empty(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """The column as text, with empty strings turned into missing values."""
    text = column if column.type == TEXT else column.cast(TEXT)
    empty = pc.equal(text, "")
    if not pc.any(empty).as_py():
        return text
    return pc.if_else(empty, pa.scalar(None, TEXT), text)


def _encodable(name: str) -> str:
    """A name UTF-8 can hold: a lone surrogate (JSON's "\\ud800") becomes "?"."""
    return name if name.isascii() else name.encode("utf-8", errors="replace").decode("utf-8")


def _names_dropped(note: str, dropped: Sequence[str]) -> bool:
    return any(note.startswith(f"Column {position} has no name") for position in dropped)


def _clean(cell: str | None) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).replace("\ufeff", "").split())


def _free(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"


def _looks_like_value(name: str) -> bool:
    return len(name) > _LONGEST_NAME or bool(_VALUE_LIKE.match(name))
