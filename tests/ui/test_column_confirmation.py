"""The team lead's page asks to confirm guessed columns before any verdict, and shows a
group's warnings in its detail: AppTest through the Columns, Overview and Groups tabs."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.lead_page import click, load_sample, ok, open_lead, plain, show_tab, upload
from tests.support.warning_logs import FIRM, THIN, thin_log
from ui.lead.column_picker import column_key
from ui.lead.page import TAB_KEY

CONFIRM = "Confirm this column"


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test saves into its own SQLite file, never the project's triage.db."""
    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)


def shown(at: AppTest) -> str:
    """Every text the page shows as Markdown, captions and alerts, joined."""
    parts = [*at.markdown, *at.caption, *at.warning, *at.info, *at.error]
    notes = [html.unescape(element.proto.body) for element in at.get("html")]
    return plain(" ".join([*(str(part.value) for part in parts), *notes]))


def guessed() -> AppTest:
    """The page after uploading a log whose error code only its values suggest."""
    return upload(open_lead(), "thin.csv", thin_log("col6"))


def test_a_guessed_column_holds_the_verdicts_until_confirmed() -> None:
    """The Columns tab opens with the guess, why it was guessed and one confirm button; the
    other tabs show no verdict until the user confirms."""
    at = guessed()
    assert at.session_state[TAB_KEY] == "Columns"
    text = shown(at)
    assert "Confirm 1 guessed column before the verdicts." in text
    assert "Error code / type" in text and "'col6'" in text
    assert "A guess: confirm it (52%): no header names it" in text
    show_tab(at, "Overview")
    assert at.session_state[TAB_KEY] == "Columns"  # no analysis: back to the columns
    assert not at.metric


def test_confirming_shows_the_verdicts_and_the_column_is_yours() -> None:
    """After "Confirm this column" the analysis appears; the column reads "Confirmed by you"
    and no verdict warns of a guessed column any more."""
    at = click(guessed(), CONFIRM)
    assert "Confirmed by you" in shown(at)
    assert not [b for b in at.button if b.label == CONFIRM]
    show_tab(at, "Overview")
    assert [m.label for m in at.metric][:1] == ["Exceptions"]
    show_tab(at, "Groups")
    assert "guessed column" not in shown(at)


def test_changing_the_guessed_column_also_answers_the_question() -> None:
    """Picking another column by hand for the guessed field is the user's word too; going
    back to the detected columns brings the question back."""
    at = guessed()
    ok(at.selectbox(key=column_key("error_code")).set_value("Notes").run())
    assert "Confirm 1 guessed column" not in shown(at)
    at = click(at, "Back to the detected columns")
    assert "Confirm 1 guessed column" in shown(at)


def test_a_well_named_log_needs_no_confirmation() -> None:
    """A sample whose columns are named shows its verdicts at once."""
    at = load_sample(open_lead(), "exceptions_ops.csv")
    assert "guessed column" not in shown(at)
    show_tab(at, "Overview")
    assert at.metric


@pytest.mark.parametrize(
    ("group", "expected", "absent"),
    [
        (FIRM, ["Only 5. Root cause decided the verdict"], "rests on 8 occurrences"),
        (THIN, ["Only 5. Root cause decided", "rests on 8 occurrences; a firm verdict"], None),
    ],
)
def test_the_group_detail_shows_its_warnings(
    group: str, expected: list[str], absent: str | None
) -> None:
    """The selected group's detail lists exactly its warnings under its verdict."""
    at = upload(open_lead(), "thin.csv", thin_log("Error code"))
    show_tab(at, "Groups")
    picker = next(s for s in at.selectbox if group in [str(o) for o in s.options])
    ok(picker.set_value(group).run())
    warnings = plain(" ".join(str(w.value) for w in at.warning))
    assert "This verdict rests on a guess or on little data." in warnings
    assert all(text in warnings for text in expected)
    assert absent is None or absent not in warnings
