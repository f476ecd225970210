"""Hardening in a real browser: a log of script, image and link payloads under a hostile
file name renders as text (no dialog, no request out, no live element); the tables offer no
download of their own; a slow upload is cancelled with the Cancel button, keeping the log
that was in use."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Dialog, FilePayload, Page, Request, expect

from data.generate_samples import generate
from framework.analysis.exports import sheet_xlsx
from framework.analysis.safe_cells import safe_frame
from tests.browser.server import ARTIFACTS, READY
from tests.support.payload_logs import SCRIPT, hostile_csv

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
SAMPLE = "exceptions_ops.csv"
SLOW_ROWS = 60_000  # an Excel log that takes a worker several seconds to read


def settle(page: Page) -> None:
    """Wait until the script has finished its rerun."""
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)


def upload(page: Page, name: str, data: bytes, mime: str) -> None:
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        files=[FilePayload(name=name, mimeType=mime, buffer=data)]
    )


def test_payloads_render_as_text_and_tables_have_no_download(page: Page) -> None:
    """Upload the payload log as `<img src=x onerror=alert(1)>.csv`: no dialog opens, no
    request leaves for the payloads' host, no image, link or script from the log exists, the
    group named `<script>…` is shown as that text; the group table's toolbar has search but
    no "Download as CSV"."""
    dialogs: list[str] = []
    outside: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)

    def watch(request: Request) -> None:
        if "example.invalid" in request.url or request.url.startswith("javascript"):
            outside.append(request.url)

    page.on("request", watch)
    page.goto("/analyze")
    settle(page)
    upload(page, "<img src=x onerror=alert(1)>.csv", hostile_csv(), "text/csv")
    expect(page.get_by_role("tab", name="Groups", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    expect(page.get_by_text("<img src=x onerror=alert(1)>.csv", exact=False).first).to_be_visible()
    page.get_by_role("tab", name="Groups", exact=True).click()
    settle(page)
    picker = page.get_by_role("combobox", name="Group", exact=True)
    picker.scroll_into_view_if_needed()
    picker.click()
    page.get_by_role("listbox").get_by_role("option", name=SCRIPT, exact=True).click()
    settle(page)
    expect(page.locator("h4", has_text=SCRIPT)).to_be_visible(timeout=TIMEOUT_MS)
    page.screenshot(path=str(ARTIFACTS / "hardening-payloads.png"), full_page=True)
    assert page.locator("img[src*='example.invalid'], img[src='x']").count() == 0
    assert page.locator("a[href^='javascript'], a[href*='example.invalid']").count() == 0
    assert page.locator("script", has_text="alert(").count() == 0

    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    grid.hover()
    toolbar = page.locator("[data-testid=stElementToolbar]").first
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()
    assert toolbar.get_by_role("button", name=re.compile("download", re.IGNORECASE)).count() == 0
    assert dialogs == [] and outside == []


def test_a_slow_upload_is_cancelled_and_the_log_in_use_stays(page: Page) -> None:
    """While a large Excel log is being read the page shows its progress and a Cancel button;
    Cancel stops it at once, says so, and the sample log in use stays."""
    workbook = sheet_xlsx(safe_frame(generate(SLOW_ROWS, 7)), title="Log")
    page.goto("/analyze")
    settle(page)
    page.get_by_role("button", name=SAMPLE).click()
    settle(page)
    expect(page.get_by_text(f"{SAMPLE} · 1,984 rows").first).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_text("Use another log").click()
    upload(page, "slow.xlsx", workbook, "application/octet-stream")
    cancel = page.get_by_role("button", name="Cancel")
    expect(cancel).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("[data-testid=stProgress]").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "hardening-progress.png"), full_page=True)
    cancel.click()
    settle(page)
    alert = page.locator("[data-testid=stAlertContentError]").first
    expect(alert).to_contain_text("you cancelled reading it", timeout=TIMEOUT_MS)
    expect(alert).to_contain_text("Nothing you had set up was lost")
    expect(page.get_by_text(f"{SAMPLE} · 1,984 rows").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "hardening-cancelled.png"), full_page=True)
