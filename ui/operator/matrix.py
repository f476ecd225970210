"""The comparison matrix as a table, with the rows the answers settle marked on their side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from framework import (
    INTEGRATION,
    PROCESS,
    Answer,
    MatrixRow,
    Spec,
)
from ui.widgets import css_color

SYMPTOM = "Symptom"
ANSWER = "Your answer"
POINTS_TO = "Your answer points to"
NOT_ANSWERED = "—"


def matrix_frame(spec: Spec, answers: Mapping[str, str]) -> pd.DataFrame:
    """One row per matrix row: the symptom, both sides, the answer given and where it points."""
    integration, process = spec.verdicts[INTEGRATION], spec.verdicts[PROCESS]
    rows = []
    for row in spec.matrix:
        answer = _answer(spec, row, answers)
        side = answer.points_to if answer else None
        title = spec.question(row.question).title
        rows.append(
            {
                SYMPTOM: row.symptom,
                integration.label: row.integration,
                process.label: row.process,
                ANSWER: f"{title}: {answer.label}" if answer else NOT_ANSWERED,
                POINTS_TO: spec.verdicts[side].short if side else NOT_ANSWERED,
            }
        )
    return pd.DataFrame(rows)


def settled_sides(spec: Spec, answers: Mapping[str, str]) -> list[str | None]:
    """Per matrix row, the side the answer to its question points to (None: not settled)."""
    return [
        answer.points_to if (answer := _answer(spec, row, answers)) else None for row in spec.matrix
    ]


def show_matrix(spec: Spec, answers: Mapping[str, str]) -> None:
    """The matrix table, the settled side of each row highlighted in its verdict colour."""
    frame = matrix_frame(spec, answers)
    st.table(_styled(spec, frame, settled_sides(spec, answers)), hide_index=True)


def _answer(spec: Spec, row: MatrixRow, answers: Mapping[str, str]) -> Answer | None:
    question = spec.question(row.question)
    value = answers.get(row.question)
    return question.answer(value) if value in question.values else None


def _styled(spec: Spec, frame: pd.DataFrame, sides: list[str | None]) -> Styler:
    side_columns = {spec.verdicts[side].label: side for side in (INTEGRATION, PROCESS)}

    def cell_style(position: int, column: str) -> str:
        side = sides[position]
        if side is None:
            return ""
        color = css_color(spec.verdicts[side].color)
        if side_columns.get(column) == side:
            return f"background-color: color-mix(in srgb, {color} 16%, white); font-weight: 600"
        if column == POINTS_TO:
            return f"color: {color}; font-weight: 600"
        return ""

    def row_styles(row: pd.Series) -> list[str]:
        position = cast(int, row.name)  # matrix_frame has a RangeIndex: name is the position
        return [cell_style(position, str(column)) for column in frame.columns]

    return frame.style.apply(row_styles, axis=1)
