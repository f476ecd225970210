"""Load YAML keeping the line of every mapping, so problems can point at the source.

PyYAML's safe loader, with two changes: each mapping comes back as a `LineDict` (a dict
that knows the 1-based line it starts on), and a key written twice in one mapping is
recorded instead of silently overwritten.
"""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping from YAML that remembers where it was written."""

    line: int = 0
    duplicate_keys: tuple[tuple[str, int], ...] = ()


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            duplicates.append((str(key), key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping.duplicate_keys = tuple(duplicates)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlSyntaxError(ValueError):
    """The text is not YAML at all; carries the line and column."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def load(text: str) -> Any:
    """Parse YAML text into plain values, with `LineDict` for every mapping."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        reason = error.problem or error.context or "invalid YAML"
        raise YamlSyntaxError(line, column, reason) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(0, 0, str(error)) from error
