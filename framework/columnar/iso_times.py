"""ISO 8601 text to UTC datetimes: pyarrow's parser where it reads the values, pandas' where
it does not, with the same result either way.

pyarrow reads `YYYY-MM-DD`, optionally followed (after `T` or a space) by `hh`, `hh:mm`,
`hh:mm:ss` with up to six decimals, and optionally by `Z`, `±hh:mm`, `±hhmm` or `±hh` — ten
times faster than pandas. pandas also reads what pyarrow refuses (`2024/03/13`, `2024-3-1`,
a year alone, nanoseconds, a space before the offset), so the two are combined:

1. the whole column in one pyarrow cast, all with an offset or all without one;
2. else the values shaped as above go to pyarrow (those with an offset and those without in
   two casts), and only the rest (and any part pyarrow refuses) to pandas.

Every value is read on its own, so splitting the column changes nothing: values with an
offset are converted to UTC, values without one are taken as UTC. (pandas alone reads a
column at one resolution: a single value with nanoseconds would make dates before 1677 or
after 2262 unreadable in all rows. Here they stay readable.)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

Stamps = npt.NDArray[np.datetime64]
ZONED = pa.timestamp("us", tz="UTC")
NAIVE = pa.timestamp("us")
_DATE_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}(?::[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?)?"
)
_WITH_OFFSET = _DATE_TIME + r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$"
_WITHOUT_OFFSET = _DATE_TIME + "$"


def parse_iso(text: pa.Array | pa.ChunkedArray) -> Stamps:
    """Datetimes (µs, naive UTC) of ISO 8601 text; NaT where missing or not ISO 8601."""
    for kind in (ZONED, NAIVE):
        stamps = _arrow(text, kind)
        if stamps is not None:
            return stamps
    return _split(text)


def parse_iso_pandas(text: pa.Array | pa.ChunkedArray) -> Stamps:
    """The same with pandas' ISO 8601 parser alone (the slow path, and the reference)."""
    strings = pd.Series(text.to_pandas(), dtype="str")
    parsed = pd.to_datetime(strings, format="ISO8601", utc=True, errors="coerce")
    return np.asarray(parsed.dt.tz_convert(None).astype("datetime64[us]"))


def _arrow(text: pa.Array | pa.ChunkedArray, kind: pa.DataType) -> Stamps | None:
    """pyarrow's cast of every value, or None if it refuses any of them."""
    try:
        stamps = pc.cast(text, kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if kind.tz is not None:
        stamps = stamps.cast(NAIVE)  # the same instants, UTC without the zone
    return np.asarray(stamps.to_numpy(zero_copy_only=False), dtype="datetime64[us]")


def _split(text: pa.Array | pa.ChunkedArray) -> Stamps:
    """Values shaped for pyarrow to pyarrow (with and without offset apart), others to pandas."""
    values = np.full(len(text), np.datetime64("NaT", "us"))
    rest = np.asarray(text.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    for pattern, kind in ((_WITH_OFFSET, ZONED), (_WITHOUT_OFFSET, NAIVE)):
        matched = pc.match_substring_regex(text, pattern).fill_null(False)
        rows = np.flatnonzero(np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool))
        if len(rows):
            part = text.take(pa.array(rows))
            stamps = _arrow(part, kind)
            values[rows] = parse_iso_pandas(part) if stamps is None else stamps
            rest[rows] = False
    rows = np.flatnonzero(rest)
    if len(rows):
        values[rows] = parse_iso_pandas(text.take(pa.array(rows)))
    return values
