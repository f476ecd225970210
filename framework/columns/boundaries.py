"""The one reading of a boundary: which two systems an exception crossed, as "A → B".

    boundary_series(frame, mapping)      # "Shopify → NetSuite" per row, or None

The source and target system columns win over a boundary column; a boundary column's own
arrow ("A -> B", "A => B", "A to B" …) is written ` → `. Inference, the handoff map and the
group-by all read boundaries through these definitions.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.timestamps import trimmed_text

ARROW = " → "
UNKNOWN_SYSTEM = "?"
ARROWS = r"-+>|=+>|→|⇒|➔|➜|⟶|»|>"
"""The arrows a boundary value may use between its two systems (RE2 and Python `re`)."""
ARROW_OR_TO = rf"(?i)\s*(?:{ARROWS})\s*|\s+to\s+"
"""What separates the two systems in a boundary value ("A -> B", "A => B", "A to B" …); the
same pattern for pyarrow (RE2) and Python `re`."""


def boundary_series(frame: pd.DataFrame, mapping: Mapping[str, str | None]) -> pd.Series | None:
    """'Source → Target' text per row, from source and target columns or a boundary column
    (arrow variants such as '->', '=>' or '>' written as ' → '); None if the log has neither.
    A missing side is written '?'; a row with no value at all stays missing."""
    plain = dict(mapping)
    source, target, boundary = (
        plain.get(f) for f in ("source_system", "target_system", "boundary")
    )
    if source is not None or target is not None:
        joined = _joined(frame, source, target)
    elif boundary is not None:
        text = trimmed_text(frame[boundary])
        joined = pc.replace_substring_regex(text, ARROW_OR_TO, ARROW, max_replacements=1)
    else:
        return None
    return pd.Series(joined.to_pandas(), index=frame.index, dtype="str", name="boundary")


def _joined(frame: pd.DataFrame, source: str | None, target: str | None) -> pa.ChunkedArray:
    text = pa.large_string()
    sides = [
        trimmed_text(frame[column]).cast(text) if column else pa.nulls(len(frame), text)
        for column in (source, target)
    ]
    none = pc.and_(pc.is_null(sides[0]), pc.is_null(sides[1]))
    filled = [pc.fill_null(side, pa.scalar(UNKNOWN_SYSTEM, text)) for side in sides]
    pair = pc.binary_join_element_wise(*filled, pa.scalar(ARROW, text))
    return pc.if_else(none, pa.scalar(None, text), pair)
