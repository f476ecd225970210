"""From a log frame and its column mapping to per-row features the inference counts on.

Every feature is a numpy array with one entry per row (codes into small label tables, or
classes from `framework.vocab`); a feature is None when the log lacks the column for it.
Computing them costs a few vectorised passes over the frame; the frame itself is not copied.
A mapping that does not fit the frame raises `framework.columns.MappingError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from framework.columnar.coded import (
    MISSING,
    WORKERS,
    Coded,
    arrow_text,
    combine,
    encode,
    encode_arrow,
    relabel,
)
from framework.columnar.timestamps import TimeFormat, parse_times
from framework.columns.boundaries import ARROW, ARROW_OR_TO, UNKNOWN_SYSTEM
from framework.columns.group_by import MESSAGE_TEMPLATE, group_by_parts
from framework.columns.mapping import MappingError
from framework.inference import payload_shapes as payloads
from framework.inference import vocabulary as vocab
from framework.inference.cases import AFTER_SUCCESS, NOT_AFTER
from framework.inference.templates import message_templates
from framework.inference.values import action, mask_free_text, missing_as_empty
from framework.spec.model import Spec

BLANK_GROUP = "(blank)"
_ARROWS = re.compile(ARROW_OR_TO)
Missing = Callable[[pa.Array], pa.Array]


@dataclass(frozen=True)
class Features:
    """What the inference needs from each row. None: the log has no column for it."""

    rows: int
    group: Coded
    mapped: frozenset[str]
    boundary: Coded | None = None
    shape: Coded | None = None
    handler: Coded | None = None
    resolution: Coded | None = None
    retried: npt.NDArray[np.bool_] | None = None
    retry: vocab.Classes | None = None
    handoff: vocab.Classes | None = None
    cause: vocab.Classes | None = None
    time: npt.NDArray[np.int64] | None = field(default=None, repr=False)
    """Nanoseconds since the epoch per row (`framework.timestamps.NAT` where unknown)."""
    handoff_source: str = "status"
    """Where `handoff` comes from: a handoff status column ("status"), or for the cases of
    an event log whether each fired after a success ("cases")."""


Texts = Mapping[str, pa.ChunkedArray]


def extract(
    frame: pd.DataFrame,
    mapping: Mapping[str, str | None],
    spec: Spec,
    group_by: str,
    time_fmt: TimeFormat | None = None,
) -> Features:
    """Per-row features of `frame` under `mapping` ({field id: column name or None}).

    The columns are taken from the frame first (as Arrow text, without copying); the
    heavier ones (payload, timestamps, messages) are then read in worker threads: the work
    is in pyarrow and numpy kernels, which release the GIL. `time_fmt` is the timestamp
    convention to read with (batches of one log share the one found on its head).
    """
    columns = _columns(frame, mapping)
    texts = {key: arrow_text(frame[name]) for key, name in columns.items() if key != "timestamp"}
    stamps = frame[columns["timestamp"]] if "timestamp" in columns else None
    words = spec.vocabulary

    def missing(names: pa.Array) -> pa.Array:
        return missing_as_empty(names, words["missing"])

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        shape = pool.submit(_shapes, texts, missing)
        times = pool.submit(lambda: None if stamps is None else parse_times(stamps, time_fmt))
        free = {key: pool.submit(_text, texts, key, missing) for key in ("root_cause", "message")}
        boundary = _boundary(texts, len(frame), missing)
        retry = outcome(texts, "retry_outcome", spec, missing)
        features = Features(
            rows=len(frame),
            group=_group(texts, group_by, boundary, missing),
            mapped=frozenset(columns) | ({"boundary"} if boundary is not None else set()),
            boundary=boundary,
            handler=_plain(texts, "handler", missing, fold_case=True),
            resolution=_resolutions(texts, missing),
            retry=retry,
        )
        handoff, source = _handoff(texts, spec, missing)
        message = free["message"].result()
        features = replace(
            features,
            handoff=handoff,
            handoff_source=source,
            retried=_retried(texts, retry, message, spec, missing),
            cause=_causes(free["root_cause"].result(), message, spec),
        )
        return replace(features, shape=shape.result(), time=times.result())


def _columns(frame: pd.DataFrame, mapping: Mapping[str, str | None]) -> dict[str, str]:
    columns = {key: col for key, col in mapping.items() if col is not None}
    absent = sorted({col for col in columns.values() if col not in frame.columns})
    if absent:
        raise MappingError(f"the log has no column named {', '.join(map(repr, absent))}")
    return columns


def group_codes(
    frame: pd.DataFrame, mapping: Mapping[str, str | None], spec: Spec, group_by: str
) -> Coded:
    """The group of every row, as `extract` finds it (a blank value is its own group)."""
    columns = _columns(frame, mapping)
    texts = {key: arrow_text(frame[name]) for key, name in columns.items() if key != "timestamp"}

    def missing(names: pa.Array) -> pa.Array:
        return missing_as_empty(names, spec.vocabulary["missing"])

    parts = group_by_parts(group_by)
    boundary = _boundary(texts, len(frame), missing) if "boundary" in parts else None
    return _group(texts, group_by, boundary, missing)


def _plain(
    texts: Texts, field_id: str, missing: Missing, *, fold_case: bool = False
) -> Coded | None:
    """A column of codes or names, kept as they are but for spacing (and case with
    `fold_case`); a placeholder ("n/a", "-" …) is missing."""
    if field_id not in texts:
        return None
    return encode(texts[field_id], fold_case=fold_case, rename=missing)


def _text(texts: Texts, field_id: str, missing: Missing) -> vocab.FoldedText | None:
    """A free-text column: digits read as 0, case folded, spacing tidied, and folded for
    the vocabulary (a million messages that differ only by their ids are a few hundred
    distinct texts to search)."""
    if field_id not in texts:
        return None
    codes, labels = encode_arrow(texts[field_id], fold_case=True, digits=True, rename=missing)
    return vocab.FoldedText(codes, vocab.fold(labels))


def _shapes(texts: Texts, missing: Missing) -> Coded | None:
    if "payload" not in texts:
        return None
    return payloads.shape_codes(texts["payload"], missing)


def _group(texts: Texts, group_by: str, boundary: Coded | None, missing: Missing) -> Coded:
    """Every row's group: one field's value, a message template, or several joined with " · "
    (a row missing them all is the blank group)."""
    parts = [_group_part(texts, part, boundary, missing) for part in group_by_parts(group_by)]
    coded = parts[0]
    for part in parts[1:]:
        coded = combine(coded, part, lambda a, b: f"{a or BLANK_GROUP} · {b or BLANK_GROUP}")
    if not (coded.codes == MISSING).any():
        return coded
    codes = np.where(coded.codes == MISSING, np.int32(coded.size), coded.codes)
    return Coded(codes.astype(np.int32), (*coded.labels, BLANK_GROUP))


def _group_part(texts: Texts, field: str, boundary: Coded | None, missing: Missing) -> Coded:
    if field == "boundary" and boundary is not None:
        return boundary
    if field == MESSAGE_TEMPLATE and "message" in texts:
        return message_templates(texts["message"], missing)
    if field in texts:
        return encode(texts[field], rename=missing)
    needed = "message" if field == MESSAGE_TEMPLATE else field
    raise MappingError(f"no column is mapped to '{needed}': map one or group by another field")


def _boundary(texts: Texts, rows: int, missing: Missing) -> Coded | None:
    """ "source → target" per row, from the two system columns or else a boundary column
    (the same precedence and arrows as `columns.boundary_series`)."""
    source = _plain(texts, "source_system", missing)
    target = _plain(texts, "target_system", missing)
    if source is None and target is None:
        if "boundary" not in texts:
            return None
        coded = encode(texts["boundary"], rename=missing)
        return relabel(coded, lambda label: _ARROWS.sub(ARROW, label, count=1))
    empty = Coded(np.full(rows, MISSING, dtype=np.int32), ())
    return combine(
        source or empty,
        target or empty,
        lambda a, b: f"{a or UNKNOWN_SYSTEM}{ARROW}{b or UNKNOWN_SYSTEM}",
    )


def _resolutions(texts: Texts, missing: Missing) -> Coded | None:
    """Resolutions as actions: a closure code stays itself ("code 6" is not "code 7"); free
    text loses its ids, quotes and references ("Re-sent order (see ticket HD-1)")."""
    if "resolution" not in texts:
        return None
    coded = encode(texts["resolution"], fold_case=True, rename=lambda n: mask_free_text(missing(n)))
    return relabel(coded, action)


def outcome(texts: Texts, field_id: str, spec: Spec, missing: Missing) -> vocab.Classes | None:
    """Success/failure/unknown per row for an outcome column (retry outcome, handoff)."""
    coded = _plain(texts, field_id, missing, fold_case=True)
    return None if coded is None else vocab.outcome_classes(coded, spec.vocabulary)


def _handoff(texts: Texts, spec: Spec, missing: Missing) -> tuple[vocab.Classes | None, str]:
    """The handoff's outcome per row and where it comes from: the handoff status column, or
    for the cases of an event log without one, whether each fired after a success."""
    status = outcome(texts, "handoff_status", spec, missing)
    if status is not None or "after_success" not in texts:
        return status, "status"
    coded = encode(texts["after_success"], rename=missing)
    said = np.array([label in AFTER_SUCCESS for label in coded.labels], dtype=bool)
    classes = np.where(said, vocab.POSITIVE, vocab.UNKNOWN).astype(np.int8)
    classes[[label == NOT_AFTER for label in coded.labels]] = vocab.NEGATIVE
    return vocab.row_classes(coded, classes), "cases"


def _retried(
    texts: Texts,
    retry: vocab.Classes | None,
    message: vocab.FoldedText | None,
    spec: Spec,
    missing: Missing,
) -> npt.NDArray[np.bool_] | None:
    """Rows whose handoff was sent again as it was: a retry count above zero or a recorded
    retry outcome — unless the resolution or message says a person corrected the data and
    resubmitted it, which is no retry of the same handoff. `message`: as `_text` reads it."""
    retried: npt.NDArray[np.bool_] | None = None if retry is None else retry != vocab.UNKNOWN
    coded = _plain(texts, "retry_count", missing)
    if coded is not None:
        counts = np.array([_number(label) for label in coded.labels] + [0.0])
        positive = counts[coded.codes] > 0
        retried = positive if retried is None else retried | positive
    if retried is None:
        return None
    words = spec.vocabulary
    resolution = _plain(texts, "resolution", missing, fold_case=True)
    for text in (resolution, message):
        if text is not None:
            fixed = vocab.mentions_all(text, (words["correction"], words["resubmit"]))
            retried = retried & ~fixed
    return retried


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return 0.0


def _causes(
    root_cause: vocab.FoldedText | None, message: vocab.FoldedText | None, spec: Spec
) -> vocab.Classes | None:
    """Integration (1) / process (0) per row: the root-cause column first, the message
    otherwise (both as `_text` reads them)."""
    found = [
        vocab.cause_classes(text, spec.vocabulary)
        for text in (root_cause, message)
        if text is not None
    ]
    if not found:
        return None
    causes = found[0]
    for fallback in found[1:]:
        causes = np.where(causes == vocab.UNKNOWN, fallback, causes).astype(np.int8)
    return causes
