"""YAML with lines: the same mappings, lines and limits whether libyaml is there or not."""

from __future__ import annotations

import pytest
import yaml

from framework.spec import yaml_source
from framework.spec.yaml_source import LineDict, YamlSyntaxError, load

PARSERS = pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])


@pytest.fixture
def parser(monkeypatch: pytest.MonkeyPatch, libyaml: bool) -> None:
    if libyaml and not yaml.__with_libyaml__:
        pytest.fail("PyYAML is installed without libyaml; the pinned wheel has it")
    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml)


@PARSERS
@pytest.mark.usefixtures("parser")
def test_mappings_know_their_line_and_duplicate_keys(libyaml: bool) -> None:
    """Every mapping carries the line it starts on; a key written twice is recorded."""
    loaded = load('a: "yes"\nb:\n  c: 1\n  c: 2\n')
    assert isinstance(loaded, LineDict) and loaded.line == 1
    assert loaded["a"] == "yes"
    assert loaded["b"].line == 3
    assert loaded["b"].duplicate_keys == (("c", 4),)


@PARSERS
@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: b\nc: " + "[" * 40 + "]" * 40 + "\n", 2, "nests more than 16 levels"),
        ("a: b\n\nc: '" + "x" * 30_000 + "'\n", 3, "a value of 30,000 characters"),
        ("a: " + "9" * 40 + "\n", 1, "a number of 40 digits (at most 30)"),
        ("? [a, b]\n: c\n", 1, "a key must be a plain name"),
    ],
    ids=["deep", "long-scalar", "long-number", "list-key"],
)
def test_limits_are_syntax_errors_at_their_line(
    libyaml: bool, text: str, line: int, message: str
) -> None:
    """Nesting too deep, a value too long, a number too long and a list as a key are
    each a syntax error at the line they are on, with either parser."""
    with pytest.raises(YamlSyntaxError) as caught:
        load(text)
    assert message in caught.value.message
    assert caught.value.line == line


def test_limits_are_checked_before_anything_is_composed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file nested too deep never reaches a composer: the event check stops it first."""
    composed: list[str] = []
    monkeypatch.setattr(yaml, "load", lambda *args, **kwargs: composed.append("load"))
    with pytest.raises(YamlSyntaxError):
        yaml_source.load("a: " + "[" * 40 + "]" * 40 + "\n")
    assert composed == []
