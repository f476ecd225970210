"""The question side of the triage page: label, progress, one question, Back / Next."""

from __future__ import annotations

import streamlit as st

from framework import (
    Diagnosis,
    Question,
    Spec,
)
from framework.views.triage_link import MAX_LABEL_LENGTH, OperatorState, steps
from ui.operator import url_state as opstate

LABEL_KEY = "triage.label"


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


def progress(spec: Spec, current: OperatorState, step: str) -> None:
    """'Step 2 of 5' and a bar of how many questions are answered."""
    order = steps(spec, current.answers)
    total = len(order)
    answered = len(current.answers)
    st.progress(
        answered / total,
        text=f"Step {order.index(step) + 1} of {total} · {answered} answered",
    )


def question_card(spec: Spec, diagnosis: Diagnosis, step: str) -> None:
    """The question on screen: prompt, explanation, examples and the answer choices."""
    question = spec.question(step)
    number = spec.number(step)
    with st.container(border=True):
        st.caption(f"Question {number} · {question.title}")
        st.markdown(f"##### {question.prompt}")
        st.markdown(question.explanation)
        with st.expander("Examples from retail operations"):
            st.markdown("\n".join(f"- {example}" for example in question.examples))
        _answer_radio(question, diagnosis.answers.get(step))
        if diagnosis.complete and step not in diagnosis.path:
            st.info(
                "The flowchart has already decided. This answer only adds to the tally.",
                icon=":material/info:",
            )


def navigation(spec: Spec, current: OperatorState, step: str) -> None:
    """Back, Next and Start over."""
    order = steps(spec, current.answers)
    index = order.index(step)
    back, forward, _, restart = st.columns([1, 1, 2, 1.4], vertical_alignment="center")
    back.button(
        "Back",
        icon=":material/arrow_back:",
        disabled=index == 0,
        on_click=opstate.go_to,
        args=(order[max(index - 1, 0)],),
        width="stretch",
    )
    last = index == len(order) - 1
    forward.button(
        "Next",
        icon=":material/arrow_forward:",
        icon_position="right",
        type="primary",
        disabled=last or step not in current.answers,
        help="Answer this question first." if step not in current.answers else None,
        on_click=opstate.go_to,
        args=(order[min(index + 1, len(order) - 1)],),
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
