"""Cells of any type as text, the one type every log column has once read.

Python values (from JSON or Excel) and typed Arrow columns (from Parquet or pyarrow's JSON
reader) end up the same way: numbers without a spurious '.0', true/false in lowercase,
date-times in ISO form, nested values as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc


def cell_text(value: object) -> str | None:
    """A cell as text: None stays missing, nested values become JSON, numbers lose no digits."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def text_array(values: Sequence[object]) -> pa.Array:
    """An Arrow text array of Python values (fast when they are already text)."""
    try:
        return pa.array(values, type=pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid, UnicodeEncodeError):
        return pa.array([_encodable(cell_text(value)) for value in values], type=pa.string())


def _encodable(text: str | None) -> str | None:
    """Text that UTF-8 can hold: a lone surrogate (JSON's "\\ud800") becomes "?"."""
    if text is None:
        return None
    return text.encode("utf-8", errors="replace").decode("utf-8") if not text.isascii() else text


def text_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A typed Arrow column as text (numbers, booleans, date-times by Arrow; nested as JSON)."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = kind.value_type
    if kind == pa.string():
        return column
    if pa.types.is_nested(kind) or _is_binary(kind):
        return pa.chunked_array([text_array(column.to_pylist())], type=pa.string())
    try:
        return pc.cast(column, pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):  # no cast to text: Python's str()
        return pa.chunked_array([text_array(column.to_pylist())], type=pa.string())


def _is_binary(kind: pa.DataType) -> bool:
    return bool(
        pa.types.is_binary(kind)
        or pa.types.is_large_binary(kind)
        or pa.types.is_fixed_size_binary(kind)
    )


def json_text(array: pa.Array) -> pa.Array:
    """Arrow values written as JSON text, vectorised: structs as objects (keys without a value
    left out), lists as arrays, text quoted and escaped, numbers and booleans as they are."""
    kind = array.type
    if pa.types.is_struct(kind):
        # Each present field as '"name": value, ' ("" when absent), joined, last ", " trimmed:
        # a JSON value never ends in a comma or a space, so only the separator goes.
        parts = [
            pc.fill_null(
                pc.binary_join_element_wise(
                    json.dumps(kind.field(i).name) + ": ",
                    json_text(pc.struct_field(array, [i])),
                    ", ",
                    "",
                ),
                "",
            )
            for i in range(kind.num_fields)
        ]
        joined = pc.binary_join_element_wise(*parts, "") if parts else pa.repeat("", len(array))
        return _wrapped(array, "{", pc.utf8_rtrim(joined, characters=", "), "}")
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        items = pc.fill_null(json_text(array.values), "null")
        lists = type(array).from_arrays(array.offsets, items)
        return _wrapped(array, "[", pc.binary_join(lists, ", "), "]")
    if pa.types.is_boolean(kind):
        return pc.if_else(array, "true", "false")
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        return pc.cast(array, pa.string())
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.string())
    text = pc.cast(array, pa.string())
    for raw, escaped in _ESCAPES:
        text = pc.replace_substring(text, raw, escaped)
    return pc.binary_join_element_wise('"', text, '"', "")


_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))


def _wrapped(array: pa.Array, left: str, body: pa.Array, right: str) -> pa.Array:
    text = pc.binary_join_element_wise(left, body, right, "")
    return pc.if_else(array.is_valid(), text, pa.scalar(None, pa.string()))
