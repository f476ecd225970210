"""A missing Chromium fails the browser tests; skipping needs an explicit opt-out outside CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.server import missing_browser_action


@pytest.mark.parametrize(
    ("installed", "env", "action"),
    [
        (True, {}, None),
        (True, {"CI": "true"}, None),
        (False, {}, "fail"),
        (False, {"TRIAGE_SKIP_BROWSER": "1"}, "skip"),
        (False, {"TRIAGE_SKIP_BROWSER": "1", "CI": "true"}, "fail"),
        (False, {"TRIAGE_SKIP_BROWSER": "1", "CI": "1"}, "fail"),
        (False, {"TRIAGE_SKIP_BROWSER": "0"}, "fail"),
        (False, {"TRIAGE_SKIP_BROWSER": "true"}, "fail"),
        (False, {"TRIAGE_SKIP_BROWSER": "1", "CI": "false"}, "skip"),
    ],
)
def test_missing_browser_policy(
    tmp_path: Path, installed: bool, env: dict[str, str], action: str | None
) -> None:
    """Skip only with TRIAGE_SKIP_BROWSER=1 and not in CI; otherwise a missing browser fails."""
    chromium = tmp_path / "chromium"
    if installed:
        chromium.write_text("#!/bin/sh\n")
    assert missing_browser_action(chromium, env) == action
