"""The comparison matrix as a table that fits any screen (on a phone each symptom becomes a
card), with the rows the answers settle marked on their side; the rows this app adds to the
framework's matrix are shown apart, under their note."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

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


def all_rows(spec: Spec) -> tuple[MatrixRow, ...]:
    """The framework's matrix rows, then the rows this app adds."""
    return spec.matrix + spec.matrix_additions.rows


def matrix_frame(
    spec: Spec, answers: Mapping[str, str], rows: Sequence[MatrixRow] | None = None
) -> pd.DataFrame:
    """One row per matrix row: the symptom, both sides, the answer given and where it points."""
    integration, process = spec.verdicts[INTEGRATION], spec.verdicts[PROCESS]
    records = []
    for row in spec.matrix if rows is None else rows:
        answer = _answer(spec, row, answers)
        side = answer.points_to if answer else None
        title = spec.question(row.question).title
        records.append(
            {
                SYMPTOM: row.symptom,
                integration.label: row.integration,
                process.label: row.process,
                ANSWER: f"{title}: {answer.label}" if answer else NOT_ANSWERED,
                POINTS_TO: spec.verdicts[side].short if side else NOT_ANSWERED,
            }
        )
    return pd.DataFrame(
        records, columns=[SYMPTOM, integration.label, process.label, ANSWER, POINTS_TO]
    )


def settled_sides(
    spec: Spec, answers: Mapping[str, str], rows: Sequence[MatrixRow] | None = None
) -> list[str | None]:
    """Per matrix row, the side the answer to its question points to (None: not settled)."""
    return [
        answer.points_to if (answer := _answer(spec, row, answers)) else None
        for row in (spec.matrix if rows is None else rows)
    ]


def show_matrix(
    spec: Spec, answers: Mapping[str, str], rows: Sequence[MatrixRow], key: str
) -> None:
    """The rows as a table, the settled side of each row highlighted in its verdict colour."""
    frame = matrix_frame(spec, answers, rows)
    sides = settled_sides(spec, answers, rows)
    st.html(matrix_html(spec, frame, sides, key))


def matrix_html(spec: Spec, frame: pd.DataFrame, sides: Sequence[str | None], key: str) -> str:
    """The table's HTML (spec text only, escaped); each cell carries its column as a label
    that a phone shows above the cell."""
    side_of = {spec.verdicts[side].label: side for side in (INTEGRATION, PROCESS)}
    columns = [SYMPTOM, *side_of, ANSWER]
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    body = []
    for index, record in enumerate(frame.to_dict(orient="records")):
        side = sides[index]
        cells = []
        for column in columns:
            text = html.escape(str(record[column]))
            attrs = f' data-label="{html.escape(column, quote=True)}"'
            if column in side_of and side_of[column] == side:
                color = css_color(spec.verdicts[side].color)
                attrs += (
                    f' class="settled" data-side="{side}" style="background:'
                    f'color-mix(in srgb, {color} 16%, white);box-shadow:inset 4px 0 0 {color}"'
                )
                text = f"<strong>{text}</strong>"
            elif column == ANSWER and side is not None:
                color = css_color(spec.verdicts[side].color)
                points = html.escape(str(record[POINTS_TO]))
                text += f' <span style="color:{color};font-weight:600">→ {points}</span>'
            cells.append(f"<td{attrs}>{text}</td>")
        body.append(f'<tr data-row="{index}">' + "".join(cells) + "</tr>")
    return (
        f'<table class="triage-table triage-matrix" data-matrix="{html.escape(key, quote=True)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _answer(spec: Spec, row: MatrixRow, answers: Mapping[str, str]) -> Answer | None:
    question = spec.question(row.question)
    value = answers.get(row.question)
    return question.answer(value) if value in question.values else None
