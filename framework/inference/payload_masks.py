"""Masks over the distinct payloads of a column that merge payloads sharing a template.

Run with pyarrow compute over the distinct (digit-masked) payload values, never per row:
escapes and digit runs are collapsed, then every quoted value (a JSON string value, an XML
attribute, a quoted key=value value) and every unquoted key=value value is replaced by a
representative of its format: upper-case runs read `A`, lower-case runs `a`, and text with
spaces, an `@` or a capitalised word reads `@`. Keys, tags and punctuation are kept. XML text
content is dropped (an XML template is its element paths).

Each mask keeps `payloads.value_format` of every value unchanged, so a payload's template is
the same before and after; only the number of distinct values to parse shrinks.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar import textbytes
from framework.columnar.coded import parallel

TEXT = "@"
KV_START = r"^\s*[A-Za-z_][\w.\-\[\]]*\s*="


def premask(values: pa.Array) -> pa.Array:
    """The distinct payloads with their values reduced to format representatives.

    Each value is masked on its own, so large inputs are masked in parallel slices.
    """
    if len(values) > SLICE:
        slices = [values.slice(start, SLICE) for start in range(0, len(values), SLICE)]
        return pa.concat_arrays(parallel(_premask, slices))
    return _premask(values)


SLICE = 20_000


def _premask(values: pa.Array) -> pa.Array:
    if len(values) == 0:
        return values
    values = pc.replace_substring_regex(values, r"\\(?:u[0-9A-Fa-f]{4}|.)", "x")
    values = _mask_quoted(values)
    values = _where(values, KV_START, _mask_pairs)
    values = _where(values, r"^\s*<", _strip_xml_text)
    # far fewer distinct values now: squeeze the digit runs of those only
    return _per_distinct(values, lambda distinct: textbytes.squeeze(distinct, b"0"))


def _per_distinct(values: pa.Array, function: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """`function` over the distinct values only, spread back to every value."""
    encoded = pc.dictionary_encode(values)
    return function(encoded.dictionary).take(encoded.indices)


def mask_formats(values: pa.Array) -> pa.Array:
    """Each value replaced by a representative of its format (`@` for text).

    Text is what `payloads.value_format` calls text: a space or an `@` anywhere, or one
    capitalised ASCII word of three letters or more.
    """
    if len(values) == 0:
        return values
    classed = textbytes.translate(values, textbytes.CLASSES)
    size = textbytes.lengths(classed)
    word = (textbytes.first_bytes(classed) == ord("A")) & (size >= 3)
    word &= textbytes.counts(classed, b"a") == size - 1
    textlike = textbytes.contains_any(classed, b" \t\n\r\f\v@") | word
    squeezed = textbytes.squeeze(classed, b"Aa0")
    return pc.if_else(pa.array(textlike, type=pa.bool_()), pa.scalar(TEXT), squeezed)


def _where(values: pa.Array, pattern: str, mask: object) -> pa.Array:
    """Apply `mask` to the values matching `pattern` only."""
    chosen = pc.match_substring_regex(values, pattern)
    if not pc.any(chosen).as_py():
        return values
    masked = mask(values.filter(chosen))  # type: ignore[operator]
    return pc.replace_with_mask(values, chosen, masked)


def _segments(parts: pa.ListArray) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """The flattened segments, each one's position in its list, and its list's length."""
    offsets = parts.offsets.to_numpy().astype(np.int32)
    offsets -= offsets[0]
    lengths = np.diff(offsets)
    position = np.arange(offsets[-1], dtype=np.int32) - np.repeat(offsets[:-1], lengths)
    return parts.flatten(), position, np.repeat(lengths, lengths)


def _rejoin(parts: pa.ListArray, flat: pa.Array, chosen: np.ndarray, joiner: str) -> pa.Array:
    """The lists joined again, the chosen segments masked (each distinct segment once).

    The masked segments are picked by one `take` from the segments followed by the masked
    distinct ones: a string `replace_with_mask` over every segment cost twice as much."""
    encoded = pc.dictionary_encode(flat.filter(pa.array(chosen, type=pa.bool_())))
    formats = mask_formats(encoded.dictionary).cast(flat.type)
    picks = np.arange(len(flat), dtype=np.int64)
    picks[chosen] = len(flat) + np.asarray(encoded.indices.to_numpy(), dtype=np.int64)
    masked = pa.concat_arrays([flat, formats]).take(pa.array(picks))
    offsets = pc.subtract(parts.offsets, parts.offsets[0])
    return pc.binary_join(pa.ListArray.from_arrays(offsets, masked), joiner)


def _mask_quoted(values: pa.Array) -> pa.Array:
    """Quoted values masked: every quoted segment not followed by `:` (a JSON key)."""
    parts = pc.split_pattern(values, '"')
    flat, position, length = _segments(parts)
    colon = _starts_with_colon(flat)
    followed_by_colon = np.append(colon[1:], False)
    inside = (position % 2 == 1) & (position < length - 1)
    return _rejoin(parts, flat, inside & ~followed_by_colon, '"')


def _starts_with_colon(values: pa.Array) -> np.ndarray:
    """Per value: whether its first character after any white space is ":". Read from the
    first byte; only values starting with white space (an ASCII control or space byte, or a
    non-ASCII one) are trimmed to be sure."""
    first = textbytes.first_bytes(values)
    found: np.ndarray = first == ord(":")
    unsure = np.flatnonzero((first <= ord(" ")) | (first >= 0x80))
    if unsure.size:
        trimmed = pc.utf8_ltrim_whitespace(values.take(pa.array(unsure)))
        colon = pc.starts_with(trimmed, ":").to_numpy(zero_copy_only=False)
        found[unsure] = np.asarray(colon, dtype=bool)
    return found


def _mask_pairs(values: pa.Array) -> pa.Array:
    """key=value payloads: every value masked, pairs rejoined with `;`."""
    pairs = pc.split_pattern_regex(values, r"[;&|,\s]+")
    halves = pc.split_pattern(pairs.flatten(), "=", max_splits=1)
    flat, position, _ = _segments(halves)
    joined = _rejoin(halves, flat, position == 1, "=")
    offsets = pc.subtract(pairs.offsets, pairs.offsets[0])
    return pc.binary_join(pa.ListArray.from_arrays(offsets, joined), ";")


def _strip_xml_text(values: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(values, r">[^<]+<", "><")
