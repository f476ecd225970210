"""Browser tests: the real app (`streamlit run app.py`) driven in Debian's Chromium by Playwright.

Chromium must be at /usr/bin/chromium (`apt-get install -y chromium`; `make test` installs it).
Without it the tests fail, unless TRIAGE_SKIP_BROWSER=1 on a machine that is not CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    app_server,
    missing_browser_action,
)


def require_chromium() -> None:
    """Fail without Chromium; skip only when explicitly allowed outside CI."""
    action = missing_browser_action()
    if action == "skip":
        pytest.skip(f"{CHROMIUM} is missing and TRIAGE_SKIP_BROWSER=1; {INSTALL_HINT}")
    if action == "fail":
        pytest.fail(f"{CHROMIUM} is missing: browser tests need it; {INSTALL_HINT}", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium, headless, with the project's flags."""
    require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A desktop-sized window, downloads allowed."""
    return {
        **browser_context_args,
        "viewport": {"width": 1400, "height": 1000},
        "accept_downloads": True,
    }


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """One app server for the whole browser session."""
    require_chromium()
    with app_server() as base:
        yield base


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    """Relative `page.goto("/…")` paths resolve against the app server."""
    return app_url
