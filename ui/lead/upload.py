"""Where the log comes from: the upload, the sample logs, the sheet picker and read errors.

The uploader is emptied once its file has been read (its key changes): a widget still
holding a file costs a deep copy of its bytes on every rerun, and the server would keep the
upload besides the table read from it. The log in use is named above the pickers, and
"Use another log" brings a fresh uploader.
"""

from __future__ import annotations

import streamlit as st

from framework import (
    MAX_LOG_BYTES,
    SampleLog,
    Spec,
    markdown_escape,
    sample_logs,
    start_spare,
)
from ui.lead import session as logstate
from ui.lead.loading import (
    SAMPLE_PREFIX,
    SUPPORTED_TEXT,
    Upload,
    emptied_uploader,
    finish_pending,
    open_log,
)
from ui.lead.session import Draft

UPLOAD_KEY = "lead.upload"
"""The uploader's key, followed by the number of files read so far ("lead.upload.0")."""


SHEET_KEY = "lead.sheet"
_SHEET_WANTED = "lead.sheet_wanted"
FILE_TYPES = ["csv", "tsv", "txt", "json", "jsonl", "ndjson", "xlsx", "parquet"]


def source_bar(spec: Spec) -> None:
    """The log in use (with its sheet picker) and the ways to bring another one; a log still
    being read (the page was rerun meanwhile) is waited for first."""
    if finish_pending(spec) is not None:
        st.rerun()
    current = logstate.draft()
    show_problem(current)
    if current is None:
        pickers(spec)
        return
    with st.container(border=True):
        log_summary(spec, current)
        with st.expander("Use another log", icon=":material/upload_file:"):
            pickers(spec)


def pickers(spec: Spec) -> None:
    """The uploader and, beside it, the sample logs (one click loads one)."""
    start_spare()  # a worker waiting past its imports, so that reading starts at once
    left, right = st.columns([3, 2], gap="large")
    with left:
        uploaded = emptied_uploader(
            "Upload an exception log",
            UPLOAD_KEY,
            type=FILE_TYPES,
            help=f"{SUPPORTED_TEXT}, up to {MAX_LOG_BYTES // 1024**2:,} MB (a bigger log: "
            "`python -m framework analyze`, which has no size limit). Any column names: you "
            "can check and change how they are read.",
        )
        _take_upload(spec, uploaded)
    with right:
        st.markdown("**Or try a sample log**")
        for sample in sample_logs():
            _sample_button(spec, sample)


def log_summary(spec: Spec, current: Draft) -> None:
    """Which log is loaded, how it was read, notes from reading, and the sheet picker."""
    source = current.source_info
    st.caption("Log in use")
    if source is None:
        st.text("None")
        return
    st.text(f"{source.filename} · {source.description}")
    if current.log is None:
        st.caption("Saved without its log: overrides and costs can change, the columns cannot.")
        return
    for note in current.log.table.notes:
        st.text(f"Note: {note}")
    sheets = current.log.table.sheets
    if len(sheets) > 1:
        _sheet_picker(spec, current, sheets)


def show_problem(current: Draft | None) -> None:
    """The last read or mapping problem, naming the file and place, and what to do."""
    found = logstate.problem()
    if found is None:
        return
    kept = (
        " Nothing you had set up was lost: the analysis below is unchanged."
        if current is not None
        else ""
    )
    st.error(
        f"**{markdown_escape(found.where)}:** {markdown_escape(found.what)}.  \n"
        f"**What to do:** {markdown_escape(found.advice)}.{kept}",
        icon=":material/error:",
    )
    st.button(
        "Dismiss",
        key="lead.problem.dismiss",
        type="tertiary",
        on_click=logstate.set_problem,
        args=(None,),
    )


def _take_upload(spec: Spec, uploaded: Upload | None) -> None:
    """Read a newly uploaded file (the uploader is empty on the next run): whether the file
    could be read or not, the page names it (the log in use, or the problem) and nothing is
    lost."""
    if uploaded is None:
        return
    open_log(spec, uploaded.name, uploaded.getvalue(), uploaded.file_id)
    st.rerun()


def _sample_button(spec: Spec, sample: SampleLog) -> None:
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        clicked = st.button(
            sample.name,
            key=f"lead.sample.{sample.name}",
            icon=":material/dataset:",
            help=f"Load {sample.name}: {sample.rows:,} rows, {sample.groups} exception types",
        )
        st.caption(f"{sample.description} · {sample.rows:,} rows")
    if clicked:
        open_log(spec, sample.name, sample.path.read_bytes(), f"{SAMPLE_PREFIX}{sample.name}")
        st.rerun()


def _sheet_picker(spec: Spec, current: Draft, sheets: tuple[str, ...]) -> None:
    log = current.log
    assert log is not None
    wanted = st.session_state.pop(_SHEET_WANTED, None)
    if wanted is not None and wanted != log.table.sheet:
        open_log(spec, log.filename, log.data, log.file_id, sheet=wanted, settings=current)
        st.rerun()
    st.session_state[SHEET_KEY] = log.table.sheet
    st.selectbox(
        "Sheet",
        options=list(sheets),
        key=SHEET_KEY,
        on_change=_want_sheet,
        help="This workbook has several sheets; the analysis uses the one chosen here.",
    )


def _want_sheet() -> None:
    st.session_state[_SHEET_WANTED] = st.session_state[SHEET_KEY]
