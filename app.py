"""Exception Triage: the Streamlit entry point (`streamlit run app.py`).

To add a page, add an `st.Page` to `PAGES`, under an existing section or a new one. Every
page opens only once questions.yaml (or `$TRIAGE_SPEC`) is valid; otherwise each page shows
the list of problems instead.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from framework import (
    SpecError,
)
from ui import (
    ANALYZE_PAGE,
    ANALYZE_URL_PATH,
    COMPARE_PAGE,
    COMPARE_URL_PATH,
    FIX_ORDER_PAGE,
    MATRIX_PAGE,
    TRIAGE_PAGE,
    page_scripts,
)
from ui import spec_loading as appspec
from ui.heap import freeze_imports
from ui.switch_interval import shorten_switch_interval

# The tab icon is a file of the app's own: a ":material/…:" icon would be fetched from a
# font CDN (and fail offline).
ICON = Path(__file__).resolve().parent / "static" / "favicon.png"

st.set_page_config(page_title="Exception Triage", page_icon=str(ICON), layout="wide")
page_scripts.page_setup()

PAGES: dict[str, list[st.Page]] = {
    "Triage one exception": [
        st.Page(
            TRIAGE_PAGE, title="Triage an exception", icon=":material/checklist:", default=True
        ),
        st.Page(MATRIX_PAGE, title="Comparison matrix", icon=":material/compare_arrows:"),
        st.Page(FIX_ORDER_PAGE, title="Fix order", icon=":material/format_list_numbered:"),
    ],
    "Team lead": [
        st.Page(
            ANALYZE_PAGE,
            title="Analyse a log",
            icon=":material/query_stats:",
            url_path=ANALYZE_URL_PATH,
        ),
        st.Page(
            COMPARE_PAGE,
            title="Compare two periods",
            icon=":material/compare_arrows:",
            url_path=COMPARE_URL_PATH,
        ),
    ],
}

freeze_imports()  # once per process: later runs' garbage collection skips the imports
shorten_switch_interval()  # the event loop sends a run's elements while the next are made
page = st.navigation(PAGES)
try:
    spec = appspec.app_spec()
except SpecError as error:
    appspec.show_spec_problems(error)
else:
    st.sidebar.caption(f"Questions file version {spec.version}")
    page.run()
