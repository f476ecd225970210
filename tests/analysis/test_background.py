"""Reading and analysing an upload in a worker process: the same result as in this process,
errors that name the file and line, a time budget, a cancel, progress; and the remap that
reuses the table and the detected columns."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from framework.analysis import background, handover
from framework.analysis.background import JobStopped, analyse_mapped, prepare, start_prepare
from framework.analysis.pipeline import analyze_table
from framework.logs.reading import read_log
from framework.logs.table import LogError
from framework.spec.model import Spec

DATA = Path(__file__).parents[2] / "data"
LOGS = Path(__file__).parents[1] / "fixtures" / "logs"
SAMPLE = (DATA / "helpdesk_export.csv").read_bytes()


def verdicts(prepared: background.Prepared) -> dict[str, str]:
    assert prepared.analysis is not None
    return {group.group: group.verdict for group in prepared.analysis.groups}


def retired() -> None:
    """Wait until every finished job's worker is stopped and the next spare started."""
    for thread in threading.enumerate():
        if thread.name == background.RETIRE:
            thread.join(30)


@pytest.fixture
def busy_slots() -> Iterator[None]:
    """Every worker slot taken, as by other users' uploads; freed after the test."""
    for _ in range(background.MAX_WORKERS):
        background._SLOTS.acquire()
    yield
    for _ in range(background.MAX_WORKERS):
        background._SLOTS.release()


def test_worker_result_is_the_same_as_here(spec: Spec) -> None:
    """The worker's table, mapping, group-by and verdicts equal those made in this process,
    and its progress went through every stage."""
    job = start_prepare(SAMPLE, "helpdesk_export.csv", spec)
    stages = set()
    while not job.wait(0.01):
        stages.add(job.progress().stage)
    there = job.result()
    here = prepare(SAMPLE, "helpdesk_export.csv", spec)
    assert there.table.frame.equals(here.table.frame)
    assert list(there.table.frame.dtypes) == list(here.table.frame.dtypes)
    assert (there.detected, there.group_by, there.sha256) == (
        here.detected,
        here.group_by,
        here.sha256,
    )
    assert verdicts(there) == verdicts(here) and there.analysis is not None
    assert there.analysis.spec is spec
    assert stages <= {
        background.WAITING,
        background.READING,
        background.DETECTING,
        background.ANALYSING,
        background.HANDING_OVER,
    }


def test_worker_reports_a_bad_file_with_its_line(spec: Spec) -> None:
    """A log the reader refuses comes back as the same `LogError`: file, line, advice."""
    job = start_prepare((LOGS / "ragged.csv").read_bytes(), "ragged.csv", spec)
    with pytest.raises(LogError) as caught:
        job.result()
    assert caught.value.where == "ragged.csv, line 4"
    assert caught.value.advice


def test_worker_over_its_budget_is_stopped(spec: Spec) -> None:
    """Past its time budget the worker is ended and the job says why and what to do."""
    job = start_prepare(SAMPLE, "helpdesk_export.csv", spec, budget=0.0)
    with pytest.raises(JobStopped, match="took longer than 0 seconds") as caught:
        job.result()
    assert "smaller export" in caught.value.advice


@pytest.mark.usefixtures("busy_slots")
def test_a_job_waits_for_a_slot_and_can_be_cancelled(spec: Spec) -> None:
    """With every slot taken a new upload waits (and says so); a cancel stops it."""
    job = start_prepare(SAMPLE, "helpdesk_export.csv", spec)
    assert not job.wait(0.3)
    assert job.progress().stage == background.WAITING
    job.cancel()
    with pytest.raises(JobStopped, match="you cancelled reading it"):
        job.result()


@pytest.mark.parametrize(
    ("choices", "group_by", "kept", "group"),
    [
        (None, None, {}, "error_code"),
        ({"handler": None}, "boundary", {"handler": None}, "boundary"),
        ({"handler": "Assigned To"}, "error_code", {"handler": "Assigned To"}, "error_code"),
        ({"handler": "no such column"}, "error_code", {}, "error_code"),
        ({"error_code": None}, "error_code", {"error_code": None}, "boundary"),
    ],
)
def test_choices_carried_over_fit_the_new_log(
    spec: Spec,
    choices: dict[str, str | None] | None,
    group_by: str | None,
    kept: dict[str, str | None],
    group: str,
) -> None:
    """Settings carried to another log (a sheet change, a saved analysis reopened) keep the
    column choices that exist there and a group-by the mapping allows."""
    prepared = prepare(SAMPLE, "helpdesk_export.csv", spec, choices=choices, group_by=group_by)
    assert (dict(prepared.choices), prepared.group_by) == (kept, group)
    assert prepared.blocked is None


@pytest.mark.parametrize(
    ("choices", "group_by"),
    [({}, "error_code"), ({"handler": None}, "error_code"), ({}, "boundary")],
)
def test_remap_reuses_the_table_and_agrees_with_a_fresh_analysis(
    spec: Spec, choices: dict[str, str | None], group_by: str
) -> None:
    """A remap on the table already read gives the same groups and verdicts as analysing
    the log from scratch with those choices."""
    prepared = prepare(SAMPLE, "helpdesk_export.csv", spec)
    remapped, blocked = analyse_mapped(prepared.table, prepared.detected, spec, choices, group_by)
    _, fresh = analyze_table(
        read_log(SAMPLE, "helpdesk_export.csv"), spec, column_choices=choices, group_by=group_by
    )
    assert blocked is None and remapped is not None
    assert [(g.group, g.verdict) for g in remapped.groups] == [
        (g.group, g.verdict) for g in fresh.groups
    ]


def test_remap_without_the_group_by_column_says_why(spec: Spec) -> None:
    """Taking away the column the groups are made from gives no analysis and the reason."""
    prepared = prepare(SAMPLE, "helpdesk_export.csv", spec)
    analysis, blocked = analyse_mapped(
        prepared.table, prepared.detected, spec, {"error_code": None}, "error_code"
    )
    assert analysis is None and blocked


def test_a_worker_that_dies_is_a_message_not_a_hang(
    spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process that ends without a result (killed, out of memory) stops the job
    with a message saying so, at once; the next job gets a healthy worker again."""
    monkeypatch.setattr(background, "_BOOT", "import sys; sys.exit(3)")
    monkeypatch.setattr(background, "_spare", None)
    job = start_prepare(SAMPLE, "helpdesk_export.csv", spec)
    assert job.wait(30)
    with pytest.raises(JobStopped, match="the worker reading it failed"):
        job.result()
    retired()  # the next spare is started with the broken boot, before it is put back
    monkeypatch.undo()
    assert verdicts(start_prepare(SAMPLE, "helpdesk_export.csv", spec).result())


def test_the_table_is_handed_on_as_soon_as_it_is_read(spec: Spec) -> None:
    """`prepare` gives the table to `read` once it is read, before the columns are
    recognised, and it is the very table of the result."""
    stages: list[str] = []
    seen: list[tuple[object, list[str]]] = []
    prepared = prepare(
        SAMPLE,
        "helpdesk_export.csv",
        spec,
        report=lambda stage, fraction: stages.append(stage),
        read=lambda table: seen.append((table, list(stages))),
    )
    assert len(seen) == 1
    table, stages_then = seen[0]
    assert table is prepared.table
    assert stages_then == [background.READING]


def test_the_worker_sends_the_rows_before_the_rest(spec: Spec) -> None:
    """A worker hands the rows over on their own, before the rest of its result (so that
    the app maps them while the worker still analyses); they are the log's rows."""
    worker = background._Worker.start()
    try:
        worker.conn.send(background._Settings("helpdesk_export.csv", spec, None, None, None, None))
        handover.send_bytes(worker.conn, SAMPLE)
        kinds: list[str] = []
        rows = None
        while not kinds or kinds[-1] != "done":
            message = worker.conn.recv()
            if message[0] != "stage":
                kinds.append(message[0])
            if message[0] == "rows":
                rows = handover.receive_table(worker.conn).to_pandas()
    finally:
        worker.stop()
    assert kinds == ["rows", "done"]
    assert rows is not None and rows.equals(read_log(SAMPLE, "helpdesk_export.csv").frame)


def test_a_result_without_its_rows_is_a_failed_worker(spec: Spec) -> None:
    """A worker whose result comes without its rows stops the job with the usual message
    (try again, or export as CSV), never a traceback or a hang."""
    ours, theirs = socket.socketpair()
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    worker = background._Worker(process, Connection(ours.detach()))
    try:
        Connection(theirs.detach()).send(("done", b""))
        job = background.Job(lambda job: background._collect(job, worker, 30.0, spec))
        with pytest.raises(JobStopped, match="its result came without its rows") as caught:
            job.result()
        assert "export the log as CSV" in caught.value.advice
    finally:
        worker.stop()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "glibc.malloc.hugetlb=1"),
        ("", "glibc.malloc.hugetlb=1"),
        ("glibc.malloc.arena_max=2", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"),
        ("glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=0"),
    ],
)
def test_worker_heap_asks_for_huge_pages_unless_told_otherwise(
    given: str | None, expected: str
) -> None:
    """A worker's C library backs large blocks (the upload's bytes) with huge pages; tunables
    the app was started with are kept, a huge-page setting of its own among them; the
    rest of the environment and this process's import path go along."""
    base = {"HOME": "/home/lead"} | ({} if given is None else {"GLIBC_TUNABLES": given})
    env = background.worker_environment(base)
    assert env["GLIBC_TUNABLES"] == expected
    assert env["HOME"] == "/home/lead"
    assert env["PYTHONPATH"].split(os.pathsep)[0] == next(path for path in sys.path if path)


def test_result_does_not_wait_for_the_worker_to_be_retired(
    spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page has the result while the finished worker is still being stopped and the next
    spare started (work that is no part of reading the upload); both happen all the same."""
    go_on = threading.Event()
    stopped: list[background._Worker] = []
    retire = background._retire

    def held_back(worker: background._Worker) -> None:
        go_on.wait(60)
        retire(worker)
        stopped.append(worker)

    monkeypatch.setattr(background, "_retire", held_back)
    job = start_prepare(SAMPLE, "helpdesk_export.csv", spec)
    assert job.wait(60)
    try:
        assert verdicts(job.result()) and not stopped
    finally:
        go_on.set()
    retired()
    assert stopped and stopped[0].process.poll() is not None
    taken = [background._SLOTS.acquire(timeout=5) for _ in range(background.MAX_WORKERS)]
    for _ in range(sum(taken)):
        background._SLOTS.release()
    assert all(taken)  # its slot is free again: every slot can be taken


def test_upload_digest_is_worked_out_at_the_lowest_priority(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The upload's sha256 comes from a thread of its own whose CPU priority is lowered
    first (the worker reading the upload goes before it); the digest is the file's."""
    lowered: list[tuple[int, int]] = []
    monkeypatch.setattr(
        background,
        "lower_priority",
        lambda niceness: lowered.append((niceness, threading.get_native_id())),
    )
    digest = background._Digest(SAMPLE)
    assert digest.hexdigest() == hashlib.sha256(SAMPLE).hexdigest()
    assert lowered == [(background.DIGEST_NICENESS, lowered[0][1])]
    assert lowered[0][1] != threading.get_native_id()
