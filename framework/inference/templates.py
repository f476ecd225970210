"""Message templates: a log line with its variable parts masked, so a system log without error
codes groups into the kinds of message it holds.

    template("Order SO-1234567 rejected by NetSuite: SKU 'ABC-12-XL' unknown (HTTP 422)")
    # "Order <id> rejected by NetSuite: SKU '<q>' unknown (HTTP <n>)"

Masked, in this order: UUIDs, e-mail addresses, URLs, IP addresses (with a port), quoted
values, file paths, host names, numbers with a unit, words holding both letters and digits
(ids), then plain numbers. Words without digits stay, so the template keeps what the
message says. The masks run with pyarrow (RE2) over the distinct messages of a column,
never per row.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar.coded import Coded, dictionary, merge_array

LONGEST = 160
"""Characters of a template kept (a group's name)."""
MASKS: tuple[tuple[str, str], ...] = (
    (r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>"),
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "<email>"),
    (r"(?i)\b(?:https?|ftp|s3)://[^\s'\"<>]+", "<url>"),
    (r"\b[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?::[0-9]+)?\b", "<ip>"),
    (r"\"[^\"]*\"", '"<q>"'),
    (r"(?:^|[\s(=:])'[^']*'", " '<q>'"),
    (r"(?:[A-Za-z]:\\|\\\\)[^\s'\"]+|(?:/[\w.@~+-]+){2,}/?", "<path>"),
    (r"\b(?:[A-Za-z0-9-]+\.){2,}[A-Za-z]{2,}(?::[0-9]+)?\b", "<host>"),
    (r"\b[0-9]+(?:[.,][0-9]+)?(?:ms|s|sec|secs|min|mins|h|kb|mb|gb|%)\b", "<n><unit>"),
    (
        r"[\w#./:-]*[A-Za-z][\w#./:-]*[0-9][\w#./:-]*"
        r"|[\w#./:-]*[0-9][\w#./:-]*[A-Za-z][\w#./:-]*",
        "<id>",
    ),
    (r"\b[0-9]+(?:[.,][0-9]+)*\b", "<n>"),
    (r"\s+", " "),
)


def message_templates(
    messages: pa.ChunkedArray, missing: Callable[[pa.Array], pa.Array] | None = None
) -> Coded:
    """The template of every row's message, as codes into the distinct templates."""
    codes, distinct = dictionary(messages)
    if missing is not None:
        distinct = missing(distinct)
    return merge_array(Coded(codes, ()), masked(distinct))


def masked(values: pa.Array) -> pa.Array:
    """Each message with its variable parts masked (see the module's list), trimmed."""
    for pattern, replacement in MASKS:
        values = pc.replace_substring_regex(values, pattern, replacement)
    values = pc.replace_substring(values, "<n><unit>", "<n>")
    return pc.utf8_slice_codeunits(pc.utf8_trim_whitespace(values), 0, LONGEST)


def template(message: str) -> str:
    """The template of one message, through the same masks as a whole column."""
    found = masked(pa.array([message], type=pa.string()))[0].as_py()
    return str(found or "")
