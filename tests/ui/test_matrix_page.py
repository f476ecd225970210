"""The comparison matrix page: the spec's rows, highlighted on the side the answers point to."""

from __future__ import annotations

import re

import pytest

from framework.spec.model import Spec
from framework.views.triage_link import spec_stamp
from tests.support.apptest import choose, open_app, switch_through_sidebar, texts, walk

MATRIX = "app_pages/matrix.py"
TRIAGE = "app_pages/triage.py"


def highlighted_cells(at) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(row, column) of every table cell with a background colour."""
    styles = at.table[0].proto.arrow_data.styler.styles
    cells: set[tuple[int, int]] = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", styles):
        if "background-color" in body:
            cells |= {(int(r), int(c)) for r, c in re.findall(r"row(\d+)_col(\d+)", selectors)}
    return cells


def test_matrix_shows_every_spec_row(spec: Spec) -> None:
    """Symptoms and both sides come from the spec, under the spec's verdict labels."""
    at = open_app(page=MATRIX)
    frame = at.table[0].value
    integration, process = spec.verdicts["integration"].label, spec.verdicts["process"].label
    assert list(frame["Symptom"]) == [row.symptom for row in spec.matrix]
    assert list(frame[integration]) == [row.integration for row in spec.matrix]
    assert list(frame[process]) == [row.process for row in spec.matrix]


def test_without_answers_nothing_is_highlighted() -> None:
    """An empty triage gets an explanation instead of highlights."""
    at = open_app(page=MATRIX)
    assert highlighted_cells(at) == set()
    assert set(at.table[0].value["Your answer points to"]) == {"—"}
    assert "No answers yet" in at.info[0].value


CASES = [
    ({"payload_consistent": "yes"}, {0: "Integration", 1: "Integration"}),
    (
        {"payload_consistent": "no", "retry_resolves": "no"},
        {0: "Process", 1: "Process", 3: "Process"},
    ),
    ({"varies_by_handler": "unsure", "root_cause": "schema_mismatch"}, {5: "Integration"}),
    ({"recurs_after_handoff": "yes", "root_cause": "missing_rule"}, {4: "Process", 5: "Process"}),
]


@pytest.mark.parametrize(("params", "sides"), CASES, ids=range(len(CASES)))
def test_settled_rows_are_marked_on_their_side(
    params: dict[str, str], sides: dict[int, str]
) -> None:
    """Rows the answers settle are highlighted on the side they point to and say so in text."""
    at = open_app(params, page=MATRIX)
    column = {"Integration": 1, "Process": 2}
    assert highlighted_cells(at) == {(row, column[side]) for row, side in sides.items()}
    marks = list(at.table[0].value["Your answer points to"])
    assert {i: m for i, m in enumerate(marks) if m != "—"} == sides
    assert f"Your answers settle **{len(sides)} of 6** rows." in texts(at)


def test_unsure_answer_settles_nothing() -> None:
    """'Not sure' is shown as the answer but points to neither side."""
    at = open_app({"varies_by_handler": "unsure"}, page=MATRIX)
    frame = at.table[0].value
    assert frame["Your answer"][2] == "Who handles it: Not sure"
    assert frame["Your answer points to"][2] == "—"
    assert highlighted_cells(at) == set()


def test_answers_survive_a_sidebar_switch_to_the_matrix_and_back() -> None:
    """Page switches drop the query string; the answers come back from the session into the URL."""
    at = walk(open_app(), ["yes", "no"])
    at.text_input[0].input("Refund mismatch").run()
    before = dict(at.query_params)
    switch_through_sidebar(at, MATRIX)
    assert at.query_params == before
    assert list(at.table[0].value["Your answer points to"])[:3] == ["Integration"] * 3
    assert [t.value for t in at.text] == ["Refund mismatch"]
    switch_through_sidebar(at, TRIAGE)
    assert at.query_params == before
    assert at.radio[0].value == "no"
    choose(at, "yes")
    assert at.query_params["varies_by_handler"] == "yes"


def test_link_to_the_matrix_restores_answers_in_a_new_session(spec: Spec) -> None:
    """A matrix link opened elsewhere shows the same highlights (the URL is the source of truth)."""
    at = open_app({"retry_resolves": "yes"}, page=MATRIX)
    assert highlighted_cells(at) == {(3, 1)}
    assert at.query_params == {"retry_resolves": "yes", "version": spec_stamp(spec)}
