"""What a column's values look like, read off an evenly spread sample of them.

A `Profile` holds shares (0…1) of the sampled values that look like timestamps, payloads
(JSON, XML, key=value lists), 'source → target' pairs, ids, codes, dates, numbers, free
text, people (names, e-mail addresses, user ids such as "luca.ferri", system accounts) or
a field's own value words ("delivered", "fehlgeschlagen"); placeholders such as "?" or
"n/a" are left out of the sample.

    words = ValueWords.of(spec)
    found = profile(frame["Owner"], words)
    agreement("handler", found)     # 1.0: people's names; None: the values say nothing
    ruled_out("source_system", found)  # "the values are people's names"
    value_fit("handler", found)     # how well the values alone make the column a handler
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.timestamps import parse_timestamps, trimmed_text
from framework.columns.boundaries import ARROWS
from framework.spec.model import Spec

SAMPLE = 1000
_SIDE = r"[^<>→⇒➔➜⟶»\s][^<>→⇒➔➜⟶»]{0,40}?"
_NAME = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_PATTERNS = {
    "structured": r"(?s)^\s*(?:\{.*\}|\[.*\]|<.+>)\s*$"
    r"|^\s*[\w.-]+\s*[=:]\s*[^;,&|]*(?:[;,&|]\s*[\w.-]+\s*[=:]\s*[^;,&|]*)+$",
    "boundary": rf"^\s*{_SIDE}\s*(?:{ARROWS})\s*{_SIDE}\s*$",
    "boundary_to": r"^\S[^→>]{0,40}?\s+to\s+\S[^→>]{0,40}$",
    "small_int": r"^\s*[0-9]{1,2}\s*$",
    "number": r"^\s*[-+]?[0-9]+(?:[.,][0-9]+)?\s*$",
    "date": r"^\s*[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}(?:[ T].*)?$",
    "long_text": r"^\s*\S+(?:\s+\S+){3,}\s*$",
    "short_text": r"^[^\n]*\pL[^\n]*\s[^\n]*$",
    "code": r"^(?:[A-Z0-9]{2,}(?:[_.:-][A-Z0-9]+)*|[a-z0-9]+(?:[_.:-][a-z0-9]+)+)$",
    "code_mark": r"[_.:0-9-]",
    "id": r"^[A-Za-z#]{0,8}[-_#:/]?[0-9]{3,}[A-Za-z0-9_-]*$"
    r"|^[A-Za-z]{0,8}[-_]?[0-9a-f]{8,}$"  # evt_8ab75119773a
    r"|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    "person": r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"  # jane.doe@example.com
    rf"|^{_NAME}(?: [A-Z]\.?)?(?: {_NAME}){{1,2}}$"  # Jane Doe, Jane M. Doe
    rf"|^{_NAME}, {_NAME}$"  # Doe, Jane
    r"|^[a-z]{2,}\.[a-z]{2,}[0-9]{0,3}$"  # jane.doe
    r"|^[A-Za-z][A-Za-z0-9-]*\\[A-Za-z][A-Za-z0-9._-]+$"  # CORP\jdoe
    r"|^@[A-Za-z][A-Za-z0-9_.-]+$",  # @jdoe
}
# Which kinds a column is unmistakably, and the share of values that makes it so.
STRONG = {"timestamp": 0.9, "structured": 0.8, "boundary": 0.8}
KIND_OF_FIELD = {"timestamp": "timestamp", "payload": "structured", "boundary": "boundary"}
KIND_WORDS = {
    "timestamp": "timestamps",
    "structured": "JSON, XML or key=value payloads",
    "boundary": "'source → target' pairs",
}
PEOPLE_AT = 0.6
"""A column whose values are at least this share people (names, e-mail addresses, user
ids, system accounts) holds people: it is the handler or nothing."""
NEVER_PEOPLE = ("source_system", "target_system", "boundary", "exception_id", "case_id")
"""Fields people never are, whatever the header says; a header that names another field
exactly is believed over names-like values ("Order Management" looks like a name)."""
GROUP_KEYS = ("error_code", "activity", "source_system", "target_system", "boundary")
"""Fields that can make the groups: never dates, and (error code, activity) never constant."""
WEAKLY = 0.65
"""The agreement of a few repeating values with a field that any such column could be (a
state, a system, a category): some support, not confirmation."""
_NEVER_CONSTANT = ("error_code", "activity", "exception_id", "case_id")
_BOOLEANS = frozenset({"true", "false", "yes", "no", "y", "n", "0", "1"})


@dataclass(frozen=True)
class ValueWords:
    """The words values are read with: outcomes, placeholders, system accounts, and each
    field's own value words (`columns: <field>: values:` in questions.yaml)."""

    outcome: frozenset[str] = frozenset()
    missing: frozenset[str] = frozenset()
    accounts: frozenset[str] = frozenset()
    fields: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: Spec) -> ValueWords:
        vocabulary = spec.vocabulary

        def words(*keys: str) -> frozenset[str]:
            return frozenset(_plain(word) for key in keys for word in vocabulary.get(key, ()))

        return cls(
            outcome=words("success", "failure"),
            missing=words("missing"),
            accounts=words("system_account"),
            fields={
                column.id: frozenset(map(_plain, column.values))
                for column in spec.columns
                if column.values
            },
        )


@dataclass(frozen=True)
class Profile:
    """Shares of a column's sampled values of each kind, how varied they are (`distinct`:
    distinct values per value; `different`: how many distinct values) and a few of them."""

    values: int
    distinct: float
    shares: Mapping[str, float]
    different: int = 0
    examples: tuple[str, ...] = ()
    filled: float = 1.0
    """The share of the sampled rows that hold a value (not empty, not a placeholder)."""

    def share(self, kind: str) -> float:
        return self.shares.get(kind, 0.0)

    def strong_kind(self) -> str | None:
        """The kind (timestamp, structured, boundary) the values clearly are, if any."""
        for kind, at in STRONG.items():
            if self.values and self.share(kind) >= at:
                return kind
        return None

    @property
    def constant(self) -> bool:
        return self.values >= 2 and self.different == 1

    @property
    def few(self) -> bool:
        """Few distinct values, as a code, a system or a state has."""
        return self.different >= 1 and (self.distinct <= 0.2 or self.different <= 50)

    @property
    def people(self) -> bool:
        return self.values > 0 and self.share("person") >= PEOPLE_AT


def profile(column: pd.Series, words: ValueWords | None = None) -> Profile:
    """Profile up to 1,000 non-empty values spread evenly over the column (placeholders
    such as "?" or "n/a" left out)."""
    words = words or ValueWords()
    sample, rows = _sample(column)
    plain = _plain_array(sample)
    if words.missing:
        kept = pc.invert(pc.is_in(plain, value_set=_set(words.missing)))
        sample, plain = sample.filter(kept), plain.filter(kept)
    count = len(sample)
    if not count:
        return Profile(0, 0.0, {})
    shares = {
        kind: _share(pc.match_substring_regex(sample, pattern), count)
        for kind, pattern in _PATTERNS.items()
    }
    accounts = pc.is_in(plain, value_set=_set(words.accounts))
    shares["person"] = _share(
        pc.or_(pc.match_substring_regex(sample, _PATTERNS["person"]), accounts), count
    )
    shares["outcome"] = _share(pc.is_in(plain, value_set=_set(words.outcome)), count)
    not_boolean = pc.invert(pc.is_in(plain, value_set=_set(_BOOLEANS)))
    for field_id, listed in words.fields.items():
        hits = pc.and_(pc.is_in(plain, value_set=_set(listed)), not_boolean)
        shares[f"values:{field_id}"] = _share(hits, count)
    short_numbers = shares["number"] == 1.0 and pc.max(pc.utf8_length(sample)).as_py() < 9
    shares["timestamp"] = 0.0 if short_numbers else _timestamp_share(sample)  # no epoch
    unique = pc.unique(plain)
    examples = tuple(str(value) for value in pc.unique(sample)[:3].to_pylist())
    return Profile(count, len(unique) / count, shares, len(unique), examples, count / rows)


def ruled_out(field_id: str, found: Profile, *, named: bool = False) -> str | None:
    """Why the values make `field_id` impossible (None: they do not): another unmistakable
    kind, people for anything but the handler (for a header `named` exactly after the
    field: for a system or an id), dates for a group key, one value on every row for an
    error code, activity or id."""
    if not found.values:
        return None
    strong = found.strong_kind()
    if strong is not None and KIND_OF_FIELD.get(field_id) != strong:
        return f"its values are {KIND_WORDS[strong]}"
    if found.people and field_id != "handler" and (field_id in NEVER_PEOPLE or not named):
        return "its values are people or accounts"
    if field_id in GROUP_KEYS and found.share("date") >= 0.5:
        return "its values are dates"
    if field_id in _NEVER_CONSTANT and found.constant:
        return f"every row holds the same value ('{found.examples[0]}')"
    return None


def agreement(field_id: str, found: Profile) -> float | None:
    """How far the values bear `field_id` out: 1 they look like it, 0 they do not; None
    when values of this field can look like anything (or there are none)."""
    if not found.values:
        return None
    share = found.share
    if field_id in ("timestamp", "payload", "retry_count"):
        kind = {"timestamp": "timestamp", "payload": "structured", "retry_count": "small_int"}
        return share(kind[field_id])
    if field_id == "boundary":
        return max(share("boundary"), share("boundary_to"))
    if field_id == "exception_id":
        return 1.0 if found.distinct >= 0.95 else share("id")
    if field_id == "case_id":
        return 1.0 if found.distinct < 0.8 else share("id")
    if field_id in ("retry_outcome", "handoff_status"):
        return max(share(f"values:{field_id}"), share("outcome"))
    if field_id == "handler":
        return 1.0 if found.people else None
    if field_id in ("error_code", "activity", "source_system", "target_system"):
        if found.values >= 20 and found.distinct >= 0.9:
            return 0.0  # a different value on nearly every row makes no group
        if field_id == "error_code" and _code_fit(found) >= 0.8:
            return 1.0
        return WEAKLY if found.few and share("long_text") < 0.5 else None
    if field_id == "message":
        return share("long_text") if share("long_text") >= 0.5 else None
    return None


def value_fit(field_id: str, found: Profile) -> float:
    """How surely the values alone make the column `field_id` (0: they do not)."""
    if not found.values or ruled_out(field_id, found):
        return 0.0
    share = found.share
    if field_id in KIND_OF_FIELD:
        return share(KIND_OF_FIELD[field_id])
    if field_id == "exception_id":
        return share("id") if found.distinct >= 0.95 else 0.0
    if field_id == "error_code":
        return _code_fit(found)
    if field_id == "message":
        return share("long_text") * (1.0 - share("structured")) if found.distinct >= 0.2 else 0.0
    if field_id == "handler":
        repeats = found.different >= 2 and found.distinct < 0.9
        return share("person") if repeats else 0.0
    if field_id in ("retry_outcome", "handoff_status"):
        return share(f"values:{field_id}")
    if field_id == "resolution":
        texts = share("short_text") - share("long_text") * 0.5 - share("person")
        varied = found.different >= 3 and found.distinct <= 0.3
        return max(texts, 0.0) if varied else 0.0
    return 0.0


def _code_fit(found: Profile) -> float:
    """Error codes: a few distinct code-like values ("INV_DRIFT", "E100", "PO-CLOSED-7"),
    not numbers, dates or levels such as "L1"."""
    share = found.share
    if not found.few or found.different < 2 or share("number") >= 0.5 or share("date") > 0:
        return 0.0
    if min(len(example) for example in found.examples) < 3:
        return 0.0
    return min(share("code"), share("code_mark"))


def _sample(column: pd.Series) -> tuple[pa.Array, int]:
    """Up to `SAMPLE` values spread over the column, and how many rows they were read from."""
    positions = np.unique(np.linspace(0, max(len(column) - 1, 0), SAMPLE * 2, dtype=np.int64))
    text = trimmed_text(column, positions if len(column) else None).combine_chunks()
    rows = len(text)
    text = pc.filter(text, pc.is_valid(text))
    if len(text) <= SAMPLE:
        return text, max(rows, 1)
    kept = pa.array(np.linspace(0, len(text) - 1, SAMPLE, dtype=np.int64))
    return text.take(kept), max(round(rows * SAMPLE / len(text)), 1)


def _plain(word: str) -> str:
    """A value word as values are compared: lower case, '_' and '-' as spaces."""
    return " ".join(word.lower().replace("_", " ").replace("-", " ").split())


def _plain_array(sample: pa.Array) -> pa.Array:
    lowered = pc.utf8_lower(sample)
    spaced = pc.replace_substring_regex(lowered, r"[\s_-]+", " ")
    return pc.utf8_trim_whitespace(spaced)


def _set(words: frozenset[str]) -> pa.Array:
    return pa.array(sorted(words), type=pa.string())


def _share(mask: pa.Array, count: int) -> float:
    return float(pc.sum(mask).as_py() or 0) / count


def _timestamp_share(sample: pa.Array) -> float:
    if not len(sample):
        return 0.0
    looks_dated = pc.match_substring_regex(sample, r"[0-9]{2}.*[0-9]")
    if pc.sum(looks_dated).as_py() < len(sample) / 2:
        return 0.0
    return 1.0 - parse_timestamps(pd.Series(sample.to_pandas(), dtype="str")).failed_share
