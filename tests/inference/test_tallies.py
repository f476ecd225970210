"""Tallies add up: a log counted in slices gives the same labels, counts and answers as the
log counted whole, and folding keeps the most frequent groups with the rest as one."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from framework.inference.features import extract
from framework.inference.runner import infer
from framework.inference.tallies import (
    OTHER_GROUPS,
    fold_groups,
    most_frequent,
    tally,
)
from framework.spec.model import Spec
from tests.support.sample_logs import SAMPLES, mapping, read_sample


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("slices", [2, 7])
def test_slices_add_up_to_the_whole(spec: Spec, name: str, slices: int) -> None:
    """Counting a sample in slices gives the same group labels, count tables and inferred
    answers (values, metrics, evidence) as counting it in one go."""
    frame, columns = read_sample(name), mapping(name)
    whole = tally([extract(frame, columns, spec, "error_code")], keep_rows=True)
    edges = np.linspace(0, len(frame), slices + 1, dtype=int)
    parts = [frame.iloc[start:end] for start, end in itertools.pairwise(edges)]
    sliced = tally([extract(part, columns, spec, "error_code") for part in parts], keep_rows=True)
    assert sliced.group == whole.group
    assert sliced.boundary == whole.boundary
    for table in whole.tables:
        pd.testing.assert_frame_equal(
            sliced.tables[table].reset_index(drop=True),
            whole.tables[table].reset_index(drop=True),
            check_dtype=False,
        )
    assert np.array_equal(sliced.row_groups, whole.row_groups)  # type: ignore[arg-type]
    answers_whole, _ = infer(whole, spec)
    answers_sliced, _ = infer(sliced, spec)
    for mine, theirs in zip(answers_sliced, answers_whole, strict=True):
        for qid, item in mine.items():
            assert (item.value, item.metric, item.evidence) == (
                theirs[qid].value,
                theirs[qid].metric,
                theirs[qid].evidence,
            )


def test_folding_keeps_the_most_frequent_groups(spec: Spec) -> None:
    """Past the limit, the most frequent groups keep their own code (ties by label) and every
    other row is counted in one more group; counts and row codes follow."""
    codes = ["A"] * 5 + ["B"] * 3 + ["C"] * 3 + ["D"] + ["E"]
    frame = pd.DataFrame({"error_code": codes}, dtype="str")
    found = tally(
        [extract(frame, {"error_code": "error_code"}, spec, "error_code")], keep_rows=True
    )
    folded = fold_groups(found, 2)
    assert folded.group.labels == ("A", "B", OTHER_GROUPS)
    assert folded.folded == 3
    counts = dict(zip(folded.tables["group"]["c0"], folded.tables["group"]["n"], strict=True))
    assert counts == {0: 5, 1: 3, 2: 5}
    assert list(folded.row_groups) == [0] * 5 + [1] * 3 + [2] * 5  # type: ignore[arg-type]
    assert fold_groups(found, 5) is found


@pytest.mark.parametrize(
    ("counts", "wanted"),
    [
        ([5, 1, 5, 3, 5, 2], 2),
        ([5, 1, 5, 3, 5, 2], 4),
        ([1, 1, 1, 1], 3),
        ([7, 2, 9], 3),
        ([4, 4, 8], 0),
        (np.random.default_rng(7).poisson(10, 5000).tolist(), 200),
    ],
)
def test_most_frequent_is_the_head_of_the_full_order(counts: list[int], wanted: int) -> None:
    """The codes kept are the first `wanted` of every code ordered by count (largest first)
    and then by label, ties at the cut included by label."""
    labels = [f"E{(code * 7919) % 10007:05d}" for code in range(len(counts))]
    found = most_frequent(np.array(counts, dtype=np.int64), labels, wanted)
    full = sorted(range(len(counts)), key=lambda code: (-counts[code], labels[code]))
    assert found.tolist() == full[:wanted]
