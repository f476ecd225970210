"""The app shell: every page opens, a broken questions file gives an error page, config is sane."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from framework.spec.loader import spec_problems
from framework.spec.model import Spec
from tests.support.apptest import ROOT, open_app
from tests.support.specs import broken_spec

FIXTURES = Path(__file__).parents[1] / "fixtures" / "specs"
PAGES = [
    ("app_pages/triage.py", "Triage an exception"),
    ("app_pages/matrix.py", "Comparison matrix"),
    ("app_pages/fix_order.py", "Fix order"),
    ("app_pages/analyze.py", "Analyse an exception log"),
    ("app_pages/compare.py", "Compare two periods"),
]


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_every_page_opens_inside_the_app_shell(spec: Spec, page: str, title: str) -> None:
    """Each page renders its title, with app.py's sidebar around it, and nothing alarming."""
    at = open_app(page=page)
    assert [t.value for t in at.title] == [title]
    assert [c.value for c in at.sidebar.caption] == [f"Questions file version {spec.version}"]
    assert not at.warning and not at.error


@pytest.mark.parametrize("fixture", ["broken_app.yaml", "not_yaml.yaml", "not_a_mapping.yaml"])
@pytest.mark.parametrize(("page", "title"), PAGES)
def test_broken_spec_shows_every_problem_on_every_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str, page: str, title: str
) -> None:
    """A broken questions file replaces each page with the full problem list and the fix command."""
    path = broken_spec(tmp_path) if fixture == "broken_app.yaml" else FIXTURES / fixture
    monkeypatch.setenv("TRIAGE_SPEC", str(path))
    problems = spec_problems(path)
    assert problems
    params = {"payload_consistent": "no", "label": "kept"}
    at = open_app(params, page=page)
    assert [t.value for t in at.title] == ["The triage questions cannot be loaded"]
    assert title not in [t.value for t in at.title]
    count = len(problems)
    assert at.error[0].value.startswith(
        f"{count} problem{'s' if count > 1 else ''} in the questions file"
    )
    listing = at.code[0].value.splitlines()
    assert listing == [str(problem) for problem in problems]
    assert f"python -m framework validate {path}" in [c.value for c in at.code]
    assert at.query_params == params


def test_broken_app_spec_lists_its_three_problems_with_lines(tmp_path: Path) -> None:
    """The app's broken spec (made from the real questions.yaml) has its three mistakes, each
    reported with its file and line."""
    problems = spec_problems(broken_spec(tmp_path))
    assert [p.message for p in problems] == [
        "'value' is the boolean true: YAML reads a bare yes/no/true/false as a boolean; put the value in quotes",
        "unknown key 'promt' (expected one of: answers, examples, explanation, id, prompt, title)",
        "missing 'prompt'",
        "'next' points to unknown question 'varies_by_handlr'",
    ]
    assert all(str(p).startswith(f"broken_app.yaml:{p.line}: ") and p.line for p in problems)


def test_missing_spec_file_is_an_error_page_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A TRIAGE_SPEC that points nowhere says the file cannot be read."""
    monkeypatch.setenv("TRIAGE_SPEC", str(tmp_path / "nowhere.yaml"))
    at = open_app()
    assert "cannot be read" in at.code[0].value


def test_spec_path_defaults_to_the_project_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without TRIAGE_SPEC the app uses questions.yaml next to app.py."""
    monkeypatch.delenv("TRIAGE_SPEC", raising=False)
    at = open_app()
    assert [t.value for t in at.title] == ["Triage an exception"]


def test_streamlit_config() -> None:
    """Uploads up to 1 GB, no usage stats, a minimal toolbar, a theme in the integration blue."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 1024
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["theme"]["primaryColor"] == "#2f6db5"
