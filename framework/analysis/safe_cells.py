"""Cells made safe for spreadsheets: the one neutraliser every CSV and Excel export goes through.

    neutralise(array)          # Arrow text: formula starters get a leading apostrophe
    neutralise_text("=1+1")    # "'=1+1" (one value: a column name, a sheet title)
    safe_frame(frame)          # every text column, category and column name neutralised
    xml_safe(array)            # characters a workbook cannot hold replaced, and how many

The rules (docs/security.md quotes them):

* A text cell a spreadsheet would run as a formula starts with `=`, `+`, `-`, `@`, a tab, a
  carriage return or a line feed (or their full-width forms `＝＋－＠`, which some
  spreadsheet locales read the same way). It gets a leading apostrophe, so it is shown as the
  text it was. Plain numbers such as `-3` or `+1.5e3` are values, not formulas: left alone.
* A cell that already starts with an apostrophe gets one more. Neutralising is therefore
  one-to-one: `=1+1` becomes `'=1+1` and `'=1+1` becomes `''=1+1`, so two different group
  codes never become the same one (and stripping one leading apostrophe gives back the
  original whenever the cell starts with one).
* Excel's XML cannot hold the control characters U+0000–U+0008, U+000B, U+000C,
  U+000E–U+001F, nor U+FFFE and U+FFFF. In a workbook each becomes U+FFFD (�), counted, and
  the workbook says how many cells changed; a CSV keeps them as they were.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
"""A text cell starting with one of these runs as a formula in some spreadsheet."""
QUOTE = "'"
_RISKY = "^[" + "".join(f"\\x{{{ord(ch):X}}}" for ch in (*FORMULA_STARTERS, QUOTE)) + "]"
_PLAIN_NUMBER = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$"
XML_ILLEGAL = "[\\x{0}-\\x{8}\\x{B}\\x{C}\\x{E}-\\x{1F}\\x{FFFE}\\x{FFFF}]"
"""The characters an .xlsx file cannot hold (RE2 syntax, as pyarrow's regex functions take)."""
REPLACEMENT = "\ufffd"
_TEXT = pa.large_string()


def neutralise(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Prefix an apostrophe to every text value a spreadsheet would read as a formula, and
    to every value already starting with one (so distinct values stay distinct)."""
    text = values.cast(_TEXT)
    risky = pc.and_(
        pc.match_substring_regex(text, _RISKY),
        pc.invert(pc.match_substring_regex(text, _PLAIN_NUMBER)),
    )
    quote = pa.scalar(QUOTE, _TEXT)
    empty = pa.scalar("", _TEXT)
    return pc.if_else(risky, pc.binary_join_element_wise(quote, text, empty), text)


def neutralise_text(text: str) -> str:
    """One value neutralised by the same rule as `neutralise`."""
    return str(neutralise(pa.array([text], _TEXT))[0])


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text column, category and column name neutralised; other
    columns are shared, not copied."""
    columns = {neutralise_text(str(name)): _safe_series(frame[name]) for name in frame.columns}
    return pd.DataFrame(columns, index=frame.index, copy=False)


def xml_safe(values: pa.ChunkedArray | pa.Array) -> tuple[pa.ChunkedArray | pa.Array, int]:
    """The text with every character a workbook cannot hold replaced by U+FFFD, and the
    number of cells that changed."""
    text = values.cast(_TEXT)
    found = xml_illegal(text)
    changed = int(pc.sum(found).as_py() or 0)
    if not changed:
        return text, 0
    return pc.replace_substring_regex(text, XML_ILLEGAL, REPLACEMENT), changed


def xml_illegal(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Per value, whether it holds a character a workbook cannot hold (missing: False)."""
    return pc.fill_null(pc.match_substring_regex(values.cast(_TEXT), XML_ILLEGAL), False)


def xml_safe_text(text: str) -> str:
    """One value with the characters a workbook cannot hold replaced."""
    return str(xml_safe(pa.array([text], _TEXT))[0][0])


def _safe_series(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = _safe_texts(series.cat.categories.to_series())
        return series.cat.rename_categories(list(categories))
    if pd.api.types.is_string_dtype(series.dtype) or _all_text(series):
        return pd.Series(_safe_texts(series), index=series.index, dtype="str")
    return series


def _all_text(series: pd.Series) -> bool:
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in {
        "string",
        "empty",
    }


def _safe_texts(series: pd.Series) -> pd.arrays.ArrowExtensionArray:
    array = pa.array(series.astype("str").array, from_pandas=True)
    return pd.arrays.ArrowExtensionArray(neutralise(array))
