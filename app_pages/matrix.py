"""Comparison matrix: the two kinds of problem side by side, with this exception's answers."""

from __future__ import annotations

import streamlit as st

from ui import TRIAGE_PAGE, widgets
from ui import spec_loading as appspec
from ui.operator import matrix
from ui.operator import url_state as opstate

spec = appspec.page_spec()
state = opstate.sync(spec)
sides = matrix.settled_sides(spec, state.answers, matrix.all_rows(spec))

st.title("Comparison matrix")
st.caption(
    "How an integration problem and a process problem show up, symptom by symptom. "
    "Rows your answers settle are highlighted on the side they point to."
)
widgets.show_notices()
widgets.exception_label(state.label)

settled = [side for side in sides if side is not None]
if settled:
    st.markdown(f"Your answers settle **{len(settled)} of {len(sides)}** rows.")
else:
    st.info(
        "No answers yet, so nothing is highlighted. Answer the triage questions and come back.",
        icon=":material/info:",
    )
matrix.show_matrix(spec, state.answers, spec.matrix, key="framework")
added = spec.matrix_additions
if added.rows:
    st.markdown("**This app's addition**")
    st.caption(added.note)
    matrix.show_matrix(spec, state.answers, added.rows, key="added")
widgets.page_link(spec, TRIAGE_PAGE, "Back to the triage", ":material/arrow_back:")
