"""Report blocks render to Markdown and to one self-contained HTML page; log text never turns
into markup in either."""

from __future__ import annotations

import base64
import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framework.report.blocks import (
    Block,
    Figure,
    Heading,
    Items,
    Link,
    Para,
    Rule,
    Safe,
    Section,
    Table,
    markdown_escape,
    render_html,
    render_markdown,
)
from tests.support.markdown_check import constructs, literal

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
INJECTIONS = [
    "![pixel](http://evil.example/p.png)",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "**bold** | pipe",
    "write to ops@example.com",
    "see www.evil.example or http://evil.example/x",
    "</title>",
    "two\n# lines",
    "# heading",
    "1. numbered",
    "- bullet",
    "__init__ and _em_",
    ":material/home: and :smile:",
    "&amp; entity",
    "$x$ maths",
    "Ticket ##",
]


@pytest.mark.parametrize(
    ("block", "markdown"),
    [
        (Heading(Safe("Groups")), "## Groups"),
        (Heading(Safe("Report"), 1), "# Report"),
        (Para(Safe("Text  with\nlines.")), "Text with lines."),
        (Para(Safe("all good."), lead=Safe("Total.")), "**Total.** all good."),
        (Items((Safe("a"), Safe("b"))), "- a\n- b"),
        (Items((Safe("first"), Safe("second")), numbered=True), "1. first\n2. second"),
        (
            Table((Safe("A"), Safe("B")), ((Safe("1"), Safe("x|y")),)),
            "| A | B |\n|---|---|\n| 1 | x\\|y |",
        ),
        (Link("https://triage.example/?analysis=abc"), "<https://triage.example/?analysis=abc>"),
        (Link("javascript:alert(1)"), "javascript:\u2060alert(1)"),
        (Rule(), "---"),
        (Section((Heading(Safe("G"), 3), Para(Safe("p")))), "### G\n\np"),
    ],
    ids=[
        "heading",
        "title",
        "para",
        "lead",
        "bullets",
        "numbered",
        "table",
        "link",
        "unsafe-link",
        "rule",
        "section",
    ],
)
def test_markdown_of_each_block(block: Block, markdown: str) -> None:
    """Each block has one Markdown form; safe text is only folded onto one line."""
    assert render_markdown([block]) == markdown + "\n"


def test_markdown_leaves_figures_out_and_separates_blocks() -> None:
    """Figures have no Markdown form; blocks are separated by one blank line."""
    text = render_markdown([Heading(Safe("A")), Figure(SVG, "chart"), Para(Safe("b"))])
    assert text == "## A\n\nb\n"


@pytest.mark.parametrize("text", INJECTIONS)
def test_plain_text_is_literal_in_markdown(text: str) -> None:
    """Log text in a heading, paragraph or table cell keeps no Markdown construct and reads
    back as it was written (on one line)."""
    rendered = render_markdown(
        [Heading((Safe("Group "), text), 3), Para(text), Table((Safe("Group"),), ((text,),))]
    )
    lines = rendered.splitlines()
    body = lines[0].removeprefix("### Group ")
    assert constructs(body) == []
    assert literal(body) == " ".join(text.split())
    paragraph = lines[2]
    assert constructs(paragraph) == []
    assert literal(paragraph) == " ".join(text.split())
    cells = re.split(r"(?<!\\)\|", lines[-1])
    assert len(cells) == 3
    assert constructs(cells[1].strip(), cell=True) == []
    assert literal(cells[1].strip()) == " ".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "exceptions_ops.csv",
        "INV_SYNC_DRIFT",
        "Shopify → NetSuite",
        "2024-04-01 10:42:07",
        "Invoice INV-455184 over PO total (2%), no tolerance rule agreed!",
        "Note: held for buyer approval (see ticket HD-89871)",
        "PO #12 costs $5",
        "customer_id = 42 + 1",
    ],
)
def test_ordinary_log_text_reads_cleanly(text: str) -> None:
    """Names, codes, dates and sentences need no escape: pasted into a chat or a ticket they
    read exactly as in the log, without backslashes."""
    assert markdown_escape(text) == text
    assert render_markdown([Para(text)]) == text + "\n"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_any_text_is_inert_and_reads_back(text: str) -> None:
    """Whatever a log holds, the escaped text forms no Markdown construct and reads back as
    the text folded onto one line."""
    for cell in (False, True):
        escaped = markdown_escape(text, cell=cell)
        assert constructs(escaped, cell=cell) == []
        assert literal(escaped) == " ".join(text.split())


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_is_escaped_in_html(text: str) -> None:
    """Plain and safe text alike are HTML-escaped: no tag from the text reaches the page."""
    page = render_html(text, [Heading(text), Para(Safe(text), lead=text), Table((text,), ())])
    assert "<img src=x" not in page and "<script>" not in page
    assert page.count(html.escape(text)) >= 3


def test_html_page_is_self_contained_and_printable() -> None:
    """One page: no script, no external resource, a CSP that forbids them, print rules."""
    page = render_html("Report", [Heading(Safe("A"), 1), Figure(SVG, "A chart"), Rule()])
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "default-src 'none'; img-src data:" in page
    assert "@media print" in page and "break-inside: avoid" in page


def test_figure_is_an_inline_svg_image_with_its_caption() -> None:
    """A figure is an <img> whose data URI decodes to the SVG; the alt text is its caption."""
    page = render_html("R", [Figure(SVG, "Share <by> type")])
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert data is not None and base64.b64decode(data.group(1)).decode() == SVG
    assert 'alt="Share &lt;by&gt; type"' in page
    assert "<figcaption>Share &lt;by&gt; type</figcaption>" in page


@pytest.mark.parametrize(
    ("url", "anchor"),
    [
        ("https://triage.example/?analysis=abc", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
    ],
)
def test_only_plain_http_links_become_anchors(url: str, anchor: bool) -> None:
    """A share link is clickable only when it is an http(s) address."""
    page = render_html("R", [Link(url)])
    assert ("<a href=" in page) is anchor
    assert url.replace("&", "&amp;") in page


def test_numeric_columns_are_right_aligned() -> None:
    """Cells of the numeric columns carry the `num` class, headers included."""
    page = render_html(
        "R", [Table((Safe("Group"), Safe("Count")), (("a", Safe("3")),), frozenset({1}))]
    )
    assert "<th>Group</th><th class=num>Count</th>" in page
    assert "<td>a</td><td class=num>3</td>" in page


def test_long_plain_words_wrap_on_the_page_and_stay_out_of_attributes() -> None:
    """A long word from a log or a link may break anywhere on the page (a span that wraps),
    but the page's title, a link's address and an image's alt text stay plain escaped text."""
    word = "x" * 40
    url = "https://triage.example/?label=" + "y" * 60
    page = render_html(
        word, [Heading(word), Link(url), Figure(SVG, word), Table((Safe("G"),), ((word,),))]
    )
    assert f"<title>{word}</title>" in page
    assert f'<a href="{url}">' in page and f'alt="{word}"' in page
    assert page.count(f'<span class="long">{word}</span>') == 3  # heading, caption, cell
    assert '<div class="table-wrap"><table>' in page
