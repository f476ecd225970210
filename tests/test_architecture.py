"""House rules that keep the functional core separate from the UI shell."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK_FILES = sorted((ROOT / "framework").glob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: p.name)
def test_framework_never_imports_streamlit(path: Path) -> None:
    """framework/ is UI-free: no module imports streamlit, directly or as a submodule."""
    assert not {name for name in _imports(path) if name.split(".")[0] == "streamlit"}


def test_ruff_bans_streamlit_in_framework() -> None:
    """The same rule is enforced by ruff's TID251 banned-api setting."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '[tool.ruff.lint.flake8-tidy-imports.banned-api]\n"streamlit"' in text


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: p.name)
def test_modules_stay_small(path: Path) -> None:
    """Each engine module does one thing and stays under 300 lines."""
    assert len(path.read_text(encoding="utf-8").splitlines()) < 300
