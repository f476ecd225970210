"""Triage an exception: one question at a time, and the verdict first as soon as the flowchart
decides (brought into view on a phone)."""

from __future__ import annotations

import streamlit as st

from framework import (
    diagnose,
)
from framework.views.triage_link import current_step
from framework.views.verdict_reading import verdict_reading
from ui import page_scripts, widgets
from ui import spec_loading as appspec
from ui.operator import question, verdict
from ui.operator import url_state as opstate

_SHOWN = "operator.shown_verdict"

spec = appspec.page_spec()
state = opstate.sync(spec)
diagnosis = diagnose(spec, state.answers)
reading = verdict_reading(spec, diagnosis)
step = current_step(spec, state)

st.title("Triage an exception")
st.caption(
    "Pick one exception your team keeps clearing by hand and answer the questions about it. "
    "The verdict appears as soon as the flowchart can decide."
)
widgets.show_notices()

if diagnosis.complete:
    verdict.hero(spec, diagnosis, reading, state.label, step)

left, right = st.columns([3, 2], gap="large")
with left:
    question.label_input(state)
    question.progress(spec, state, step, diagnosis)
    question.question_card(spec, diagnosis, step)
    question.navigation(spec, state, step, diagnosis)
with right:
    if not diagnosis.complete:
        verdict.pending(spec, reading)
    verdict.answers_list(reading)
    verdict.flowchart(spec, dict(diagnosis.answers), step)
    verdict.share_panel(spec, diagnosis, state.label)

# Bring the verdict into view when the flowchart has just decided (or decided differently);
# else the question a Back / Next / remaining-questions click asked for.
decided = (diagnosis.verdict, diagnosis.deciding_question) if diagnosis.complete else None
wanted = page_scripts.take_scroll()
if decided is not None and decided != st.session_state.get(_SHOWN):
    page_scripts.scroll_into_view(verdict.HERO_KEY)
elif wanted is not None:
    page_scripts.scroll_into_view(wanted)
st.session_state[_SHOWN] = decided
