"""Small pieces the operator pages share: link notices, links that keep the answers, advice."""

from __future__ import annotations

import html
import re

import streamlit as st

from framework import (
    Advice,
    Diagnosis,
    GlossaryEntry,
    Spec,
    Verdict,
)
from framework.views.verdict_reading import VerdictReading, steps_text
from ui.operator import url_state as opstate

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}")
_NEUTRAL = "#5f6b7a"


def show_notices() -> None:
    """What the opening link contained that could not be used, and a version mismatch."""
    if note := opstate.link_version_note():
        st.info(note, icon=":material/history:")
    found = opstate.notices()
    if not found:
        return
    # Notices quote only plain tokens (framework.urlstate.safe_token): safe as Markdown.
    lines = "\n".join(f"- {notice}" for notice in found)
    st.warning(
        f"Parts of the link you opened could not be used and were ignored:\n\n{lines}",
        icon=":material/link_off:",
    )


def page_link(spec: Spec, page: str, label: str, icon: str) -> None:
    """A link to another page that carries the answers and label (so it also opens in a new tab)."""
    st.page_link(page, label=label, icon=icon, query_params=opstate.link_params(spec))


def exception_label(label: str) -> None:
    """The operator's own name for the exception, shown as plain text (never as Markdown)."""
    if label:
        st.caption("Exception")
        st.text(label)


def badges(*verdicts: Verdict) -> None:
    """Verdict labels as coloured pills, in the spec's colours."""
    pills = "".join(_pill(verdict) for verdict in verdicts)
    st.html(f'<div style="display:flex;gap:0.5rem;flex-wrap:wrap">{pills}</div>')


def verdict_headline(spec: Spec, diagnosis: Diagnosis, reading: VerdictReading) -> None:
    """The primary type as a pill, then the headline: where it was decided, the other type's
    signals, and what to do (framework words from the spec, never log text)."""
    badges(spec.verdicts[diagnosis.verdict])
    st.markdown(f"**{reading.headline}**")


def tally_bars(spec: Spec, reading: VerdictReading) -> None:
    """The graded tally: per side, one dot per question (filled where the answer votes for
    it), the count and the steps; the primary side is marked."""
    total = len(spec.questions)
    rows = []
    for side in reading.sides:
        color = css_color(spec.verdicts[side.side].color)
        dots = "".join(
            f'<span style="display:inline-block;width:0.8rem;height:0.8rem;border-radius:50%;'
            f"margin-right:0.2rem;border:2px solid {color};"
            f'background:{color if index < side.count else "transparent"}"></span>'
            for index in range(total)
        )
        primary = " · primary" if reading.decided and side.side == reading.primary else ""
        where = f" ({html.escape(steps_text(side.steps))})" if side.steps else ""
        rows.append(
            f'<div data-side="{html.escape(side.side)}" data-votes="{side.count}" '
            'style="display:flex;align-items:center;gap:0.5rem;flex-wrap:wrap;margin:0.15rem 0">'
            f'<span style="min-width:6.5rem;font-weight:600;color:{color}">'
            f"{html.escape(side.name)}{primary}</span>"
            f'<span aria-hidden="true">{dots}</span>'
            f"<span>{side.count} of {total}{where}</span></div>"
        )
    st.html('<div class="triage-tally">' + "".join(rows) + "</div>")


def table(
    columns: list[str],
    rows: list[list[str]],
    key: str,
    *,
    numeric: frozenset[int] = frozenset(),
    colors: list[str | None] | None = None,
    color_column: int = 1,
    inline: frozenset[int] = frozenset(),
) -> None:
    """A plain table that fits any screen (on a phone each row becomes a card). Every cell is
        HTML-escaped text, so log content (group names) shows exactly as it is; `colors` tints
        one column of a row (its type) in a spec colour. The first column leads each row (bold, a
    card's heading on a phone); `inline` columns sit side by side on a phone."""
    head = "".join(
        f"<th{' class=num' if i in numeric else ''}>{html.escape(c)}</th>"
        for i, c in enumerate(columns)
    )
    body = []
    for index, row in enumerate(rows):
        color = colors[index] if colors else None
        cells = []
        for i, (column, cell) in enumerate(zip(columns, row, strict=True)):
            style = (
                f' style="color:{css_color(color)};font-weight:600"'
                if color and i == color_column
                else ""
            )
            classes = [
                name
                for name, applies in (
                    ("lead", i == 0),
                    ("num", i in numeric),
                    ("inline", i in inline),
                )
                if applies
            ]
            kind = f' class="{" ".join(classes)}"' if classes else ""
            label = html.escape(column, quote=True)
            cells.append(f'<td data-label="{label}"{kind}{style}>{html.escape(cell)}</td>')
        body.append(f'<tr data-row="{index}">' + "".join(cells) + "</tr>")
    st.html(
        f'<table class="triage-table" data-table="{html.escape(key, quote=True)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def glossary(entries: tuple[GlossaryEntry, ...]) -> None:
    """The glossary as a short list (terms and meanings from the spec)."""
    st.markdown("\n".join(f"- **{entry.term}**: {entry.meaning}" for entry in entries))


def advice_block(advice: Advice) -> None:
    """One advice entry from the spec: title, summary and numbered steps."""
    st.markdown(f"**{advice.title}**")
    st.markdown(advice.summary)
    st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(advice.steps, start=1)))


def css_color(color: str) -> str:
    """A spec colour made safe for CSS/HTML: a hex colour as given, anything else neutral."""
    return color if _HEX_COLOR.fullmatch(color) else _NEUTRAL


def _pill(verdict: Verdict) -> str:
    color = css_color(verdict.color)
    return (
        f'<span data-verdict="{html.escape(verdict.id)}" style="background:{color};color:#fff;'
        "border-radius:999px;padding:0.35rem 0.9rem;font-weight:600;font-size:1.05rem;"
        f'letter-spacing:0.01em">{html.escape(verdict.label)}</span>'
    )
