"""Logs whose every field, header and group name is an attack: spreadsheet formulas, HTML,
Markdown images and links. What the exports, pages and reports must show as plain text."""

from __future__ import annotations

import csv
import io

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
