"""House rules that keep the design visible: stage packages imported in data-flow order, no
cycles, a UI-free core, thin shells that use the public API, and a public API that stays
cheap to import. Each rule fails with the modules that break it."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import framework

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = sorted((ROOT / "framework").rglob("*.py"))
SHELL = sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"])
STREAMLIT_INTERNALS = ROOT / "ui" / "streamlit_internals.py"

STAGES = {
    "framework.spec": 0,
    "framework.engine": 1,
    "framework.logs": 1,
    "framework.columnar": 1,
    "framework.columns": 2,
    "framework.inference": 3,
    "framework.analysis": 4,
    "framework.views": 5,
    "framework.store": 5,
    "framework.report": 6,
    "framework.cli": 7,
}
"""The order the data flows in: a package imports only packages of an earlier stage."""

MAX_FUNCTION_LINES = 60
"""A function fits on a screen."""


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """Every module `path` imports (top level or inside a function), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            for alias in node.names:  # `from framework.inference import vocabulary`
                candidate = f"{node.module}.{alias.name}"
                if candidate in MODULES:
                    yield candidate, node.lineno


MODULES = {module_name(path) for path in FRAMEWORK}


def stage(module: str) -> str | None:
    return next((name for name in STAGES if module == name or module.startswith(name + ".")), None)


@pytest.mark.parametrize("path", FRAMEWORK, ids=module_name)
def test_framework_never_imports_streamlit(path: Path) -> None:
    """framework/ is UI-free: no module imports streamlit, directly or as a submodule."""
    assert not [name for name, _ in imports(path) if name.split(".")[0] == "streamlit"]


def test_ruff_bans_streamlit_in_framework() -> None:
    """The same rule is enforced by ruff's TID251 banned-api setting."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '[tool.ruff.lint.flake8-tidy-imports.banned-api]\n"streamlit"' in text


def test_every_framework_module_belongs_to_a_stage() -> None:
    """Beside the package's public API and entry point, every module sits in a stage."""
    loose = {
        name
        for name in MODULES
        if stage(name) is None and name not in ("framework", "framework.__main__")
    }
    assert not loose


@pytest.mark.parametrize("path", FRAMEWORK, ids=module_name)
def test_stages_import_only_earlier_stages(path: Path) -> None:
    """A stage package imports itself and earlier stages only (spec → … → cli)."""
    own = stage(module_name(path))
    if own is None:
        return
    wrong = [
        f"line {line}: {name}"
        for name, line in imports(path)
        if (other := stage(name)) is not None and other != own and STAGES[other] >= STAGES[own]
    ]
    assert not wrong, f"{module_name(path)} (stage {STAGES[own]}) imports a later stage"


def test_no_import_cycles() -> None:
    """Following imports (function-level ones included) never leads back to the start."""
    graph = {
        module_name(path): {name for name, _ in imports(path) if name in MODULES}
        for path in FRAMEWORK
        if module_name(path) != "framework"
    }
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done or node not in graph:
            return []
        path.append(node)
        for target in sorted(graph[node]):
            if cycle := visit(target):
                return cycle
        path.pop()
        done.add(node)
        return []

    for start in sorted(graph):
        assert not (cycle := visit(start)), " → ".join(cycle)


def test_module_names_are_not_alike() -> None:
    """No two framework modules share a name (the file name says what it holds)."""
    names = [path.stem for path in FRAMEWORK if path.stem != "__init__"]
    assert sorted({name for name in names if names.count(name) > 1}) == []


@pytest.mark.parametrize("path", [*FRAMEWORK, *SHELL], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_what_it_holds(path: Path) -> None:
    """Each module starts with a docstring."""
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", [*FRAMEWORK, *SHELL], ids=lambda p: str(p.relative_to(ROOT)))
def test_functions_fit_on_a_screen(path: Path) -> None:
    """No function is longer than a screen."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({(node.end_lineno or node.lineno) - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long


@pytest.mark.parametrize("path", SHELL, ids=lambda p: str(p.relative_to(ROOT)))
def test_shells_use_the_public_api(path: Path) -> None:
    """The app imports the engine through `framework` (and the plain data of
    `framework.views` it renders), never a stage's internals."""
    deep = [
        f"line {line}: {name}"
        for name, line in imports(path)
        if name.startswith("framework.") and not name.startswith("framework.views.")
    ]
    assert not deep


@pytest.mark.parametrize("path", SHELL, ids=lambda p: str(p.relative_to(ROOT)))
def test_shells_use_public_streamlit_only(path: Path) -> None:
    """`import streamlit as st` and nothing from Streamlit's private modules, except in
    ui/streamlit_internals.py, which wraps the three uses the public API lacks (dropping an
    upload once read, converting a chart once, copying an upload without its bytes) behind
    fallbacks."""
    if path == STREAMLIT_INTERNALS:
        return
    private = [name for name, _ in imports(path) if name.startswith("streamlit.")]
    assert not private


@pytest.mark.parametrize(
    ("part", "other"), [("ui.operator", "ui.lead"), ("ui.lead", "ui.operator")]
)
def test_operator_and_lead_pages_stay_apart(part: str, other: str) -> None:
    """The operator's and the team lead's UI share only ui/'s common modules."""
    folder = ROOT / part.replace(".", "/")
    crossing = [
        f"{path.name}: {name}"
        for path in folder.rglob("*.py")
        for name, _ in imports(path)
        if name == other or name.startswith(other + ".")
    ]
    assert not crossing


def test_public_api_names_resolve() -> None:
    """Every name `framework` exports loads, and `dir(framework)` lists it."""
    for name in framework.__all__:
        assert getattr(framework, name) is not None, name
    assert set(framework.__all__) <= set(dir(framework))


def test_public_api_map_matches_its_type_declarations() -> None:
    """The lazy map and the imports type checkers read name the same modules."""
    tree = ast.parse((ROOT / "framework" / "__init__.py").read_text(encoding="utf-8"))
    declared = {
        alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framework.")
        for alias in node.names
    }
    assert declared == framework._EXPORTS


def test_importing_the_package_is_cheap() -> None:
    """`import framework` loads no data library: the CLI's help and the spec check stay fast."""
    code = (
        "import sys, framework; "
        "print(','.join(m for m in ('pandas', 'pyarrow', 'numpy', 'altair', 'sqlalchemy') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == ""
