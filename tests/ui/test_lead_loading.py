"""Reading a log on the team lead's page: uploads go to a worker process, the app's samples
do not; an upload over the time budget is stopped with a message and loses nothing; a log
still being read when the page reran is picked up, not read again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from framework.analysis import background
from framework.spec.model import Spec
from tests.support.apptest import texts
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
)
from ui.lead import loading


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test saves into its own SQLite file, never the project's triage.db."""
    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every job the page starts: (file name, whether it ran in this process)."""
    jobs: list[tuple[str, bool]] = []
    real: Callable[..., Any] = background.start_prepare

    def spy(data: bytes, filename: str, *args: Any, **kwargs: Any) -> Any:
        jobs.append((filename, bool(kwargs.get("local"))))
        return real(data, filename, *args, **kwargs)

    monkeypatch.setattr(loading, "start_prepare", spy)
    return jobs


def test_uploads_go_to_a_worker_and_samples_stay_here(started: list[tuple[str, bool]]) -> None:
    """An uploaded file is read in a worker process (bounded, cancellable); a sample log,
    the app's own small file, on a thread here."""
    at = load_sample(open_lead(), "exceptions_ops.csv")
    upload(at, "helpdesk_export.csv", sample_bytes("helpdesk_export.csv"))
    assert started == [("exceptions_ops.csv", True), ("helpdesk_export.csv", False)]
    assert "helpdesk_export.csv · 1,015 rows" in texts(at)


def test_upload_over_the_budget_is_stopped_and_nothing_is_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An upload that takes longer than the budget is stopped: the page names the file, says
    why and what to do; the log in use, its analysis and an override all stay."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Groups")
    override(at, "INV_SYNC_DRIFT", "payload_consistent", "no")
    before = group_rows(at)
    monkeypatch.setattr(background, "BUDGET_SECONDS", 0.0)
    upload(at, "helpdesk_export.csv", sample_bytes("helpdesk_export.csv"))
    message = plain(at.error[0].value)
    assert message.startswith("**helpdesk_export.csv:** reading and analysing it took longer")
    assert "smaller export" in message and "Nothing you had set up was lost" in message
    assert "exceptions_ops.csv · 1,984 rows" in texts(at)
    assert group_rows(at) == before


def test_a_log_still_being_read_is_picked_up_after_a_rerun(spec: Spec) -> None:
    """When the page reruns while a log is being read (any click does that), the rerun waits
    for the same job and takes its result: the log is read once, not again."""
    at = open_lead()
    data = sample_bytes("helpdesk_export.csv")
    job = background.start_prepare(data, "helpdesk_export.csv", spec)
    at.session_state[loading.PENDING_KEY] = loading.Pending(
        job, "helpdesk_export.csv", "id-1", data
    )
    ok(at.run())
    assert "helpdesk_export.csv · 1,015 rows" in texts(at)
    assert loading.PENDING_KEY not in at.session_state
    assert len(group_rows(show_tab(at, "Groups"))) > 1


def test_a_group_by_switch_shows_progress_and_reuses_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Switching the group-by analyses again under a spinner that counts the seconds, on the
    table already read: the file is not read again."""
    import streamlit as st

    from framework.analysis import background as bg
    from framework.logs import reading

    spinners: list[tuple[str, bool]] = []
    real_spinner: Callable[..., Any] = st.spinner
    reads: list[str] = []
    real_read: Callable[..., Any] = reading.read_log

    def spinner(text: str, *args: Any, **kwargs: Any) -> Any:
        spinners.append((text, bool(kwargs.get("show_time"))))
        return real_spinner(text, *args, **kwargs)

    def read(data: bytes, filename: str, **kwargs: Any) -> Any:
        reads.append(filename)
        return real_read(data, filename, **kwargs)

    monkeypatch.setattr(st, "spinner", spinner)
    monkeypatch.setattr(bg, "read_log", read)
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Columns")
    assert reads == ["exceptions_ops.csv"]
    ok(at.selectbox(key="lead.group_by").set_value("boundary").run())
    assert ("Analysing 1,984 rows with the columns and groups you chose…", True) in spinners
    assert reads == ["exceptions_ops.csv"]
