"""The question side of the triage page: label, progress, one question, Back / Next.

Until the flowchart decides, the flow is "Step 2 of 5" and Next. Once it has decided, the flow
says so: the progress names the deciding step, and the way forward is the verdict's own
actions ("See what to fix", or the remaining questions), never a plain Next."""

from __future__ import annotations

import streamlit as st

from framework import (
    Diagnosis,
    Question,
    Spec,
)
from framework.views.triage_link import MAX_LABEL_LENGTH, OperatorState, steps
from ui import page_scripts, widgets
from ui.operator import url_state as opstate

LABEL_KEY = "triage.label"
CARD_KEY = "question-card"


def go_to(step: str) -> None:
    """Callback: show another question and bring its heading into view."""
    opstate.go_to(step)
    page_scripts.request_scroll(CARD_KEY)


def answer_key(question_id: str) -> str:
    """The widget key of a question's answer radio."""
    return f"triage.answer.{question_id}"


def label_input(current: OperatorState) -> None:
    """The optional free-text name of the exception."""
    st.session_state[LABEL_KEY] = current.label
    st.text_input(
        "Name this exception (optional)",
        key=LABEL_KEY,
        max_chars=MAX_LABEL_LENGTH,
        placeholder="e.g. SKU rejected, Shopify → NetSuite",
        help="Shown on the verdict, in the share link and in the summary.",
        on_change=opstate.set_label,
        args=(LABEL_KEY,),
    )


def progress(spec: Spec, current: OperatorState, step: str, diagnosis: Diagnosis) -> None:
    """'Step 2 of 5' while the flowchart walks; once it has decided, where it decided."""
    order = steps(spec, current.answers)
    total = len(order)
    answered = len(current.answers)
    if not diagnosis.complete:
        text = f"Step {order.index(step) + 1} of {total} · {answered} answered"
    elif diagnosis.deciding_question is None:
        text = f"Undetermined after step {total} · {answered} of {total} answered"
    else:
        decided = spec.number(diagnosis.deciding_question)
        text = f"Decided at step {decided} · {answered} of {total} answered"
    st.progress(answered / total, text=text)


def question_card(spec: Spec, diagnosis: Diagnosis, step: str) -> None:
    """The question on screen: prompt, explanation, examples and the answer choices."""
    question = spec.question(step)
    number = spec.number(step)
    with st.container(border=True, key=CARD_KEY):
        st.caption(f"Question {number} · {question.title}")
        st.markdown(f"##### {question.prompt}")
        st.markdown(question.explanation)
        with st.expander("Examples from retail operations"):
            st.markdown("\n".join(f"- {example}" for example in question.examples))
        if spec.glossary:
            with st.popover("Words used here", icon=":material/menu_book:"):
                widgets.glossary(spec.glossary)
        _answer_radio(question, diagnosis.answers.get(step))
        if diagnosis.complete and step not in diagnosis.path:
            decided = (
                f"decided at step {spec.number(diagnosis.deciding_question)}"
                if diagnosis.deciding_question
                else "has reached its verdict"
            )
            st.info(
                f"The flowchart {decided}. This question is off its path: the answer only "
                "adds to the tally (whether both types are present), not to the primary type.",
                icon=":material/info:",
            )


def navigation(spec: Spec, current: OperatorState, step: str, diagnosis: Diagnosis) -> None:
    """Back, the way forward and Start over. Once the flowchart has decided, the way forward
    is named for where it leads (the next remaining question, or a step to review)."""
    order = steps(spec, current.answers)
    index = order.index(step)
    back, forward, _, restart = st.columns([1, 1.6, 0.4, 1.4], vertical_alignment="center")
    back.button(
        "Back",
        icon=":material/arrow_back:",
        disabled=index == 0,
        on_click=go_to,
        args=(order[max(index - 1, 0)],),
        width="stretch",
    )
    following = order[index + 1] if index + 1 < len(order) else None
    label = _forward_label(spec, diagnosis, following)
    if label is not None and following is not None:
        forward.button(
            label,
            icon=":material/arrow_forward:",
            icon_position="right",
            type="primary" if not diagnosis.complete else "secondary",
            disabled=step not in current.answers,
            help="Answer this question first." if step not in current.answers else None,
            on_click=go_to,
            args=(following,),
            width="stretch",
        )
    restart.button(
        "Start over",
        icon=":material/restart_alt:",
        type="tertiary",
        disabled=not (current.answers or current.label),
        on_click=opstate.start_over,
        width="stretch",
    )


def _forward_label(spec: Spec, diagnosis: Diagnosis, following: str | None) -> str | None:
    """'Next' while the flowchart walks; once decided, where the button leads (or no button)."""
    if not diagnosis.complete:
        return "Next" if following is not None else None
    if following is None:
        return None
    if following in diagnosis.path:
        return f"Review step {spec.number(following)}"
    if following not in diagnosis.answers:
        return "Next remaining question"
    return f"Review step {spec.number(following)}"


def _answer_radio(question: Question, value: str | None) -> None:
    key = answer_key(question.id)
    st.session_state[key] = value
    labels = {answer.value: answer.label for answer in question.answers}
    st.radio(
        "Your answer",
        options=list(labels),
        index=None,
        format_func=labels.__getitem__,
        captions=[answer.hint for answer in question.answers],
        key=key,
        on_change=opstate.set_answer,
        args=(question.id, key),
    )
