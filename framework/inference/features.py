"""From a log frame and its column mapping to per-row features the inference counts on.

Every feature is a numpy array with one entry per row (codes into small label tables, or
classes from `framework.vocab`); a feature is None when the log lacks the column for it.
Computing them costs a few vectorised passes over the frame; the frame itself is not copied.
A mapping that does not fit the frame raises `framework.columns.MappingError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
    relabel,
)
from framework.columnar.timestamps import TimeFormat, parse_times
from framework.columns.boundaries import ARROW, ARROW_OR_TO, UNKNOWN_SYSTEM
from framework.columns.mapping import MappingError
from framework.inference import payload_shapes as payloads
from framework.inference import vocabulary as vocab
from framework.spec.model import Spec

BLANK_GROUP = "(blank)"
_ASIDE = re.compile(r"\s*[(\[][^()\[\]]*<(?:id|n|email)>[^()\[\]]*[)\]]")
_ARROWS = re.compile(ARROW_OR_TO)


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
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        shape = pool.submit(_shapes, texts)
        times = pool.submit(lambda: None if stamps is None else parse_times(stamps, time_fmt))
        causes = pool.submit(_causes, texts, spec)
        boundary = _boundary(texts, len(frame))
        retry = outcome(texts, "retry_outcome", spec)
        features = Features(
            rows=len(frame),
            group=_group(texts, group_by, boundary),
            mapped=frozenset(columns) | ({"boundary"} if boundary is not None else set()),
            boundary=boundary,
            handler=_plain(texts, "handler", fold_case=True),
            resolution=_resolutions(texts),
            retried=_retried(texts, retry),
            retry=retry,
            handoff=outcome(texts, "handoff_status", spec),
        )
        return replace(features, shape=shape.result(), time=times.result(), cause=causes.result())


def _columns(frame: pd.DataFrame, mapping: Mapping[str, str | None]) -> dict[str, str]:
    columns = {key: col for key, col in mapping.items() if col is not None}
    absent = sorted({col for col in columns.values() if col not in frame.columns})
    if absent:
        raise MappingError(f"the log has no column named {', '.join(map(repr, absent))}")
    return columns


def group_codes(frame: pd.DataFrame, mapping: Mapping[str, str | None], group_by: str) -> Coded:
    """The group of every row, as `extract` finds it (a blank value is its own group)."""
    columns = _columns(frame, mapping)
    texts = {key: arrow_text(frame[name]) for key, name in columns.items() if key != "timestamp"}
    boundary = _boundary(texts, len(frame)) if group_by == "boundary" else None
    return _group(texts, group_by, boundary)


def _plain(texts: Texts, field_id: str, *, fold_case: bool = False) -> Coded | None:
    return encode(texts[field_id], fold_case=fold_case) if field_id in texts else None


def _text(texts: Texts, field_id: str) -> Coded | None:
    """A free-text column: digits read as 0, case folded, spacing tidied."""
    if field_id not in texts:
        return None
    return encode(texts[field_id], fold_case=True, digits=True)


def _shapes(texts: Texts) -> Coded | None:
    return payloads.shape_codes(texts["payload"]) if "payload" in texts else None


def _group(texts: Texts, group_by: str, boundary: Coded | None) -> Coded:
    if group_by == "boundary" and boundary is not None:
        coded = boundary
    elif group_by in texts:
        coded = encode(texts[group_by])
    else:
        raise MappingError(
            f"no column is mapped to '{group_by}': map one or group by another field"
        )
    if not (coded.codes == MISSING).any():
        return coded
    codes = np.where(coded.codes == MISSING, np.int32(coded.size), coded.codes)
    return Coded(codes.astype(np.int32), (*coded.labels, BLANK_GROUP))


def _boundary(texts: Texts, rows: int) -> Coded | None:
    """ "source → target" per row, from the two system columns or else a boundary column
    (the same precedence and arrows as `columns.boundary_series`)."""
    source, target = _plain(texts, "source_system"), _plain(texts, "target_system")
    if source is None and target is None:
        if "boundary" not in texts:
            return None
        coded = encode(texts["boundary"])
        return relabel(coded, lambda label: _ARROWS.sub(ARROW, label, count=1))
    empty = Coded(np.full(rows, MISSING, dtype=np.int32), ())
    return combine(
        source or empty,
        target or empty,
        lambda a, b: f"{a or UNKNOWN_SYSTEM}{ARROW}{b or UNKNOWN_SYSTEM}",
    )


def _resolutions(texts: Texts) -> Coded | None:
    """Resolutions as action classes: ids, numbers and quotes masked, references dropped."""
    coded = _text(texts, "resolution")
    return None if coded is None else relabel(coded, action)


def action(resolution: str) -> str:
    """The action a resolution names: "Re-sent order (see ticket HD-123)" -> "re-sent order"."""
    masked = _ASIDE.sub("", payloads.mask_text(resolution))
    return " ".join(masked.split()).strip(" .,;:-").lower()


def outcome(texts: Texts, field_id: str, spec: Spec) -> vocab.Classes | None:
    """Success/failure/unknown per row for an outcome column (retry outcome, handoff)."""
    coded = _plain(texts, field_id, fold_case=True)
    return None if coded is None else vocab.outcome_classes(coded, spec.vocabulary)


def _retried(texts: Texts, retry: vocab.Classes | None) -> npt.NDArray[np.bool_] | None:
    """Rows that were retried: a retry count above zero, or a recorded retry outcome."""
    retried = None if retry is None else retry != vocab.UNKNOWN
    coded = _plain(texts, "retry_count")
    if coded is not None:
        counts = np.array([_number(label) for label in coded.labels] + [0.0])
        positive = counts[coded.codes] > 0
        retried = positive if retried is None else retried | positive
    return retried


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return 0.0


def _causes(texts: Texts, spec: Spec) -> vocab.Classes | None:
    """Schema (1) / rule (0) per row: the root-cause column first, the message otherwise."""
    found = [
        vocab.cause_classes(coded, spec.vocabulary)
        for coded in (_text(texts, "root_cause"), _text(texts, "message"))
        if coded is not None
    ]
    if not found:
        return None
    causes = found[0]
    for fallback in found[1:]:
        causes = np.where(causes == vocab.UNKNOWN, fallback, causes).astype(np.int8)
    return causes
