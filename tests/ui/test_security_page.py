"""Log content is never rendered as HTML or Markdown: script, image and link payloads in
every field, header, group name, file name, sheet name, title and note stay plain text on
the team lead's page, in the shared (saved) view and in both reports (HTML and Markdown)."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from openpyxl import Workbook  # type: ignore[import-untyped]
from streamlit.testing.v1 import AppTest

from framework import markdown_escape
from tests.support.lead_page import click, ok, open_lead, show_tab, upload
from tests.support.payload_logs import (
    HOSTILE_FILENAME,
    HOSTILE_SHEET,
    IMAGE,
    LINK,
    SCRIPT,
    hostile_csv,
    html_hazards,
    unescaped,
)
from ui.lead.share import ATTACH_KEY, AUTHOR_KEY, NOTE_KEY, TITLE_KEY

OWN_TABS = (
    "Columns",
    "Overview",
    "Groups",
    "Cost",
    "Action items",
    "Tag a record",
    "Downloads",
    "Save & share",
)
SHARED_TABS = ("Overview", "Groups", "Cost", "Action items", "Tag a record", "History", "Downloads")
HOSTILE_TITLE = f"{SCRIPT} {IMAGE}"
Reports = dict[str, Callable[[], bytes]]


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test saves into its own SQLite file, never the project's triage.db."""
    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch) -> Reports:
    """The report downloads the page renders, by label (the last rendering wins)."""
    found: Reports = {}
    real: Callable[..., Any] = st.download_button

    def spy(label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        if label.startswith("Report"):
            found[label] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return found


def markdown_texts(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer: bodies, captions,
    alerts, labels and help of widgets and metrics, tabs, expanders and status boxes.
    (Widget values and options, st.text and tables are shown as plain text.)"""
    texts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error)]
    texts += [e.value for e in (*at.title, *at.header, *at.subheader)]
    texts += [e.value for e in (*at.success, *at.toast)]
    texts += [block.label for block in (*at.expander, *at.status, *at.tabs)]
    widgets = (*at.button, *at.get("download_button"), *at.selectbox, *at.text_input)
    widgets += (*at.checkbox, *at.number_input, *at.radio, *at.metric)
    for widget in widgets:
        texts += [str(getattr(widget, name, "") or "") for name in ("label", "help")]
    return [text for text in texts if isinstance(text, str)]


def check_page(at: AppTest) -> None:
    """Nothing from the log reaches Markdown unescaped; st.html bodies hold no live markup,
    but for the app's own page scripts (allowed to run), which hold nothing from the log."""
    assert not unescaped(markdown_texts(at))
    for element in at.get("html"):
        body = element.proto.body
        if element.proto.unsafe_allow_javascript:
            assert "example.invalid" not in body and "alert(" not in body, body
        else:
            assert not html_hazards(body), body


def check_reports(found: Reports) -> None:
    """The HTML report has no script, remote image or outside link; the Markdown report
    no live image, link or HTML."""
    assert set(found) == {"Report (HTML)", "Report (Markdown)"}
    page = found["Report (HTML)"]().decode()
    assert not html_hazards(page)
    assert SCRIPT not in page and "&lt;script&gt;" in page
    markdown = found["Report (Markdown)"]().decode()
    assert not unescaped([markdown])


def walk(at: AppTest, tabs: tuple[str, ...]) -> None:
    """Open every tab and, on Groups, the detail of three hostile groups."""
    for tab in tabs:
        check_page(show_tab(at, tab))
        if tab == "Groups":
            for group in (SCRIPT, IMAGE, LINK):
                ok(at.selectbox(key="lead.group_pick").set_value(group).run())
                check_page(at)
                heading = f">{html.escape(group)}</h4>"
                assert any(heading in element.proto.body for element in at.get("html"))
                assert any(group in str(frame.value.to_numpy().tolist()) for frame in at.dataframe)


def test_payloads_stay_text_on_the_page_the_shared_view_and_the_reports(
    reports: Reports,
) -> None:
    """Upload a log of payloads under a hostile file name, walk every tab, save it with a
    hostile title, note and author, open the link in a fresh session and walk it again;
    build both reports from both views."""
    at = upload(open_lead(), HOSTILE_FILENAME, hostile_csv())
    assert HOSTILE_FILENAME in at.text[0].value
    walk(at, OWN_TABS)
    check_reports(reports)
    ok(at.text_input(key=TITLE_KEY).input(HOSTILE_TITLE).run())
    ok(at.text_input(key=NOTE_KEY).input(LINK).run())
    ok(at.text_input(key=AUTHOR_KEY).input(IMAGE).run())
    ok(at.checkbox(key=ATTACH_KEY).check().run())
    click(at, "Save & share")
    analysis_id = at.query_params["analysis"]
    reports.clear()
    shared = open_lead({"analysis": analysis_id})
    check_page(shared)
    assert shared.title[0].value == markdown_escape(HOSTILE_TITLE)
    walk(shared, SHARED_TABS)
    click(shared, "Read the stored log")
    check_page(show_tab(shared, "Downloads"))
    check_reports(reports)


def test_payloads_in_sheet_names_stay_text() -> None:
    """A workbook whose sheet names are HTML: the sheet picker and the log summary show
    them as text, nothing is rendered."""
    workbook = Workbook()
    first = workbook.active
    first.title = HOSTILE_SHEET
    first.append(["exception_id", "error_code", "message"])
    for number in range(12):
        first.append([f"E{number}", SCRIPT, IMAGE])
    workbook.create_sheet("<b>second<b>").append(["exception_id", "error_code"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = upload(open_lead(), "sheets.xlsx", buffer.getvalue())
    assert at.selectbox(key="lead.sheet").options == [HOSTILE_SHEET, "<b>second<b>"]
    assert any(HOSTILE_SHEET in text.value for text in at.text)
    for tab in OWN_TABS:
        check_page(show_tab(at, tab))


def test_a_hostile_file_name_in_an_error_stays_text() -> None:
    """A file that cannot be read is named in the error, its markup escaped, not rendered."""
    at = upload(open_lead(), HOSTILE_FILENAME, b"a,b\n1,2,3,4\n")
    assert at.error and "\\<img src" in at.error[0].value
    check_page(at)
