"""Triage an exception: one question at a time, and the verdict as soon as the flowchart decides."""

from __future__ import annotations

import streamlit as st

from framework import (
    diagnose,
)
from framework.views.triage_link import current_step
from ui import spec_loading as appspec
from ui import widgets
from ui.operator import question, verdict
from ui.operator import url_state as opstate

spec = appspec.page_spec()
state = opstate.sync(spec)
diagnosis = diagnose(spec, state.answers)
step = current_step(spec, state)

st.title("Triage an exception")
st.caption(
    "Pick one exception your team keeps clearing by hand and answer the questions about it. "
    "The verdict appears as soon as the flowchart can decide."
)
widgets.show_notices()

left, right = st.columns([3, 2], gap="large")
with left:
    question.label_input(state)
    question.progress(spec, state, step)
    question.question_card(spec, diagnosis, step)
    question.navigation(spec, state, step)
    verdict.flowchart(spec, dict(diagnosis.answers), step)
with right:
    verdict.verdict_card(spec, diagnosis, state.label)
    verdict.off_path_note(spec, diagnosis)
    verdict.share_panel(spec, diagnosis, state.label)
