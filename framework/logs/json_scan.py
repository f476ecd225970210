"""A look at JSON text before any parser does: how deep it nests, how long its numbers are.

    scan = scan_json(data, "queue.jsonl")   # LogError past MAX_JSON_DEPTH / MAX_NUMBER_DIGITS
    scan.exact_in_arrow                     # False when a number has more digits than a double

pyarrow's JSON reader crashes the process on nesting a few thousand deep and reads a
25-digit integer as a rounded double; Python's `json` raises on 1,000 levels and on numbers
past 4,300 digits. So the text is checked first, vectorised with numpy a few MB at a time:
strings are masked out (quotes not escaped by an odd run of backslashes open and close
them), brackets outside strings give the depth, digit runs outside strings the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from framework.logs.limits import MAX_JSON_DEPTH, MAX_NUMBER_DIGITS
from framework.logs.table import LogError

_CHUNK = 16 * 1024**2
_EXACT_DIGITS = 15  # a double holds any integer of up to 15 digits exactly
_SHAPE = "Export the log as flat records (one object per exception), or as CSV"
_QUOTE, _BACKSLASH, _OPEN, _CLOSE = 1, 2, 3, 4
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class JsonScan:
    """What the look found: whether pyarrow would read every number exactly."""

    exact_in_arrow: bool


@dataclass
class _State:
    """What carries from one chunk to the next."""

    in_string: bool = False
    backslashes: int = 0  # the run of backslashes the previous chunk ended with
    depth: int = 0


def scan_json(data: bytes | memoryview, filename: str) -> JsonScan:
    """Refuse JSON nested past `MAX_JSON_DEPTH` or with a number longer than
    `MAX_NUMBER_DIGITS` digits (`LogError` at its line and column); else say whether
    pyarrow can read its numbers exactly."""
    view = np.frombuffer(data, dtype=np.uint8)
    state = _State()
    long_numbers = False
    for start in range(0, len(view), _CHUNK):
        chunk = view[start : start + _CHUNK + MAX_NUMBER_DIGITS + 1]  # runs across the edge
        body = chunk[:_CHUNK]
        folded = body | 0x20  # '[' and '{', ']' and '}' differ by that bit alone
        opens, closes = folded == ord("{"), folded == ord("}")
        special = opens | closes | (body == ord('"')) | (body == ord("\\"))
        places = np.flatnonzero(special)
        kinds = np.where(opens[places], _OPEN, np.where(closes[places], _CLOSE, 0))
        kinds = np.where(body[places] == ord('"'), _QUOTE, kinds)
        kinds = np.where(body[places] == ord("\\"), _BACKSLASH, kinds).astype(np.uint8)
        initial = int(state.in_string)
        quotes, parity = _quotes(places, kinds, len(body), state)
        deepest = _deepest(places, kinds, parity, state)
        if deepest is not None:
            raise _too_deep(data, start + deepest, filename)
        at, length = _long_digit_runs(chunk, len(body))
        if len(at):
            before = np.searchsorted(places[quotes], at)  # string quotes before each run
            outside = ((before + initial) & 1) == 0
            long_numbers = long_numbers or bool(outside.any())
            over = np.flatnonzero(outside & (length > MAX_NUMBER_DIGITS))
            if len(over):
                first = int(over[0])
                raise _too_long(data, start + int(at[first]), int(length[first]), filename)
    return JsonScan(exact_in_arrow=not long_numbers)


def _long_digit_runs(chunk: npt.NDArray[np.uint8], size: int) -> tuple[Ints, Ints]:
    """(offset, length) of each run of more than 15 digits starting in `chunk[:size]`
    (a run's length is capped where the chunk's overlap ends)."""
    digits = (chunk - ord("0")) < 10
    run = digits
    for step in (1, 2, 4, 8):  # run[i]: the 2·step bytes from i are all digits
        run = run[:-step] & run[step:]
    if not run.any():
        return np.empty(0, np.int64), np.empty(0, np.int64)
    starts = np.flatnonzero(run)
    starts = starts[(starts < size) & ((starts == 0) | ~digits[np.maximum(starts - 1, 0)])]
    ends = np.flatnonzero(digits[:-1] & ~digits[1:]) + 1
    stops = ends[np.minimum(np.searchsorted(ends, starts), len(ends) - 1)] if len(ends) else starts
    stops = np.where(stops > starts, stops, len(chunk))
    return starts.astype(np.int64), (stops - starts).astype(np.int64)


def _quotes(
    places: Ints, kinds: npt.NDArray[np.uint8], size: int, state: _State
) -> tuple[npt.NDArray[np.bool_], Ints]:
    """Which of the chunk's special bytes are string quotes (not escaped), and per special
    byte the count of string quotes up to it, odd inside a string (the state carried in)."""
    quotes = kinds == _QUOTE
    backslashes = kinds == _BACKSLASH
    if len(places) and (backslashes.any() or state.backslashes):
        runs = _backslashes_before(places, backslashes, state)
        quotes &= (runs & 1) == 0
        last_run = runs[-1] + 1 if backslashes[-1] else 0
        state.backslashes = int(last_run) if places[-1] == size - 1 else 0
    else:
        state.backslashes = 0
    parity = np.cumsum(quotes, dtype=np.int64) + int(state.in_string)
    if len(parity):
        state.in_string = bool(parity[-1] & 1)
    return quotes, parity


def _backslashes_before(places: Ints, backslashes: npt.NDArray[np.bool_], state: _State) -> Ints:
    """For each special byte, the number of backslashes right before it in the text."""
    index = np.arange(len(places), dtype=np.int64)
    follows = np.zeros(len(places), dtype=bool)  # the byte right before is a backslash
    follows[1:] = backslashes[:-1] & (np.diff(places) == 1)
    reset = np.maximum.accumulate(np.where(follows, 0, index))  # where the count restarts
    carried = state.backslashes if places[0] == 0 else 0  # the last chunk's trailing run
    return index - reset + np.where(reset == 0, carried, 0)


def _deepest(places: Ints, kinds: npt.NDArray[np.uint8], parity: Ints, state: _State) -> int | None:
    """The offset in the chunk where the nesting first passes the limit, or None."""
    outside = (parity & 1) == 0
    step = np.where(outside & (kinds == _OPEN), 1, 0) - np.where(outside & (kinds == _CLOSE), 1, 0)
    if not step.any():
        return None
    depth = np.cumsum(step, dtype=np.int64) + state.depth
    state.depth = int(depth[-1])
    over = np.flatnonzero(depth > MAX_JSON_DEPTH)
    return int(places[over[0]]) if len(over) else None


def _too_deep(data: bytes | memoryview, offset: int, filename: str) -> LogError:
    line, column = _place(data, offset)
    return LogError(
        filename,
        f"the JSON nests more than {MAX_JSON_DEPTH} levels deep, which no log record does",
        _SHAPE,
        line=line,
        column=column,
    )


def _too_long(data: bytes | memoryview, offset: int, digits: int, filename: str) -> LogError:
    line, column = _place(data, offset)
    return LogError(
        filename,
        f"a number of {digits:,} digits is more than the {MAX_NUMBER_DIGITS} a log value may have",
        'Put long ids in quotes ("…") so they are text, or fix the value',
        line=line,
        column=column,
    )


def _place(data: bytes | memoryview, offset: int) -> tuple[int, int]:
    """The 1-based line and character column of a byte offset."""
    raw = bytes(data) if isinstance(data, memoryview) else data
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column
