"""Which field makes the exception groups: the fields that can, combinations of them, and
the fallback when the chosen one cannot.

    group_by_choices(mapping)        # the single group-by fields this mapping provides
    first_group_by(mapping)          # the default: the error code, else the first there is
    check_group_by("error_code+boundary", mapping)   # MappingError unless it is provided
    group_by_parts("error_code+boundary")            # ("error_code", "boundary")

A boundary group needs a boundary column, or a source or a target system column (the
boundary is then "source → target"). A message-template group needs a message column: the
messages with their variable parts masked (`framework.inference.templates`). Joined with
"+", up to three fields make one composite key ("INV_DRIFT · Shopify → NetSuite").
"""

from __future__ import annotations

from collections.abc import Mapping

from framework.columns.mapping import MappingError
from framework.spec.model import Spec

DEFAULT_GROUP_BY = "error_code"
MESSAGE_TEMPLATE = "message_template"
GROUP_BY_FIELDS = (
    "error_code",
    "boundary",
    "source_system",
    "target_system",
    MESSAGE_TEMPLATE,
    "activity",
)
"""Fields an analysis can be grouped by, in the order they are offered."""
DERIVED_LABELS = {MESSAGE_TEMPLATE: "Message template"}
"""Labels of the group-by fields that are no column of the log."""
MAX_PARTS = 3
JOIN = "+"
_BOUNDARY_PARTS = ("boundary", "source_system", "target_system")


def group_by_parts(group_by: str) -> tuple[str, ...]:
    """The fields a (possibly composite) group-by is made of."""
    return tuple(part.strip() for part in group_by.split(JOIN))


def group_by_choices(mapping: Mapping[str, str | None]) -> tuple[str, ...]:
    """The single group-by fields `mapping` ({field: column or None}) provides."""
    provided = {field for field, column in mapping.items() if column}
    if provided & set(_BOUNDARY_PARTS):
        provided.add("boundary")
    if "message" in provided:
        provided.add(MESSAGE_TEMPLATE)
    return tuple(field for field in GROUP_BY_FIELDS if field in provided)


def group_by_label(spec: Spec, group_by: str) -> str:
    """How people read a group-by: its fields' labels joined ("Error code / type + Boundary")."""
    labels = [
        DERIVED_LABELS.get(part) or spec.field_label(part) for part in group_by_parts(group_by)
    ]
    return " + ".join(labels)


def first_group_by(mapping: Mapping[str, str | None]) -> str:
    """The default group-by: the error code when there is one, else the first field there is."""
    choices = group_by_choices(mapping)
    return choices[0] if choices else DEFAULT_GROUP_BY


def fitting_group_by(wanted: str, mapping: Mapping[str, str | None]) -> str:
    """`wanted` when the mapping still provides it, else the default for this mapping."""
    choices = group_by_choices(mapping)
    fits = all(part in choices for part in group_by_parts(wanted))
    return wanted if fits else first_group_by(mapping)


def check_group_by(group_by: str, mapping: Mapping[str, str | None]) -> None:
    """Raise `MappingError` unless every part of `group_by` is a groupable field the
    mapping provides (at most three parts, none twice)."""
    parts = group_by_parts(group_by)
    unknown = [part for part in parts if part not in GROUP_BY_FIELDS]
    if unknown:
        known = ", ".join(GROUP_BY_FIELDS)
        raise MappingError(
            f"cannot group by '{unknown[0]}' (choose one of: {known}, or join up to "
            f"{MAX_PARTS} with '{JOIN}', e.g. error_code{JOIN}boundary)"
        )
    if len(parts) > MAX_PARTS or len(set(parts)) < len(parts):
        raise MappingError(f"'{group_by}': join at most {MAX_PARTS} different fields with '{JOIN}'")
    missing = [part for part in parts if part not in group_by_choices(mapping)]
    if missing:
        part = missing[0]
        needed = "message" if part == MESSAGE_TEMPLATE else part
        raise MappingError(
            f"no column is mapped to '{needed}': map one (e.g. --map {needed}=COLUMN) "
            "or group by another field"
        )
