"""The two-command setup stays honest: pins match pyproject, CI runs the README's command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            package, version = line.split("==")
            pins[_normal(package)] = version.strip()
    return pins


def _normal(requirement: str) -> str:
    name = re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("requirement", PROJECT["dependencies"])
def test_runtime_dependency_is_pinned(requirement: str) -> None:
    """Every runtime dependency in pyproject.toml has an exact pin in requirements.txt."""
    assert _normal(requirement) in _pins("requirements.txt")


@pytest.mark.parametrize("requirement", PROJECT["optional-dependencies"]["dev"])
def test_dev_dependency_is_pinned(requirement: str) -> None:
    """Every dev dependency has an exact pin in requirements-dev.txt."""
    assert _normal(requirement) in _pins("requirements-dev.txt")


def test_streamlit_is_the_checked_release() -> None:
    """The app is built and tested against Streamlit 1.67."""
    assert _pins("requirements.txt")["streamlit"].startswith("1.67.")


def test_ci_runs_the_readme_test_command() -> None:
    """`.ci/run` calls exactly the test command the README gives a newcomer."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make run" in readme
    assert re.search(r"^make test$", ci, re.MULTILINE)
    assert "CI=true" in ci
