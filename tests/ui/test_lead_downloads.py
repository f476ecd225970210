"""Every download the team lead's page offers, fed a log of payloads: no CSV or workbook
holds a cell a spreadsheet would run; a download that fails still says so; the tables have
no download or copy of their own."""

from __future__ import annotations

import io
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.support.apptest import ROOT
from tests.support.lead_page import open_lead, show_tab, upload
from tests.support.payload_logs import hostile_csv
from tests.support.spreadsheets import csv_cells, live_cells
from ui.lead import downloads

Builders = dict[str, tuple[Callable[[], bytes], str]]
KINDS = {downloads.CSV: "csv", downloads.XLSX: "xlsx"}


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test saves into its own SQLite file, never the project's triage.db."""
    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)


@pytest.fixture
def builders(monkeypatch: pytest.MonkeyPatch) -> Builders:
    """Every download button the page renders: label → (what builds its file, mime type)."""
    found: Builders = {}
    real: Callable[..., Any] = st.download_button

    def spy(label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        found[label] = (data if callable(data) else lambda: data, kwargs.get("mime", ""))
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return found


def test_no_download_from_the_page_holds_a_live_formula(builders: Builders) -> None:
    """A log with formula, DDE and markup payloads in every field, header and group code:
    every CSV and workbook the page offers is formula-free, and `=1+1` and `'=1+1` stay two
    groups in both tagged exports."""
    at = upload(open_lead(), "payloads.csv", hostile_csv())
    show_tab(at, "Downloads")
    spreadsheets = {
        label: kind for label, (_, mime) in builders.items() if (kind := KINDS.get(mime))
    }
    assert set(spreadsheets) == {
        "Tagged sheet (CSV)",
        "Tagged sheet (Excel)",
        "Group summary (CSV)",
    }
    for label, kind in spreadsheets.items():
        data = builders[label][0]()
        assert not live_cells(data, kind), label
    tagged = list(csv_cells(builders["Tagged sheet (CSV)"][0]()))
    assert "'=1+1" in tagged and "''=1+1" in tagged
    assert "'=cmd|' /C calc'!A0" in tagged  # a header, neutralised too


@pytest.mark.parametrize(
    ("mime", "read"),
    [
        (downloads.CSV, lambda data: data.decode().splitlines()[0]),
        (downloads.XLSX, lambda data: load_workbook(io.BytesIO(data)).active.title),
        (downloads.JSON, lambda data: next(iter(json.loads(data)))),
        (downloads.HTML, lambda data: data.decode().split("<title>")[1].split("<")[0]),
        (downloads.MARKDOWN, lambda data: data.decode().split(" ")[0]),
    ],
)
def test_a_failing_download_says_so_in_the_file(mime: str, read: Callable[[bytes], str]) -> None:
    """When building a file fails after the click, the user gets a file of the kind asked
    for that says the download failed and what to do, instead of nothing."""

    def broken() -> bytes:
        raise MemoryError

    data = downloads.guarded(broken, "Tagged sheet (Excel)", mime)()
    assert read(data) in {"problem", "Problem", "Download failed", "The"}
    assert b"could not be built (MemoryError)" in data or mime == downloads.XLSX
    if mime == downloads.XLSX:
        cell = load_workbook(io.BytesIO(data)).active["A1"].value
        assert "could not be built (MemoryError)" in cell


def test_tables_have_no_download_or_copy_of_their_own() -> None:
    """Streamlit's own table export (its "Download as CSV" and clipboard copy) is switched
    off for the whole app: it would hand log content to a spreadsheet unneutralised."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_server_protections_are_stated() -> None:
    """CORS and XSRF protection are on and static serving off, in the project's config
    (Streamlit's defaults, written down so that nobody turns them off by accident)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert (server["enableCORS"], server["enableXsrfProtection"]) == (True, True)
    assert server["enableStaticServing"] is False
