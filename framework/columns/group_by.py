"""Which field makes the exception groups: the fields that can, and the fallback rule.

    group_by_choices(mapping)        # the group-by fields this mapping provides
    first_group_by(mapping)          # the default: the error code, else the first there is
    check_group_by("boundary", mapping)   # MappingError unless the mapping provides it

A boundary group needs a boundary column, or a source or a target system column (the
boundary is then "source → target").
"""

from __future__ import annotations

from collections.abc import Mapping

from framework.columns.mapping import MappingError

DEFAULT_GROUP_BY = "error_code"
GROUP_BY_FIELDS = ("error_code", "boundary", "source_system", "target_system")
"""Fields an analysis can be grouped by, in the order they are offered."""
_BOUNDARY_PARTS = ("boundary", "source_system", "target_system")


def group_by_choices(mapping: Mapping[str, str | None]) -> tuple[str, ...]:
    """The group-by fields `mapping` ({field: column or None}) provides, in offer order."""
    provided = {field for field, column in mapping.items() if column}
    if provided & set(_BOUNDARY_PARTS):
        provided.add("boundary")
    return tuple(field for field in GROUP_BY_FIELDS if field in provided)


def first_group_by(mapping: Mapping[str, str | None]) -> str:
    """The default group-by: the error code when there is one, else the first field there is."""
    choices = group_by_choices(mapping)
    return choices[0] if choices else DEFAULT_GROUP_BY


def fitting_group_by(wanted: str, mapping: Mapping[str, str | None]) -> str:
    """`wanted` when the mapping still provides it, else the default for this mapping."""
    return wanted if wanted in group_by_choices(mapping) else first_group_by(mapping)


def check_group_by(group_by: str, mapping: Mapping[str, str | None]) -> None:
    """Raise `MappingError` unless `group_by` is a groupable field the mapping provides."""
    if group_by not in GROUP_BY_FIELDS:
        known = ", ".join(GROUP_BY_FIELDS)
        raise MappingError(f"cannot group by '{group_by}' (choose one of: {known})")
    if group_by not in group_by_choices(mapping):
        raise MappingError(
            f"no column is mapped to '{group_by}': map one (e.g. --map {group_by}=COLUMN) "
            "or group by another field"
        )
