"""Everything fits, at a desktop's 1440×900 and a phone's 390×844, in real Chromium: every chart
on the overview (and on a shared link, and in the HTML report) keeps each label and node inside
its frame, every bar has its label, the flowchart's text stays legible, and the app asks nothing
of any server but its own. Screenshots of each chart land in artifacts/browser/."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from framework import (
    AnalysisDocument,
    LogBlob,
    SourceInfo,
    analysis_report_html,
    analyze_table,
    diagnose,
    load_spec,
    open_store,
    read_log_file,
    summary_html,
)
from tests.browser.server import ARTIFACTS, READY, app_server

pytestmark = pytest.mark.browser

SAMPLE = "exceptions_ops.csv"
DATA = Path(__file__).resolve().parents[2] / "data"
TIMEOUT_MS = 30_000
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
CHARTS = ("share", "top-groups", "timeline", "handoff-map")
MIN_FLOWCHART_TEXT_PX = 11.0

# Every text and every mark of each SVG inside `root`, with what sticks out of the frame.
_OVERFLOW = """(root) => {
  const frame = root.getBoundingClientRect();
  const right = Math.min(frame.right, document.documentElement.clientWidth);
  const found = [];
  const items = root.querySelectorAll("svg text, svg .mark-symbol path, svg .mark-rect path");
  for (const item of items) {
    const r = item.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < frame.left - 1 || r.right > right + 1 || r.top < frame.top - 1
        || r.bottom > frame.bottom + 1) {
      found.push(`${item.tagName} "${item.textContent}" [${Math.round(r.left)}, `
        + `${Math.round(r.right)}] × [${Math.round(r.top)}, ${Math.round(r.bottom)}] outside `
        + `[${Math.round(frame.left)}, ${Math.round(right)}] × `
        + `[${Math.round(frame.top)}, ${Math.round(frame.bottom)}]`);
    }
  }
  return {found, texts: root.querySelectorAll("svg text").length};
}"""

# The top-groups chart: one name label per bar, none overlapping the next.
_ROWS = """(root) => {
  const bars = [...root.querySelectorAll("svg .mark-rect.role-mark path")];
  const labels = [...root.querySelectorAll("svg .mark-text.role-mark text")]
    .map(t => ({text: t.textContent, box: t.getBoundingClientRect()}))
    .sort((a, b) => a.box.top - b.box.top);
  const overlaps = labels.slice(1).filter((l, i) => l.box.top < labels[i].box.bottom - 1);
  return {bars: bars.length, labels: labels.map(l => l.text), overlaps: overlaps.length};
}"""


def settle(page: Page) -> None:
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)


def new_page(browser: Browser, size: str) -> tuple[BrowserContext, Page]:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    return context, context.new_page()


def charts_fit(page: Page, where: str, size: str) -> None:
    """Each of the four charts: rendered, screenshotted, nothing outside its frame; the
    top-groups chart labels every bar."""
    charts = page.locator("[data-testid=stVegaLiteChart]")
    expect(charts).to_have_count(len(CHARTS), timeout=TIMEOUT_MS)
    for index, name in enumerate(CHARTS):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("svg").first).to_be_visible(timeout=TIMEOUT_MS)
        page.wait_for_timeout(300)
        chart.screenshot(path=str(ARTIFACTS / f"chart-{where}-{name}-{size}.png"))
        result = chart.evaluate(_OVERFLOW)
        assert result["texts"] > 0, f"{where} {name} at {size}: no text drawn"
        assert result["found"] == [], f"{where} {name} at {size}: {result['found']}"
    rows = charts.nth(1).evaluate(_ROWS)
    assert rows["bars"] == len(rows["labels"]) > 0, rows
    assert rows["overlaps"] == 0, rows
    assert all(re.fullmatch(r".+ · [\d,]+", label) for label in rows["labels"]), rows


def load_sample(page: Page, base: str) -> None:
    page.goto(base + "/analyze")
    settle(page)
    page.get_by_role("button", name=SAMPLE).click()
    settle(page)
    expect(page.get_by_role("heading", name="Fix these first")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)


@pytest.mark.parametrize("size", SIZES)
def test_overview_charts_fit_and_fix_first_opens_it(
    browser: Browser, app_url: str, size: str
) -> None:
    """On opening the overview a team lead sees "Fix these first" without scrolling; every
    chart below fits its frame with every label and node, at desktop and phone widths."""
    context, page = new_page(browser, size)
    try:
        load_sample(page, app_url)
        fix_first = page.locator(".st-key-fix-first")
        expect(fix_first.get_by_role("heading", name="Fix these first")).to_be_in_viewport()
        expect(fix_first.locator("tr[data-row='0']")).to_contain_text("INV_SYNC_DRIFT")
        page.screenshot(path=str(ARTIFACTS / f"overview-{size}.png"))
        charts_fit(page, "overview", size)
        width = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
        assert width <= SIZES[size][0], "the page scrolls sideways"
    finally:
        context.close()


@pytest.fixture(scope="module")
def shared_link(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A saved analysis of the sample (log attached) in its own database, served by its own
    app: the link that opens it."""
    spec = load_spec()
    path = DATA / SAMPLE
    table = read_log_file(path)
    _, analysis = analyze_table(table, spec)
    data = path.read_bytes()
    source = SourceInfo(SAMPLE, table.rows, table.describe(), hashlib.sha256(data).hexdigest())
    document = AnalysisDocument(analysis, "Week 12 review", source)
    database = tmp_path_factory.mktemp("shared") / "triage.db"
    store = open_store(f"sqlite:///{database}")
    ref = store.create(
        document.to_dict(),
        title=document.title,
        spec_version=spec.version,
        spec_digest=spec.digest,
        log=LogBlob(SAMPLE, data),
    )
    env = {
        "TRIAGE_DB_PATH": str(database),
        "TRIAGE_DATABASE_URL": None,
        "STREAMLIT_SECRETS_FILES": str(database.with_name("no-secrets.toml")),
    }
    with app_server("fit-shared", env=env) as base:
        yield f"{base}/analyze?analysis={ref.analysis_id}&rev=1"


@pytest.mark.parametrize("size", SIZES)
def test_shared_view_charts_fit_and_the_page_tells_the_truth(
    browser: Browser, shared_link: str, size: str
) -> None:
    """A shared link: its title heads the page, it says the log is stored (and nothing says it
    was not), its charts fit at either width."""
    context, page = new_page(browser, size)
    try:
        page.goto(shared_link)
        settle(page)
        expect(page.locator("h1")).to_have_text("Week 12 review", timeout=TIMEOUT_MS)
        expect(page.get_by_text("log stored with it")).to_be_visible()
        expect(
            page.get_by_text(re.compile("saved without its log|log was not saved"))
        ).to_have_count(0)
        page.screenshot(path=str(ARTIFACTS / f"shared-{size}.png"))
        charts_fit(page, "shared", size)
    finally:
        context.close()


def _report_svgs(html: str) -> list[str]:
    return [
        base64.b64decode(data).decode()
        for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    ]


@pytest.mark.parametrize("size", SIZES)
def test_report_charts_fit(browser: Browser, tmp_path: Path, size: str) -> None:
    """The HTML report's charts fit the page at either width, and inside each chart's own
    drawing no label or node is cut."""
    spec = load_spec()
    table = read_log_file(DATA / SAMPLE)
    _, analysis = analyze_table(table, spec)
    page_html = analysis_report_html(AnalysisDocument(analysis, "Week 12 review"), table.frame)
    report = tmp_path / "report.html"
    report.write_text(page_html, encoding="utf-8")
    context, page = new_page(browser, size)
    try:
        page.goto(report.as_uri())
        images = page.locator("figure img")
        expect(images).to_have_count(len(CHARTS))
        boxes = images.evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
        assert max(boxes) <= SIZES[size][0]
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
        page.screenshot(path=str(ARTIFACTS / f"report-{size}.png"), full_page=True)
        if size != "desktop":
            return  # the charts' own drawings are the same at any page width
        page.set_viewport_size({"width": 1200, "height": 900})
        for name, svg in zip(CHARTS, _report_svgs(page_html), strict=True):
            page.set_content(f"<body style='margin:0'>{svg}</body>")
            root = page.locator("body")
            result = root.evaluate(
                _OVERFLOW.replace(
                    "root.getBoundingClientRect()",
                    "root.querySelector('svg').getBoundingClientRect()",
                )
            )
            assert result["found"] == [], f"report {name}: {result['found']}"
            page.locator("svg").screenshot(path=str(ARTIFACTS / f"chart-report-{name}.png"))
    finally:
        context.close()


def _flowchart_text_px(chart: Locator) -> float:
    """The smallest rendered text size in the flowchart, in CSS pixels."""
    smallest: float = chart.evaluate(
        """(root) => {
          const svg = root.querySelector("svg");
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll("text")]
            .map(t => parseFloat(t.getAttribute("font-size") || "14") * scale);
          return Math.min(...sizes);
        }"""
    )
    return smallest


def _in_view(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    return box is not None and box["y"] >= 0 and box["y"] + 20 <= height


def _answer(page: Page, label: str) -> None:
    radio = page.get_by_role("radio", name=label, exact=True)
    page.locator("label[data-testid=stRadioOption]").filter(has=radio).click()
    expect(radio).to_be_checked()
    settle(page)


@pytest.mark.parametrize("size", SIZES)
def test_operator_sees_the_verdict_without_scrolling(
    browser: Browser, app_url: str, size: str
) -> None:
    """Walked as a new operator would: Next brings the next question's heading into view; the
    deciding answer brings the verdict and its primary type into view; the flowchart's text is
    legible; the share link has a visible Copy link button that copies it."""
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    try:
        page.goto(app_url + "/")
        settle(page)
        _answer(page, "Yes")
        page.get_by_role("button", name="Next", exact=True).click()
        settle(page)
        # Next brings question 2's heading wholly into view (waits for the scroll after the rerun).
        expect(page.get_by_text(re.compile(r"^Question 2 · "))).to_be_in_viewport(
            ratio=1, timeout=TIMEOUT_MS
        )
        _answer(page, "Yes")
        hero = page.locator(".st-key-verdict-hero")
        primary = hero.locator("[data-verdict=process]")
        expect(primary).to_have_text("Process problem", timeout=TIMEOUT_MS)
        # The deciding answer brings the primary type wholly into view, with no scrolling by hand.
        expect(primary).to_be_in_viewport(ratio=1, timeout=TIMEOUT_MS)
        expect(hero).to_contain_text("Primary: Process (decided at step 2)")
        page.screenshot(path=str(ARTIFACTS / f"operator-verdict-{size}.png"))

        chart = page.locator("[data-testid=stGraphVizChart]")
        chart.scroll_into_view_if_needed()
        assert _flowchart_text_px(chart) >= MIN_FLOWCHART_TEXT_PX
        overflow = chart.evaluate(_OVERFLOW)
        assert overflow["found"] == [], overflow["found"]
        chart.screenshot(path=str(ARTIFACTS / f"operator-flowchart-{size}.png"))

        copy = page.get_by_role("button", name="Copy link")
        copy.scroll_into_view_if_needed()
        expect(copy).to_be_visible()
        copy.click()
        expect(page.get_by_role("button", name="Copied")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == page.url
    finally:
        context.close()


def test_phone_sidebar_closes_after_navigating_and_the_matrix_fits(
    browser: Browser, app_url: str
) -> None:
    """On a phone, choosing a page in the sidebar closes it; the matrix fits the screen."""
    context, page = new_page(browser, "phone")
    try:
        page.goto(app_url + "/?payload_consistent=yes&retry_resolves=no")
        settle(page)
        page.locator("[data-testid=stExpandSidebarButton]").click()
        link = page.locator("[data-testid=stSidebarNavLink]", has_text="Comparison matrix")
        expect(link).to_be_visible()
        link.click()
        expect(page.locator("h1")).to_have_text("Comparison matrix", timeout=TIMEOUT_MS)
        settle(page)
        expect(page.locator("[data-testid=stExpandSidebarButton]")).to_be_visible()
        expect(link).not_to_be_in_viewport()
        table = page.locator("table.triage-matrix").first
        box = table.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= SIZES["phone"][0]
        assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "matrix-phone.png"))
    finally:
        context.close()


def test_the_app_asks_nothing_of_any_other_server(browser: Browser, app_url: str) -> None:
    """Every page, a loaded sample and every tab: each request goes to the app's own server
    (no icon or font from a CDN), and no request fails for want of the network."""
    outside: list[str] = []
    failed: list[str] = []

    def record(request: Any) -> None:
        url = request.url
        if not url.startswith((app_url, "data:", "blob:", "about:")):
            outside.append(url)

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.on("request", record)
    context.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page = context.new_page()
        for path in ("/", "/matrix", "/fix_order", "/?payload_consistent=no"):
            page.goto(app_url + path)
            settle(page)
        load_sample(page, app_url)
        for tab in ("Groups", "Cost", "Downloads", "Save & share", "Columns", "Overview"):
            page.get_by_role("tab", name=tab, exact=True).click()
            settle(page)
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert outside == []
    assert [url for url in failed if not url.startswith(app_url)] == []


def test_operator_summary_prints_on_a4(browser: Browser) -> None:
    """The printable summary holds each question's text, the answers and the flowchart's path;
    a long label and a long link wrap, so the page fits A4's printable width (182 mm)."""
    spec = load_spec()
    answers = {
        "payload_consistent": "yes",
        "varies_by_handler": "no",
        "retry_resolves": "no",
        "recurs_after_handoff": "yes",
    }
    label = "SKU-rejected-" + "x" * 100
    link = "http://localhost:8501/?" + "&".join(f"{key}={value}" for key, value in answers.items())
    link += "&label=" + "y" * 200
    page_html = summary_html(spec, diagnose(spec, answers), label=label, share_url=link)
    context = browser.new_context(viewport={"width": 688, "height": 1000})
    try:
        page = context.new_page()
        page.set_content(page_html)
        page.emulate_media(media="print")
        assert page.evaluate("document.documentElement.scrollWidth") <= 688
        body = page.locator("body")
        for question in spec.questions:
            expect(body).to_contain_text(" ".join(question.prompt.split()))
        expect(body).to_contain_text(
            "Flowchart path: 1. Payload pattern: Yes → 2. Who handles it: No → 3. Retry: No → "
            "4. After a clean handoff: Yes → Process problem"
        )
        page.pdf(path=str(ARTIFACTS / "operator-summary-a4.pdf"), format="A4")
        page.screenshot(path=str(ARTIFACTS / "operator-summary-a4.png"), full_page=True)
    finally:
        context.close()
