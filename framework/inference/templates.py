"""Message templates: a log line with its variable parts masked, so a system log without error
codes groups into the kinds of message it holds.

    template("Order SO-1234567 rejected by NetSuite: SKU 'ABC-12-XL' unknown (HTTP 422)")
    # "Order <id> rejected by NetSuite: SKU '<q>' unknown (HTTP <n>)"

Masked, in this order: UUIDs, e-mail addresses, URLs, IP addresses (with a port), quoted
values, file paths, host names, numbers with a unit, words holding both letters and digits
(ids), then plain numbers; a word made of masked parts alone ("<n>-<n>-<n>", a date or an
order number) is one id. Words without digits stay, so the template keeps what the message
says. The masks run with pyarrow (RE2) over the distinct messages of a column, never per row.

Once the whole log is read, `generalise` merges templates that differ in one word only, when
that word is a short upper-case code (a currency, a unit of measure, a carrier) taking three
values or more there: "fee of <n> CAD", "fee of <n> EUR" and "fee of <n> USD" are one
template, "fee of <n> <code>". `template_lookup` finds the template a new message belongs to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

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
    (r"<(?:n|id)>(?:[-/.:_#]+<(?:n|id)>)+", "<id>"),
    (r"\s+", " "),
)
CODE = "<code>"
MIN_VARIANTS = 3
"""Values a short code must take in one place before the templates merge there."""
_CODE = re.compile(r"^\(?[A-Z]{2,5}\)?[.,:;]?$")


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


def generalise(templates: Sequence[str]) -> list[str]:
    """Each template with the short codes that vary in one place (three values or more)
    written `<code>` (see the module's docstring); other templates unchanged."""
    tokens = [template.split(" ") for template in templates]
    for position in range(max((len(words) for words in tokens), default=0)):
        variants: dict[tuple[object, ...], set[str]] = defaultdict(set)
        for words in tokens:
            if _varies(words, position):
                variants[_key(words, position)].add(words[position])
        for words in tokens:
            if _varies(words, position):
                found = variants[_key(words, position)]
                if len(found) >= MIN_VARIANTS:
                    words[position] = _coded(words[position])
    return [" ".join(words) for words in tokens]


def _varies(words: list[str], position: int) -> bool:
    """Whether the word at `position` is a short code that may vary there."""
    return position < len(words) and _CODE.match(words[position]) is not None


def _key(words: list[str], position: int) -> tuple[object, ...]:
    return (len(words), position, *words[:position], *words[position + 1 :])


def _coded(word: str) -> str:
    """The code's place holder, with the brackets and punctuation around it kept."""
    start = "(" if word.startswith("(") else ""
    core = word.strip("(").rstrip(".,:;")
    end = (")" if core.endswith(")") else "") + word[len(word.rstrip(".,:;")) :]
    return f"{start}{CODE}{end}"


def template_lookup(names: Sequence[str]) -> Callable[[str], str | None]:
    """A function giving, for a message template, the name among `names` it belongs to:
    itself, or a generalised name whose `<code>` places it fills with a short code."""
    exact = set(names)
    patterns = [
        (re.compile("^" + " ".join(_pattern(word) for word in name.split(" ")) + "$"), name)
        for name in names
        if CODE in name
    ]

    def find(template: str) -> str | None:
        if template in exact:
            return template
        return next((name for pattern, name in patterns if pattern.match(template)), None)

    return find


def _pattern(word: str) -> str:
    if CODE not in word:
        return re.escape(word)
    before, after = word.split(CODE, 1)
    return re.escape(before) + "[A-Z]{2,5}" + re.escape(after)
