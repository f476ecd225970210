"""The only three places the app reaches into Streamlit's private modules or behaviour,
each behind a fallback that keeps the page working (only slower, or holding more memory)
should a Streamlit upgrade move them. Streamlit's public API offers none of them:

* `forget_upload(file_id)` — drop an uploaded file from Streamlit's store of uploads once
  the page has read it, as `st.chat_input` does with its own files. Without it the server
  holds the upload (a copy of the log) until the browser session ends, even after the
  uploader is emptied (the browser deletes a file only when its user removes it).
* `vega_lite_spec(chart)` — an Altair chart converted exactly as `st.altair_chart` converts
  it on every call (data as Arrow, the "none" theme, under Streamlit's lock for Altair's
  global settings), so that the page converts each chart once and sends the spec with
  `st.vega_lite_chart` on later reruns. None when the conversion is not at hand (the caller
  falls back to `st.altair_chart`).
* an uploaded file copied without copying its bytes — Streamlit deep-copies a widget's
  value on every run that shows it ("so that reference types can't be accidentally mutated
  by user code"), and an `UploadedFile` is a `BytesIO`, whose deep copy copies the whole
  file: 0.3 s and a second copy held for a 261 MB log, before the page can start reading
  it. `share_upload_bytes()` (done on import) gives `UploadedFile` a `__deepcopy__` whose
  copy shares the bytes the upload holds (bytes are immutable, and a `BytesIO` copies a
  shared buffer before its first write, so the copy is as independent as before). Should
  `UploadedFile` not be found, its deep copy stays Streamlit's own.

tests/test_architecture.py allows Streamlit's private modules in this module only.
"""

from __future__ import annotations

import copy
import io
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


def share_upload_bytes() -> None:
    """Make a deep copy of an uploaded file share its bytes (see the module's docstring);
    done once, on import."""
    try:
        from streamlit.typing import UploadedFile
    except ImportError:  # pragma: no cover - a Streamlit without it: copies stay full copies
        return
    if "__deepcopy__" not in vars(UploadedFile):
        UploadedFile.__deepcopy__ = _copy_sharing_bytes  # type: ignore[attr-defined]


def _copy_sharing_bytes(upload: io.BytesIO, memo: dict[int, Any]) -> io.BytesIO:
    """A copy of `upload` (an `UploadedFile`): its own position and attributes, the same
    bytes until either side writes (a `BytesIO` made from bytes shares them until then)."""
    copied = type(upload).__new__(type(upload))
    io.BytesIO.__init__(copied, upload.getvalue())
    copied.__dict__.update(copy.deepcopy(upload.__dict__, memo))
    copied.seek(upload.tell())
    return copied


share_upload_bytes()


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict[str, Any] | None:
    """The chart's Vega-Lite spec as `st.altair_chart` would send it, or None."""
    if not AVAILABLE:
        return None
    spec: dict[str, Any] = _convert_altair_to_vega_lite_spec(chart)  # type: ignore[arg-type]
    return spec
