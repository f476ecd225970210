"""Header names compared with the names in `questions.yaml`, in any spelling and language.

    normalise("Assigned_To")          -> "assigned to"
    normalise("Numéro de ticket")     -> "numero de ticket"
    similarity("handeler", "handler") -> 0.93   (a typo)
    similarity("shopify error code", "error code") -> 0.89   (the name inside a longer one)
    index = HeaderIndex.of(spec)
    index.matches("Endstatus Wiederholung")   # retry_outcome by its German words

A header names a field in one of four ways, most certain first: it *is* one of the field's
names in some language (`EXACT`); it is made of the field's words, a word from each of the
field's word lists (`WORDS`: "Final retry state", "Zustellstatus"); it holds one of the names
inside a longer header (`CONTAINS`: "Shopify error code"); it is a name misspelt (`TYPO`).
German and Dutch words are found inside compounds too ("Zustell|status").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import product

from framework.spec.model import (
    COMPOUNDING,
    HEAD_FIRST,
    OTHER_COLUMNS,
    ColumnField,
    HeaderNames,
    Spec,
)

FUZZY_AT = 0.78  # lowest similarity that counts as a match
_TYPO_AT = 0.82  # lowest difflib ratio that counts as a typo
_SHORTEST_FUZZY = 5  # below this many letters only an exact match counts
_SHORTEST_PART = 4  # a word found inside a compound has at least this many letters
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NUMBER_WORDS = {"no", "num", "nbr", "nr"}
_FOLDED = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})

EXACT = "exact"
WORDS = "words"
CONTAINS = "contains"
TYPO = "typo"


@dataclass(frozen=True)
class HeaderMatch:
    """A field a header may name (or `OTHER_COLUMNS`): how, how closely, and in which language.

    `score` is 1 for an exact name, else below 1; `synonym` is the name (or the words) it
    matched; `rank` the name's position in its list (earlier ones are the usual names);
    `lists` how many word lists a `WORDS` match filled (two say more than one).
    """

    field: str
    score: float
    synonym: str
    rank: int
    language: str = "en"
    kind: str = EXACT
    lists: int = 0


def fold(text: str) -> str:
    """Lower case without accents: "Maßnahme" -> "massnahme", "Numéro" -> "numero"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLDED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise(header: str) -> str:
    """Lowercase words without accents: camelCase split, punctuation to spaces, '#' and
    'No.' to 'number'."""
    text = fold(_CAMEL.sub(" ", header.strip()).replace("#", " number "))
    words = _NOT_WORD.sub(" ", text).split()
    return " ".join(
        "number" if index and word in _NUMBER_WORDS else word for index, word in enumerate(words)
    )


def similarity(header: str, synonym: str) -> float:
    """How alike two normalised names are, 0…1: 1 exact, else a typo or a containing name.

    A typo keeps the first letter ("handeler" is "handler"; "resource" is no "source")."""
    if header == synonym or header.replace(" ", "") == synonym.replace(" ", ""):
        return 1.0
    typo = 0.0
    short, long = sorted((len(header), len(synonym)))
    # 2·short/(short+long) and quick_ratio() are upper bounds of ratio(): most pairs stop there.
    close = short >= _SHORTEST_FUZZY and 2 * short >= _TYPO_AT * (short + long)
    if close and header[:1] == synonym[:1]:
        matcher = SequenceMatcher(None, header, synonym)
        if matcher.quick_ratio() >= _TYPO_AT:
            typo = matcher.ratio()
            typo = typo if typo >= _TYPO_AT else 0.0
    return min(max(typo, _inside(header, synonym)), 0.99)


def _inside(header: str, synonym: str) -> float:
    """A synonym's words all in the header: "shopify error code" names an error code, "error
    code notes" names notes (the last word of a name is what it is)."""
    words = header.split()
    if not all(word in words for word in synonym.split()):
        return 0.0
    covered = len(synonym.replace(" ", "")) / len(header.replace(" ", ""))
    return 0.7 + 0.25 * covered + (0.05 if header.endswith(synonym) else -0.05)


@dataclass(frozen=True)
class _Name:
    field: str
    language: str
    synonym: str
    rank: int


@dataclass(frozen=True)
class _Word:
    field: str
    language: str
    list_index: int
    lists: int


class HeaderIndex:
    """Every field's names and words from a spec, indexed for matching headers quickly."""

    def __init__(self, named: Iterable[tuple[str, HeaderNames]]) -> None:
        self.exact: dict[str, list[_Name]] = defaultdict(list)
        self.names: list[_Name] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)  # names holding a word
        self.by_initial: dict[str, list[int]] = defaultdict(list)  # names by first letter
        self.words: dict[str, list[_Word]] = defaultdict(list)
        self.parts: dict[str, list[_Word]] = defaultdict(list)  # German and Dutch words
        for field, names in named:
            self._add(field, names)

    @classmethod
    def of(cls, spec: Spec) -> HeaderIndex:
        """The index of `spec.columns` (each field with its id and label as English names)
        and of `spec.other_columns`; built once per set of names (it is only read)."""
        return _index_of(spec.columns, spec.other_columns)

    def _add(self, field: str, names: HeaderNames) -> None:
        ranked = len([name for name in self.names if name.field == field])
        for rank, synonym in enumerate(dict.fromkeys(map(normalise, names.synonyms))):
            if not synonym:
                continue
            name = _Name(field, names.language, synonym, ranked + rank)
            for word in set(synonym.split()):
                self.by_word[word].append(len(self.names))
            self.by_initial[synonym[0]].append(len(self.names))
            self.names.append(name)
            for key in {synonym, synonym.replace(" ", "")}:
                self.exact[key].append(name)
        for index, words in enumerate(names.words):
            entry = _Word(field, names.language, index, len(names.words))
            for word in {_word_form(word) for word in words}:
                self.words[word].append(entry)
                if names.language in COMPOUNDING and len(word) >= _SHORTEST_PART:
                    self.parts[word].append(entry)

    def matches(self, header: str) -> list[HeaderMatch]:
        """Every field (or `OTHER_COLUMNS`) `header` may name, best first: one match per
        field, its most certain."""
        name = normalise(header)
        if not name:
            return []
        found = [*self._exact(name), *self._by_words(name), *self._fuzzy(name)]
        best: dict[str, HeaderMatch] = {}
        for match in sorted(found, key=_order):
            best.setdefault(match.field, match)
        return sorted(best.values(), key=_order)

    def _exact(self, name: str) -> list[HeaderMatch]:
        hits = self.exact.get(name, []) + self.exact.get(name.replace(" ", ""), [])
        return [HeaderMatch(h.field, 1.0, h.synonym, h.rank, h.language, EXACT) for h in hits]

    def _fuzzy(self, name: str) -> list[HeaderMatch]:
        """Names inside the header, or misspelt: only names sharing a word with the header or
        its first letter can be either, so only those are compared."""
        pool = {index for word in set(name.split()) for index in self.by_word.get(word, ())}
        pool.update(self.by_initial.get(name[0], ()))
        found = []
        for index in sorted(pool):
            candidate = self.names[index]
            score = similarity(name, candidate.synonym)
            if FUZZY_AT <= score < 1.0:
                kind = CONTAINS if _inside(name, candidate.synonym) else TYPO
                found.append(
                    HeaderMatch(
                        candidate.field,
                        score,
                        candidate.synonym,
                        candidate.rank,
                        candidate.language,
                        kind,
                    )
                )
        return found

    def _by_words(self, name: str) -> list[HeaderMatch]:
        """Fields whose every word list has a word in the header, each word used once."""
        tokens = name.split()
        hits: dict[tuple[str, str], dict[int, list[_Place]]] = defaultdict(
            lambda: defaultdict(list)
        )
        lists: dict[tuple[str, str], int] = {}
        for position, token in enumerate(tokens):
            for part, word, entries in self._token_words(token):
                for entry in entries:
                    key = (entry.field, entry.language)
                    hits[key][entry.list_index].append(_Place(position, part, word))
                    lists[key] = entry.lists
        found = []
        for (field, language), filled in hits.items():
            count = lists[(field, language)]
            used = _distinct_choice([filled.get(index, []) for index in range(count)])
            if used is None:
                continue
            head, parts = _head(tokens, language)
            on_head = any(place.position == head and place.part in parts for place in used)
            score = 0.8 + 0.05 * (count - 1) + (0.05 if on_head else 0.0)
            words = " + ".join(place.word for place in used)
            found.append(HeaderMatch(field, score, words, 0, language, WORDS, count))
        return _english_first(found)

    def _token_words(self, token: str) -> list[tuple[str, str, list[_Word]]]:
        """(part, word, entries) for the token as a whole word and, for German and Dutch
        words, for its start and end parts ("zustellstatus": zustell…, …status)."""
        out = [("whole", token, self.words[token])] if token in self.words else []
        for cut in range(1, len(token)):
            start, end = token[:cut], token[cut:]
            if len(start) >= _SHORTEST_PART and start in self.parts:
                out.append(("start", start, self.parts[start]))
            if len(end) >= _SHORTEST_PART and end in self.parts:
                out.append(("end", end, self.parts[end]))
        return out


def _english_first(found: list[HeaderMatch]) -> list[HeaderMatch]:
    """The same words for the same field in English and another language are English
    ("Source system name" is not French for being French words too)."""
    english = {(m.field, m.synonym) for m in found if m.language == "en"}
    return [m for m in found if m.language == "en" or (m.field, m.synonym) not in english]


def _word_form(word: str) -> str:
    """A word as it appears in a normalised header ("Nr" -> "number")."""
    folded = _NOT_WORD.sub("", fold(word))
    return "number" if folded in _NUMBER_WORDS else folded


@dataclass(frozen=True)
class _Place:
    """Where a word was found: the header's word `position`, all of it or its start or end."""

    position: int
    part: str
    word: str


def _distinct_choice(options: list[list[_Place]]) -> tuple[_Place, ...] | None:
    """One place per word list, no two overlapping (a whole word holds its start and end)."""
    if any(not places for places in options):
        return None
    for choice in product(*options):
        if all(
            not _overlap(first, second)
            for index, first in enumerate(choice)
            for second in choice[index + 1 :]
        ):
            return choice
    return None


def _overlap(first: _Place, second: _Place) -> bool:
    if first.position != second.position:
        return False
    return "whole" in (first.part, second.part) or first.part == second.part


def _head(tokens: list[str], language: str) -> tuple[int, frozenset[str]]:
    """Where a name says what it is: the last word ("Delivery status", "Zustell|status"), or
    the first in French, Spanish, Italian and Portuguese ("Statut de livraison")."""
    if language in HEAD_FIRST:
        return 0, frozenset({"whole", "start"})
    return len(tokens) - 1, frozenset({"whole", "end"})


def _order(match: HeaderMatch) -> tuple[bool, float, int, int]:
    """A misspelling last (any other reading of the header is likelier), then the closest."""
    return (match.kind == TYPO, -match.score, -match.lists, match.rank)


@functools.lru_cache(maxsize=8)
def _index_of(
    columns: tuple[ColumnField, ...], other_columns: tuple[HeaderNames, ...]
) -> HeaderIndex:
    named: list[tuple[str, HeaderNames]] = []
    for column in columns:
        named += [(column.id, names) for names in column.names]
        named.append((column.id, HeaderNames("en", (column.id, column.label))))
    named += [(OTHER_COLUMNS, names) for names in other_columns]
    return HeaderIndex(named)
