"""Reading a log into the session, with a progress indicator; bad input becomes an `ErrorNote`.

Reading never touches the current draft until it has succeeded: a broken file leaves the
previous log, mapping, overrides and costs exactly where they were.
"""

from __future__ import annotations

import dataclasses
import logging

import streamlit as st

from framework import (
    ColumnMapping,
    LogError,
    MappingError,
    Spec,
    apply_overrides,
    first_group_by,
    fitting_group_by,
    markdown_escape,
    read_log,
)
from ui.lead import session as logstate
from ui.lead.session import Draft, ErrorNote, LoadedLog

_LOG = logging.getLogger(__name__)
SUPPORTED_TEXT = "CSV, TSV, JSON, JSON Lines, Excel (.xlsx) or Parquet"


def open_log(
    spec: Spec,
    filename: str,
    data: bytes,
    file_id: str,
    *,
    sheet: str | None = None,
    settings: Draft | None = None,
) -> bool:
    """Read and analyse a log, showing progress; on success it becomes the draft's log.

    `settings` carries choices, overrides, costs, title and saved revision over (a sheet
    change, a saved analysis reopened with its log); without it the draft starts afresh.
    """
    name = markdown_escape(filename)
    with st.status(f"Reading {name}", expanded=False) as status:
        bar = st.progress(0.0, text="Reading the file")
        loaded = read(filename, data, file_id, sheet)
        if loaded is None:
            status.update(label=f"Could not read {name}", state="error")
            return False
        bar.progress(0.4, text="Recognising the columns")
        new = _draft_for(loaded, logstate.detected_mapping(spec, loaded), settings)
        bar.progress(0.6, text="Analysing the exception groups")
        logstate.base_analysis(spec, new)
        bar.progress(1.0, text="Done")
        status.update(label=f"Read {name}", state="complete")
    logstate.set_draft(new)
    logstate.set_problem(None)
    return True


def read(filename: str, data: bytes, file_id: str, sheet: str | None) -> LoadedLog | None:
    """The log read from its bytes (sha256 computed here, once), or None with an `ErrorNote`."""
    try:
        table = read_log(data, filename, sheet=sheet)
    except LogError as error:
        logstate.set_problem(ErrorNote(error.where, error.problem, error.advice))
        return None
    except Exception:  # the shell's last line of defence: never a traceback
        _LOG.exception("reading %s failed", filename)
        logstate.set_problem(
            ErrorNote(
                filename,
                "the file could not be read",
                f"Check that it is a {SUPPORTED_TEXT} export and upload it again",
            )
        )
        return None
    return LoadedLog(filename, logstate.digest(data), file_id, table, data)


def _draft_for(loaded: LoadedLog, detected: ColumnMapping, settings: Draft | None) -> Draft:
    if settings is None:
        group_by = first_group_by(detected.to_dict())
        return Draft(log=loaded, group_by=group_by, title=loaded.filename)
    columns = set(loaded.table.columns)
    choices = {
        field: column
        for field, column in settings.choices.items()
        if column is None or column in columns
    }
    try:
        mapping = apply_overrides(detected, choices).to_dict()
    except MappingError:
        choices, mapping = {}, detected.to_dict()
    group_by = fitting_group_by(settings.group_by, mapping)
    return dataclasses.replace(
        settings, log=loaded, choices=choices, group_by=group_by, frozen=None, source=None
    )
