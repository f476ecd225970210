"""The README documents what a newcomer needs: commands, settings and spec sections (fails when not)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framework.cli.main import build_parser
from framework.spec.loader import OPTIONAL_KEYS, TOP_LEVEL_KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = [
    path for folder in ("framework", "ui", "app_pages") for path in (ROOT / folder).rglob("*.py")
] + [ROOT / "app.py"]
ENV_VARS = sorted(
    {
        name
        for path in CODE
        for name in re.findall(r"\"(TRIAGE_[A-Z_]+)\"", path.read_text(encoding="utf-8"))
    }
)


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", _subcommands())
def test_every_cli_command_is_documented(command: str) -> None:
    """Each `python -m framework` subcommand appears in the README's command-line section."""
    assert f"python -m framework {command}" in README


@pytest.mark.parametrize("name", ENV_VARS)
def test_every_setting_is_documented(name: str) -> None:
    """Each TRIAGE_* environment variable the code reads is explained in the README."""
    assert f"`{name}`" in README


def test_settings_were_found() -> None:
    """The scan above really finds the settings (guards against a silently empty list)."""
    assert {"TRIAGE_SPEC", "TRIAGE_DATABASE_URL", "TRIAGE_DB_PATH"} <= set(ENV_VARS)


@pytest.mark.parametrize("key", TOP_LEVEL_KEYS + OPTIONAL_KEYS)
def test_every_spec_section_is_documented(key: str) -> None:
    """Each top-level key of questions.yaml, required or optional, is described in the
    customisation table."""
    assert f"`{key}`" in README


@pytest.mark.parametrize(
    "path",
    [
        "docs/screenshot.png",
        "docs/deployment-database.md",
        "docs/security.md",
        "CHANGELOG.md",
        "data/README.md",
    ],
)
def test_linked_files_exist(path: str) -> None:
    """Files the README points to exist."""
    assert (ROOT / path).is_file()
    assert path in README or Path(path).name in README or path == "CHANGELOG.md"
