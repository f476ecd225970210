"""The team lead's follow-up (AppTest, SQLite in tmp_path): action items and reasons set on a
group, kept through Save & share and shown read-only from the link; the difference between
two revisions with who changed what; one pasted record tagged; trends on the overview."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import texts
from tests.support.lead_page import (
    click,
    load_sample,
    ok,
    open_lead,
    override,
    plain,
    show_tab,
    upload,
)
from tests.support.sample_logs import DATA
from ui.lead import action_items as items
from ui.lead import intake

SAMPLE = "period_after.csv"
GROUP = "PO_AMENDMENT_WMS_GAP"


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "triage.db"
    monkeypatch.setenv("TRIAGE_DB_PATH", str(path))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRIAGE_SPEC", raising=False)
    return path


def set_item(at: AppTest, group: str, owner: str, status: str, due: date | None = None) -> AppTest:
    """Pick the group, fill the item form and press Save item."""
    show_tab(at, "Action items")
    ok(at.selectbox(key=items.GROUP_KEY).set_value(group).run())
    at.text_input(key=items.OWNER_KEY).input(owner)
    at.selectbox(key=items.STATUS_KEY).set_value(status)
    if due is not None:
        at.date_input(key=items.DUE_KEY).set_value(due)
    return click(at, "Save item")


def item_rows(at: AppTest) -> dict[str, dict[Hashable, Any]]:
    """The items table (the Action items tab's first dataframe) by group."""
    frame = at.dataframe[0].value
    return {row["Group"]: row for row in frame.to_dict("records")}


def save(at: AppTest, author: str = "") -> AppTest:
    show_tab(at, "Save & share")
    ok(at.text_input(key="lead.title").input("After the fixes").run())
    if author:
        ok(at.text_input(key="lead.author").input(author).run())
    label = next(
        b.label for b in at.button if b.label in ("Save & share", "Save as a new revision")
    )
    return click(at, label)


def test_every_group_starts_open_with_nobody_named() -> None:
    """Before anyone sets an item, each group is listed, open, unowned."""
    at = show_tab(load_sample(open_lead(), SAMPLE), "Action items")
    rows = item_rows(at)
    assert len(rows) == 7
    assert {row["Status"] for row in rows.values()} == {"Open"}
    assert {row["Owner"] for row in rows.values()} == {"—"}
    assert "Action items (CSV)" in [b.label for b in at.download_button]


def test_owner_and_status_are_saved_and_shown_from_the_link() -> None:
    """An owner, status and due date set on a group, saved, open read-only in a fresh session."""
    at = load_sample(open_lead(), SAMPLE)
    set_item(at, GROUP, "Amira Haddad", "in_progress", date(2024, 5, 31))
    assert "Item kept for PO_AMENDMENT_WMS_GAP" in at.success[0].value
    row = item_rows(at)[GROUP]
    assert (row["Owner"], row["Status"]) == ("Amira Haddad", "In progress")
    save(at, "Amira")
    analysis_id = at.query_params["analysis"]
    other = show_tab(open_lead({"analysis": analysis_id}), "Action items")
    row = item_rows(other)[GROUP]
    assert (row["Owner"], row["Status"], row["Due"]) == (
        "Amira Haddad",
        "In progress",
        date(2024, 5, 31),
    )
    assert not [b for b in other.button if b.label == "Save item"]
    assert "Read-only. To change items, edit a copy" in texts(other)


def test_reason_for_an_answer_set_by_hand() -> None:
    """Setting an answer by hand offers who and why; both are listed with the answer."""
    at = load_sample(open_lead(), SAMPLE)
    at.session_state["lead.selected"] = GROUP  # the group whose detail the Groups tab opens
    override(show_tab(at, "Groups"), GROUP, "varies_by_handler", "no")
    show_tab(at, "Action items")
    ok(at.selectbox(key=items.GROUP_KEY).set_value(GROUP).run())
    at.text_input(key=f"{items.FORM_KEY}.by.varies_by_handler").input("Tom")
    at.text_input(key=f"{items.FORM_KEY}.why.varies_by_handler").input("one runbook since May")
    click(at, "Save item")
    reasons = at.dataframe[1].value.to_dict("records")
    assert reasons == [
        {
            "Group": GROUP,
            "Question": "2. Who handles it",
            "Set to": "No",
            "The log says": "Yes",
            "Who": "Tom",
            "Why": "one runbook since May",
        }
    ]


def test_history_shows_who_changed_what() -> None:
    """Revision 1 by Amira, an edited copy saved by Tom with a new status: the History tab
    lists the status change, credited to revision 2 by Tom."""
    at = load_sample(open_lead(), SAMPLE)
    set_item(at, GROUP, "Amira Haddad", "in_progress")
    save(at, "Amira")
    analysis_id = at.query_params["analysis"]
    other = open_lead({"analysis": analysis_id})
    click(other, "Edit a copy")
    set_item(other, GROUP, "Amira Haddad", "done")
    save(other, "Tom")
    reader = show_tab(open_lead({"analysis": analysis_id, "rev": "2"}), "History")
    changes = reader.dataframe[1].value.to_dict("records")
    assert [
        (c["Group"], c["What"], c["Before"], c["After"], c["Changed in"], c["By"]) for c in changes
    ] == [(GROUP, "Status", "In progress", "Done", 2, "Tom")]


@pytest.mark.parametrize(
    ("record", "shown"),
    [
        (
            '{"error_code": "PO_AMENDMENT_WMS_GAP"}',
            "Primary type: Process problem · both types present: yes",
        ),
        ('{"error_code": "NEVER_SEEN"}', "unknown-group: this analysis has not seen this group"),
        ("[1, 2]", "This is not one exception record: holds list, not a JSON object"),
        ("", "Paste a record first"),
    ],
)
def test_tag_one_pasted_record(record: str, shown: str) -> None:
    """A pasted record gets its group's tag; an unseen group or a bad paste says so."""
    at = show_tab(load_sample(open_lead(), SAMPLE), "Tag a record")
    at.text_area(key=intake.RECORD_KEY).input(record)
    click(at, "Tag it")
    assert shown in texts(at) + plain("\n".join(e.value for e in at.error))
    if "Primary type" in shown:
        assert '"triage": {"group": "PO_AMENDMENT_WMS_GAP", "verdict": "both"' in at.code[0].value
        assert "Save the analysis first" in texts(at)


def test_example_record_tags_the_top_group() -> None:
    """ "Use an example" fills in a record of the most recurring group, which tags as it."""
    at = show_tab(load_sample(open_lead(), SAMPLE), "Tag a record")
    click(at, "Use an example")
    click(at, "Tag it")
    assert "Group: BOPIS_CANCEL_NOT_SYNCED" in texts(at)


def test_trends_on_the_overview() -> None:
    """A group that stopped in the last week of a log reads quiet, with the rule stated."""
    before = (DATA / "period_before.csv").read_bytes()
    after = (DATA / "period_after.csv").read_bytes().split(b"\n", 1)[1]
    at = upload(open_lead(), "queue.csv", before + after)
    show_tab(at, "Overview")
    shown = texts(at)
    assert "New, escalating and quiet groups" in shown
    assert "The last 7 days of the log (06 May – 12 May 2024)" in shown
    trends = next(frame.value for frame in at.dataframe if "Trend" in frame.value.columns)
    assert trends.to_dict("records")[0] == {
        "Group": "INV_SYNC_DRIFT",
        "Trend": "Quiet",
        "A week lately": 1.0,
        "A week before": 11.8,
    }
    assert "**Escalating** (0): At least 3 exceptions in the last 7 days" in shown


def test_short_log_says_why_there_are_no_trends() -> None:
    """A log of a few days has no baseline; the overview says what trends need."""
    log = b"timestamp,error_code\n2024-05-01,A\n2024-05-03,A\n2024-05-04,B\n"
    at = show_tab(upload(open_lead(), "short.csv", log), "Overview")
    assert "The log covers 4 days; trends need at least 14" in texts(at)
