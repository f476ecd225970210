"""What a column's values look like, read off an evenly spread sample of them.

A `Profile` holds shares (0…1) of the sampled values that look like timestamps, payloads
(JSON, XML, key=value lists), 'source → target' pairs, ids, codes, free text, small whole
numbers or outcome words. `fit(field, profile)` says how well a column's values suit a field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.timestamps import parse_timestamps, trimmed_text
from framework.columns.boundaries import ARROWS

SAMPLE = 1000
_SIDE = r"[^<>→⇒➔➜⟶»\s][^<>→⇒➔➜⟶»]{0,40}?"
_PATTERNS = {
    "structured": r"(?s)^\s*(?:\{.*\}|\[.*\]|<.+>)\s*$"
    r"|^\s*[\w.-]+\s*[=:]\s*[^;,&|]*(?:[;,&|]\s*[\w.-]+\s*[=:]\s*[^;,&|]*)+$",
    "boundary": rf"^\s*{_SIDE}\s*(?:{ARROWS})\s*{_SIDE}\s*$",
    "small_int": r"^\s*[0-9]{1,2}\s*$",
    "long_text": r"^\s*\S+(?:\s+\S+){3,}\s*$",
    "code": r"^(?:[A-Z0-9]{2,}(?:[_.:-][A-Z0-9]+)*|[a-z0-9]+(?:[_.:-][a-z0-9]+)+)$",
    "code_mark": r"[_.:0-9-]",
    "id": r"^[A-Za-z#]{0,8}[-_#:/]?[0-9]{3,}[A-Za-z0-9_-]*$"
    r"|^[A-Za-z]{0,8}[-_]?[0-9a-f]{8,}$"  # evt_8ab75119773a
    r"|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
}
# Which kinds a column is unmistakably, and the share of values that makes it so.
STRONG = {"timestamp": 0.9, "structured": 0.8, "boundary": 0.8}
KIND_OF_FIELD = {"timestamp": "timestamp", "payload": "structured", "boundary": "boundary"}


@dataclass(frozen=True)
class Profile:
    """Shares of a column's sampled values of each kind, and how varied they are."""

    values: int
    distinct: float
    shares: Mapping[str, float]

    def share(self, kind: str) -> float:
        return self.shares.get(kind, 0.0)

    def strong_kind(self) -> str | None:
        """The kind (timestamp, structured, boundary) the values clearly are, if any."""
        for kind, at in STRONG.items():
            if self.values and self.share(kind) >= at:
                return kind
        return None


def profile(column: pd.Series, outcome_words: Sequence[str] = ()) -> Profile:
    """Profile up to 1,000 non-empty values spread evenly over the column."""
    sample = _sample(column)
    if not len(sample):
        return Profile(0, 0.0, {})
    count = len(sample)
    shares = {
        kind: pc.sum(pc.match_substring_regex(sample, pattern)).as_py() / count
        for kind, pattern in _PATTERNS.items()
    }
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(sample))
    words = pa.array(sorted({word.lower() for word in outcome_words}), type=pa.string())
    shares["outcome"] = pc.sum(pc.is_in(lowered, value_set=words)).as_py() / count
    shares["timestamp"] = _timestamp_share(sample)
    distinct = len(pc.unique(lowered)) / count
    return Profile(count, distinct, shares)


def fit(field: str, profile: Profile) -> float:
    """How well values with `profile` suit `field` (0 when the values say nothing about it)."""
    if not profile.values:
        return 0.0
    share = profile.share
    if field == "timestamp":
        return share("timestamp")
    if field == "payload":
        return share("structured")
    if field == "boundary":
        return share("boundary")
    if field == "exception_id":
        return share("id") if profile.distinct >= 0.95 else 0.0
    if field == "error_code":
        few = profile.distinct <= 0.2 or profile.values * profile.distinct <= 50
        return min(share("code"), share("code_mark")) if few else 0.0
    if field == "message":
        return share("long_text") * (1.0 - share("structured")) if profile.distinct >= 0.2 else 0.0
    if field == "retry_count":
        return share("small_int")
    if field in ("retry_outcome", "handoff_status"):
        return share("outcome")
    return 0.0


def contradicts(field: str, profile: Profile) -> bool:
    """True when the values rule the field out: they are plainly another kind, or not the
    timestamps or small counts the field needs."""
    strong = profile.strong_kind()
    if strong is not None and KIND_OF_FIELD.get(field) != strong:
        return True
    if field == "timestamp":
        return profile.values > 0 and profile.share("timestamp") < 0.5
    if field == "retry_count":
        return profile.values > 0 and profile.share("small_int") < 0.8
    return False


def _sample(column: pd.Series) -> pa.Array:
    positions = np.unique(np.linspace(0, max(len(column) - 1, 0), SAMPLE * 2, dtype=np.int64))
    text = trimmed_text(column, positions if len(column) else None).combine_chunks()
    text = pc.filter(text, pc.is_valid(text))
    if len(text) <= SAMPLE:
        return text
    return text.take(pa.array(np.linspace(0, len(text) - 1, SAMPLE, dtype=np.int64)))


def _timestamp_share(sample: pa.Array) -> float:
    looks_dated = pc.match_substring_regex(sample, r"[0-9]{2}.*[0-9]")
    if pc.sum(looks_dated).as_py() < len(sample) / 2:
        return 0.0
    return 1.0 - parse_timestamps(pd.Series(sample.to_pandas(), dtype="str")).failed_share
