"""Closing the loop in a real browser: an owner and a status set on a group survive a restart
and are in the report; the two sample periods compare on the page with each reading right."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from framework.spec.loader import load_spec
from tests.browser.server import ARTIFACTS, app_server
from tests.browser.test_review_meeting import TIMEOUT_MS, choose, open_tab, settle, table_row
from tests.support.sample_logs import TRUTH

pytestmark = pytest.mark.browser

SAMPLE = "period_after.csv"
GROUP = "PO_AMENDMENT_WMS_GAP"
OWNER = "Amira Haddad"
READINGS = TRUTH["comparisons"]["period_before.csv → period_after.csv"]["readings"]


def set_item_and_save(page: Page, base: str) -> str:
    """Load the sample, give GROUP an owner and a status, save; the share link."""
    page.goto(base + "/analyze")
    settle(page)
    page.get_by_role("button", name=SAMPLE).click()
    settle(page)
    open_tab(page, "Action items")
    choose(page, page.get_by_role("combobox", name="Group", exact=True), GROUP)
    page.get_by_role("textbox", name="Owner").fill(OWNER)
    choose(page, page.get_by_role("combobox", name="Status", exact=True), "In progress")
    page.get_by_role("button", name="Save item").click()
    settle(page)
    expect(page.get_by_text(f"Item kept for {GROUP}")).to_be_visible(timeout=TIMEOUT_MS)
    expect(table_row(page, GROUP)).to_contain_text(OWNER)
    open_tab(page, "Save & share")
    title = page.get_by_role("textbox", name="Title")
    title.fill("After the fixes")
    title.press("Enter")
    settle(page)
    page.get_by_role("button", name="Save & share").click()
    settle(page)
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible(timeout=TIMEOUT_MS)
    return page.locator("[data-testid=stCode]").filter(has_text="?analysis=").first.inner_text()


def check_after_restart(page: Page, link: str) -> Path:
    """The link shows the item read-only; the HTML report holds it."""
    page.goto(link.strip())
    settle(page)
    open_tab(page, "Action items")
    row = table_row(page, GROUP)
    expect(row).to_contain_text(OWNER, timeout=TIMEOUT_MS)
    expect(row).to_contain_text("In progress")
    expect(page.get_by_role("button", name="Save item")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "follow-up-items.png"), full_page=True)
    open_tab(page, "Downloads")
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        page.get_by_role("button", name="Report (HTML)").click()
    report = ARTIFACTS / "follow-up-report.html"
    download_info.value.save_as(report)
    return report


def test_owner_and_status_survive_a_restart_and_reach_the_report(
    browser: Browser, tmp_path: Path
) -> None:
    """Set on a group, saved, the app restarted: the link shows the owner and status, and the
    report downloaded from it lists them under Action items."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {
        "TRIAGE_DB_PATH": str(tmp_path / "triage.db"),
        "TRIAGE_DATABASE_URL": None,
        "STREAMLIT_SECRETS_FILES": str(tmp_path / "no-secrets.toml"),
    }
    with app_server("follow-up-first", env=env) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            link = set_item_and_save(context.new_page(), base)
        finally:
            context.close()
    with app_server("follow-up-restarted", port=urlsplit(link.strip()).port, env=env):
        reader = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        try:
            report = check_after_restart(reader.new_page(), link)
        finally:
            reader.close()
    page = report.read_text(encoding="utf-8")
    section = page[page.index("<h2>Action items</h2>") :]
    assert f"<td>{GROUP}</td>" in section and f"<td>{OWNER}</td>" in section
    assert "<td>In progress</td>" in section


def test_sample_periods_compare_on_the_page(browser: Browser, app_url: str) -> None:
    """Compare two periods with the sample periods: each group's reading as the ground truth."""
    readings = load_spec().follow_up.readings
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(app_url + "/compare")
        settle(page)
        page.get_by_role("button", name="Try the sample periods").click()
        settle(page)
        page.get_by_role("button", name="Compare", exact=True).click()
        settle(page)
        expect(page.get_by_text("Vanished groups")).to_be_visible(timeout=TIMEOUT_MS)
        grid = page.locator("[data-testid=stDataFrame]").first
        for group, reading in READINGS.items():
            # The group's own row (its text starts with it), not a row naming it as related.
            row = grid.locator("tr").filter(has_text=re.compile(rf"^{group}"))
            expect(row).to_contain_text(readings[reading].label)
        page.screenshot(path=str(ARTIFACTS / "compare-periods.png"), full_page=True)
    finally:
        context.close()
