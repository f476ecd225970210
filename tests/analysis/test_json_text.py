"""The analysis JSON text reads back as the same values, one top-level key a line and one
item of a top-level list a line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from framework.analysis.json_text import json_text

DOCUMENTS: list[dict[str, Any]] = [
    {},
    {"format": "x", "groups": []},
    {"columns": {"a": None, "b": "B"}, "groups": [{"group": "E 1", "n": 2}, {"group": "é"}]},
    {"nested": {"list": [1, 2.5, True, None]}, "items": [[1, 2], "two", {"k": "v"}]},
    {'quote"key': "line\nbreak", "tab": "\t", "uni": "Zeitüberschreitung ß ✓"},
]


@pytest.mark.parametrize("data", DOCUMENTS)
def test_json_text_reads_back_as_the_indented_json(data: dict[str, Any]) -> None:
    """json.loads gives the same values as from json.dumps(data, indent=2)."""
    assert json.loads(json_text(data)) == json.loads(json.dumps(data, indent=2)) == data


@pytest.mark.parametrize("data", DOCUMENTS)
def test_a_top_level_key_a_line_and_a_list_item_a_line(data: dict[str, Any]) -> None:
    """Every top-level key opens a line; a non-empty top-level list has one item a line;
    non-ASCII text stays as it is; the text ends with a new line."""
    lines = json_text(data).splitlines()
    keys = [line for line in lines if line.startswith('  "')]
    items = [line for line in lines if line.startswith("    ")]
    assert [json.loads(line.split(": ", 1)[0]) for line in keys] == list(data)
    listed = [item for value in data.values() if isinstance(value, list) for item in value]
    assert [json.loads(line.rstrip(",")) for line in items] == listed
    assert "\\u" not in json_text(data) and json_text(data).endswith("\n")
