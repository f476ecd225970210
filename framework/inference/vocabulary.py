"""Classify log values with the word lists in `questions.yaml` (`vocabulary:`).

A value is classified once per distinct value (vectorised with pyarrow regex), then the
class is spread to the rows through their codes:

    POSITIVE (1)   more words from the first side (success / schema and connection)
    NEGATIVE (0)   more words from the second side (failure / rule)
    UNKNOWN (-1)   no word from either side, a tie, or no value at all

Words match case-insensitively as whole words or phrases, accents aside: values and words
are both folded ("échec" = "echec", "Zeitüberschreitung" = "zeituberschreitung", "ß" =
"ss") because RE2's word boundary knows only ASCII letters. For outcomes the failure words are
matched first and taken out, so "not delivered" is a failure although "delivered" is a
success word; for causes the neutral phrases (an approver's role, an unknown code) are taken
out first, so "budget owner" is no missing owner.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.coded import Coded, Codes, count_matches, phrase_pattern, replaced_where

POSITIVE = 1
NEGATIVE = 0
UNKNOWN = -1
Classes = npt.NDArray[np.int8]
Vocabulary = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class FoldedText:
    """A text column as the vocabulary reads it: codes per row into its distinct values,
    those folded (`fold`) once for every question asked of them (cause, correction,
    resubmission). A column of a million distinct messages never becomes Python text."""

    codes: Codes
    values: pa.Array

    @classmethod
    def of(cls, coded: Coded) -> FoldedText:
        return cls(coded.codes, folded_labels(coded.labels))


Text = Coded | FoldedText


def label_classes(
    values: pa.Array,
    positive: Sequence[str],
    negative: Sequence[str],
    *,
    strip: bool,
    neutral: Sequence[str] = (),
) -> Classes:
    """The class of each label, given folded (`folded_labels`). `neutral` phrases are removed
    first; with `strip`, negative matches are removed too before the positive words are
    counted."""
    if neutral and len(values):
        found = pc.match_substring_regex(values, _pattern(neutral)).to_numpy(zero_copy_only=False)
        values = replaced_where(values, np.asarray(found, dtype=bool), _pattern(neutral), " ")
    negative_pattern = _pattern(negative)
    negatives = count_matches(values, negative_pattern)
    if strip and len(values):
        values = replaced_where(values, negatives > 0, negative_pattern, " ")
    positives = count_matches(values, _pattern(positive))
    out = np.full(len(values), UNKNOWN, dtype=np.int8)
    out[positives > negatives] = POSITIVE
    out[negatives > positives] = NEGATIVE
    return out


def row_classes(coded: Text, classes: Classes) -> Classes:
    """Spread per-label classes to rows; rows without a value are UNKNOWN."""
    lookup = np.append(classes, np.int8(UNKNOWN))  # code -1 reads the sentinel at the end
    return lookup[coded.codes]


def outcome_classes(coded: Coded, vocabulary: Vocabulary) -> Classes:
    """Per row: success (1), failure (0) or unknown (-1), from the success/failure words."""
    folded = folded_labels(coded.labels)
    classes = label_classes(folded, vocabulary["success"], vocabulary["failure"], strip=True)
    return row_classes(coded, classes)


def cause_classes(text: Text, vocabulary: Vocabulary) -> Classes:
    """Per row: the integration side (1: schema or connection words), the process side (0:
    rule words) or unknown (-1), once the neutral phrases are out."""
    folded = _folded(text)
    integration = (*vocabulary["schema"], *vocabulary["connection"])
    classes = label_classes(
        folded.values, integration, vocabulary["rule"], strip=False, neutral=vocabulary["neutral"]
    )
    return row_classes(folded, classes)


def mentions(text: Text, words: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Per row: whether its value names any of the words (False where it has none)."""
    return mentions_all(text, [words])


def mentions_all(text: Text, word_lists: Sequence[Sequence[str]]) -> npt.NDArray[np.bool_]:
    """Per row: whether its value names a word of every list ("corrected" and
    "resubmitted"). Each list is searched for only in the values the lists before it
    matched."""
    folded = _folded(text)
    values = folded.values
    found = np.ones(len(values), dtype=bool)
    for words in word_lists:
        still = np.flatnonzero(found)
        if still.size == 0:
            break
        candidates = values if still.size == len(values) else values.take(pa.array(still))
        found[still] = count_matches(candidates, _pattern(words)) > 0
    hit: npt.NDArray[np.bool_] = np.append(found, False)[folded.codes]
    return hit


def _folded(text: Text) -> FoldedText:
    return text if isinstance(text, FoldedText) else FoldedText.of(text)


def folded_labels(labels: Sequence[str]) -> pa.Array:
    """A label table as Arrow text, folded (see `fold`)."""
    return fold(pa.array(list(labels), type=pa.string()))


def fold(values: pa.Array) -> pa.Array:
    """Values with their accents taken off and "ß" written "ss", to match folded words."""
    if len(values) == 0 or pc.all(pc.string_is_ascii(values)).as_py() is not False:
        return values
    values = pc.replace_substring(values, "ß", "ss")
    return pc.replace_substring_regex(pc.utf8_normalize(values, form="NFKD"), r"\p{Mn}+", "")


def _fold_word(word: str) -> str:
    """A vocabulary word folded as `fold` folds values."""
    decomposed = unicodedata.normalize("NFKD", word.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _pattern(words: Sequence[str]) -> str:
    return _folded_pattern(tuple(words))


@functools.lru_cache(maxsize=256)
def _folded_pattern(words: tuple[str, ...]) -> str:
    """The pattern of a word list, built once per list (every batch of a log asks again)."""
    return phrase_pattern([_fold_word(word) for word in words])
