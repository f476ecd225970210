"""The row filter in a real browser, at desktop and phone widths: a system log's WARN and
ERROR lines kept from the Columns tab, the overview saying what was kept of what was read;
the section fits the screen (no sideways scroll) and the screenshots are kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.server import ARTIFACTS, READY
from tests.ui.test_row_picker import system_log

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


def pick(page: Page, box: str, option: str) -> None:
    """Choose an option of a select box, centred first: at a phone's height its list would
    otherwise open below the screen."""
    combobox = page.get_by_role("combobox", name=box, exact=True)
    for attempt in range(3):  # a list opened while the expander still moves may move away
        combobox.evaluate("element => element.scrollIntoView({block: 'center'})")
        combobox.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


@pytest.mark.parametrize("size", list(SIZES))
def test_warn_and_error_lines_kept_from_the_columns_tab(
    browser: Browser, app_url: str, size: str
) -> None:
    """Pick the column and its values, Apply: the overview reads "Rows: level is WARN or
    ERROR (20 kept of 60 read)" and counts 20 exceptions; nothing is wider than the screen."""
    width, height = SIZES[size]
    page = browser.new_page(base_url=app_url, viewport={"width": width, "height": height})
    page.goto("/analyze")
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        files=[FilePayload(name="system.csv", mimeType="text/csv", buffer=system_log())]
    )
    columns = page.get_by_role("tab", name="Columns", exact=True)
    expect(columns).to_be_visible(timeout=TIMEOUT_MS)
    columns.click()
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.get_by_text("Rows analysed: every row").click()
    pick(page, "Column", "level")
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    for value in ("WARN", "ERROR"):
        pick(page, "Values", value)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    expect(page.get_by_text("Rows analysed: level is WARN or ERROR")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    page.screenshot(path=str(ARTIFACTS / f"rows-analysed-{size}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("tab", name="Overview", exact=True).click()
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    overview = page.get_by_role("tabpanel", name="Overview")
    expect(overview.get_by_text("Rows: level is WARN or ERROR (20 kept of 60 read)")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    page.screenshot(path=str(ARTIFACTS / f"rows-overview-{size}.png"), full_page=True)
    page.close()
