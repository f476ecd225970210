"""Every field a column may hold, how sure that is (0…1) and why, from its header and values.

    found = candidates(columns, matches, profiles, spec)   # [Candidate, …], unordered
    found.left_out    # {field: why the column named after it was not used}

How sure a candidate is follows what backs it: a header that *is* one of the field's names
(in any language) and values that look like the field is near certain; a header made of the
field's words, or holding its name, is likely; a typo, or values alone, are guesses unless
the values are unmistakable (timestamps, payloads, arrows). Values that make a field
impossible (`profiles.ruled_out`) drop it whatever the header says, and values that do not
look like the field drop any header short of an exact name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from framework.columns import profiles as values
from framework.columns.headers import CONTAINS, EXACT, TYPO, WORDS, HeaderMatch
from framework.columns.profiles import Profile
from framework.spec.model import FIELD_IDS, LANGUAGES, OTHER_COLUMNS, Spec

HEADER = "header"  # the header is one of the field's names
WORDS_METHOD = "words"  # the header is made of the field's words
FUZZY = "fuzzy"  # the header holds one of the field's names, or is one misspelt
VALUES = "values"  # the values look like the field
METHOD_OF = {EXACT: HEADER, WORDS: WORDS_METHOD, CONTAINS: FUZZY, TYPO: FUZZY}
METHOD_ORDER = {HEADER: 0, WORDS_METHOD: 1, FUZZY: 2, VALUES: 3}

AGREE_AT = 0.8  # the share of values that look like the field for them to agree
DISAGREE_BELOW = 0.5  # below this share, the values do not look like the field
# How sure each kind of header match is: with no value test, with values that agree, and
# with values that do not (None: dropped).
_SURE: Mapping[str, tuple[float, float, float | None]] = {
    EXACT: (0.9, 0.98, 0.55),
    WORDS: (0.74, 0.9, None),
    CONTAINS: (0.72, 0.88, None),
    TYPO: (0.62, 0.82, None),
}
# From the values alone: the share that counts, and how sure the field is at a full share.
_BY_VALUES: Mapping[str, tuple[float, float]] = {
    "timestamp": (0.8, 0.85),
    "payload": (0.8, 0.85),
    "boundary": (0.8, 0.85),
    "exception_id": (0.8, 0.75),
    "message": (0.8, 0.7),
    "retry_outcome": (0.6, 0.75),
    "handoff_status": (0.6, 0.75),
    "handler": (0.8, 0.6),
    "error_code": (0.8, 0.55),
    "resolution": (0.8, 0.5),
}
_FEW = {
    "error_code": "a few repeating values",
    "activity": "a few repeating values",
    "source_system": "a few repeating names",
    "target_system": "a few repeating names",
}
_AMBIGUOUS = 0.55  # values that fit two outcome fields about as well
_WHAT = {
    "timestamp": "timestamps",
    "payload": "JSON, XML or key=value payloads",
    "boundary": "'source → target' pairs",
    "exception_id": "ids",
    "case_id": "ids",
    "error_code": "codes",
    "activity": "a few states or activities",
    "source_system": "a few system names",
    "target_system": "a few system names",
    "message": "free-text messages",
    "handler": "people or accounts",
    "resolution": "short actions that repeat",
    "retry_count": "small counts",
    "retry_outcome": "retry outcomes",
    "handoff_status": "delivery outcomes",
}


@dataclass(frozen=True)
class Candidate:
    """One field one column may hold: how it was found, how sure (0…1) and why."""

    field: str
    column: str
    method: str
    score: float  # the header's similarity to the name, or the share of fitting values
    confidence: float
    reason: str
    language: str | None = None
    rank: int = 0
    position: int = 0

    def order(self) -> tuple[float, int, int, int, int]:
        """Most certain first; then exact names, the field's place, the usual names, left."""
        return (
            -round(self.confidence, 6),
            METHOD_ORDER[self.method],
            FIELD_IDS.index(self.field),
            self.rank,
            self.position,
        )


@dataclass
class Found:
    """The candidates of a log, and why fields some header named were left out."""

    candidates: list[Candidate] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)


def candidates(
    columns: tuple[str, ...],
    matches: Mapping[str, list[HeaderMatch]],
    profiles: Mapping[str, Profile],
    spec: Spec,
) -> Found:
    """Every (field, column) a header or the values make possible, with its confidence."""
    labels = {column.id: column.label for column in spec.columns}
    found = Found()
    for position, column in enumerate(columns):
        named = matches[column]
        other = any(m.field == OTHER_COLUMNS and m.kind in (EXACT, WORDS) for m in named)
        exact = other or any(m.kind == EXACT for m in named)
        for match in named:
            # a header that is a name says what it is: no near match makes it another field
            if match.field == OTHER_COLUMNS or (exact and match.kind != EXACT):
                continue
            item = _by_header(column, position, match, profiles[column], labels, found)
            if item is not None:
                found.candidates.append(item)
        if not other:
            found.candidates += _by_values(column, position, profiles[column])
    return found


def _by_header(
    column: str,
    position: int,
    match: HeaderMatch,
    profile: Profile,
    labels: Mapping[str, str],
    found: Found,
) -> Candidate | None:
    label = labels.get(match.field, match.field)
    veto = values.ruled_out(match.field, profile, named=match.kind == EXACT)
    if veto:
        if match.kind == EXACT:
            found.left_out.setdefault(match.field, f"'{column}' is named like it, but {veto}")
        return None
    agree = values.agreement(match.field, profile)
    neutral, agreeing, disagreeing = _SURE[match.kind]
    if agree is None:
        confidence, clause = neutral, ""
    elif agree >= AGREE_AT:
        confidence, clause = agreeing, f"; its values agree ({_what(match.field, profile)})"
    elif agree >= DISAGREE_BELOW:
        confidence = (neutral + agreeing) / 2
        clause = f"; its values fit ({_what(match.field, profile, weakly=True)})"
    elif disagreeing is None:
        return None
    else:
        confidence = disagreeing
        clause = f"; but its values do not look like {_WHAT.get(match.field, 'it')}"
    if match.kind != EXACT:
        confidence += (match.score - 0.85) / 4  # the closer the header, the surer
    reason = _header_reason(match, label) + clause
    method = METHOD_OF[match.kind]
    return Candidate(
        match.field,
        column,
        method,
        match.score,
        confidence,
        reason,
        match.language,
        match.rank,
        position,
    )


def _header_reason(match: HeaderMatch, label: str) -> str:
    language = LANGUAGES.get(match.language, match.language)
    if match.kind == EXACT:
        if match.language == "en":
            return f"the header is a name for {label}"
        return f"the header is {label} in {language}"
    if match.kind == WORDS:
        words = "', '".join(match.synonym.split(" + "))
        tongue = "" if match.language == "en" else f" ({language})"
        return f"the header's words '{words}' name {label}{tongue}"
    if match.kind == CONTAINS:
        return f"the header contains '{match.synonym}'"
    return f"the header looks like '{match.synonym}' misspelt"


def _by_values(column: str, position: int, profile: Profile) -> list[Candidate]:
    """Fields the values alone make likely: the column's header names none."""
    fits = {field: values.value_fit(field, profile) for field in _BY_VALUES}
    outcomes = sorted((fits["retry_outcome"], fits["handoff_status"]), reverse=True)
    out = []
    for field_id, (needed, sure) in _BY_VALUES.items():
        fit = fits[field_id]
        if fit < needed:
            continue
        confidence = sure * fit
        if field_id in ("retry_outcome", "handoff_status") and outcomes[0] - outcomes[1] < 0.2:
            confidence = min(confidence, _AMBIGUOUS)
        reason = f"no header names it; {fit:.0%} of the sampled values look like " + _what(
            field_id, profile
        )
        out.append(Candidate(field_id, column, VALUES, fit, confidence, reason, None, 0, position))
    return out


def _what(field: str, profile: Profile, *, weakly: bool = False) -> str:
    """What the values are, with a few of them where that helps ("people or accounts such
    as 'luca.ferri', 'ines.costa'")."""
    what = _WHAT.get(field, "the field")
    if weakly and field in _FEW:
        what = _FEW[field]
    if field in ("handler", "retry_outcome", "handoff_status", "error_code", "activity"):
        shown = ", ".join(f"'{example[:30]}'" for example in profile.examples[:2])
        return f"{what} such as {shown}" if shown else what
    return what
