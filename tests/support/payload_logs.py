"""Logs whose every field, header and group name is an attack: spreadsheet formulas, HTML,
Markdown images and links. What the exports, pages and reports must show as plain text."""

from __future__ import annotations

import csv
import io
import re

from tests.support.spreadsheets import PAYLOADS as FORMULAS

SCRIPT = "<script>alert('xss')</script>"
IMAGE = "![x](http://example.invalid/track.png)"
HTML_IMAGE = '<img src="http://example.invalid/pixel.gif" onerror="alert(1)">'
LINK = "[click me](javascript:alert(1))"
HTML_LINK = '<a href="http://example.invalid/phish">log in</a>'
MARKUP = (SCRIPT, IMAGE, HTML_IMAGE, LINK, HTML_LINK)
"""Markup payloads: none may ever become an element, an image load or a link."""

HOSTILE_HEADERS = ("=cmd|' /C calc'!A0", SCRIPT, IMAGE)


def hostile_csv(codes: tuple[str, ...] = (*MARKUP, *FORMULAS), repeat: int = 3) -> bytes:
    """A CSV log: group codes, messages, handlers and three extra columns (with hostile
    names) all carrying payloads; enough rows per group for the answers to be inferred."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(
        ["exception_id", "timestamp", "error_code", "message", "handler", *HOSTILE_HEADERS]
    )
    payloads = (*MARKUP, *FORMULAS)
    row = 0
    for _ in range(repeat):
        for code in codes:
            row += 1
            day = row % 9 + 1
            extra = payloads[row % len(payloads)]
            writer.writerow(
                [
                    f"E{row}",
                    f"2024-03-0{day}T10:00:00Z",
                    code,
                    f"{extra} unknown **code** {payloads[(row + 1) % len(payloads)]}",
                    payloads[(row + 2) % len(payloads)],
                    extra,
                    extra,
                    extra,
                ]
            )
    return buffer.getvalue().encode()


HOSTILE_FILENAME = "<img src=x onerror=alert(1)>![x](http://example.invalid/f.png).csv"
HOSTILE_SHEET = "<img src=x onerror=alert(2)>"  # an Excel sheet name cannot hold / [ ] :
RAW_MARKUP = re.compile(
    r"(?<!\\)<(script|img|a href)"  # a tag whose "<" is not backslash-escaped
    r"|!\[x\]\(|\[click me\]\(|javascript:alert"  # Markdown image, link, or a live URL
)
"""What a payload looks like when it was passed to Markdown unescaped."""


def unescaped(texts: list[str]) -> list[str]:
    """The texts that hold a payload as live markup (empty: everything was escaped)."""
    return [text for text in texts if RAW_MARKUP.search(text)]


def html_hazards(page: str) -> list[str]:
    """Elements and attributes in an HTML page that would run script, load something from
    elsewhere or link out: script, iframe, object, embed; on* handlers; src or href that is
    not a data: image or a plain http(s) share link. Empty when the page is safe."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scanner(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in {"script", "iframe", "object", "embed", "base", "form"}:
                found.append(f"<{tag}>")
            for name, value in attrs:
                text = value or ""
                if name.startswith("on"):
                    found.append(f"{tag} {name}")
                elif name == "src" and not text.startswith("data:"):
                    found.append(f"{tag} src={text}")
                elif name == "href" and (
                    "example.invalid" in text or not text.startswith(("http://", "https://", "#"))
                ):
                    found.append(f"{tag} href={text}")

    Scanner().feed(page)
    return found
