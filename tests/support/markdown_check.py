"""Checks that escaped Markdown is inert (no construct can form) and reads as the original."""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")


def literal(markdown: str) -> str:
    """What an escaped Markdown text reads as: backslash escapes and word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def constructs(markdown: str, *, cell: bool = False) -> list[str]:
    """Every Markdown construct that could still form in `markdown` (one escaped line): empty
    when the text is inert. Backslash-escaped characters are literal and are ignored."""
    bare = _ESCAPED.sub("x", markdown)
    found = [f"unescaped {char!r}" for char in "[]<>`*~" if char in bare]
    if re.search(r"(?<![^\W_])_|_(?![^\W_])", bare):
        found.append("an underscore outside a word (emphasis)")
    if re.search(r"://|www\.", bare, re.IGNORECASE):
        found.append("an autolink")
    if re.search(r"(?<!" + WORD_JOINER + r")@", bare):
        found.append("a bare @ (e-mail autolink)")
    if re.search(r":(?=[^\s\d" + WORD_JOINER + r"])", bare):
        found.append("a colon before a letter (scheme, emoji or icon code)")
    if re.search(r"&#?\w+;", bare):
        found.append("an HTML entity")
    if re.match(r"(#|[-+=](\s|$)|\d+[.)](\s|$))", bare):
        found.append("a block mark at the start of the line")
    if re.search(r"\s#+$", bare):
        found.append("a heading's closing hashes")
    if bare.count("$") > 1:
        found.append("maths between two $")
    if cell and "|" in bare:
        found.append("a pipe in a table cell")
    return found
