"""Byte-level operations on Arrow UTF-8 arrays, with numpy over the data buffer.

Regex replacement in pyarrow costs time per match; these do the few masks the payload
shapes need in a handful of vectorised passes instead. They touch ASCII bytes only, which
never occur inside a multi-byte UTF-8 sequence, so the text stays valid UTF-8.

    translate(values, DIGITS_TO_ZERO)    # byte for byte, lengths unchanged
    squeeze(values, b"0")                # "a000b" -> "a0b": runs of these bytes to one
    contains_any(values, b" @")          # per value: holds any of these bytes
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa


def table(mapping: dict[bytes, int]) -> bytes:
    """A 256-byte translation table: each byte in a key maps to the key's value."""
    out = bytearray(range(256))
    for sources, target in mapping.items():
        for byte in sources:
            out[byte] = target
    return bytes(out)


_DIGITS = b"0123456789"
_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LOWER = bytes(range(ord("a"), ord("z") + 1))
DIGITS_TO_ZERO = table({_DIGITS: ord("0")})
CLASSES = table({_DIGITS: ord("0"), _UPPER: ord("A"), _LOWER: ord("a")})


def _flat(values: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Offsets relative to the first value, and the bytes the values span."""
    if values.offset:
        values = pa.concat_arrays([values])
    _, offsets_buffer, data = values.buffers()
    width = np.int64 if pa.types.is_large_string(values.type) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=width)[: len(values) + 1].astype(np.int64)
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offsets - offsets[0], raw[offsets[0] : offsets[-1]]


def _rebuild(values: pa.Array, offsets: npt.NDArray[np.int64], data: bytes) -> pa.Array:
    width = np.int64 if pa.types.is_large_string(values.type) else np.int32
    validity = values.buffers()[0] if values.null_count and not values.offset else None
    if values.null_count and validity is None:
        validity = pa.concat_arrays([values]).buffers()[0]
    buffers = [validity, pa.py_buffer(offsets.astype(width).tobytes()), pa.py_buffer(data)]
    return pa.Array.from_buffers(values.type, len(values), buffers, values.null_count)


def translate(values: pa.Array, mapping: bytes) -> pa.Array:
    """Every byte replaced through a 256-byte table (lengths and offsets unchanged)."""
    offsets, raw = _flat(values)
    return _rebuild(values, offsets, raw.tobytes().translate(mapping))


def squeeze(values: pa.Array, chars: bytes) -> pa.Array:
    """Runs of one repeated byte from `chars` shortened to a single byte, per value."""
    offsets, raw = _flat(values)
    member = np.zeros(256, dtype=bool)
    member[list(chars)] = True
    repeat = np.zeros(len(raw), dtype=bool)
    repeat[1:] = (raw[1:] == raw[:-1]) & member[raw[1:]]
    starts = offsets[:-1][offsets[:-1] < offsets[1:]]
    repeat[starts] = False
    dropped = _per_value(repeat, offsets)
    kept = offsets - np.concatenate(([0], np.cumsum(dropped)))
    return _rebuild(values, kept, raw[~repeat].tobytes())


def _per_value(
    flags: npt.NDArray[np.bool_], offsets: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """How many flagged bytes each value holds (no per-byte running total is built)."""
    sizes = np.diff(offsets)
    out = np.zeros(len(sizes), dtype=np.int64)
    filled = sizes > 0
    if filled.any():
        out[filled] = np.add.reduceat(flags, offsets[:-1][filled], dtype=np.int64)
    return out


def counts(values: pa.Array, chars: bytes) -> npt.NDArray[np.int64]:
    """Per value: how many of its bytes are in `chars`."""
    offsets, raw = _flat(values)
    member = np.zeros(256, dtype=bool)
    member[list(chars)] = True
    return _per_value(member[raw], offsets)


def contains_any(values: pa.Array, chars: bytes) -> npt.NDArray[np.bool_]:
    """Per value: whether any of its bytes is in `chars`."""
    return counts(values, chars) > 0


def lengths(values: pa.Array) -> npt.NDArray[np.int64]:
    offsets, _ = _flat(values)
    return np.diff(offsets)


def first_bytes(values: pa.Array) -> npt.NDArray[np.uint8]:
    """Per value: its first byte (0 for an empty value)."""
    offsets, raw = _flat(values)
    return _byte_at(raw, offsets, offsets[:-1])


def ends(
    values: pa.Array,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Per value: its length in bytes, its first byte and its last (0 for an empty value)."""
    offsets, raw = _flat(values)
    first = _byte_at(raw, offsets, offsets[:-1])
    return np.diff(offsets), first, _byte_at(raw, offsets, offsets[1:] - 1)


def _byte_at(
    raw: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64], at: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint8]:
    padded = np.append(raw, np.uint8(0))
    out = padded[np.clip(at, 0, len(raw))]
    return np.where(np.diff(offsets) > 0, out, 0).astype(np.uint8)
