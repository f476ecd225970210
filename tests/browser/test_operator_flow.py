"""The operator's flow in a real browser: walk, verdict, reload, share, switch pages, download."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from framework.spec.loader import load_spec
from framework.views.triage_link import spec_stamp
from tests.browser.server import ARTIFACTS, READY, app_server
from ui.operator.verdict import REMAINING_LABEL

pytestmark = pytest.mark.browser

LABEL = "SKU rejected, Shopify → NetSuite"
# Five answers: the flowchart decides "process" at step 4; the tally is split 2 · 3.
WALK = ["Yes", "No", "No", "Yes", "Missing decision rule"]
ANSWERS = {
    "payload_consistent": "yes",
    "varies_by_handler": "no",
    "retry_resolves": "no",
    "recurs_after_handoff": "yes",
    "root_cause": "missing_rule",
}
VERSION = {"version": spec_stamp(load_spec())}
TIMEOUT_MS = 20_000


def settle(page: Page) -> None:
    """Wait until the script has finished its rerun."""
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)


def open_page(page: Page, url: str) -> None:
    """Load a URL and wait for the first run to finish."""
    page.goto(url)
    settle(page)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT_MS)


def answer(page: Page, label: str) -> None:
    """Pick an answer and wait until the app has stored it."""
    radio = page.get_by_role("radio", name=label, exact=True)
    page.locator("label[data-testid=stRadioOption]").filter(has=radio).click()
    expect(page.get_by_role("radio", name=label, exact=True)).to_be_checked()
    expect(
        page.get_by_text(re.compile(r"(Step \d of 5 · \d answered|Decided at step \d · \d of 5)"))
    ).to_be_visible()
    settle(page)


def next_question(page: Page, number: int) -> None:
    """Go on to question `number`: Next while the flowchart walks, the remaining questions
    once it has decided (there is no plain Next then)."""
    forward = page.get_by_role("button", name="Next", exact=True).or_(
        page.get_by_role("button", name=REMAINING_LABEL)
    )
    forward.first.click()
    expect(page.get_by_text(re.compile(rf"^Question {number} · "))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    settle(page)


def url_params(page: Page) -> dict[str, str]:
    """The query parameters in the address bar."""
    return dict(parse_qsl(urlsplit(page.url).query))


def expect_process_verdict(page: Page) -> None:
    """The verdict of WALK: primary Process, decided at step 4, integration signals at steps
    1 and 2 (both present), the tally graded 2 · 3."""
    card = page.locator(".st-key-verdict-hero")
    expect(card.locator("[data-verdict=process]")).to_have_text(
        "Process problem", timeout=TIMEOUT_MS
    )
    expect(card.locator("[data-verdict=both]")).to_have_count(0)
    expect(card).to_contain_text(
        "Primary: Process (decided at step 4) · integration signals at steps 1 and 2 → both "
        "present: stabilise the handoff first, then define the rule"
    )
    expect(card.locator('[data-side=integration][data-votes="2"]')).to_have_count(1)
    expect(card.locator('[data-side=process][data-votes="3"]')).to_have_count(1)
    expect(card).to_contain_text(LABEL)


def walk_five_questions(page: Page, base: str) -> None:
    """Open the triage, name the exception and answer WALK, clicking Next in between."""
    open_page(page, base + "/")
    label = page.get_by_role("textbox", name="Name this exception (optional)")
    label.fill(LABEL)
    label.press("Enter")
    settle(page)
    for number, choice in enumerate(WALK, start=1):
        answer(page, choice)
        if number < len(WALK):
            next_question(page, number + 1)


def test_walk_reload_share_and_switch_pages(page: Page, browser: Browser, app_url: str) -> None:
    """Five answers give the verdict; reload, a second browser and page switches all keep it."""
    walk_five_questions(page, app_url)
    expect_process_verdict(page)
    expect(page.locator("[data-testid=stGraphVizChart] svg")).to_contain_text("Process problem")
    assert url_params(page) == {**ANSWERS, "label": LABEL, **VERSION}
    expect(page.locator("[data-testid=stCode]").first).to_have_text(page.url)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "operator-flow-verdict.png"), full_page=True)

    page.reload()
    settle(page)
    expect_process_verdict(page)
    expect(page.get_by_role("radio", name="Missing decision rule", exact=True)).to_be_checked()

    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        elsewhere = other.new_page()
        open_page(elsewhere, page.url)
        expect_process_verdict(elsewhere)
    finally:
        other.close()

    page.locator("[data-testid=stSidebarNavLink]", has_text="Comparison matrix").click()
    expect(page.locator("h1")).to_have_text("Comparison matrix", timeout=TIMEOUT_MS)
    settle(page)
    expect(page.locator("table.triage-matrix").last).to_contain_text("After a clean handoff: Yes")
    expect(page.get_by_text(re.compile(r"^Your answers settle"))).to_contain_text("6 of 6")
    assert url_params(page) == {**ANSWERS, "label": LABEL, **VERSION}
    assert urlsplit(page.url).path == "/matrix"

    page.locator("[data-testid=stSidebarNavLink]", has_text="Triage an exception").click()
    expect(page.locator("h1")).to_have_text("Triage an exception", timeout=TIMEOUT_MS)
    settle(page)
    expect_process_verdict(page)
    assert url_params(page) == {**ANSWERS, "label": LABEL, **VERSION}
    page.screenshot(path=str(ARTIFACTS / "operator-flow-after-switch.png"), full_page=True)


def test_summary_download_matches_the_screen(page: Page, app_url: str) -> None:
    """The downloaded Markdown names the label, the verdict and the link the page shows."""
    open_page(page, app_url + "/?" + "&".join(f"{k}={v}" for k, v in ANSWERS.items()))
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Summary (Markdown)").click()
    download = download_info.value
    assert download.suggested_filename == "triage-summary.md"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("# Triage summary\n")
    assert "**Verdict: Process problem.**" in text
    assert f"<{page.url}>" in text


def test_tampered_link_shows_a_notice_and_keeps_the_rest(page: Page, app_url: str) -> None:
    """A link with a bad answer and an unknown key opens with a warning, the valid answer kept."""
    open_page(page, app_url + "/?payload_consistent=no&retry_resolves=maybe&utm=x")
    alert = page.locator("[data-testid=stAlertContentWarning]")
    expect(alert).to_contain_text("`maybe`".strip("`"))
    expect(alert).to_contain_text("utm")
    expect(page.locator("[data-verdict=process]")).to_be_visible()
    assert url_params(page) == {"payload_consistent": "no", **VERSION}


def test_cold_server_deep_link_gets_the_app_navigation(page: Page) -> None:
    """The very first request of a fresh server, to a non-default page, still gets app.py's shell."""
    with app_server("cold-start") as base:
        open_page(page, base + "/matrix?payload_consistent=no")
        expect(page.locator("h1")).to_have_text("Comparison matrix", timeout=TIMEOUT_MS)
        nav = page.locator("[data-testid=stSidebarNav]")
        expect(nav).to_contain_text("Triage one exception")
        expect(nav).to_contain_text("Team lead")
        expect(nav.locator("[data-testid=stSidebarNavLink]")).to_have_count(5)
        expect(page.locator("table.triage-matrix").first).to_contain_text("Payload pattern: No")
