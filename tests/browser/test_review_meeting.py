"""The review meeting in a real browser: save an analysis with an override, restart the app,
open the share link in a fresh browser, and hand round the HTML report offline."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from framework.spec.loader import load_spec
from framework.views.lead_tables import OVERRIDDEN_MARK
from tests.browser.server import ARTIFACTS, READY, app_server

pytestmark = pytest.mark.browser

SAMPLE = "exceptions_ops.csv"
TITLE = "Week 12 review: ops exceptions"
# The second group of the sample: inferred "Integration problem"; with payload pattern set to
# "No" by hand the flowchart says "Process problem" (and both types present).
GROUP = "REFUND_AMOUNT_MISMATCH"
QUESTION = "payload_consistent"
INFERRED, OVERRIDE = "Yes", "No"
BEFORE, AFTER = "Integration problem", "Process problem"
OVERRIDDEN = OVERRIDE + OVERRIDDEN_MARK  # how the group tables show an answer set by hand
OVERRIDE_BADGE = f"Set by hand · inferred {INFERRED}"
TIMEOUT_MS = 30_000
MIN_IMAGES = 4  # three charts and the handoff map


def settle(page: Page) -> None:
    """Wait until the script has finished its rerun."""
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)


def open_tab(page: Page, name: str) -> None:
    """Open one of the page's tabs and wait for its content."""
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    settle(page)


def choose(page: Page, combobox: Locator, option: str) -> None:
    """Open a selectbox and pick one of its options."""
    # Scroll first: a scroll while the list is open closes it again.
    combobox.scroll_into_view_if_needed()
    combobox.click()
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    listbox.get_by_role("option", name=option, exact=True).click()
    expect(combobox).to_have_value(re.compile(rf"^{re.escape(option)}\b"))
    settle(page)


def pick_group(page: Page, name: str) -> None:
    """Open one group's detail with the group chooser under the table."""
    choose(page, page.get_by_role("combobox", name="Group", exact=True), name)
    expect(page.locator("h4", has_text=name)).to_be_visible(timeout=TIMEOUT_MS)


def answer_box(page: Page) -> Locator:
    """The bordered card of the overridden question in the open group's detail."""
    spec = load_spec()
    question = spec.question(QUESTION)
    caption = f"Question {spec.question_ids.index(QUESTION) + 1} · {question.title}"
    cards = page.locator("[data-testid=stVerticalBlock]").filter(has_text=caption)
    # The card is the innermost block holding both the caption and the question's prompt (the
    # selectbox's label when editable, plain text when read-only).
    return cards.filter(has_text=" ".join(question.prompt.split())).last


def table_row(page: Page, name: str) -> Locator:
    """The group table's row of one group (the grid's accessible table)."""
    grid = page.locator("[data-testid=stDataFrame]").first
    return grid.locator("tr").filter(has=page.locator("td", has_text=name))


def expect_group(page: Page, verdict: str, *, overridden: bool, editable: bool = True) -> None:
    """The group's table row and detail header show `verdict`; its answer marked or not."""
    cells = table_row(page, GROUP).locator("td")
    expect(cells.nth(1)).to_have_text(verdict, timeout=TIMEOUT_MS)
    expect(cells.nth(5)).to_have_text(OVERRIDDEN if overridden else INFERRED)
    verdict_id = "process" if verdict == AFTER else "integration"
    expect(page.locator(f"[data-verdict={verdict_id}]").first).to_have_text(verdict)
    card = answer_box(page)
    if not editable:
        # Read-only: the prompt is text and the answer sits beside it, no greyed-out control.
        expect(card.get_by_role("combobox")).to_have_count(0)
        expect(card).to_contain_text(f"Answer: {OVERRIDE} · set by hand; the log says {INFERRED}")
    elif overridden:
        expect(card).to_contain_text(OVERRIDE_BADGE)
    else:
        expect(card).to_contain_text("Inferred from the log")
        expect(card).not_to_contain_text("Set by hand")


def analyse_override_and_save(page: Page, base: str) -> str:
    """Load the sample, override one answer of GROUP, save with TITLE and the log; the link."""
    page.goto(base + "/analyze")
    settle(page)
    page.get_by_role("button", name=SAMPLE).click()
    settle(page)
    expect(page.get_by_role("tab", name="Groups", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    open_tab(page, "Groups")
    pick_group(page, GROUP)
    expect_group(page, BEFORE, overridden=False)

    choose(page, answer_box(page).get_by_role("combobox"), OVERRIDE)
    expect_group(page, AFTER, overridden=True)

    open_tab(page, "Save & share")
    title = page.get_by_role("textbox", name="Title")
    title.fill(TITLE)
    title.press("Enter")
    settle(page)
    attach = page.get_by_role("checkbox", name="Also store the uploaded log")
    page.locator("[data-testid=stCheckbox]").filter(has=attach).locator("label").click()
    expect(attach).to_be_checked()
    settle(page)
    page.get_by_role("button", name="Save & share").click()
    settle(page)
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible(timeout=TIMEOUT_MS)
    link = page.locator("[data-testid=stCode]").filter(has_text="?analysis=").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-meeting-saved.png"), full_page=True)
    return link.strip()


def check_shared_view(page: Page, link: str) -> Path:
    """The link shows the saved analysis read-only with the override; its HTML report saved."""
    page.goto(link)
    settle(page)
    notice = page.locator("[data-testid=stAlertContentInfo]").first
    expect(notice).to_contain_text("Shared analysis, read-only · revision 1 of 1")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_text("log stored with it")).to_be_visible()
    open_tab(page, "Groups")
    pick_group(page, GROUP)
    expect_group(page, AFTER, overridden=True, editable=False)
    page.screenshot(path=str(ARTIFACTS / "review-meeting-shared.png"), full_page=True)

    open_tab(page, "Downloads")
    expect(page.get_by_text("saved without its log")).to_have_count(0)
    page.get_by_role("button", name="Read the stored log").click()
    settle(page)
    expect(page.get_by_role("button", name="Tagged sheet (CSV)")).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        page.get_by_role("button", name="Report (HTML)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".html")
    report = ARTIFACTS / "review-meeting-report.html"
    download.save_as(report)
    return report


def check_report_offline(browser: Browser, report: Path) -> None:
    """The report opens with every network request refused: title, group and all images."""
    file_url = report.resolve().as_uri()
    attempted: list[str] = []

    def refuse_all_but_the_file(route: Route) -> None:
        if route.request.url == file_url:
            route.continue_()
        else:
            route.abort()

    offline = browser.new_context(viewport={"width": 1100, "height": 1400})
    try:
        offline.on("request", lambda request: attempted.append(request.url))
        offline.route("**/*", refuse_all_but_the_file)
        page = offline.new_page()
        page.goto(file_url, wait_until="load")
        expect(page.locator("body")).to_contain_text(TITLE)
        # The report's group table: the group's row has the override marked and its verdict.
        group_cell = page.locator("td").filter(has_text=re.compile(rf"^{GROUP}$"))
        row = page.locator("tr").filter(has=group_cell).filter(has_text=OVERRIDDEN)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(AFTER)
        images = page.locator("img")
        assert images.count() >= MIN_IMAGES
        widths = images.evaluate_all("els => els.map(el => el.complete ? el.naturalWidth : 0)")
        assert all(width > 0 for width in widths), widths
        page.screenshot(path=str(ARTIFACTS / "review-meeting-report.png"), full_page=True)
    finally:
        offline.close()
    assert attempted == [file_url]


def test_saved_link_survives_a_restart_and_the_report_opens_offline(
    browser: Browser, tmp_path: Path
) -> None:
    """A saved analysis with an override reopens read-only after a restart, in a fresh browser,
    with the same override and verdict; its HTML report opens offline with every chart."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    database = tmp_path / "triage.db"
    env = {
        "TRIAGE_DB_PATH": str(database),
        "TRIAGE_DATABASE_URL": None,
        # No secrets file either: its [database] url would take precedence over the path.
        "STREAMLIT_SECRETS_FILES": str(tmp_path / "no-secrets.toml"),
    }
    with app_server("review-meeting-first", env=env) as base:
        author = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            link = analyse_override_and_save(author.new_page(), base)
        finally:
            author.close()
    assert database.is_file()
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == base
    assert parts.path == "/analyze"
    assert set(dict(parse_qsl(parts.query))) == {"analysis", "rev"}

    # The same port, so the link works as it was handed round.
    with app_server("review-meeting-restarted", port=parts.port, env=env):
        reader = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        try:
            report = check_shared_view(reader.new_page(), link)
        finally:
            reader.close()
    check_report_offline(browser, report)
