"""Analyse a log: the team lead's page. Upload an exception export (or a sample), check the
columns, and see per exception group the five answers with evidence, the verdict, the cost
of recurrence; override answers, download the tagged sheet, save and share a link."""

from __future__ import annotations

import streamlit as st

from ui import spec_loading as appspec
from ui.lead import page as leadpage
from ui.lead import saved_link as saved

spec = appspec.page_spec()
link = saved.route()

if link is None:
    st.title("Analyse an exception log")
    st.caption(
        "Find out, for every exception your team keeps clearing by hand, whether the handoff "
        "between systems or a missing rule is to blame, and what it costs."
    )
    leadpage.own_analysis(spec)
else:
    # A shared analysis is headed by its own title (the saved view writes it).
    leadpage.shared_analysis(spec, link)
