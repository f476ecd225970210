"""Reading a log into the session: in a worker process, with progress, a time budget and a
Cancel button; bad input becomes an `ErrorNote`.

Reading never touches the current draft until it has succeeded: a broken file, a cancel or
a log over the time budget leaves the previous log, mapping, overrides and costs exactly
where they were. The running job is kept in the session (`lead.pending`): a click while it
runs reruns the page, which picks the same job up again instead of starting another.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

import streamlit as st

from framework import (
    BUDGET_SECONDS,
    Job,
    JobStopped,
    KeptBytes,
    LogError,
    Prepared,
    Spec,
    hand_back_freed,
    markdown_escape,
    start_prepare,
)
from ui import streamlit_internals
from ui.lead import session as logstate
from ui.lead.session import Draft, ErrorNote, LoadedLog

_LOG = logging.getLogger(__name__)
SUPPORTED_TEXT = "CSV, TSV, JSON, JSON Lines, Excel (.xlsx) or Parquet"
PENDING_KEY = "lead.pending"
CANCEL_KEY = "lead.cancel"
REFRESH_SECONDS = 0.25
SAMPLE_PREFIX = "sample:"


@dataclass(frozen=True)
class Pending:
    """A log being read and analysed: the job, and what it becomes part of when it is done."""

    job: Job = field(repr=False, compare=False)
    filename: str
    file_id: str
    data: bytes = field(repr=False, compare=False)
    settings: Draft | None = None


class Upload(Protocol):
    """What the file uploader hands back: a name, an id per upload, and the bytes."""

    name: str
    file_id: str

    def getvalue(self) -> bytes: ...


def emptied_uploader(label: str, key: str, **options: Any) -> Upload | None:
    """A file uploader that empties itself once it hands a file over.

    Its widget key is `key` and the number of files taken so far (`lead.upload.0`,
    `lead.upload.1` …): a file handed back moves the next run to a new, empty widget, and
    the upload is dropped from Streamlit's store, so the server keeps no second copy of a
    log the page has read. The caller reads the file, then reruns the page.
    """
    taken = f"{key}.taken"
    uploaded: Upload | None = st.file_uploader(
        label, key=f"{key}.{st.session_state.get(taken, 0)}", **options
    )
    if uploaded is not None:
        st.session_state[taken] = st.session_state.get(taken, 0) + 1
        streamlit_internals.forget_upload(uploaded.file_id)
    return uploaded


def open_log(
    spec: Spec,
    filename: str,
    data: bytes,
    file_id: str,
    *,
    sheet: str | None = None,
    settings: Draft | None = None,
) -> bool:
    """Read and analyse a log in a worker, showing progress; on success it becomes the
    draft's log (True). False when it could not be read, was cancelled or ran too long.

    `settings` carries choices, overrides, costs, title and saved revision over (a sheet
    change, a saved analysis reopened with its log); without it the draft starts afresh.
    """
    _stop_pending()
    choices = dict(settings.choices) if settings is not None else None
    group_by = settings.group_by if settings is not None else None
    rows = settings.rows if settings is not None else None
    local = file_id.startswith(SAMPLE_PREFIX)  # the app's own small logs: no worker needed
    job = start_prepare(
        data,
        filename,
        spec,
        sheet=sheet,
        choices=choices,
        group_by=group_by,
        rows=rows,
        local=local,
    )
    st.session_state[PENDING_KEY] = Pending(job, filename, file_id, data, settings)
    return finish_pending(spec) is True


def finish_pending(spec: Spec) -> bool | None:
    """Wait for the log being read (progress and a Cancel button on the page) and take its
    result: True when it became the draft's log, False when not, None when none is pending."""
    pending: Pending | None = st.session_state.get(PENDING_KEY)
    if pending is None:
        return None
    name = markdown_escape(pending.filename)
    with st.status(f"Reading {name}", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        st.button("Cancel", key=CANCEL_KEY, icon=":material/cancel:", on_click=cancel_pending)
        st.caption(
            f"Reading and analysing stop after {BUDGET_SECONDS:.0f} seconds. Everything you "
            "had set up stays as it is until the new log is ready."
        )
        while not pending.job.wait(REFRESH_SECONDS):
            step = pending.job.progress()
            bar.progress(min(step.fraction, 1.0), text=f"{step.stage} · {step.seconds:.0f} s")
        st.session_state.pop(PENDING_KEY, None)
        taken = _take(spec, pending)
        if taken:
            status.update(label=f"Read {name}", state="complete", expanded=False)
        else:
            status.update(label=f"Could not read {name}", state="error", expanded=False)
    return taken


def cancel_pending() -> None:
    """Callback of the Cancel button: stop the log being read and say so; nothing else
    changes (the log, mapping, overrides and costs in use stay)."""
    pending: Pending | None = st.session_state.pop(PENDING_KEY, None)
    if pending is not None and not pending.job.wait(0):
        pending.job.cancel()
        stopped = JobStopped("you cancelled reading it", "Upload it again when you are ready")
        logstate.set_problem(ErrorNote(pending.filename, stopped.problem, stopped.advice))


def _stop_pending() -> None:
    pending: Pending | None = st.session_state.pop(PENDING_KEY, None)
    if pending is not None:
        pending.job.cancel()


def _take(spec: Spec, pending: Pending) -> bool:
    """The finished job's log as the new draft, or its failure as the problem shown."""
    try:
        prepared = pending.job.result()
    except LogError as error:
        logstate.set_problem(ErrorNote(error.where, error.problem, error.advice))
        return False
    except JobStopped as stopped:
        logstate.set_problem(ErrorNote(pending.filename, stopped.problem, stopped.advice))
        return False
    except Exception:  # the shell's last line of defence: never a traceback
        _LOG.exception("reading %s failed", pending.filename)
        logstate.set_problem(
            ErrorNote(
                pending.filename,
                "the file could not be read",
                f"Check that it is a {SUPPORTED_TEXT} export and upload it again",
            )
        )
        return False
    kept = KeptBytes(pending.data)
    loaded = LoadedLog(pending.filename, prepared.sha256, pending.file_id, prepared.table, kept)
    new = _draft_for(loaded, prepared, pending.settings)
    logstate.keep_prepared(spec, new, prepared)
    logstate.set_draft(new)
    logstate.set_problem(None)
    hand_back_freed()  # reading the table back left freed memory in this thread's heap
    return True


def _draft_for(loaded: LoadedLog, prepared: Prepared, settings: Draft | None) -> Draft:
    if settings is None:
        return Draft(log=loaded, group_by=prepared.group_by, title=loaded.filename)
    return dataclasses.replace(
        settings,
        log=loaded,
        choices=dict(prepared.choices),
        group_by=prepared.group_by,
        frozen=None,
        source=None,
    )
