"""The comparison matrix page: the framework's five rows and, apart, the row this app adds,
highlighted on the side the answers point to; a table that turns into cards on a phone."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
from streamlit.testing.v1 import AppTest

from framework.spec.model import Spec
from framework.views.triage_link import spec_stamp
from tests.support.apptest import choose, open_app, switch_through_sidebar, texts, walk

MATRIX = "app_pages/matrix.py"
TRIAGE = "app_pages/triage.py"


def table(at: AppTest, key: str = "framework") -> ET.Element:
    """The matrix table with this key, parsed."""
    body = next(e.proto.body for e in at.get("html") if f'data-matrix="{key}"' in e.proto.body)
    return ET.fromstring(body)


def cells(at: AppTest, key: str = "framework") -> list[list[str]]:
    """Each row's cell texts."""
    return [
        ["".join(td.itertext()) for td in tr.findall("td")]
        for tr in table(at, key).iter("tr")
        if tr.findall("td")
    ]


def highlighted_cells(at: AppTest, key: str = "framework") -> set[tuple[int, int]]:
    """(row, column) of every cell marked as the side an answer settles."""
    rows = [tr for tr in table(at, key).iter("tr") if tr.findall("td")]
    return {
        (r, c)
        for r, tr in enumerate(rows)
        for c, td in enumerate(tr.findall("td"))
        if td.get("class") == "settled"
    }


def answer_sides(at: AppTest) -> dict[int, str]:
    """Row → the side the answer column says the answer points to (framework rows, then added)."""
    rows = cells(at) + cells(at, "added")
    return {i: row[3].split("→ ")[1] for i, row in enumerate(rows) if "→" in row[3]}


def test_matrix_shows_the_frameworks_rows_and_the_apps_row_apart(spec: Spec) -> None:
    """The framework's five symptoms and both sides come from the spec, under the spec's verdict
    labels; the row for step 4 is shown apart, labelled as this app's addition."""
    at = open_app(page=MATRIX)
    integration, process = spec.verdicts["integration"].label, spec.verdicts["process"].label
    heads = ["".join(th.itertext()) for th in table(at).iter("th")]
    assert heads == ["Symptom", integration, process, "Your answer"]
    assert [row[:3] for row in cells(at)] == [
        [row.symptom, row.integration, row.process] for row in spec.matrix
    ]
    assert [row.symptom for row in spec.matrix] == [
        "Exception payload",
        "Handoff point",
        "Resolution path",
        "Retry behaviour",
        "Root cause",
    ]
    assert all("site" not in row.process for row in spec.matrix)
    added = spec.matrix_additions
    assert [row[:3] for row in cells(at, "added")] == [
        [row.symptom, row.integration, row.process] for row in added.rows
    ]
    assert added.note in texts(at)


def test_cells_carry_their_column_for_the_phone_layout() -> None:
    """Every cell names its column, which a phone shows above it when rows become cards."""
    at = open_app(page=MATRIX)
    labels = {td.get("data-label") for td in table(at).iter("td")}
    assert labels == {"Symptom", "Integration problem", "Process problem", "Your answer"}


def test_spec_text_is_escaped_in_the_table(spec: Spec) -> None:
    """The table is built from escaped text: markup in a spec text shows as text."""
    from ui.operator.matrix import matrix_frame, matrix_html

    hostile = spec.matrix[0].__class__("<b>x</b> & y", spec.matrix[0].question, "a", "b")
    page = matrix_html(spec, matrix_frame(spec, {}, [hostile]), [None], "t")
    assert html.escape("<b>x</b> & y") in page and "<b>x</b>" not in page


def test_without_answers_nothing_is_highlighted() -> None:
    """An empty triage gets an explanation instead of highlights."""
    at = open_app(page=MATRIX)
    assert highlighted_cells(at) == set()
    assert {row[3] for row in cells(at)} == {"—"}
    assert "No answers yet" in at.info[0].value


# Rows 0-4 are the framework's matrix, row 5 the app's added row (step 4).
CASES = [
    ({"payload_consistent": "yes"}, {0: "Integration", 1: "Integration"}),
    (
        {"payload_consistent": "no", "retry_resolves": "no"},
        {0: "Process", 1: "Process", 3: "Process"},
    ),
    ({"varies_by_handler": "unsure", "root_cause": "schema_mismatch"}, {4: "Integration"}),
    ({"recurs_after_handoff": "yes", "root_cause": "missing_rule"}, {5: "Process", 4: "Process"}),
]


@pytest.mark.parametrize(("params", "sides"), CASES, ids=range(len(CASES)))
def test_settled_rows_are_marked_on_their_side(
    params: dict[str, str], sides: dict[int, str]
) -> None:
    """Rows the answers settle are highlighted on the side they point to and say so in text."""
    at = open_app(params, page=MATRIX)
    column = {"Integration": 1, "Process": 2}
    framework_rows = {(r, column[side]) for r, side in sides.items() if r < 5}
    added_rows = {(r - 5, column[side]) for r, side in sides.items() if r >= 5}
    assert highlighted_cells(at) == framework_rows
    assert highlighted_cells(at, "added") == added_rows
    assert answer_sides(at) == sides
    assert f"Your answers settle **{len(sides)} of 6** rows." in texts(at)


def test_unsure_answer_settles_nothing() -> None:
    """'Not sure' is shown as the answer but points to neither side."""
    at = open_app({"varies_by_handler": "unsure"}, page=MATRIX)
    assert cells(at)[2][3] == "Who handles it: Not sure"
    assert answer_sides(at) == {}
    assert highlighted_cells(at) == set()


def test_answers_survive_a_sidebar_switch_to_the_matrix_and_back() -> None:
    """Page switches drop the query string; the answers come back from the session into the URL."""
    at = walk(open_app(), ["yes", "no"])
    at.text_input[0].input("Refund mismatch").run()
    before = dict(at.query_params)
    switch_through_sidebar(at, MATRIX)
    assert at.query_params == before
    assert [answer_sides(at)[i] for i in range(3)] == ["Integration"] * 3
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
