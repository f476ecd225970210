"""The fix-order page's sections: advice for this diagnosis (or every case), habit and FAQ."""

from __future__ import annotations

import streamlit as st

from framework import (
    ADVICE_KEYS,
    Diagnosis,
    Spec,
)
from framework.views.verdict_reading import VerdictReading
from ui import widgets


def advice_for(spec: Spec, diagnosis: Diagnosis, reading: VerdictReading) -> None:
    """The verdict (primary type, graded tally), the advice that applies to this exception,
    then the other cases folded away."""
    st.subheader("For this exception")
    with st.container(border=True, key="fix-verdict"):
        widgets.verdict_headline(spec, diagnosis, reading)
        widgets.tally_bars(spec, reading)
    widgets.advice_block(diagnosis.advice)
    with st.expander("The other cases"):
        for key in ADVICE_KEYS:
            if key != diagnosis.advice.key:
                _case(spec, key)


def all_advice(spec: Spec) -> None:
    """Every case side by side, while there is no verdict yet."""
    st.info(
        "No verdict yet. Here is what each outcome asks of you; finish the triage to see the "
        "one that applies.",
        icon=":material/info:",
    )
    columns = st.columns(2, gap="medium")
    for index, key in enumerate(ADVICE_KEYS):
        with columns[index % 2], st.container(border=True):
            _case(spec, key)


def team_habit_and_faq(spec: Spec) -> None:
    """The habit that keeps the queue sorted, then the FAQ as expanders."""
    st.subheader("Team habit")
    st.markdown(spec.team_habit)
    st.subheader("Common questions")
    for entry in spec.faq:
        with st.expander(entry.question):
            st.markdown(entry.answer)


def _case(spec: Spec, key: str) -> None:
    st.caption(spec.tag(key).label)
    widgets.advice_block(spec.advice[key])
