"""The Streamlit shell: loading the spec, keeping the operator's state in the URL, shared widgets.

Pages import from here; nothing in `framework/` imports this package.
"""

from __future__ import annotations

# Page files, as `st.page_link` / `st.switch_page` expect them (relative to app.py).
TRIAGE_PAGE = "app_pages/triage.py"
MATRIX_PAGE = "app_pages/matrix.py"
FIX_ORDER_PAGE = "app_pages/fix_order.py"
ANALYZE_PAGE = "app_pages/analyze.py"
ANALYZE_URL_PATH = "analyze"
COMPARE_PAGE = "app_pages/compare.py"
COMPARE_URL_PATH = "compare"
