"""Compare two periods: the team lead's "did the fix work?". Two logs, one log split on the day
something changed, or two saved analyses; every group read in the framework's terms."""

from __future__ import annotations

import streamlit as st

from ui import spec_loading as appspec
from ui.lead import compare

spec = appspec.page_spec()

st.title("Compare two periods")
st.caption(
    "Fixed something? Set the weeks before the fix against the weeks after: which groups "
    "cleared, which still come back the same way, which now show a missing rule, and where "
    "an exception just changed shape."
)
compare.page(spec)
