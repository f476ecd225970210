"""A document (the analysis `analyze --format json` prints and the page downloads) as JSON
text that people can scan and Python writes fast.

    {
      "format": "exception-triage-analysis",
      "summary": {"groups": 12, "exceptions": 4200},
      "groups": [
        {"group": "E_1", "exceptions": 40, "answers": {…}},
        {"group": "E_2", "exceptions": 31, "answers": {…}}
      ]
    }

One top-level key a line, and the items of a top-level list one a line, each written by
`json.dumps` without `indent`, which is Python's C encoder (with `indent` it runs the pure
Python one: seconds for a few thousand groups). `json.loads` reads the same values as from
`json.dumps(data, indent=2)`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def json_text(data: Mapping[str, Any]) -> str:
    """`data` as JSON text, laid out as above, non-ASCII kept as it is, ending in a new line."""
    lines = [f"  {_encode(key)}: {_value(value)}" for key, value in data.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n" if lines else "{}\n"


def _value(value: Any) -> str:
    if isinstance(value, list) and value:
        return "[\n    " + ",\n    ".join(map(_encode, value)) + "\n  ]"
    return _encode(value)


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
