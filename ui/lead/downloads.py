"""Downloads, each built when clicked: the printable report (HTML with its charts, or
Markdown), the diagnostic sheet (every row tagged) as CSV or Excel, and the group summary as
CSV and JSON."""

from __future__ import annotations

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

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
HTML = "text/html"
MARKDOWN = "text/markdown"


def panel(
    document: AnalysisDocument, frame: pd.DataFrame | None, context: ReportContext | None = None
) -> None:
    """The report, the tagged sheet (when the rows are at hand) and the group summary."""
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
        "problem types are present. Cells a spreadsheet would run as a formula are defused."
    )
    if frame is None:
        st.caption("Not available: this analysis was saved without its log.")
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
        data=build,
        file_name=file_name,
        mime=mime,
        icon=":material/download:",
        on_click="ignore",
        disabled=disabled,
    )
