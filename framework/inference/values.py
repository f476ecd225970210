"""Cell values as the inference reads them: placeholders are missing, a short code is kept as
it is, and only free text loses what makes it unique (ids, numbers, e-mail addresses, quoted
values, references).

    missing_as_empty(names, ("n/a", "-", "null"))    # placeholders → "" (missing)
    mask_free_text(names)                             # digits of free text read "0"
    action("Re-sent order (see ticket HD-12345)")     # "re-sent order"
    action("code 6")                                  # "code 6": a closure code stays itself

A value of at most `CODE_WORDS` words is a code (a closure code, a status, a named fix);
a longer one is free text. All but `action` run with pyarrow over distinct values; `action`
runs once per distinct, already masked, value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from framework.columnar import textbytes

CODE_WORDS = 3
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTED = re.compile(r'"[^"]*"|(?<!\w)\'[^\']*\'(?!\w)')
_NUMBERISH = re.compile(r"[\w./#:+-]*[0-9][\w./#:+-]*")
_ASIDE = re.compile(r"\s*[(\[][^()\[\]]*<(?:id|n|email)>[^()\[\]]*[)\]]")


def missing_as_empty(names: pa.Array, placeholders: Iterable[str]) -> pa.Array:
    """Values that are only a placeholder ("n/a", "-", "null" …, any case) become "".

    Only values that could be one are trimmed and lower-cased to be compared: those no
    longer than the longest placeholder, or starting or ending with a byte that may be white
    space (an ASCII control or space, or part of a non-ASCII character), read from the
    values' bytes. A column of long messages or payloads is not copied to find its few "n/a".
    """
    words = sorted({word.strip().lower() for word in placeholders})
    if not len(names) or not words:
        return names
    longest = max(len(word.encode()) for word in words)
    size, first, last = textbytes.ends(names)
    padded = np.logical_or.reduce([(edge <= ord(" ")) | (edge >= 0x80) for edge in (first, last)])
    could = (size <= longest) | padded
    chosen = np.flatnonzero(could)
    candidates = names.take(pa.array(chosen, type=pa.int64()))
    trimmed = pc.utf8_lower(pc.utf8_trim_whitespace(candidates))
    found_words = pc.is_in(trimmed, value_set=pa.array(words, pa.string()))
    hit = np.asarray(found_words.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    if not hit.any():
        return names
    found = np.zeros(len(names), dtype=bool)
    found[chosen[hit]] = True
    return pc.if_else(pa.array(found), pa.scalar("", names.type), names)


def is_free_text(names: pa.Array) -> pa.Array:
    """Per value: more than `CODE_WORDS` words."""
    spaces = pc.count_substring_regex(pc.utf8_trim_whitespace(names), r"\s+")
    return pc.greater(spaces.fill_null(0), CODE_WORDS - 1)


def mask_free_text(names: pa.Array) -> pa.Array:
    """Every digit of a free-text value read as "0" (ids and amounts stop making it unique);
    a code keeps its digits ("code 6" is not "code 7")."""
    masked = pc.replace_substring_regex(names, r"[0-9]", "0")
    return pc.if_else(is_free_text(names), masked, names)


def action(resolution: str) -> str:
    """The action a resolution names. A code is kept as it is; free text has its ids,
    numbers, e-mail addresses and quoted values masked and its references dropped:
    "Re-sent order (see ticket HD-12345)" -> "re-sent order"."""
    text = " ".join(resolution.split())
    if len(text.split()) <= CODE_WORDS:
        return text.strip(" .,;:-").lower()
    text = _EMAIL.sub("<email>", _QUOTED.sub('"…"', text))
    text = _ASIDE.sub("", " ".join(_NUMBERISH.sub(_id_or_number, text).split()))
    return " ".join(text.split()).strip(" .,;:-").lower()


def _id_or_number(match: re.Match[str]) -> str:
    token = match.group(0)
    core = token.rstrip(".,:;/+-")
    kind = "<id>" if any(ch.isalpha() for ch in core) else "<n>"
    return kind + token[len(core) :]
