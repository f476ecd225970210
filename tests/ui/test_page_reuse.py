"""What a rerun of the team lead's page reuses: the uploader is emptied once its file is
read (the page keeps the table and names the file), and an override, a tab or a page switch
neither reads the log again nor analyses it again; the charts and the group table are built
once per analysis and rebuilt only where an override changed them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import framework.analysis.background
import framework.analysis.pipeline
from framework.views.lead_tables import group_table
from tests.support.apptest import switch_through_sidebar, texts
from tests.support.lead_page import (
    group_rows,
    load_sample,
    ok,
    open_lead,
    override,
    plain,
    sample_bytes,
    show_tab,
    upload,
    uploader,
)
from ui import ANALYZE_PAGE, TRIAGE_PAGE, streamlit_internals
from ui.lead import loading

UPLOAD = "helpdesk_export.csv"
SHOWN = "helpdesk_export.csv · 1,015 rows"
SAMPLE = "exceptions_ops.csv"


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test saves into its own SQLite file, never the project's triage.db."""
    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)


@dataclass
class Calls:
    """What the page asked of the engine: logs read (jobs started), analyses computed in
    this process (a remap; an upload is analysed in its worker), charts converted."""

    jobs: list[str] = field(default_factory=list)
    analyses: list[int] = field(default_factory=list)
    charts: list[int] = field(default_factory=list)

    def counts(self) -> tuple[int, int, int]:
        return len(self.jobs), len(self.analyses), len(self.charts)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Calls]:
    """Counts reads, analyses and chart conversions; the shared caches start empty."""
    seen = Calls()
    real_start: Callable[..., Any] = framework.analysis.background.start_prepare
    real_analyze: Callable[..., Any] = framework.analysis.pipeline.analyze
    real_chart: Callable[..., Any] = streamlit_internals.vega_lite_spec

    def start(data: bytes, filename: str, *args: Any, **kwargs: Any) -> Any:
        seen.jobs.append(filename)
        return real_start(data, filename, *args, **kwargs)

    def analyze(*args: Any, **kwargs: Any) -> Any:
        seen.analyses.append(1)
        return real_analyze(*args, **kwargs)

    def chart(*args: Any, **kwargs: Any) -> Any:
        seen.charts.append(1)
        return real_chart(*args, **kwargs)

    st.cache_resource.clear()
    st.cache_data.clear()
    monkeypatch.setattr(loading, "start_prepare", start)
    monkeypatch.setattr(framework.analysis.pipeline, "analyze", analyze)
    monkeypatch.setattr(framework.analysis.background, "analyze", analyze)
    monkeypatch.setattr(streamlit_internals, "vega_lite_spec", chart)
    yield seen
    st.cache_resource.clear()


@pytest.mark.parametrize(
    ("sample", "name", "data", "shown", "problem"),
    [
        (None, UPLOAD, sample_bytes(UPLOAD), SHOWN, None),
        (SAMPLE, UPLOAD, sample_bytes(UPLOAD), SHOWN, None),
        (None, "broken.xlsx", b"not a workbook", None, "broken.xlsx"),
        (SAMPLE, "broken.xlsx", b"not a workbook", "exceptions_ops.csv · 1,984 rows", "broken"),
    ],
    ids=["first-log", "replacing-a-sample", "unreadable", "unreadable-keeps-the-log"],
)
def test_the_uploader_is_empty_once_its_file_is_read(
    sample: str | None, name: str, data: bytes, shown: str | None, problem: str | None
) -> None:
    """Whether the upload is read or refused, the next run shows an empty uploader: the log
    read is named as the log in use (its table kept in the session), a file that could not
    be read is named in the problem, and a log loaded before stays."""
    at = open_lead() if sample is None else load_sample(open_lead(), sample)
    upload(at, name, data)
    assert uploader(at).value is None
    if shown is not None:
        assert shown in texts(at)
        draft = at.session_state["lead.draft"]
        assert draft.log.table.rows > 0
        assert draft.log.data == sample_bytes(draft.log.filename)
    if problem is None:
        assert not at.error
    else:
        assert problem in plain(at.error[0].value)


def _override(at: AppTest) -> None:
    group = at.session_state["lead.view"][1].groups[0].group
    override(show_tab(at, "Groups"), group, "payload_consistent", "no")


def _tabs(at: AppTest) -> None:
    for tab in ("Groups", "Cost", "Overview", "Downloads", "Overview"):
        show_tab(at, tab)


def _page_switch(at: AppTest) -> None:
    switch_through_sidebar(at, TRIAGE_PAGE)
    switch_through_sidebar(at, ANALYZE_PAGE)


def _plain_rerun(at: AppTest) -> None:
    ok(at.run())
    ok(at.run())


@pytest.mark.parametrize(
    "rerun",
    [_override, _tabs, _page_switch, _plain_rerun],
    ids=["override", "tab-switches", "page-switch", "reruns"],
)
def test_a_rerun_reads_and_analyses_nothing_again(
    calls: Calls, rerun: Callable[[AppTest], None]
) -> None:
    """After an upload (read and analysed once, in its worker) an override, tab switches,
    a page switch there and back or a plain rerun keep the same log in the session: no log
    is read again, nothing is analysed in the page's process, and the charts are not
    converted again (an override on the Groups tab draws none)."""
    at = upload(open_lead(), UPLOAD, sample_bytes(UPLOAD))
    log = at.session_state["lead.draft"].log
    assert calls.counts() == (1, 0, 4)  # the overview's three charts and the handoff map
    rerun(at)
    assert calls.counts() == (1, 0, 4)
    assert at.session_state["lead.draft"].log is log
    assert SHOWN in texts(at)


def test_charts_are_built_again_only_when_a_tag_changes(calls: Calls) -> None:
    """The overview's charts are converted once per analysis and tags: back on the overview
    after other tabs they are reused; an override that changes a group's tag builds them
    (and the handoff map) again, once."""
    at = load_sample(open_lead(), SAMPLE)
    assert calls.charts == [1] * 4
    show_tab(at, "Groups")
    show_tab(at, "Overview")
    assert len(calls.charts) == 4
    override(show_tab(at, "Groups"), "INV_SYNC_DRIFT", "payload_consistent", "no")
    override(at, "INV_SYNC_DRIFT", "retry_resolves", "no")
    assert group_rows(at)[0]["Verdict"] == "Process problem"
    show_tab(at, "Overview")
    show_tab(at, "Overview")
    assert len(calls.charts) == 8


@pytest.mark.parametrize(
    "answers",
    [
        [("INV_SYNC_DRIFT", "retry_resolves", "no")],
        [
            ("INV_SYNC_DRIFT", "retry_resolves", "no"),
            ("INV_SYNC_DRIFT", "payload_consistent", "no"),
        ],
        [("INV_SYNC_DRIFT", "retry_resolves", "no"), ("INV_SYNC_DRIFT", "retry_resolves", "yes")],
    ],
    ids=["one", "two-on-one-group", "set-and-back"],
)
def test_the_group_table_after_overrides_is_the_table_built_afresh(
    answers: list[tuple[str, str, str]],
) -> None:
    """After overrides the group table rebuilds only the changed groups' rows: what it shows
    is exactly the table built from scratch for the analysis on screen."""
    at = show_tab(load_sample(open_lead(), SAMPLE), "Groups")
    for group, question, value in answers:
        override(at, group, question, value)
    fresh = group_table(at.session_state["lead.view"][1]).to_dict("records")
    assert group_rows(at) == fresh
