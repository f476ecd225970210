"""A missing Chromium fails the browser tests; skipping needs an explicit opt-out outside CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.server import missing_browser_action, server_environment


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


@pytest.mark.parametrize(
    ("base", "changes", "expected"),
    [
        ({"PATH": "/bin", "TRIAGE_SPEC": "x.yaml"}, {}, {"PATH": "/bin"}),
        (
            {"PATH": "/bin"},
            {"TRIAGE_DB_PATH": "/tmp/t.db"},
            {"PATH": "/bin", "TRIAGE_DB_PATH": "/tmp/t.db"},
        ),
        (
            {"PATH": "/bin", "TRIAGE_DATABASE_URL": "postgresql://h/db"},
            {"TRIAGE_DATABASE_URL": None},
            {"PATH": "/bin"},
        ),
        ({"PATH": "/bin"}, {"NOT_SET": None}, {"PATH": "/bin"}),
        ({"PATH": "/bin"}, {"PATH": "/usr/bin"}, {"PATH": "/usr/bin"}),
    ],
)
def test_server_environment(
    base: dict[str, str], changes: dict[str, str | None], expected: dict[str, str]
) -> None:
    """The app server's environment drops TRIAGE_SPEC, sets given variables, removes None ones."""
    assert server_environment(base, changes) == expected
