"""Header names compared with the synonyms in `questions.yaml`, whatever their spelling.

normalise("Assigned_To")   -> "assigned to"
normalise("retryCount")    -> "retry count"
normalise("Ticket #")      -> "ticket number"
similarity("handeler", "handler") -> 0.93   (a typo)
similarity("shopify error code", "error code") -> 0.89   (the synonym inside a longer name)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from framework.spec.model import ColumnField

FUZZY_AT = 0.78  # lowest similarity that counts as a match
_TYPO_AT = 0.82  # lowest difflib ratio that counts as a typo
_SHORTEST_FUZZY = 5  # below this many letters only an exact match counts
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NUMBER_WORDS = {"no", "num", "nbr", "nr"}


@dataclass(frozen=True)
class HeaderMatch:
    """A field a header may name: how similar it is to the closest synonym, and which one."""

    field: str
    score: float
    synonym: str
    rank: int  # position of the synonym in its list: earlier ones are the usual names


def normalise(header: str) -> str:
    """Lowercase words: camelCase split, punctuation to spaces, '#' and 'No.' to 'number'."""
    text = _CAMEL.sub(" ", header.strip()).replace("#", " number ").lower()
    words = _NOT_WORD.sub(" ", text).split()
    return " ".join(
        "number" if index and word in _NUMBER_WORDS else word for index, word in enumerate(words)
    )


def similarity(header: str, synonym: str) -> float:
    """How alike two normalised names are, 0…1: 1 exact, else a typo or a containing name."""
    if header == synonym or header.replace(" ", "") == synonym.replace(" ", ""):
        return 1.0
    typo = 0.0
    short, long = sorted((len(header), len(synonym)))
    # 2·short/(short+long) and quick_ratio() are upper bounds of ratio(): most pairs stop there.
    if short >= _SHORTEST_FUZZY and 2 * short >= _TYPO_AT * (short + long):
        matcher = SequenceMatcher(None, header, synonym)
        if matcher.quick_ratio() >= _TYPO_AT:
            typo = matcher.ratio()
            typo = typo if typo >= _TYPO_AT else 0.0
    inside = 0.0
    if all(word in header.split() for word in synonym.split()):
        # "shopify error code" names an error code; "error code notes" names notes:
        # the last word of a name is what it is, the words before it qualify it.
        covered = len(synonym.replace(" ", "")) / len(header.replace(" ", ""))
        inside = 0.7 + 0.25 * covered + (0.05 if header.endswith(synonym) else -0.05)
    return min(max(typo, inside), 0.99)


def header_matches(header: str, fields: tuple[ColumnField, ...]) -> list[HeaderMatch]:
    """Every field whose synonyms (or id or label) come close to `header`, best first."""
    name = normalise(header)
    found: list[HeaderMatch] = []
    if not name:
        return found
    for field in fields:
        best: HeaderMatch | None = None
        for rank, synonym in enumerate(_names(field)):
            score = similarity(name, synonym)
            if score >= FUZZY_AT and (best is None or score > best.score):
                best = HeaderMatch(field.id, score, synonym, rank)
        if best is not None:
            found.append(best)
    return sorted(found, key=lambda match: (-match.score, match.rank))


@cache
def _names(field: ColumnField) -> tuple[str, ...]:
    names = [normalise(synonym) for synonym in field.synonyms]
    extra = [normalise(field.id), normalise(field.label)]
    return tuple(dict.fromkeys([*names, *extra]))
