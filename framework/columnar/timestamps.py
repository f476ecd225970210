"""Turn a text column of timestamps into datetimes, whatever convention the log used.

The convention is chosen on a sample (ISO 8601 and other year-first dates, US
month/day/year, day/month/year with `/`, `.` or `-`, month names, epoch seconds or
milliseconds); the whole column is then parsed with that convention's explicit formats,
vectorised (pyarrow `strptime`; ISO 8601 by `framework.iso_times`). Month-first and
day-first are told apart by the data: a first number above 12 can only be a day. Results
are naive datetimes in UTC: values with an offset are converted, values without one are
taken as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.coded import take_rows
from framework.columnar.iso_times import parse_iso

ISO = "ISO8601"
NAT = np.iinfo(np.int64).min  # numpy's NaT, as int64 nanoseconds
_NS_PER_DAY = 86_400 * 10**9
_EPOCH = "epoch"
_SAMPLE = 500
_NAT = np.datetime64("NaT", "us")
# Plausible epoch values, per unit: 2000-01-01 … 2100-01-01.
_EPOCH_RANGE = (946_684_800, 4_102_444_800)
_EPOCH_UNITS = (("seconds", 1_000_000), ("milliseconds", 1_000), ("microseconds", 1))
Stamps = npt.NDArray[np.datetime64]
Rows = npt.NDArray[np.int64]


def _variants(date: str) -> tuple[str, ...]:
    times = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M:%S%p", "%I:%M%p")
    return (*(f"{date} {time}" for time in times), date)


@dataclass(frozen=True)
class Convention:
    """A family of timestamp formats: its description and explicit patterns, tried in order."""

    name: str
    patterns: tuple[str, ...]


CONVENTIONS = (
    Convention("ISO 8601, year first (2024-03-01T14:05:00Z)", (ISO,)),  # also 2024/03/01
    Convention(
        "US month/day/year (03/01/2024 2:05 PM)", _variants("%m/%d/%Y") + _variants("%m/%d/%y")
    ),
    Convention("day/month/year (01/03/2024 14:05)", _variants("%d/%m/%Y") + _variants("%d/%m/%y")),
    Convention("day.month.year (01.03.2024 14:05)", _variants("%d.%m.%Y") + _variants("%d.%m.%y")),
    Convention("day-month-year (01-03-2024 14:05)", _variants("%d-%m-%Y")),
    Convention(
        "day month-name year (01 Mar 2024 14:05)", _variants("%d %b %Y") + _variants("%d-%b-%Y")
    ),
    Convention(
        "month-name day, year (Mar 1, 2024 2:05 PM)",
        _variants("%b %d, %Y") + _variants("%B %d, %Y"),
    ),
)
_AMBIGUOUS = {CONVENTIONS[1].name: CONVENTIONS[2].name}


@dataclass(frozen=True)
class ParsedTimestamps:
    """A parsed column: datetimes (NaT where empty or unparseable) and how parsing went."""

    values: pd.Series
    format: str
    parsed: int
    failed: int
    failed_examples: tuple[str, ...] = ()

    @property
    def failed_share(self) -> float:
        """Share of the non-empty values that could not be read as a timestamp."""
        total = self.parsed + self.failed
        return self.failed / total if total else 0.0


@dataclass(frozen=True)
class TimeFormat:
    """A timestamp convention chosen on one stretch of a column, to read the rest with."""

    name: str
    patterns: tuple[str, ...]


def parse_timestamps(series: pd.Series, fmt: TimeFormat | None = None) -> ParsedTimestamps:
    """Parse a column of timestamps (text, numbers or datetimes) into UTC-naive datetimes, in
    the convention `fmt` (else the one that reads most of a sample)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = _naive_utc(pd.Series(pd.to_datetime(series), index=series.index))
        count = int(values.notna().sum())
        return ParsedTimestamps(values, "date-time values", count, 0)
    text = trimmed_text(series)
    present = np.flatnonzero(np.asarray(text.is_valid()))
    if not len(present):
        empty = pd.Series(np.full(len(series), _NAT), index=series.index)
        return ParsedTimestamps(empty, "no values", 0, 0)
    if fmt is None:
        spread = np.unique(np.linspace(0, len(present) - 1, _SAMPLE, dtype=np.int64))
        name, parse = _choose(take_rows(text, present[spread]), text, present)
    else:
        name, parse = fmt.name, _Parse(fmt.patterns)
    stamps = parse(text, present)
    failed_at = present[np.isnat(stamps[present])]
    examples = tuple(dict.fromkeys(take_rows(text, failed_at[:50]).to_pylist()))[:3]
    return ParsedTimestamps(
        pd.Series(stamps, index=series.index),
        name,
        len(present) - len(failed_at),
        len(failed_at),
        tuple(str(example) for example in examples),
    )


def time_format(series: pd.Series) -> TimeFormat | None:
    """The convention that reads most of the column (None when it holds no text at all)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return None
    text = trimmed_text(series)
    present = np.flatnonzero(np.asarray(text.is_valid()))
    if not len(present):
        return None
    spread = np.unique(np.linspace(0, len(present) - 1, _SAMPLE, dtype=np.int64))
    name, parse = _choose(take_rows(text, present[spread]), text, present)
    return TimeFormat(name, parse.patterns)


def parse_times(series: pd.Series, fmt: TimeFormat | None = None) -> npt.NDArray[np.int64]:
    """Nanoseconds since the epoch (UTC) per row, `NAT` where empty or unreadable."""
    values = parse_timestamps(series, fmt).values.to_numpy(dtype="datetime64[us]")
    inside = (values >= np.datetime64("1678-01-01")) & (values < np.datetime64("2262-01-01"))
    return np.where(inside, values.astype("datetime64[ns]").view(np.int64), NAT)


def days(times: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The UTC day number (days since 1970-01-01) of each time given in nanoseconds."""
    return times // _NS_PER_DAY


def trimmed_text(series: pd.Series, rows: Rows | None = None) -> pa.ChunkedArray:
    """A column (or its `rows`, ascending) as Arrow text, surrounding spaces trimmed and
    blanks missing."""
    array = series.array
    if hasattr(array, "__arrow_array__") and pd.api.types.is_string_dtype(series.dtype):
        text = pa.chunked_array(array.__arrow_array__())
        if rows is not None:
            text = take_rows(text, rows)
    else:
        picked = series if rows is None else series.iloc[rows]
        strings = pa.array(picked.astype("str"), type=pa.string(), from_pandas=True)
        text = pa.chunked_array([strings])
    text = pc.utf8_trim_whitespace(text)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


class _Parse:
    """Parses a text column with one convention; instances are callables."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns

    def __call__(self, text: pa.ChunkedArray | pa.Array, rows: Rows) -> Stamps:
        """Datetimes for `rows` (ascending) of `text`, NaT elsewhere."""
        values = np.full(len(text), _NAT)
        remaining = rows
        for pattern in self.patterns:
            if not len(remaining):
                break
            if 2 * len(remaining) >= len(text):  # most rows: parse all, no copy to take them
                parsed = _parse_pattern(text, pattern)[remaining]
            else:
                parsed = _parse_pattern(take_rows(text, remaining), pattern)
            ok = ~np.isnat(parsed)
            values[remaining[ok]] = parsed[ok]
            remaining = remaining[~ok]
        return values


def _choose(
    sample: pa.Array | pa.ChunkedArray, text: pa.ChunkedArray | pa.Array, present: Rows
) -> tuple[str, _Parse]:
    """The convention that reads most of the sample (month- or day-first settled on all rows)."""
    everything = np.arange(len(sample))
    unit = _epoch_unit(sample)
    if unit is not None:
        name, scale = unit
        return f"epoch {name}", _Parse((f"{_EPOCH}:{scale}",))
    scores = [(_score(c, sample, everything), -i, c) for i, c in enumerate(CONVENTIONS)]
    best_score, _, best = max(scores)
    if best_score == 0:
        return "not recognised as dates", _Parse(())
    rival_name = _AMBIGUOUS.get(best.name)
    rival = next((c for c in CONVENTIONS if c.name == rival_name), None)
    if rival is not None and any(s == best_score and c is rival for s, _, c in scores):
        mine = int((~np.isnat(_Parse(best.patterns)(text, present))).sum())
        theirs = int((~np.isnat(_Parse(rival.patterns)(text, present))).sum())
        if theirs > mine:
            return rival.name, _Parse(rival.patterns)
        if theirs == mine:
            return best.name + ", assumed: no day above 12 to tell", _Parse(best.patterns)
    return best.name, _Parse(best.patterns)


def _score(convention: Convention, sample: pa.Array | pa.ChunkedArray, rows: Rows) -> int:
    """How many of the sample's values the convention reads: none without trying when no
    value holds a character every one of its patterns has outside its directives ("/" of
    03/01/2024), since strptime matches such a character only with itself."""
    needed = set.intersection(*(_literals(pattern) for pattern in convention.patterns))
    if any(not pc.any(pc.match_substring(sample, char)).as_py() for char in sorted(needed)):
        return 0
    return int((~np.isnat(_Parse(convention.patterns)(sample, rows))).sum())


def _literals(pattern: str) -> set[str]:
    """The characters of a strptime pattern outside its directives, white space aside (a
    pattern read another way, ISO 8601 or epoch numbers, has none)."""
    if pattern == ISO or pattern.startswith(_EPOCH):
        return set()
    plain = re.sub(r"%.", "", pattern)
    return {char for char in plain if not char.isspace()}


def _parse_pattern(text: pa.Array | pa.ChunkedArray, pattern: str) -> Stamps:
    if pattern == ISO:
        return parse_iso(text)
    if pattern.startswith(_EPOCH):
        return _epoch(text, int(pattern.split(":")[1]))
    stamps = pc.strptime(text, format=pattern, unit="us", error_is_null=True)
    return np.asarray(stamps.to_numpy(zero_copy_only=False), dtype="datetime64[us]")


def _epoch_unit(sample: pa.Array | pa.ChunkedArray) -> tuple[str, int] | None:
    """('seconds', scale) etc. when the sample is numbers of epoch magnitude, else None."""
    numbers = _numbers(sample)
    if numbers.null_count > len(sample) // 10:
        return None
    median = float(np.nanmedian(numbers.to_numpy(zero_copy_only=False)))
    for power, (name, scale) in enumerate(_EPOCH_UNITS):
        low, high = (edge * 1000**power for edge in _EPOCH_RANGE)
        if low <= median < high:
            return name, scale
    return None


def _epoch(text: pa.Array | pa.ChunkedArray, scale: int) -> Stamps:
    numbers = _numbers(text).to_numpy(zero_copy_only=False)
    micros = numbers * scale
    low, high = (edge * 1_000_000 for edge in _EPOCH_RANGE)
    micros[(micros < low) | (micros >= high)] = np.nan
    values = np.full(len(numbers), _NAT)
    ok = ~np.isnan(micros)
    values[ok] = micros[ok].astype("int64").astype("datetime64[us]")
    return values


def _numbers(text: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    numeric = pc.match_substring_regex(text, r"^[0-9]{1,19}(\.[0-9]+)?$")
    return pc.cast(pc.if_else(numeric, text, pa.scalar(None, pa.string())), pa.float64())


def _naive_utc(values: pd.Series) -> pd.Series:
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values.astype("datetime64[us]")
