"""Regenerate docs/screenshot.png, the README's picture of the triage page with a verdict.

    .venv/bin/python scripts/screenshot.py [OUTPUT]

Starts the app on a free port, opens a finished triage in Debian's Chromium and saves a
1400-pixel-wide screenshot. Run it when the triage page changes visibly; tests never do.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import ViewportSize, sync_playwright  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, READY, app_server  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshot.png"
STATE = {
    "payload_consistent": "yes",
    "varies_by_handler": "no",
    "retry_resolves": "yes",
    "label": "SKU rejected, Shopify → NetSuite",
    "step": "retry_resolves",
}
VIEWPORT: ViewportSize = {"width": 1400, "height": 1560}
PORT = 8501  # the port README readers see in the share link


def main(output: Path = OUTPUT) -> int:
    if not CHROMIUM.is_file():
        print(f"error: {CHROMIUM} is missing; apt-get install -y chromium", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    with app_server("screenshot", port=PORT), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"http://localhost:{PORT}/?{urlencode(STATE)}")
        page.wait_for_selector(READY)
        page.locator("[data-testid=stGraphVizChart] svg").wait_for()
        page.locator("[data-verdict]").first.wait_for()
        page.wait_for_timeout(1000)  # let the chart finish its layout animation
        page.screenshot(path=str(output))
        browser.close()
    print(f"wrote {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
