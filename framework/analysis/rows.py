"""An analysis mapped back onto the log's rows: each row's group, the rows of one group,
the tagged frame the diagnostic sheet is made of, and occurrences per day and tag.

    codes = row_groups(frame, analysis)     # per row: its group's index (-1: none)
    tagged = tag_rows(frame, analysis)      # + group, verdict and both-present columns
    rows = group_rows(frame, analysis, "INV_DRIFT", limit=20)
    table = daily_by_tag(analysis)          # day, tag, exceptions (for charts)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd

from framework.analysis.results import Analysis
from framework.columns.group_by import MESSAGE_TEMPLATE
from framework.inference import features as feats
from framework.inference.cases import event_cases
from framework.inference.templates import template_lookup
from framework.spec.model import VERDICTS

TAG_COLUMNS = ("group", "verdict", "both_present")


def row_groups(frame: pd.DataFrame, analysis: Analysis) -> npt.NDArray[np.int32]:
    """Per row, the index of its group in `analysis.groups` (-1 for a group it lacks)."""
    if analysis.row_groups is not None and len(analysis.row_groups) == len(frame):
        return analysis.row_groups
    if analysis.case_groups is not None:  # an event log: each event takes its case's group
        return event_cases(frame, analysis.columns, analysis.spec, analysis.case_groups)
    grouped = feats.group_codes(frame, analysis.columns, analysis.spec, analysis.group_by)
    position = group_position(analysis)
    lookup = np.array([position(label) for label in grouped.labels] + [-1], dtype=np.int32)
    codes: npt.NDArray[np.int32] = lookup[grouped.codes]
    return codes


def group_position(analysis: Analysis) -> Callable[[str], int]:
    """A function giving a group label's index in `analysis.groups` (-1: none), read as the
    analysis named its groups: a message template finds its generalised template."""
    index = {group.group: position for position, group in enumerate(analysis.groups)}
    if analysis.group_by != MESSAGE_TEMPLATE:
        return lambda label: index.get(label, -1)
    find = template_lookup(list(index))

    def position(label: str) -> int:
        name = find(label)
        return -1 if name is None else index[name]

    return position


def tag_rows(frame: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """The frame with three more columns: its group, verdict and whether both are present.

    Works for an analysis rebuilt from JSON too (the groups are found again from the
    mapped columns). Existing columns are shared, not copied; a name already taken gets
    " (triage)" appended.
    """
    codes = row_groups(frame, analysis)
    verdicts = np.array([VERDICTS.index(group.verdict) for group in analysis.groups] + [-1])
    both = np.array([group.both_present for group in analysis.groups] + [False])
    names = [name if name not in frame.columns else f"{name} (triage)" for name in TAG_COLUMNS]
    values = (
        pd.Categorical.from_codes(codes, categories=pd.Index([g.group for g in analysis.groups])),
        pd.Categorical.from_codes(verdicts[codes], categories=pd.Index(list(VERDICTS))),
        both[codes],
    )
    return frame.assign(
        **{
            name: pd.Series(value, index=frame.index)
            for name, value in zip(names, values, strict=True)
        }
    )


def group_rows(frame: pd.DataFrame, analysis: Analysis, name: str, limit: int = 20) -> pd.DataFrame:
    """Up to `limit` rows of one group, as they are in the log."""
    position = [group.group for group in analysis.groups].index(name)
    rows = np.flatnonzero(row_groups(frame, analysis) == position)[:limit]
    return frame.iloc[rows]


def daily_by_tag(analysis: Analysis) -> pd.DataFrame:
    """Occurrences per day and tag (integration, process, both, undetermined), for charts."""
    records = [(day, group.tag, count) for group in analysis.groups for day, count in group.daily]
    table = pd.DataFrame(records, columns=["day", "tag", "exceptions"])
    table["day"] = pd.to_datetime(table["day"])
    summed = table.groupby(["day", "tag"], as_index=False).agg(exceptions=("exceptions", "sum"))
    return summed.sort_values(["day", "tag"], ignore_index=True)
