"""The verdict side of the triage page: the verdict hero (primary type, where it was decided,
the graded tally, what to do), the pending card, your answers, the flowchart, sharing."""

from __future__ import annotations

import streamlit as st

from framework import (
    Diagnosis,
    Spec,
    summary_filename,
    summary_html,
    summary_markdown,
)
from framework.views.flowchart import flowchart_dot
from framework.views.verdict_reading import VerdictReading
from ui import FIX_ORDER_PAGE, page_scripts, widgets
from ui.operator import question as questionview
from ui.operator import url_state as opstate

HERO_KEY = "verdict-hero"
PENDING_KEY = "verdict-pending"
REMAINING_LABEL = "Answer the remaining questions to complete the five-point check"


def hero(
    spec: Spec, diagnosis: Diagnosis, reading: VerdictReading, label: str, current: str
) -> None:
    """The verdict, first on the page once the flowchart has decided: the primary type and the
    step that decided it, the graded tally, and what to do next."""
    with st.container(border=True, key=HERO_KEY):
        verdict, actions = st.columns([3, 2], gap="large")
        with verdict:
            st.caption("Verdict")
            widgets.verdict_headline(spec, diagnosis, reading)
            widgets.exception_label(label)
            widgets.tally_bars(spec, reading)
            st.caption(reading.counted_text)
        with actions:
            _actions(spec, diagnosis, current)


def pending(spec: Spec, reading: VerdictReading) -> None:
    """Before the flowchart decides: which step it needs, and the tally so far."""
    with st.container(border=True, key=PENDING_KEY):
        st.caption("Verdict")
        st.markdown(f"**{reading.headline}**")
        if reading.answers:
            st.caption(f"Tally so far: {reading.tally_text}")


def answers_list(reading: VerdictReading) -> None:
    """Every answer given, with the side it points to and whether the flowchart used it."""
    if not reading.answers:
        return
    st.markdown("**Your answers**")
    lines = []
    for line in reading.answers:
        names = {tally.side: tally.name for tally in reading.sides}
        side = names.get(line.side or "", "neither side")
        where = "on the flowchart's path" if line.on_path else "off the path: tally only"
        if not reading.decided:
            where = "on the path so far" if line.on_path else "counts in the tally"
        lines.append(f"- **{line.step}. {line.title}:** {line.answer} → {side} · *{where}*")
    st.markdown("\n".join(lines))


def flowchart(spec: Spec, answers: dict[str, str], current: str) -> None:
    """The spec's flowchart, one card per step, with the path taken highlighted."""
    st.markdown("**The flowchart**")
    st.graphviz_chart(flowchart_dot(spec, answers, current=current), width="content")
    st.caption(
        "Bold: the path your answers take and the outcome they reach. Dashed: the question on "
        "screen."
    )


def share_panel(spec: Spec, diagnosis: Diagnosis, label: str) -> None:
    """The link that reopens this triage (with a Copy link button), and the summary to download."""
    url = opstate.current_share_url(spec)
    st.markdown("**Share this triage**")
    st.caption("Anyone who opens this link sees the same answers and verdict.")
    st.code(url, language=None, wrap_lines=True)
    page_scripts.copy_button(url, key="share-link")
    with st.container(horizontal=True):
        st.download_button(
            "Summary (Markdown)",
            data=summary_markdown(spec, diagnosis, label=label, share_url=url),
            file_name=summary_filename(label),
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
            disabled=not diagnosis.answers,
        )
        st.download_button(
            "Summary (HTML, printable)",
            data=lambda: summary_html(spec, diagnosis, label=label, share_url=url).encode(),
            file_name=summary_filename(label, ".html"),
            mime="text/html",
            icon=":material/print:",
            on_click="ignore",
            disabled=not diagnosis.answers,
        )


def _actions(spec: Spec, diagnosis: Diagnosis, current: str) -> None:
    """See what to fix; and, apart from it, the remaining questions (when any are left)."""
    remaining = [qid for qid in spec.question_ids if qid not in diagnosis.answers]
    st.markdown(f"**What to do: {diagnosis.advice.title}**")
    if st.button("See what to fix", type="primary", icon=":material/arrow_forward:"):
        st.switch_page(FIX_ORDER_PAGE, query_params=opstate.link_params(spec))
    if not remaining:
        st.caption("All five questions are answered: the five-point check is complete.")
        return
    count = len(remaining)
    refine = (
        "the remaining answers do not change the primary type, they only refine the "
        "both-present reading (whether the other type's signals are there too)."
    )
    if current in remaining:
        st.caption(f"Completing the five-point check: {count} left. The verdict stands; {refine}")
        return
    st.button(
        REMAINING_LABEL,
        icon=":material/playlist_add_check:",
        width="stretch",
        on_click=questionview.go_to,
        args=(remaining[0],),
        key="remaining",
    )
    st.caption(f"{count} question{'s' if count > 1 else ''} left. The verdict stands: {refine}")
