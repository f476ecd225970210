"""Column helpers for the log analysis: pandas columns as Arrow text, integer codes, masks.

Every function here works on whole columns (pyarrow compute, numpy) or on the distinct values
of a column, never row by row in Python. The one exception is `arrow_text` on a column of
Python objects (dicts or lists read from JSON), which must serialise each object once.

    text = arrow_text(frame["payload"])       # pa.ChunkedArray of UTF-8 text
    coded = encode(text, fold_case=True)      # Coded(codes per row, distinct labels)
    coded = encode(text, digits=True)         # every digit read as "0" first
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar import textbytes

Codes = npt.NDArray[np.int32]
MISSING = -1


@dataclass(frozen=True)
class Coded:
    """A column as integer codes per row (`MISSING` = no value) into a table of labels."""

    codes: Codes
    labels: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.labels)

    def label(self, code: int) -> str | None:
        return self.labels[code] if code >= 0 else None


def arrow_text(series: pd.Series[Any]) -> pa.ChunkedArray:
    """The column as Arrow UTF-8 text; zero-copy when it is Arrow-backed text already.

    Whole numbers stay whole ("200", not "200.0"), booleans read "true"/"false", nested
    objects (dicts, lists, Arrow structs) become JSON text.
    """
    array = series.array
    if hasattr(array, "__arrow_array__"):
        chunked = array.__arrow_array__()
    else:
        chunked = pa.chunked_array([_from_numpy(series)])
    if not isinstance(chunked, pa.ChunkedArray):
        chunked = pa.chunked_array([chunked])
    return _as_text(chunked)


def _from_numpy(series: pd.Series[Any]) -> pa.Array:
    try:
        return pa.array(series, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        values = [None if _is_missing(v) else _json_or_text(v) for v in series.tolist()]
        return pa.array(values, type=pa.string())


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _json_or_text(value: object) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _as_text(chunked: pa.ChunkedArray) -> pa.ChunkedArray:
    kind = chunked.type
    if pa.types.is_dictionary(kind):
        return _as_text(chunked.cast(kind.value_type))
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return chunked
    if pa.types.is_floating(kind):
        whole = pc.all(pc.equal(chunked, pc.floor(chunked))).as_py() is not False
        return chunked.cast(pa.int64()).cast(pa.string()) if whole else chunked.cast(pa.string())
    if pa.types.is_nested(kind):
        values = [None if v is None else _json_or_text(v) for v in chunked.to_pylist()]
        return pa.chunked_array([pa.array(values, type=pa.string())])
    return chunked.cast(pa.string())


def take_rows(values: pa.ChunkedArray | pa.Array, rows: npt.NDArray[np.int64]) -> pa.ChunkedArray:
    """The values at ascending row positions, taken chunk by chunk.

    `ChunkedArray.take` joins all chunks into one array first: a copy of the whole column
    to pick a sample of a thousand values.
    """
    chunked = values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])
    parts = []
    first = begin = 0
    for chunk in chunked.chunks:
        end = int(np.searchsorted(rows, first + len(chunk)))
        if end > begin:
            parts.append(chunk.take(pa.array(rows[begin:end] - first)))
        first, begin = first + len(chunk), end
    return pa.chunked_array(parts, type=chunked.type)


def encode(
    chunked: pa.ChunkedArray,
    *,
    fold_case: bool = False,
    tidy: bool = True,
    digits: bool = False,
    rename: Callable[[pa.Array], pa.Array] | None = None,
) -> Coded:
    """Codes per row into the distinct values; blank text counts as missing.

    With `digits` every digit reads "0" first (see `dictionary`). With `tidy` the values are
    trimmed and single-spaced (and lower-cased with `fold_case`) before they are compared;
    `rename` then maps the distinct values on (an empty result: missing). All of it is done
    with pyarrow over the distinct values, never per row.
    """
    codes, labels = encode_arrow(
        chunked, fold_case=fold_case, tidy=tidy, digits=digits, rename=rename
    )
    return Coded(codes, tuple(labels.to_pylist()))


def encode_arrow(
    chunked: pa.ChunkedArray,
    *,
    fold_case: bool = False,
    tidy: bool = True,
    digits: bool = False,
    rename: Callable[[pa.Array], pa.Array] | None = None,
) -> tuple[Codes, pa.Array]:
    """`encode`, its labels left an Arrow array (no Python text is made of them)."""
    codes, distinct = dictionary(chunked, digits=digits)
    if not tidy:
        return merge_codes(codes, blank_to_empty(distinct))
    names = pc.utf8_trim_whitespace(single_spaced(distinct))
    names = pc.utf8_lower(names) if fold_case else names
    return merge_codes(codes, rename(names) if rename is not None else names)


def single_spaced(values: pa.Array) -> pa.Array:
    """Every run of white space (`\\s` as RE2 reads it) made one space; only the values
    holding a run, or a tab or line break, go through the regular expression."""
    runs = pc.match_substring_regex(values, r"[\t\n\f\r]|  ").fill_null(False)
    return replaced_where(values, np.asarray(runs.to_numpy(zero_copy_only=False)), r"\s+", " ")


def replaced_where(
    values: pa.Array, chosen: npt.NDArray[np.bool_], pattern: str, replacement: str
) -> pa.Array:
    """Every match of `pattern` replaced, in the `chosen` values only (those that hold one):
    a regular-expression replacement costs time on every value, matching or not."""
    if not chosen.any():
        return values
    mask = pa.array(chosen, type=pa.bool_())
    replaced = pc.replace_substring_regex(values.filter(mask), pattern, replacement)
    return pc.replace_with_mask(values, mask, replaced)


def blank_to_empty(values: pa.Array) -> pa.Array:
    """Values that are only white space replaced by "" (missing, for `merge_array`)."""
    return pc.if_else(pc.equal(pc.utf8_trim_whitespace(values), ""), "", values)


def dictionary(chunked: pa.ChunkedArray, *, digits: bool = False) -> tuple[Codes, pa.Array]:
    """Codes per row (`MISSING` for null) into an Arrow array of the distinct values, in the
    order they first appear.

    With `digits` every digit reads "0" first, so ids, amounts and dates stop making values
    distinct. That goes batch by batch: a masked copy of the column never exists whole.
    """
    if not digits:
        return _codes(pc.dictionary_encode(chunked))
    encoded = parallel(lambda chunks: _masked_batch(chunks, chunked.type), _batches(chunked))
    if len(encoded) < 2:
        return encoded[0] if encoded else _codes(pc.dictionary_encode(chunked))
    # one hash pass over every batch's distinct values: the column's distinct values (in
    # order of first appearance) and, batch by batch, where each of its values went
    merged = pc.dictionary_encode(pa.chunked_array([values for _, values in encoded]))
    parts = []
    for (codes, _), batch in zip(encoded, merged.chunks, strict=True):
        remap = np.asarray(batch.indices.to_numpy(), dtype=np.int32)
        parts.append(np.append(remap, np.int32(MISSING))[codes])
    return np.concatenate(parts), merged.chunk(0).dictionary


def _masked_batch(chunks: list[pa.Array], kind: pa.DataType) -> tuple[Codes, pa.Array]:
    masked = [textbytes.translate(chunk, textbytes.DIGITS_TO_ZERO) for chunk in chunks]
    return _codes(pc.dictionary_encode(pa.chunked_array(masked, type=kind)))


def _codes(encoded: pa.ChunkedArray) -> tuple[Codes, pa.Array]:
    """Codes and distinct values (as `string`) of a dictionary-encoded column.

    `dictionary_encode` gives every chunk of a column the same, final dictionary.
    """
    if not encoded.num_chunks:
        return np.zeros(0, dtype=np.int32), pa.array([], type=pa.string())
    indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks], pa.int32())
    codes = np.asarray(indices.fill_null(MISSING).to_numpy(), dtype=np.int32)
    return codes, encoded.chunk(0).dictionary.cast(pa.string())


def parallel(function: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """`function` over the items in `WORKERS` threads, results in order.

    For work done in pyarrow and numpy kernels, which release the GIL.
    """
    work = list(items)
    if len(work) < 2 or WORKERS < 2:
        return [function(item) for item in work]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(function, work))


WORKERS = min(4, os.cpu_count() or 1)
T = TypeVar("T")
R = TypeVar("R")
BATCH_BYTES = 16 << 20


def _batches(chunked: pa.ChunkedArray) -> Iterator[list[pa.Array]]:
    """The chunks in groups of about `BATCH_BYTES` each."""
    group: list[pa.Array] = []
    size = 0
    for chunk in chunked.chunks:
        group.append(chunk)
        size += chunk.nbytes
        if size >= BATCH_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def clean(text: str, fold_case: bool = False) -> str:
    """Trimmed, single-spaced text (lower-cased with `fold_case`); blank means missing."""
    text = " ".join(text.split())
    return text.lower() if fold_case else text


def relabel(coded: Coded, rename: Any) -> Coded:
    """Apply `rename(label) -> str` to each distinct label and merge labels that coincide.

    Runs once per distinct label, never per row. A label renamed to "" becomes missing.
    """
    return merge_labels(coded, [rename(label) for label in coded.labels])


def merge_labels(coded: Coded, renamed: list[str]) -> Coded:
    """Recode `coded` so that labels with equal new names share one code ("" = missing)."""
    return merge_array(coded, pa.array(renamed, type=pa.string()))


def merge_array(coded: Coded, names: pa.Array) -> Coded:
    """Recode so that codes whose `names` (one per code) are equal share one code.

    An empty name makes its rows missing. Labels keep the order of first appearance.
    """
    codes, labels = merge_codes(coded.codes, names)
    return Coded(codes, tuple(labels.to_pylist()))


def merge_codes(codes: Codes, names: pa.Array) -> tuple[Codes, pa.Array]:
    """`merge_array` of bare codes, the labels left an Arrow array (the codes and names as
    they are when the names are distinct already and none is empty)."""
    encoded = pc.dictionary_encode(names)  # one hash pass: the distinct names, every code
    labels = encoded.dictionary
    empty = pc.index(labels, "").as_py()
    if len(labels) == len(names) and empty < 0:
        return codes, names
    remap = np.asarray(encoded.indices.fill_null(MISSING).to_numpy(), dtype=np.int32)
    if empty >= 0:  # "" is no label: its rows are missing, the labels after it move up
        remap = np.where(remap == empty, MISSING, remap - (remap > empty)).astype(np.int32)
        labels = pa.concat_arrays([labels.slice(0, empty), labels.slice(empty + 1)])
    lookup = np.append(remap, np.int32(MISSING))
    return lookup[codes], labels


def phrase_pattern(words: tuple[str, ...] | list[str]) -> str:
    """A case-insensitive RE2 pattern matching any of the words or phrases as whole words.

    Longer phrases come first so that "not delivered" is one match, not "delivered" too;
    spaces, underscores and hyphens inside a phrase match each other.
    """
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    parts = [_phrase(word) for word in ordered]
    return r"(?i)\b(?:" + "|".join(parts) + r")\b" if parts else r"[^\s\S]"


def _phrase(word: str) -> str:
    out = []
    for piece in word.replace("_", " ").replace("-", " ").split():
        out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in piece))
    return r"[\s_-]+".join(out)


def count_matches(values: pa.Array, pattern: str) -> npt.NDArray[np.int64]:
    """How many non-overlapping matches of `pattern` each value holds (0 for missing)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    counts = pc.count_substring_regex(values, pattern).fill_null(0)
    return np.asarray(counts.to_numpy(zero_copy_only=False), dtype=np.int64)


def combine(first: Coded, second: Coded, join: Any) -> Coded:
    """One code per distinct pair of codes; `join(label_or_None, label_or_None) -> str`.

    Rows missing both values stay missing.
    """
    width = second.size + 1
    key = (first.codes.astype(np.int64) + 1) * width + (second.codes + 1)
    space = (first.size + 1) * width
    if dense_fits(space, len(key)):
        present = np.flatnonzero(np.bincount(key, minlength=space))
        remap = np.full(space, MISSING, dtype=np.int32)
        remap[present] = np.arange(len(present), dtype=np.int32)
        codes = remap[key]
    else:
        present, inverse = np.unique(key, return_inverse=True)
        codes = inverse.astype(np.int32)
    labels = [
        join(_label(first, int(k // width) - 1), _label(second, int(k % width) - 1))
        for k in present
    ]
    if present.size and present[0] == 0:  # the pair (missing, missing)
        labels[0] = ""
    return merge_labels(Coded(codes, tuple(str(k) for k in present)), labels)


def dense_fits(space: int, rows: int) -> bool:
    """Whether keys among `space` values, one per row, are counted in a dense array (8 bytes
    a slot): at most `DENSE_LIMIT` slots, or eight per row; more are counted by sorting."""
    return space <= max(DENSE_LIMIT, 8 * rows)


DENSE_LIMIT = 1 << 20


def _label(coded: Coded, code: int) -> str | None:
    return coded.labels[code] if code >= 0 else None
