"""Fix order: what to do first for this diagnosis, the team habit, and the common questions."""

from __future__ import annotations

import streamlit as st

from framework import (
    diagnose,
)
from framework.views.verdict_reading import verdict_reading
from ui import TRIAGE_PAGE, widgets
from ui import spec_loading as appspec
from ui.operator import fix_order as fixorder
from ui.operator import url_state as opstate

spec = appspec.page_spec()
state = opstate.sync(spec)
diagnosis = diagnose(spec, state.answers)

st.title("Fix order")
st.caption("Which fix comes first, and why the order matters.")
widgets.show_notices()
widgets.exception_label(state.label)

if diagnosis.complete:
    fixorder.advice_for(spec, diagnosis, verdict_reading(spec, diagnosis))
else:
    fixorder.all_advice(spec)
widgets.page_link(spec, TRIAGE_PAGE, "Back to the triage", ":material/arrow_back:")
st.divider()
fixorder.team_habit_and_faq(spec)
