"""Payload shapes: every payload reduced to a template of its structure, not its values.

    json{lines[].sku:A-9, order_id:A-9, qty:int}      JSON: sorted field paths : value format
    xml<order, order/line, order/line/sku, order@id>  XML: element paths and attribute names
    kv{qty=9, sku=A-9-A}                              key=value: keys = value format
    text Order <n> rejected: SKU <id> not found       free text: numbers, ids, quotes masked

A value format keeps the shape of a string: upper-case runs read `A`, lower-case runs `a`,
digit runs `9`, punctuation stays ("ABC-1234-XL" -> `A-9-A`); text with spaces, e-mail
addresses and capitalised words of three letters or more read `text`. Two payloads with the
same fields in the same formats share a template whatever their values.

The work is columnar (`shape_codes`): digits are masked byte by byte over the whole column,
the column is deduplicated, values are reduced to their formats with pyarrow compute over
the distinct payloads only (`framework.payload_masks`), and the template is computed once
per distinct masked payload and remembered for the next batch. Only the `MAX_PARSED` most
frequent masked values are parsed; any rarer ones keep their masked text as their template
(they cannot be a group's dominant shape anyway).
"""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

from framework.columnar.coded import Coded, blank_to_empty, dictionary, merge_array, merge_labels
from framework.inference.payload_masks import premask

MAX_PARSED = 100_000
_KV_START = re.compile(r"\s*[A-Za-z_][\w.\-\[\]]*\s*=")
_KV_PAIR = re.compile(r"""([A-Za-z_][\w.\-\[\]]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|,]*)""")
_QUOTED = re.compile(r'"[^"]*"|(?<!\w)\'[^\']*\'(?!\w)')
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBERISH = re.compile(r"[\w./#:+-]*[0-9][\w./#:+-]*")
_SPACES = re.compile(r"\s+")
TEXT_LIMIT = 160


def shape_codes(
    payloads: pa.ChunkedArray, missing: Callable[[pa.Array], pa.Array] | None = None
) -> Coded:
    """The payload template of every row, as codes into the distinct templates; `missing`
    turns placeholders ("n/a", "-" …) into "" (no payload)."""
    codes, distinct = dictionary(payloads, digits=True)
    if missing is not None:
        distinct = missing(distinct)
    merged = merge_array(Coded(codes, ()), blank_to_empty(premask(distinct)))
    if not merged.labels:
        return merged
    ranked = np.argsort(-np.bincount(merged.codes[merged.codes >= 0], minlength=merged.size))
    parsed = set(ranked[:MAX_PARSED].tolist())
    templates = [
        template(label) if index in parsed else "other " + label[:TEXT_LIMIT]
        for index, label in enumerate(merged.labels)
    ]
    return merge_labels(merged, templates)


def template(text: str) -> str:
    """The template of one (masked) payload: JSON, XML, key=value or free text.

    Masked payloads repeat from batch to batch of a log (and from log to log), so the
    templates of those up to `MEMO_TEXT` characters are remembered, `MEMO_SIZE` at most.
    """
    return _remembered(text) if len(text) <= MEMO_TEXT else _template(text)


MEMO_TEXT = 2_000
MEMO_SIZE = 1 << 15


@functools.lru_cache(maxsize=MEMO_SIZE)
def _remembered(text: str) -> str:
    return _template(text)


def _template(text: str) -> str:
    text = text.strip()
    first = text[:1]
    if first and first in "{[":
        parsed = _json(text)
        if parsed is not _INVALID:
            return "json{" + ", ".join(sorted(set(_json_paths(parsed, "")))) + "}"
    if first == "<":
        root = _xml(text)
        if root is not None:
            return "xml<" + ", ".join(sorted(set(_xml_paths(root, "")))) + ">"
    if _KV_START.match(text):
        pairs = {key: value_format(value.strip("\"'")) for key, value in _KV_PAIR.findall(text)}
        return "kv{" + ", ".join(f"{key}={fmt}" for key, fmt in sorted(pairs.items())) + "}"
    return "text " + mask_text(text)


def mask_text(text: str) -> str:
    """Free text with quoted values, e-mail addresses, numbers (`<n>`) and ids masked."""
    text = _EMAIL.sub("<email>", _QUOTED.sub('"…"', text))
    text = _SPACES.sub(" ", _NUMBERISH.sub(_number_or_id, text))
    return text.strip()[:TEXT_LIMIT]


def _number_or_id(match: re.Match[str]) -> str:
    token = match.group(0)
    core = token.rstrip(".,:;/+-")
    kind = "<id>" if any(ch.isalpha() for ch in core) else "<n>"
    return kind + token[len(core) :]


def value_format(value: str) -> str:
    """The format of a scalar string: `A` upper-case run, `a` lower-case, `9` digits."""
    if not value:
        return "empty"
    if any(ch.isspace() for ch in value) or "@" in value or _NAME.fullmatch(value):
        return "text"
    classes = "".join(_char_class(ch) for ch in value)
    return _RUNS.sub(r"\1", classes)[:40]


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "9"
    if ch.isalpha():
        return "A" if ch.isupper() else "a"
    return ch


_NAME = re.compile(r"[A-Z][a-z]{2,}")
_RUNS = re.compile(r"([Aa9])\1+")
_INVALID = object()


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return _INVALID


def _json_paths(node: Any, path: str) -> list[str]:
    if isinstance(node, dict):
        if not node:
            return [f"{path}:{{}}"] if path else []
        out: list[str] = []
        for key, child in node.items():
            out += _json_paths(child, f"{path}.{key}" if path else str(key))
        return out
    if isinstance(node, list):
        items = [p for child in node for p in _json_paths(child, path + "[]")]
        return items or [f"{path}:[]"]
    return [f"{path}:{_json_scalar(node)}"]


def _json_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if value is None:
        return "null"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "num"
    return value_format(str(value))


def _xml(text: str) -> ET.Element | None:
    try:
        return ET.fromstring(text)
    except (ET.ParseError, ValueError):
        return None


def _xml_paths(element: ET.Element, parent: str) -> list[str]:
    name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else "?"
    path = f"{parent}/{name}" if parent else name
    out = [path] + [f"{path}@{attr.rsplit('}', 1)[-1]}" for attr in element.attrib]
    for child in element:
        out += _xml_paths(child, path)
    return out
