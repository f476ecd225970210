"""The team lead picks the rows to analyse: one column's values kept or left out, and a date
range; the overview says what was kept, and the filter travels with a saved analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.lead_page import click, ok, open_lead, show_tab, upload
from ui.lead.row_picker import (
    COLUMN_KEY,
    LEAVE_OUT,
    MODE_KEY,
    SINCE_KEY,
    UNTIL_KEY,
    VALUES_KEY,
)

LEVELS = ["INFO", "INFO", "WARN", "ERROR", "INFO", "DEBUG"]


def system_log(rows: int = 60) -> bytes:
    """A CSV system log: levels (a third WARN or ERROR), two codes, ten days."""
    lines = ["id,time,level,error_code,message"]
    for n in range(rows):
        level = LEVELS[n % len(LEVELS)]
        code = "SKU_UNKNOWN" if n % 2 else "RMA_MISSING"
        lines.append(f"L{n},2024-03-{1 + n % 10:02d}T10:00:00Z,{level},{code},line {n}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test saves into its own SQLite file."""
    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)


def apply(at: AppTest, **values: object) -> AppTest:
    """Fill the filter form and press Apply."""
    for key, value in values.items():
        widget = {
            COLUMN_KEY: at.selectbox,
            VALUES_KEY: at.multiselect,
            MODE_KEY: at.radio,
        }.get(key, at.date_input)(key=key)
        widget.set_value(value)
    return click(at, "Apply")


def rows_title(at: AppTest) -> str:
    """The title of the Columns tab's "Rows analysed" section."""
    titles = [e.label for e in at.expander if e.label.startswith("Rows analysed: ")]
    assert len(titles) == 1, [e.label for e in at.expander]
    return titles[0]


def overview_lines(at: AppTest) -> list[str]:
    return [element.value for element in show_tab(at, "Overview").text]


@pytest.mark.parametrize(
    ("values", "exceptions", "said"),
    [
        (
            {COLUMN_KEY: "level", VALUES_KEY: ["WARN", "ERROR"]},
            20,
            "Rows: level is WARN or ERROR (20 kept of 60 read)",
        ),
        (
            {COLUMN_KEY: "level", VALUES_KEY: ["INFO", "DEBUG"], MODE_KEY: LEAVE_OUT},
            20,
            "Rows: level is not INFO or DEBUG (20 kept of 60 read)",
        ),
        (
            {SINCE_KEY: "2024-03-09", UNTIL_KEY: "2024-03-10"},
            12,
            "Rows: from 2024-03-09; until 2024-03-10 (12 kept of 60 read)",
        ),
    ],
    ids=["keep-values", "leave-values-out", "date-range"],
)
def test_the_rows_picked_are_the_rows_analysed(
    values: dict[str, object], exceptions: int, said: str
) -> None:
    """Applied, the filter decides what is counted; the overview says what it kept of what
    was read, and the Columns tab's section is titled with it."""
    at = show_tab(upload(open_lead(), "system.csv", system_log()), "Columns")
    at = apply(at, **values)
    assert said in overview_lines(at)
    assert at.metric[0].value == f"{exceptions:,}"
    title = rows_title(show_tab(at, "Columns"))
    assert title == "Rows analysed: " + said.removeprefix("Rows: ").split(" (")[0]


def test_every_row_again_and_nothing_else_lost() -> None:
    """'Analyse every row' drops the filter; the group-by and the log stay as they were."""
    at = show_tab(upload(open_lead(), "system.csv", system_log()), "Columns")
    at = apply(at, **{COLUMN_KEY: "level", VALUES_KEY: ["ERROR"]})
    assert rows_title(ok(at)) == "Rows analysed: level is ERROR"
    at = click(at, "Analyse every row")
    assert rows_title(at) == "Rows analysed: every row"
    assert not [line for line in overview_lines(at) if line.startswith("Rows:")]
    assert at.metric[0].value == "60"


def test_a_filter_that_keeps_nothing_says_so() -> None:
    """A value no row holds leaves no group: the page says no row is left, without a
    traceback, and the form still shows the filter to change it."""
    at = show_tab(upload(open_lead(), "system.csv", system_log()), "Columns")
    at = apply(at, **{COLUMN_KEY: "level", VALUES_KEY: ["WARN"], MODE_KEY: LEAVE_OUT})
    at = apply(at, **{SINCE_KEY: "2025-01-01"})
    assert not at.exception
    assert any("No row is left" in warning.value for warning in at.warning)


def test_the_filter_travels_with_a_saved_analysis() -> None:
    """Saved and opened from its link, the analysis still says which rows it counted."""
    at = show_tab(upload(open_lead(), "system.csv", system_log()), "Columns")
    at = apply(at, **{COLUMN_KEY: "level", VALUES_KEY: ["WARN", "ERROR"]})
    at = click(show_tab(at, "Save & share"), "Save & share")
    shared = open_lead({"analysis": at.query_params["analysis"]})
    assert "Rows: level is WARN or ERROR (20 kept of 60 read)" in overview_lines(shared)
