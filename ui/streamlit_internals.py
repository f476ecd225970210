"""The only two places the app reaches into Streamlit's private modules, each behind a
fallback that keeps the page working (only slower, or holding more memory) should a
Streamlit upgrade move them. Streamlit's public API offers neither:

* `forget_upload(file_id)` — drop an uploaded file from Streamlit's store of uploads once
  the page has read it, as `st.chat_input` does with its own files. Without it the server
  holds the upload (a copy of the log) until the browser session ends, even after the
  uploader is emptied (the browser deletes a file only when its user removes it).
* `vega_lite_spec(chart)` — an Altair chart converted exactly as `st.altair_chart` converts
  it on every call (data as Arrow, the "none" theme, under Streamlit's lock for Altair's
  global settings), so that the page converts each chart once and sends the spec with
  `st.vega_lite_chart` on later reruns. None when the conversion is not at hand (the caller
  falls back to `st.altair_chart`).

tests/test_architecture.py allows Streamlit's private modules in this module only.
"""

from __future__ import annotations

import logging
from typing import Any

import altair as alt

_LOG = logging.getLogger(__name__)

try:
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    AVAILABLE = True
except ImportError:  # a Streamlit that moved them: the fallbacks below
    _LOG.warning("Streamlit internals moved: uploads stay in memory, charts convert per run")
    AVAILABLE = False


def forget_upload(file_id: str) -> None:
    """Drop an uploaded file from Streamlit's store of uploads (no-op when not possible)."""
    if not AVAILABLE:
        return
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict[str, Any] | None:
    """The chart's Vega-Lite spec as `st.altair_chart` would send it, or None."""
    if not AVAILABLE:
        return None
    spec: dict[str, Any] = _convert_altair_to_vega_lite_spec(chart)  # type: ignore[arg-type]
    return spec
