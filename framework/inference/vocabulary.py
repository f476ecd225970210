"""Classify log values with the word lists in `questions.yaml` (`vocabulary:`).

A value is classified once per distinct value (vectorised with pyarrow regex), then the
class is spread to the rows through their codes:

    POSITIVE (1)   more words from the first list (success / schema)
    NEGATIVE (0)   more words from the second list (failure / rule)
    UNKNOWN (-1)   no word from either list, a tie, or no value at all

Words match case-insensitively as whole words or phrases. For outcomes the failure words are
matched first and taken out, so "not delivered" is a failure although "delivered" is a
success word.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.coded import Coded, count_matches, phrase_pattern

POSITIVE = 1
NEGATIVE = 0
UNKNOWN = -1
Classes = npt.NDArray[np.int8]


def label_classes(
    labels: tuple[str, ...], positive: tuple[str, ...], negative: tuple[str, ...], *, strip: bool
) -> Classes:
    """The class of each label. With `strip`, negative matches are removed before counting."""
    values = pa.array(labels, type=pa.string())
    negative_pattern = phrase_pattern(negative)
    negatives = count_matches(values, negative_pattern)
    if strip and len(values):
        values = pc.replace_substring_regex(values, negative_pattern, " ")
    positives = count_matches(values, phrase_pattern(positive))
    out = np.full(len(labels), UNKNOWN, dtype=np.int8)
    out[positives > negatives] = POSITIVE
    out[negatives > positives] = NEGATIVE
    return out


def row_classes(coded: Coded, classes: Classes) -> Classes:
    """Spread per-label classes to rows; rows without a value are UNKNOWN."""
    lookup = np.append(classes, np.int8(UNKNOWN))  # code -1 reads the sentinel at the end
    return lookup[coded.codes]


def outcome_classes(coded: Coded, vocabulary: Mapping[str, tuple[str, ...]]) -> Classes:
    """Per row: success (1), failure (0) or unknown (-1), from the success/failure words."""
    classes = label_classes(coded.labels, vocabulary["success"], vocabulary["failure"], strip=True)
    return row_classes(coded, classes)


def cause_classes(coded: Coded, vocabulary: Mapping[str, tuple[str, ...]]) -> Classes:
    """Per row: schema mismatch (1), missing rule (0) or unknown (-1), from the word lists."""
    classes = label_classes(coded.labels, vocabulary["schema"], vocabulary["rule"], strip=False)
    return row_classes(coded, classes)
