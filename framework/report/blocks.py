"""A report as a list of plain blocks, rendered to Markdown or to one self-contained HTML page.

    blocks = [Heading(Safe("Summary")), Para(("Group ", group_name)), Table(cols, rows)]
    text = render_markdown(blocks)
    page = render_html("Exception analysis", blocks)

Text is either `Safe` (written by us or taken from questions.yaml) or plain `str` (anything
that came from a log, a label or a link: shown literally, never as markup). A text may be a
tuple of parts mixing both. HTML escapes every part; Markdown escapes the plain parts
(`markdown_escape`) and only folds the lines of safe ones.

The HTML page has no script and loads nothing: charts are SVG images inlined as data URIs,
the style is inline, and a Content-Security-Policy forbids anything else. It prints to PDF
cleanly (A4 margins, no tables or figures split across pages, colours kept), and long links
and words wrap instead of running off the page.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass


class Safe(str):
    """Text we wrote or questions.yaml holds: Markdown may show it as it is."""

    __slots__ = ()


Text = str | tuple[str, ...]
_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]`\"'\\]+")
_SPACES = re.compile(r"\s+")
_LONG_WORD = re.compile(r"\S{25,}")
_WORD_JOINER = "\u2060"
# Characters that start Markdown syntax wherever they stand: escapes, code, emphasis, links and
# images, HTML and autolinks, strikethrough.
_ALWAYS = re.compile(r"([\\`*\[\]<>~])")
# An underscore that is not inside a word can open or close emphasis.
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# A colon before a letter or "/" can begin a scheme ("http://"), an emoji code (":smile:") or a
# Streamlit icon (":material/…:"); "10:42" and "Note: x" stay as they are. Autolinks and such
# codes are found in the text after escapes are read, so an invisible word joiner breaks them.
_COLON = re.compile(r":(?=[^\s\d])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_WWW = re.compile(r"\b(www)\.", re.IGNORECASE)
# At the start of a line: a heading, a list item, a block quote or a setext underline.
_LINE_START = re.compile(r"^(#|[-+=](?=\s|$)|\d+[.)](?=\s|$))")
_CLOSING_HASHES = re.compile(r"(?<=\s)(#+)$")


def markdown_escape(text: str, *, cell: bool = False) -> str:
    """`text` as literal Markdown on one line, escaping only what could become Markdown:
    it never turns into a link, an image, HTML, emphasis, code, a heading or a list, and an
    ordinary name such as `exceptions_ops.csv` reads as it is. A `cell` of a table also gets
    its pipes escaped; "$" is escaped where two could open maths. Autolinks (GFM finds them
    in the text after escapes are read) are broken by an invisible word joiner instead: before
    each "@", after "www" and after a colon that precedes a letter or "/"."""
    one_line = " ".join(text.split())
    escaped = _ALWAYS.sub(r"\\\1", one_line)
    escaped = _LOOSE_UNDERSCORE.sub(r"\\_", escaped)
    escaped = _COLON.sub(":" + _WORD_JOINER, escaped)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _WWW.sub(r"\1" + _WORD_JOINER + ".", escaped)
    if escaped.count("$") > 1:
        escaped = escaped.replace("$", "\\$")
    if cell:
        escaped = escaped.replace("|", "\\|")
    escaped = _LINE_START.sub(lambda m: _line_start(m.group(1)), escaped)
    escaped = _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group(1)), escaped)
    return escaped.replace("@", _WORD_JOINER + "@")


def _line_start(mark: str) -> str:
    """A line-start mark made literal: '\\#', '\\-', or '12\\.' for a numbered item."""
    return mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark


@dataclass(frozen=True)
class Heading:
    text: Text
    level: int = 2


@dataclass(frozen=True)
class Para:
    """A paragraph; `lead` is set in bold before the text; a `note` is shown smaller."""

    text: Text
    lead: Text = ""
    note: bool = False


@dataclass(frozen=True)
class Items:
    items: tuple[Text, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of cells under column headings; `numeric` columns are right-aligned."""

    columns: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Figure:
    """A chart as SVG, with the sentence that says what it shows."""

    svg: str
    alt: str


@dataclass(frozen=True)
class Link:
    """A share link: a real link only when it is a plain http(s) address."""

    url: str


@dataclass(frozen=True)
class Rule:
    """A horizontal line."""


@dataclass(frozen=True)
class Section:
    """Blocks kept together on one printed page where they fit (e.g. one group's detail)."""

    blocks: tuple[Block, ...]


Block = Heading | Para | Items | Table | Figure | Link | Rule | Section


def plain_link(url: str) -> bool:
    """Whether `url` is a plain http(s) address, safe to make a link of."""
    return bool(_SAFE_URL.fullmatch(url))


# Markdown ------------------------------------------------------------------------------


def render_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as Markdown, separated by blank lines; figures are left out."""
    parts = [part for block in blocks if (part := _markdown(block))]
    return "\n\n".join(parts) + "\n"


def _markdown(block: Block) -> str:
    match block:
        case Heading(text, level):
            return "#" * level + " " + _md(text)
        case Para(text, lead):
            return (f"**{_md(lead)}** " if lead else "") + _md(text)
        case Items(items, numbered):
            marks = [f"{n}." if numbered else "-" for n in range(1, len(items) + 1)]
            return "\n".join(f"{mark} {_md(item)}" for mark, item in zip(marks, items, strict=True))
        case Table(columns, rows):
            lines = [_md_row(columns), "|" + "---|" * len(columns)]
            return "\n".join(lines + [_md_row(row) for row in rows])
        case Link(url):
            return f"<{url}>" if plain_link(url) else markdown_escape(url)
        case Rule():
            return "---"
        case Section(inner):
            return render_markdown(inner).rstrip("\n")
        case Figure():
            return ""


def _md(text: Text, *, cell: bool = False) -> str:
    """Plain parts fully escaped; safe parts on one line, their pipes escaped in a cell."""
    parts = text if isinstance(text, tuple) else (text,)
    return "".join(
        _safe_md(part, cell) if isinstance(part, Safe) else markdown_escape(part, cell=cell)
        for part in parts
    )


def _safe_md(text: str, cell: bool) -> str:
    one_line = _SPACES.sub(" ", text)
    return one_line.replace("|", "\\|") if cell else one_line


def _md_row(cells: tuple[Text, ...]) -> str:
    return "| " + " | ".join(_md(cell, cell=True) for cell in cells) + " |"


# HTML ----------------------------------------------------------------------------------

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem;
  overflow-wrap: break-word; }
.long { overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #d0d7de;
  padding-bottom: .25rem; }
h3 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; }
p.note { color: #57606a; font-size: .9rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .88rem; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: .85rem; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 2rem 0 1rem; }
a { word-break: break-all; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2, h3 { break-after: avoid; }
  table, figure, section, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""


def render_html(title: str, blocks: Sequence[Block]) -> str:
    """One self-contained, printable HTML page titled `title` (plain text) holding `blocks`."""
    body = "\n".join(_html(block) for block in blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _html(block: Block) -> str:
    match block:
        case Heading(text, level):
            return f"<h{level}>{_h(text)}</h{level}>"
        case Para(text, lead, note):
            strong = f"<strong>{_h(lead)}</strong> " if lead else ""
            return f"<p{' class=note' if note else ''}>{strong}{_h(text)}</p>"
        case Items(items, numbered):
            tag = "ol" if numbered else "ul"
            return f"<{tag}>" + "".join(f"<li>{_h(item)}</li>" for item in items) + f"</{tag}>"
        case Table(columns, rows, numeric):
            head = _html_row("th", columns, numeric)
            body = "\n".join(_html_row("td", row, numeric) for row in rows)
            table = f"<table>\n<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n</table>"
            return f'<div class="table-wrap">{table}</div>'
        case Figure(svg, alt):
            data = base64.b64encode(svg.encode()).decode("ascii")
            return (
                f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}">'
                f"<figcaption>{_h(alt)}</figcaption></figure>"
            )
        case Link(url):
            if plain_link(url):
                return f'<p><a href="{html.escape(url)}">{_h(url)}</a></p>'
            return '<p class="long">' + _h(url) + "</p>"
        case Rule():
            return "<hr>"
        case Section(inner):
            return "<section>\n" + "\n".join(_html(item) for item in inner) + "\n</section>"


def _h(text: Text) -> str:
    parts = text if isinstance(text, tuple) else (text,)
    return "".join(_h_part(part) for part in parts)


def _h_part(part: str) -> str:
    """Escaped text; a plain part with a very long word (a label, a code, a link) may break
    anywhere, so it cannot push a table or the page wider than an A4 sheet."""
    escaped = html.escape(part)
    if isinstance(part, Safe) or not _LONG_WORD.search(part):
        return escaped
    return '<span class="long">' + escaped + "</span>"


def _html_row(tag: str, cells: tuple[Text, ...], numeric: frozenset[int]) -> str:
    return (
        "<tr>"
        + "".join(
            f"<{tag}{' class=num' if index in numeric else ''}>{_h(cell)}</{tag}>"
            for index, cell in enumerate(cells)
        )
        + "</tr>"
    )
