"""Load YAML keeping the line of every mapping, so problems can point at the source.

PyYAML's safe loader, with these changes: each mapping comes back as a `LineDict` (a dict
that knows the 1-based line it starts on); a key written twice in one mapping is recorded
instead of silently overwritten; and what would make loading crash or take minutes is a
syntax error at its line: nesting past `MAX_DEPTH`, a value longer than `MAX_SCALAR_CHARS`,
a number of more than `MAX_NUMBER_DIGITS` digits, a key that is a list or a mapping.
The depth and length limits are checked on the parser's event stream first; where PyYAML
has libyaml, its C parser and composer do the work (the spec loads in 30 ms instead of 300).
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 16  # questions.yaml nests 5 levels
MAX_SCALAR_CHARS = 20_000  # its longest text is under 300 characters
MAX_NUMBER_DIGITS = 30


class LineDict(dict[str, Any]):
    """A mapping from YAML that remembers where it was written."""

    line: int = 0
    duplicate_keys: tuple[tuple[str, int], ...] = ()


class _LineLoader(yaml.SafeLoader):
    """The safe loader with this module's constructors (pure Python)."""


def _construct_number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    digits = sum(char.isdigit() for char in node.value)
    if digits > MAX_NUMBER_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {digits:,} digits (at most {MAX_NUMBER_DIGITS})",
            node.start_mark,
        )
    if node.tag.endswith(":int"):
        return loader.construct_yaml_int(node)
    return loader.construct_yaml_float(node)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, list | dict | set):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a plain name, not a list or a mapping",
                key_node.start_mark,
            )
        if key in mapping:
            duplicates.append((str(key), key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping.duplicate_keys = tuple(duplicates)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_number)


class YamlSyntaxError(ValueError):
    """The text is not YAML at all; carries the line and column."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


if yaml.__with_libyaml__:

    class _FastLineLoader(yaml.CSafeLoader):
        """`_LineLoader`'s constructors over libyaml's parser and composer (C: ten times
        faster)."""

    for _tag, _construct in _LineLoader.yaml_constructors.items():
        _FastLineLoader.add_constructor(_tag, _construct)


def _check_events(text: str, parser: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> None:
    """The depth and length limits, checked on the parser's events before anything is
    composed, so no composer meets a file nested too deep or a value too long."""
    depth = 0
    for event in yaml.parse(text, Loader=parser):
        mark: Any = event.start_mark  # libyaml's own Mark class: the same fields
        if isinstance(event, yaml.NodeEvent) and depth + 1 > MAX_DEPTH:
            raise _limit_error(f"the file nests more than {MAX_DEPTH} levels deep", mark)
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
            size = f"{len(event.value):,} characters (at most {MAX_SCALAR_CHARS:,})"
            raise _limit_error(f"a value of {size}", mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _limit_error(problem: str, mark: Any) -> yaml.composer.ComposerError:
    return yaml.composer.ComposerError(None, None, problem, mark)


def load(text: str) -> Any:
    """Parse YAML text into plain values, with `LineDict` for every mapping."""
    try:
        loader = _FastLineLoader if yaml.__with_libyaml__ else _LineLoader
        _check_events(text, loader)
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        reason = error.problem or error.context or "invalid YAML"
        raise YamlSyntaxError(line, column, reason) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(0, 0, str(error).splitlines()[0]) from error
    except (ValueError, TypeError, OverflowError, RecursionError, MemoryError):
        raise YamlSyntaxError(0, 0, "a value cannot be read") from None
