"""Save & share on the team lead's page (AppTest, SQLite in tmp_path): links open read-only
in a fresh session, "Edit a copy" saves new revisions, bad links and a changed questions
file are explained, an unusable database is a message that leaves the page working, and a
save whose run is cut short is still told (or said to be uncertain)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import StopException
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.testing.v1 import AppTest

from framework.spec.loader import DEFAULT_SPEC_PATH, load_spec
from framework.store.config import sqlite_url
from framework.store.records import SavedRef, SaveOutcomeUnknown
from framework.store.saved_analyses import Store, open_store
from tests.support.apptest import switch_through_sidebar, texts
from tests.support.lead_page import (
    click,
    group_rows,
    load_sample,
    ok,
    open_lead,
    override,
    plain,
    show_tab,
)
from tests.support.markdown_check import constructs, literal
from ui import ANALYZE_PAGE, MATRIX_PAGE
from ui.lead.column_picker import column_key
from ui.lead.group_detail import answer_key

SAMPLE = "exceptions_ops.csv"
GROUP = "INV_SYNC_DRIFT"


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Each test has its own SQLite file (as a fresh deployment would)."""
    path = tmp_path / "triage.db"
    monkeypatch.setenv("TRIAGE_DB_PATH", str(path))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRIAGE_SPEC", raising=False)
    return path


def save(at: AppTest, title: str = "Week 12", *, attach: bool = False, note: str = "") -> AppTest:
    """Fill in the Save & share form and press the save button."""
    show_tab(at, "Save & share")
    ok(at.text_input(key="lead.title").input(title).run())
    if note:
        ok(at.text_input(key="lead.note").input(note).run())
    if attach:
        ok(at.checkbox(key="lead.attach").check().run())
    label = next(
        b.label for b in at.button if b.label in ("Save & share", "Save as a new revision")
    )
    return click(at, label)


def saved_analysis(*, attach: bool = False) -> tuple[AppTest, str]:
    """The sample analysed, one answer overridden, saved; returns the session and the id."""
    at = show_tab(load_sample(open_lead(), SAMPLE), "Groups")
    override(at, GROUP, "payload_consistent", "no")
    save(at, attach=attach)
    return at, at.query_params["analysis"]


def test_save_shows_the_link_and_puts_it_in_the_address() -> None:
    """Saving gives revision 1, a link to copy, and the same id and revision in the URL."""
    at, analysis_id = saved_analysis()
    assert at.query_params == {"analysis": analysis_id, "rev": "1"}
    assert at.success[0].value.startswith("Saved as revision 1.")
    assert at.code[0].value == f"http://localhost:8501/analyze?analysis={analysis_id}&rev=1"


def test_link_opens_read_only_in_a_fresh_session() -> None:
    """Another browser sees the same groups, verdicts and override, with nothing editable:
    the analysis' title heads the page, each prompt reads as text with its answer beside it
    (no greyed-out control)."""
    at, analysis_id = saved_analysis()
    mine = group_rows(show_tab(at, "Groups"))
    other = open_lead({"analysis": analysis_id, "rev": "1"})
    assert [t.value for t in other.title] == ["Week 12"]  # the saved title heads the page
    assert "Shared analysis, read-only · revision 1 of 1" in other.info[0].value
    assert [t.label for t in other.tabs] == [
        "Overview",
        "Groups",
        "Cost",
        "Action items",
        "Tag a record",
        "Downloads",
        "History",
    ]
    theirs = group_rows(show_tab(other, "Groups"))
    assert theirs == mine
    assert theirs[0]["1. Payload pattern"] == "No ✎"
    assert not [s for s in other.selectbox if s.key == answer_key(GROUP, "payload_consistent")]
    shown = texts(other)
    assert "**Answer: No** · *set by hand; the log says Yes*" in shown
    assert load_spec().question("payload_consistent").prompt in shown
    assert not [b for b in other.button if b.label.startswith("Save")]
    assert not other.file_uploader


def test_title_is_the_heading_and_markdown_in_it_stays_text() -> None:
    """A saved title heads the shared page, escaped: it never becomes a link or an image."""
    at = show_tab(load_sample(open_lead(), SAMPLE), "Groups")
    save(at, "![x](http://evil.example/p.png) Week *12*")
    other = open_lead({"analysis": at.query_params["analysis"]})
    (title,) = [t.value for t in other.title]
    assert constructs(title) == [] and literal(title) == "![x](http://evil.example/p.png) Week *12*"


def test_link_without_revision_opens_the_latest_and_writes_it_in() -> None:
    """`?analysis=<id>` alone shows the latest revision and adds `rev` to the address."""
    _, analysis_id = saved_analysis()
    other = open_lead({"analysis": analysis_id})
    assert other.query_params == {"analysis": analysis_id, "rev": "1"}


def test_edit_a_copy_then_save_adds_revision_two_and_keeps_one() -> None:
    """Edit a copy, change an answer, save: revision 2 appears; revision 1 is unchanged."""
    _, analysis_id = saved_analysis()
    other = open_lead({"analysis": analysis_id, "rev": "1"})
    click(other, "Edit a copy")
    assert [t.label for t in other.tabs][-1] == "Save & share"
    show_tab(other, "Groups")
    override(other, GROUP, "payload_consistent", "yes")
    assert group_rows(other)[0]["Verdict"] == "Integration problem"
    save(other, "Week 12, checked", note="payload is consistent after all")
    assert other.query_params == {"analysis": analysis_id, "rev": "2"}
    assert other.success[0].value.startswith("Saved as revision 2.")
    first = open_lead({"analysis": analysis_id, "rev": "1"})
    assert group_rows(show_tab(first, "Groups"))[0]["Verdict"] == "Process problem"
    assert "A newer revision exists: revision 2." in texts(first)
    history = show_tab(first, "History").dataframe[0].value
    assert list(history["Revision"]) == [1, 2]
    assert list(history["Note"]) == ["", "payload is consistent after all"]
    assert list(history["Started from"]) == ["a new analysis", "revision 1"]
    assert list(history["Log stored"]) == ["no", "no"]


def test_two_people_saving_from_the_same_revision_both_keep_their_work() -> None:
    """Two copies of revision 1 saved one after the other: revisions 2 and 3, the second told."""
    _, analysis_id = saved_analysis()
    first, second = (open_lead({"analysis": analysis_id, "rev": "1"}) for _ in range(2))
    for at in (first, second):
        click(at, "Edit a copy")
    save(first, "First")
    save(second, "Second")
    assert first.query_params["rev"] == "2" and second.query_params["rev"] == "3"
    assert "1 other revision was saved from the same starting point" in second.warning[0].value
    assert not first.warning


def test_saved_log_gives_the_tagged_sheet_and_editable_columns() -> None:
    """With the log attached, nothing says it was not saved: the header says it is stored,
    Downloads and the group detail say how to read it, and reading it brings the tagged rows
    and the sample rows; an editor gets the columns."""
    _, analysis_id = saved_analysis(attach=True)
    reader = open_lead({"analysis": analysis_id})
    assert "log stored with it" in texts(reader)
    show_tab(reader, "Groups")
    assert "stored with this revision but not read yet" in texts(reader)
    show_tab(reader, "Downloads")
    shown = texts(reader)
    assert "not saved" not in shown and "without its log" not in shown
    assert "Tagged sheet (CSV)" not in [b.label for b in reader.download_button]
    click(reader, "Read the stored log")
    assert "Tagged sheet (CSV)" in [b.label for b in reader.download_button]
    assert "Read the stored log" not in [b.label for b in reader.button]
    show_tab(reader, "Groups")
    assert "Sample rows" in texts(reader) and len(reader.dataframe) >= 2
    editor = click(open_lead({"analysis": analysis_id}), "Edit a copy")
    show_tab(editor, "Columns")
    assert editor.selectbox(key=column_key("handler")).value == "handler"
    assert f"{SAMPLE} · 1,984 rows" in texts(editor)


def test_without_the_log_overrides_and_costs_still_edit() -> None:
    """A copy of an analysis saved without its log keeps its columns fixed, answers editable;
    the shared view says plainly that the log was not saved."""
    _, analysis_id = saved_analysis()
    reader = open_lead({"analysis": analysis_id})
    assert "saved without its log" in texts(reader)
    show_tab(reader, "Downloads")
    assert "Read the stored log" not in [b.label for b in reader.button]
    editor = click(open_lead({"analysis": analysis_id}), "Edit a copy")
    show_tab(editor, "Columns")
    assert "saved without its log" in editor.info[0].value
    assert not [s for s in editor.selectbox if s.key and s.key.startswith("lead.column.")]
    show_tab(editor, "Groups")
    override(editor, GROUP, "root_cause", "missing_rule")
    assert group_rows(editor)[0]["5. Root cause"] == "Missing decision rule ✎"
    save(editor)
    assert editor.query_params["rev"] == "2"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"analysis": "A" * 22}, "No saved analysis has the id AAAAAAAAAAAAAAAAAAAAAA"),
        ({"analysis": "not-an-id"}, "'not-an-id' is not a saved-analysis id"),
        ({"analysis": "{id}", "rev": "99"}, "has no revision 99"),
        ({"analysis": "{id}", "rev": "two"}, "'two' is not a revision number"),
        ({"analysis": "{id}", "rev": "0"}, "0 is not a revision number"),
        ({"analysis": "{id}", "rev": "²"}, "'²' is not a revision number"),
        ({"analysis": "{id}", "rev": "١"}, "'١' is not a revision number"),
        ({"analysis": "{id}", "rev": ""}, "'' is not a revision number"),
        ({"analysis": "{id}", "rev": " 1"}, "' 1' is not a revision number"),
        ({"analysis": "{id}", "rev": "+1"}, "'+1' is not a revision number"),
        ({"analysis": "{id}", "rev": "2147483648"}, "'2147483648' is not a revision number"),
        ({"analysis": "{id}", "rev": "9" * 23}, "'99999999999999999...' is not a revision"),
        ({"analysis": "{id}", "rev": "7" * 5000}, "'77777777777777777...' is not a revision"),
        ({"analysis": "{id}", "rev": "999999999"}, "has no revision 999999999"),
    ],
)
def test_bad_links_say_what_is_wrong(params: dict[str, str], message: str) -> None:
    """Unknown ids, malformed ids, revisions that are not plain numbers from 1 (other digits,
    empty, signed, beyond the column, thousands of digits) and missing revisions get a
    message and a way out, never the generic error box."""
    _, analysis_id = saved_analysis()
    link = {key: value.replace("{id}", analysis_id) for key, value in params.items()}
    at = open_lead(link)
    assert message in plain(at.error[0].value)
    click(at, "Start a new analysis")
    assert at.query_params == {} and at.file_uploader


def test_changed_questions_file_is_announced_and_answers_re_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A link saved under questions 1.0, opened under 1.1, says so and still opens."""
    _, analysis_id = saved_analysis()
    changed = tmp_path / "questions.yaml"
    text = DEFAULT_SPEC_PATH.read_text(encoding="utf-8")
    changed.write_text(text.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    monkeypatch.setenv("TRIAGE_SPEC", str(changed))
    at = open_lead({"analysis": analysis_id})
    notice = plain(at.warning[0].value)
    assert notice.startswith("Saved with questions.yaml 1.0 (")
    assert "the app now runs 1.1" in notice and "re-evaluated under the current rules" in notice
    assert group_rows(show_tab(at, "Groups"))[0]["Verdict"] == "Process problem"


def test_same_questions_file_has_no_notice() -> None:
    """Under the questions file it was saved with, a link shows no version notice."""
    _, analysis_id = saved_analysis()
    at = open_lead({"analysis": analysis_id})
    assert not any("Saved with questions.yaml" in w.value for w in at.warning)


def test_read_only_view_survives_a_page_switch() -> None:
    """Leaving for another page and coming back shows the same shared revision."""
    _, analysis_id = saved_analysis()
    at = open_lead({"analysis": analysis_id, "rev": "1"})
    switch_through_sidebar(at, MATRIX_PAGE)
    switch_through_sidebar(at, ANALYZE_PAGE)
    assert at.query_params == {"analysis": analysis_id, "rev": "1"}
    assert "Shared analysis, read-only" in at.info[0].value


def test_unusable_database_is_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A database URL that cannot work explains itself where Save & share would be."""
    monkeypatch.setenv("TRIAGE_DATABASE_URL", "nosuchdriver://somewhere/db")
    at = show_tab(load_sample(open_lead(), SAMPLE), "Save & share")
    assert at.error and not at.exception
    assert not [b for b in at.button if b.label == "Save & share"]


def test_cost_settings_travel_with_the_link() -> None:
    """Minutes per fix saved with the analysis show read-only in another session."""
    at = show_tab(load_sample(open_lead(), SAMPLE), "Cost")
    ok(at.number_input(key="lead.cost.minutes").set_value(30.0).run())
    save(at)
    other = show_tab(open_lead({"analysis": at.query_params["analysis"]}), "Cost")
    minutes = other.number_input(key="lead.cost.minutes")
    assert (minutes.value, minutes.disabled) == (30.0, True)
    assert other.metric[0].value == "115.7 h"
    assert not other.data_editor


def not_a_database(path: Path) -> None:
    """Replace the file with bytes SQLite cannot read as a database."""
    path.write_bytes(b"order_id,code\n1,SKU_NOT_FOUND\n" * 300)


def test_a_corrupt_database_keeps_the_tab_and_the_rest_of_the_page(own_database: Path) -> None:
    """TRIAGE_DB_PATH pointing at a file that is not a database: Save & share stays on screen
    with what is wrong and what to do, and the downloads and the other tabs still work."""
    not_a_database(own_database)
    at = show_tab(load_sample(open_lead(), SAMPLE), "Save & share")
    message = plain(at.error[0].value)
    assert message.startswith(f"{own_database} is not an SQLite database")
    assert "Point TRIAGE_DB_PATH at the right file" in message
    assert [b.label for b in at.button if b.label == "Try again"]
    downloads = show_tab(at, "Downloads")
    assert "Report (HTML)" in [b.label for b in downloads.download_button]
    assert group_rows(show_tab(at, "Groups"))[0]["Verdict"]
    assert not at.error and not at.exception


def test_a_link_on_a_corrupt_database_says_why_and_offers_a_way_back(
    own_database: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A share link opened while the database file is unreadable explains it, with a way out."""
    _, analysis_id = saved_analysis()
    broken = tmp_path / "broken.db"
    not_a_database(broken)
    monkeypatch.setenv("TRIAGE_DB_PATH", str(broken))
    at = open_lead({"analysis": analysis_id})
    message = plain(at.error[0].value)
    assert message.startswith(f"This link cannot be opened now. {broken} is not an SQLite")
    click(at, "Start a new analysis")
    assert at.query_params == {} and at.file_uploader


def test_a_read_only_database_refuses_the_save_and_keeps_the_form(
    own_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save to a database the app may only read says nothing was saved and why; the draft
    is not marked saved and the form stays to try again."""
    open_store(sqlite_url(own_database)).close()
    monkeypatch.setenv("TRIAGE_DATABASE_URL", f"sqlite:///file:{own_database}?mode=ro&uri=true")
    at = save(load_sample(open_lead(), SAMPLE))
    assert plain(at.error[0].value).startswith(
        f"Nothing was saved. The saved-analyses file {own_database} can only be read"
    )
    assert not at.toast  # the run that saved showed it where the user is
    assert at.query_params == {}
    assert [b for b in at.button if b.label == "Save & share"]


def stop_the_run_after(monkeypatch: pytest.MonkeyPatch, *, inside: bool) -> None:
    """Let `Store.create` commit, then end the script run: at its next Streamlit call, as a
    click made during the save does (`inside=False`), or at once, inside the save."""
    real = Store.create

    def create_then_stop(self: Store, *args: Any, **kwargs: Any) -> SavedRef:
        ref = real(self, *args, **kwargs)
        if inside:
            raise StopException()
        context = get_script_run_ctx()
        assert context is not None and context.script_requests is not None
        context.script_requests.request_stop()
        return ref

    monkeypatch.setattr(Store, "create", create_then_stop)


def test_a_save_whose_run_was_cut_short_is_still_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run that saved is stopped right after the commit (a click meanwhile): the next run
    still puts the link in the address, marks the draft saved and says so."""
    stop_the_run_after(monkeypatch, inside=False)
    at = save(load_sample(open_lead(), SAMPLE))
    assert not at.success
    ok(at.run())
    analysis_id = at.query_params["analysis"]
    assert at.query_params == {"analysis": analysis_id, "rev": "1"}
    assert at.toast[0].value == "Saved as revision 1."
    assert at.success[0].value.startswith("Saved as revision 1.")
    assert [b for b in at.button if b.label == "Save as a new revision"]


def test_a_save_interrupted_inside_says_it_may_have_been_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The run ends inside the save, after the commit but before the app heard back: the page
    says it may or may not have been saved and gives the link that tells; the draft does not
    claim a save it cannot vouch for."""
    stop_the_run_after(monkeypatch, inside=True)
    at = save(load_sample(open_lead(), SAMPLE))
    ok(at.run())
    assert at.toast[0].value.startswith("Your save may or may not have been saved")
    assert plain(at.warning[0].value).startswith(
        "The app was interrupted during this save, before the database answered, so it may "
        "or may not have been saved. Open the link below once the database answers: if the "
        "analysis opens, it was saved"
    )
    link = at.code[0].value
    assert link.startswith("http://localhost:8501/analyze?analysis=")
    assert at.query_params == {} and [b for b in at.button if b.label == "Save & share"]
    other = open_lead({"analysis": link.rsplit("=", 1)[1]})
    assert "Shared analysis, read-only · revision 1 of 1" in other.info[0].value


def test_an_unknown_outcome_from_the_database_is_told_honestly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the database stops answering during the commit of a new revision, the page says it
    may or may not have been saved and how to check, and keeps the draft on its base."""
    at, analysis_id = saved_analysis()

    def stopped(self: Store, analysis: str, *args: Any, **kwargs: Any) -> SavedRef:
        raise SaveOutcomeUnknown("stopped answering", SavedRef(analysis, 2, 1))

    monkeypatch.setattr(Store, "save_revision", stopped)
    save(at, "Week 12, again")
    warning = plain(at.warning[0].value)
    assert warning.startswith(
        "The database stopped answering while this save was being committed, so it may or "
        "may not have been saved. Open the link below once the database answers and look at "
        "its “History” tab: a revision saved at "
    )
    assert at.code[0].value == f"http://localhost:8501/analyze?analysis={analysis_id}"
    assert at.query_params == {"analysis": analysis_id, "rev": "1"}
