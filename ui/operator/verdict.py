"""The verdict side of the triage page: the verdict card, the flowchart and the share panel."""

from __future__ import annotations

import streamlit as st

from framework import (
    INTEGRATION,
    PROCESS,
    Diagnosis,
    Spec,
    summary_filename,
    summary_html,
    summary_markdown,
)
from framework.views.flowchart import flowchart_dot
from ui import FIX_ORDER_PAGE, widgets
from ui.operator import url_state as opstate


def verdict_card(spec: Spec, diagnosis: Diagnosis, label: str) -> None:
    """The verdict once the flowchart has decided; until then, what is still missing."""
    with st.container(border=True, key="verdict-card"):
        st.caption("Verdict")
        if not diagnosis.complete:
            _pending(spec, diagnosis)
            return
        verdict = spec.verdicts[diagnosis.verdict]
        shown = [verdict, spec.both_present] if diagnosis.both_present else [verdict]
        widgets.badges(*shown)
        widgets.exception_label(label)
        st.markdown(verdict.summary)
        st.markdown(
            f"- **Decided by:** {_deciding(spec, diagnosis)}\n"
            f"- **Tally:** {tally_text(spec, diagnosis)}\n"
            f"- **Both types present:** {'yes' if diagnosis.both_present else 'no'}"
        )
        if diagnosis.both_present:
            st.info(spec.both_present.summary, icon=":material/call_split:")
        st.markdown(f"**What to do next: {diagnosis.advice.title}**")
        st.markdown(diagnosis.advice.summary)
        widgets.page_link(spec, FIX_ORDER_PAGE, "See the fix order", ":material/arrow_forward:")


def tally_text(spec: Spec, diagnosis: Diagnosis) -> str:
    """'Integration 2 · Process 1', with the side names from the spec."""
    votes = diagnosis.votes
    integration, process = spec.verdicts[INTEGRATION].short, spec.verdicts[PROCESS].short
    return f"{integration} {votes.integration} · {process} {votes.process}"


def off_path_note(spec: Spec, diagnosis: Diagnosis) -> None:
    """Explain answers the flowchart did not use for the verdict."""
    off_path = [qid for qid in diagnosis.answers if qid not in diagnosis.path]
    if not off_path or not diagnosis.complete:
        return
    titles = ", ".join(f"“{spec.question(qid).title}”" for qid in off_path)
    st.caption(
        f"Off the flowchart's path: {titles}. Those answers count in the tally but did not "
        "decide the verdict."
    )


def flowchart(spec: Spec, answers: dict[str, str], current: str) -> None:
    """The spec's flowchart with the path taken highlighted."""
    st.markdown("**The flowchart**")
    st.graphviz_chart(flowchart_dot(spec, answers, current=current), width="stretch")
    st.caption(
        "Bold arrows: the path your answers take. Double border: the question that decided. "
        "Dashed: the question on screen."
    )


def share_panel(spec: Spec, diagnosis: Diagnosis, label: str) -> None:
    """The link that reopens this triage, and the one-page summary to download."""
    url = opstate.current_share_url(spec)
    st.markdown("**Share this triage**")
    st.caption("Anyone who opens this link sees the same answers and verdict.")
    st.code(url, language=None, wrap_lines=True)
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


def _pending(spec: Spec, diagnosis: Diagnosis) -> None:
    awaiting = diagnosis.awaiting or spec.start
    number = spec.number(awaiting)
    st.markdown(
        f"**Not decided yet.** The flowchart needs question {number}, "
        f"“{spec.question(awaiting).title}”."
    )
    if diagnosis.answers:
        st.caption(f"Tally so far: {tally_text(spec, diagnosis)}")


def _deciding(spec: Spec, diagnosis: Diagnosis) -> str:
    deciding = diagnosis.deciding_question
    if deciding is None:
        return "no single question; every answer on the path was “not sure”"
    number = spec.number(deciding)
    answer = spec.question(deciding).answer(diagnosis.answers[deciding])
    return f"question {number}, “{spec.question(deciding).title}” ({answer.label})"
