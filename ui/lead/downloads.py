"""Downloads, each built when clicked: the printable report (HTML with its charts, or
Markdown), the diagnostic sheet (every row tagged) as CSV or Excel, and the group summary as
CSV and JSON."""

from __future__ import annotations

import html
import io
import json
import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from framework import (
    EXCEL_MAX_ROWS,
    Analysis,
    AnalysisDocument,
    ReportContext,
    analysis_report_html,
    analysis_report_markdown,
    diagnostic_sheet,
    groups_csv,
    groups_json,
    report_filename,
    sheet_csv,
    sheet_xlsx,
)
from framework.views.lead_tables import file_stem

_LOG = logging.getLogger(__name__)
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
HTML = "text/html"
MARKDOWN = "text/markdown"


def panel(
    document: AnalysisDocument,
    frame: pd.DataFrame | None,
    context: ReportContext | None = None,
    *,
    rows_note: str | None = None,
) -> None:
    """The report, the tagged sheet (when the rows are at hand) and the group summary;
    `rows_note` says why the rows are not at hand (by default: saved without its log)."""
    analysis, title = document.analysis, document.title
    stem = file_stem(title)
    st.markdown("**Report**")
    st.caption(
        "One self-contained page for the review meeting: summary, cost and fix plan, charts, "
        "handoff map, every group with its evidence. Opens offline and prints to PDF."
    )
    with st.container(horizontal=True):
        _button(
            "Report (HTML)",
            lambda: analysis_report_html(document, frame, context).encode(),
            report_filename(title),
            HTML,
        )
        _button(
            "Report (Markdown)",
            lambda: analysis_report_markdown(document, frame, context).encode(),
            report_filename(title, ".md"),
            MARKDOWN,
        )
    st.markdown("**Diagnostic sheet**")
    st.caption(
        "Every row of the log with three more columns: its group, verdict and whether both "
        "problem types are present. Cells a spreadsheet would run as a formula start with an "
        "added apostrophe; the Excel file also replaces control characters a workbook cannot "
        "hold with �, and its About sheet says how many."
    )
    if frame is None:
        st.caption(rows_note or "Not available: this analysis was saved without its log.")
    else:
        _tagged(analysis, frame, stem)
    st.markdown("**Group summary**")
    st.caption("One row per group: counts, dates, answers (and which were set by hand), verdict.")
    left, right = st.columns(2)
    with left:
        _button("Group summary (CSV)", lambda: groups_csv(analysis), f"{stem}-groups.csv", CSV)
    with right:
        _button("Group summary (JSON)", lambda: groups_json(analysis), f"{stem}-groups.json", JSON)


def _tagged(analysis: Analysis, frame: pd.DataFrame, stem: str) -> None:
    too_large = len(frame) > EXCEL_MAX_ROWS
    with st.container(horizontal=True):
        _button(
            "Tagged sheet (CSV)",
            lambda: sheet_csv(diagnostic_sheet(frame, analysis)),
            f"{stem}-tagged.csv",
            CSV,
        )
        _button(
            "Tagged sheet (Excel)",
            lambda: sheet_xlsx(diagnostic_sheet(frame, analysis), spec=analysis.spec),
            f"{stem}-tagged.xlsx",
            XLSX,
            disabled=too_large,
        )
    if too_large:
        st.caption(
            f"Excel cannot hold this sheet: it has {len(frame):,} rows and a worksheet holds "
            f"{EXCEL_MAX_ROWS:,}. Download the CSV instead, or filter the log first."
        )
    else:
        st.caption("The Excel file is built when you click; a large log takes a little while.")


def _button(
    label: str,
    build: Callable[[], bytes],
    file_name: str,
    mime: str,
    *,
    disabled: bool = False,
) -> None:
    st.download_button(
        label,
        data=guarded(build, label, mime),
        file_name=file_name,
        mime=mime,
        icon=":material/download:",
        on_click="ignore",
        disabled=disabled,
    )


def guarded(build: Callable[[], bytes], label: str, mime: str) -> Callable[[], bytes]:
    """`build`, or when it fails, a file of the same kind that says so: Streamlit builds a
    download after the click, outside the page, where an error would only be logged and
    the click would silently do nothing."""

    def run() -> bytes:
        try:
            return build()
        except Exception as error:  # the shell's last line of defence: never silence
            _LOG.exception("building the download %r failed", label)
            return failure_file(label, type(error).__name__, mime)

    return run


def failure_file(label: str, reason: str, mime: str) -> bytes:
    """A short file, in the format asked for, explaining that the download failed."""
    message = (
        f"The download “{label}” could not be built ({reason}). Nothing in the app was "
        "changed: try again, or download the CSV instead, and tell whoever runs the app."
    )
    if mime == XLSX:
        from openpyxl import Workbook  # type: ignore[import-untyped]

        workbook = Workbook()
        workbook.active.title = "Problem"
        workbook.active["A1"] = message
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    if mime == HTML:
        return f"<!doctype html><title>Download failed</title><p>{html.escape(message)}".encode()
    if mime == JSON:
        return (json.dumps({"problem": message}, ensure_ascii=False) + "\n").encode()
    if mime == CSV:
        quoted = message.replace('"', '""')
        return f'problem\n"{quoted}"\n'.encode()
    return (message + "\n").encode()
