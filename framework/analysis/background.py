"""Reading and analysing an upload in a worker process, with a time budget, a cancel and
progress, so that one user's heavy log does not stall every other session (the app's
sessions share one Python process and its interpreter lock).

    job = start_prepare(data, "queue.xlsx", spec)       # returns at once
    while not job.wait(0.2):
        show(job.progress())                            # stage, fraction, seconds so far
    prepared = job.result()    # Prepared, or raises LogError / JobStopped (cancel, budget)

    analysis, blocked = analyse_mapped(table, detected, spec, choices, group_by)

`analyse_mapped` is the remap: the table already read and the columns already detected are
reused, so changing a column or the group-by only re-runs the analysis itself.

Each upload gets a fresh worker process (`python -c …serve`), which exits when it is done,
so its memory goes back to the system; a spare waits past its imports for the next one
(`start_spare`: the page asks for one when it shows the uploader, and each job starts the
next when it is done, so that a booting spare never competes with a job). At most
`MAX_WORKERS` run at once (each may need about three times the file's size in memory); later
jobs wait for a slot, and the budget starts when their process does. The log's bytes go to
the worker, and the table comes back as Arrow IPC, through shared memory (`handover`: only a
descriptor crosses the socket; the table is mapped, not copied); the rest is pickled. The
table is handed back as soon as it is read, by a thread of the worker, while the worker
recognises the columns and analyses: the app has it by the time the analysis is done. A
worker's C library takes large blocks in huge pages (`worker_environment`): it reads the
bytes three times faster. A finished job's worker is stopped, and the next spare started,
after its result is handed over (`_retire`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from subprocess import DEVNULL

import pandas as pd
import pyarrow as pa

from framework.analysis import handover
from framework.analysis.kept_bytes import lower_priority
from framework.analysis.pipeline import analyze, mapping_for
from framework.analysis.results import Analysis
from framework.analysis.warnings import guessed_fields
from framework.columnar.arrow_memory import for_reading_logs
from framework.columns.group_by import check_group_by, first_group_by, fitting_group_by
from framework.columns.mapping import ColumnMapping, MappingError, apply_overrides
from framework.columns.row_filter import RowFilter
from framework.logs.reading import read_log
from framework.logs.table import LogError, LogTable
from framework.spec.model import Spec

BUDGET_SECONDS = 120.0
"""The most one upload may take to read and analyse, from its worker's start."""
MAX_WORKERS = 2
"""Uploads read and analysed at the same time (the machine has 2 cores)."""
WORKER_NICENESS = 10
"""How much lower a worker's CPU priority is than the server's (see `os.nice`)."""
DIGEST_NICENESS = 19
"""How much lower the priority of the thread working out an upload's sha256 is (`_Digest`)."""
_POLL = 0.1
_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)
Report = Callable[[str, float], None]

RETIRE = "triage-retire"
"""The name of the thread that stops a finished job's worker (`_retire`)."""

WAITING = "Waiting for another upload to finish"
READING, DETECTING, ANALYSING, HANDING_OVER = (
    "Reading the file",
    "Recognising the columns",
    "Analysing the exception groups",
    "Preparing the results",
)


@dataclass(frozen=True)
class Progress:
    """Where a job is: its stage, how far (0 to 1, roughly), and seconds since it started."""

    stage: str
    fraction: float
    seconds: float


@dataclass(frozen=True)
class Prepared:
    """A log read and analysed: the table, its sha256, the detected mapping, the column
    choices and group-by that fit it, and the analysis (or why there is none)."""

    table: LogTable
    sha256: str
    detected: ColumnMapping
    choices: Mapping[str, str | None]
    group_by: str
    analysis: Analysis | None
    blocked: str | None


class JobStopped(Exception):
    """The job did not finish: cancelled, over its time budget, or its worker died."""

    def __init__(self, problem: str, advice: str) -> None:
        super().__init__(f"{problem}. {advice}")
        self.problem = problem
        self.advice = advice


def fitting_choices(
    detected: ColumnMapping,
    columns: tuple[str, ...],
    choices: Mapping[str, str | None] | None,
    group_by: str | None,
) -> tuple[dict[str, str | None], str]:
    """The user's column choices that still fit this table (all of them or none), and the
    group-by they allow; a fresh log (no choices) groups by the first field it can."""
    if choices is None or group_by is None:
        return {}, first_group_by(detected.to_dict())
    kept = {
        field: column for field, column in choices.items() if column is None or column in columns
    }
    try:
        mapping = apply_overrides(detected, kept).to_dict()
    except MappingError:
        kept, mapping = {}, detected.to_dict()
    return kept, fitting_group_by(group_by, mapping)


def analyse_mapped(
    table: LogTable,
    detected: ColumnMapping,
    spec: Spec,
    choices: Mapping[str, str | None],
    group_by: str,
    rows: RowFilter | None = None,
) -> tuple[Analysis | None, str | None]:
    """The analysis of a table read before, under the user's column choices, group-by and
    row filter (the detected mapping is reused); or None and why the mapping or the filter
    allows none."""
    try:
        mapping = apply_overrides(detected, choices) if choices else detected
        check_group_by(group_by, mapping.to_dict())
        analysis = analyze(table.frame, mapping.to_dict(), spec, group_by=group_by, rows=rows)
        return analysis.with_guesses(guessed_fields(mapping)), None
    except MappingError as error:
        return None, str(error)


def prepare(
    data: bytes,
    filename: str,
    spec: Spec,
    *,
    sheet: str | None = None,
    choices: Mapping[str, str | None] | None = None,
    group_by: str | None = None,
    rows: RowFilter | None = None,
    report: Report | None = None,
    digest: bool = True,
    read: Callable[[LogTable], None] | None = None,
) -> Prepared:
    """Read, detect, fit the choices and analyse, reporting each stage (what a worker runs;
    its sha256 is left empty with `digest=False`, for the app to fill in meanwhile). `read`
    is given the table as soon as it is read, before the columns are recognised."""
    say = report or (lambda stage, fraction: None)
    say(READING, 0.05)
    table = read_log(data, filename, sheet=sheet)
    if read is not None:
        read(table)
    say(DETECTING, 0.45)
    detected = mapping_for(table, spec)
    kept, group = fitting_choices(detected, table.columns, choices, group_by)
    say(ANALYSING, 0.55)
    analysis, blocked = analyse_mapped(table, detected, spec, kept, group, rows)
    say(HANDING_OVER, 0.9)
    sha256 = hashlib.sha256(data).hexdigest() if digest else ""
    return Prepared(table, sha256, detected, kept, group, analysis, blocked)


class Job:
    """Work running on a thread of this process; its progress, result, and a cancel."""

    def __init__(self, work: Callable[[Job], Prepared]) -> None:
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self._progress = Progress(WAITING, 0.0, 0.0)
        self._finished = threading.Event()
        self._cancelled = threading.Event()
        self._result: Prepared | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._main, args=(work,), name="triage-job", daemon=True).start()

    def _main(self, work: Callable[[Job], Prepared]) -> None:
        try:
            self._result = work(self)
        except BaseException as error:  # handed to whoever asks for the result
            self._error = error
        finally:
            self._finished.set()

    def report(self, stage: str, fraction: float) -> None:
        with self._lock:
            self._progress = Progress(stage, fraction, time.monotonic() - self._start)

    def progress(self) -> Progress:
        with self._lock:
            return dataclasses.replace(self._progress, seconds=time.monotonic() - self._start)

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the job has finished (waiting up to `timeout` seconds for it)."""
        return self._finished.wait(timeout)

    def cancel(self) -> None:
        """Stop the job: its worker is ended at once, its result will be `JobStopped`."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def result(self) -> Prepared:
        """The prepared log; raises what stopped it (`LogError`, `JobStopped`, …)."""
        self._finished.wait()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def start_prepare(
    data: bytes,
    filename: str,
    spec: Spec,
    *,
    sheet: str | None = None,
    choices: Mapping[str, str | None] | None = None,
    group_by: str | None = None,
    rows: RowFilter | None = None,
    budget: float | None = None,
    local: bool = False,
) -> Job:
    """Read and analyse a log in a worker process; returns the running job at once.

    `local` runs it on a thread of this process instead: for the app's own small sample
    logs, which need neither a budget nor a process of their own.
    """
    settings = _Settings(filename, spec, sheet, choices, group_by, rows)
    if local:
        return Job(lambda job: _here(job, data, settings))
    seconds = BUDGET_SECONDS if budget is None else budget
    return Job(lambda job: _in_worker(job, data, settings, seconds))


@dataclass(frozen=True)
class _Settings:
    """How to read and analyse one log (what a worker is handed with the bytes)."""

    filename: str
    spec: Spec
    sheet: str | None
    choices: Mapping[str, str | None] | None
    group_by: str | None
    rows: RowFilter | None

    def prepare(
        self,
        data: bytes,
        report: Report,
        *,
        digest: bool = True,
        read: Callable[[LogTable], None] | None = None,
    ) -> Prepared:
        return prepare(
            data,
            self.filename,
            self.spec,
            sheet=self.sheet,
            choices=self.choices,
            group_by=self.group_by,
            rows=self.rows,
            report=report,
            digest=digest,
            read=read,
        )


def _here(job: Job, data: bytes, settings: _Settings) -> Prepared:
    return settings.prepare(data, job.report)


@dataclass(frozen=True)
class _Worker:
    """A worker process and this side of the socket it talks over."""

    process: subprocess.Popen[bytes]
    conn: Connection

    @staticmethod
    def start() -> _Worker:
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-c", _BOOT, str(theirs.fileno())]
        process = subprocess.Popen(
            command, pass_fds=[theirs.fileno()], env=worker_environment(), stdin=DEVNULL
        )
        theirs.close()
        return _Worker(process, Connection(ours.detach()))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.conn.close()


HUGE_PAGES = "glibc.malloc.hugetlb=1"
"""The C library's tunable that backs its large blocks with transparent huge pages."""


def worker_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """A worker's environment: the app's (`base`, by default this process's), with this
    process's import path, and the C library's heap asked for huge pages (`HUGE_PAGES`).
    A worker reads the upload's bytes whole into one new block: in 2 MiB pages that takes a
    third of the time it takes in 4 KiB ones (0.06 s rather than 0.18 s for 261 MB here), on
    the way to the first verdict. Tunables already set are kept; other C libraries ignore
    the variable, and so does a kernel without transparent huge pages."""
    env = dict(os.environ if base is None else base)
    env["PYTHONPATH"] = os.pathsep.join(path for path in sys.path if path)
    tunables = [item for item in env.get("GLIBC_TUNABLES", "").split(":") if item]
    if not any(item.startswith("glibc.malloc.hugetlb=") for item in tunables):
        env["GLIBC_TUNABLES"] = ":".join([*tunables, HUGE_PAGES])
    return env


_BOOT = (  # the CPU priority lowered first: a spare booting leaves the CPU to the app
    f"import os, sys; os.nice({WORKER_NICENESS}); "
    "from framework.analysis.background import serve; serve(int(sys.argv[1]))"
)
_SPARE_LOCK = threading.Lock()
_spare: _Worker | None = None


def start_spare() -> None:
    """Have a worker waiting, past its imports, for the next upload. A job starts the next
    one when it is done; the page asks for one when it shows the uploader, so that the first
    upload finds one too."""
    global _spare
    with _SPARE_LOCK:
        if _spare is not None and _spare.process.poll() is None:
            return
        if _spare is not None:
            _spare.stop()
        _spare = _Worker.start()


def _take_worker() -> _Worker:
    """The spare worker (already past its imports) if it is alive, else a new worker."""
    global _spare
    with _SPARE_LOCK:
        spare, _spare = _spare, None
    if spare is not None and spare.process.poll() is None:
        return spare
    if spare is not None:
        spare.stop()
    return _Worker.start()


def _in_worker(job: Job, data: bytes, settings: _Settings, budget: float) -> Prepared:
    job.report(WAITING, 0.0)
    while not _SLOTS.acquire(timeout=_POLL):
        if job.cancelled:
            raise _cancelled()
    try:
        worker = _take_worker()
    except OSError as error:
        _SLOTS.release()
        raise _crashed(f"no worker process could be started: {error.strerror}") from None
    try:
        job.report(READING, 0.02)
        worker.conn.send(settings)
        handover.send_bytes(worker.conn, data)
        digest = _Digest(data)  # while the worker reads and analyses
        prepared = _collect(job, worker, budget, settings.spec)
        return dataclasses.replace(prepared, sha256=digest.hexdigest())
    except (BrokenPipeError, EOFError, ConnectionResetError):
        raise _crashed() from None
    finally:
        retiring = threading.Thread(target=_retire, args=(worker,), name=RETIRE, daemon=True)
        try:
            retiring.start()
        except RuntimeError:  # no thread to be had (the app is stopping): retire it here
            _retire(worker)


def _retire(worker: _Worker) -> None:
    """After a job (on a thread of its own, so that the result reaches the page without
    waiting for one process to end and the next to start): stop its worker, free its slot,
    and start the next spare — now, not while the job ran: its imports would have competed."""
    try:
        worker.stop()
    finally:
        _SLOTS.release()
        with contextlib.suppress(OSError):
            start_spare()


class _Digest:
    """The sha256 of an upload, worked out by a thread of the lowest CPU priority: the
    worker reading the upload (on every core) comes first, the digest takes what it leaves
    (about a fifth of a second of CPU for 261 MB, which the worker's parse lost to it)."""

    def __init__(self, data: bytes) -> None:
        self._hex = ""
        self._thread = threading.Thread(
            target=self._work, args=(data,), name="triage-digest", daemon=True
        )
        self._thread.start()

    def _work(self, data: bytes) -> None:
        lower_priority(DIGEST_NICENESS)
        self._hex = hashlib.sha256(data).hexdigest()  # the interpreter lock is let go

    def hexdigest(self) -> str:
        """The digest, once the thread is done."""
        self._thread.join()
        return self._hex


def _collect(job: Job, worker: _Worker, budget: float, spec: Spec) -> Prepared:
    """Relay the worker's progress until it hands over its result, or stop it. The rows
    come first (while the worker still analyses), then the rest of the result."""
    conn = worker.conn
    deadline = time.monotonic() + budget
    frame: pd.DataFrame | None = None
    while True:
        if job.cancelled:
            raise _cancelled()
        if time.monotonic() > deadline:
            raise JobStopped(
                f"reading and analysing it took longer than {budget:.0f} seconds, "
                "so it was stopped",
                "Upload a smaller export (a shorter date range), or CSV instead of Excel, "
                "which reads many times faster",
            )
        if not conn.poll(_POLL):
            if worker.process.poll() is not None and not conn.poll():
                raise _crashed()
            continue
        message = conn.recv()
        if message[0] == "stage":
            job.report(message[1], message[2])
        elif message[0] == "log_error":
            raise LogError(*message[1:4], line=message[4], column=message[5])
        elif message[0] == "crash":
            raise _crashed(message[1])
        elif message[0] == "rows":
            frame = handover.receive_table(conn).to_pandas()
        elif frame is None:
            raise _crashed("its result came without its rows")
        else:
            return _unpacked(message[1], frame, spec)


def serve(fd: int) -> None:
    """A worker process's life: wait for one log, prepare it, send progress and the result.

    The table's rows are handed over by a thread as soon as they are read (`_RowsOut`),
    while this one recognises the columns and analyses; the rest follows when it is done."""
    conn = Connection(fd)  # at `WORKER_NICENESS` (see `_BOOT`): the app's sessions come first
    for_reading_logs()
    try:
        settings = conn.recv()
    except EOFError:  # the app stopped before handing over any work
        return
    lock = threading.Lock()  # the connection is written by two threads, a message at a time

    def send(message: tuple[object, ...]) -> None:
        with lock:
            conn.send(message)

    rows = _RowsOut(conn, lock)
    try:
        data = handover.receive_bytes(conn)

        def report(stage: str, fraction: float) -> None:
            send(("stage", stage, fraction))

        prepared = settings.prepare(data, report, digest=False, read=rows.start)
        del data
        rows.join()
        send(("done", _packed(prepared)))
    except LogError as error:
        details = (error.filename, error.problem, error.advice, error.line, error.column)
        send(("log_error", *details))
    except BaseException as error:  # reported to the app, which says so; never a traceback
        send(("crash", type(error).__name__))
    finally:
        rows.join(raising=False)
        conn.close()


class _RowsOut:
    """A worker's thread that writes the table's rows into a memory file and sends it (the
    IPC writing runs outside the interpreter lock, beside the analysis)."""

    def __init__(self, conn: Connection, lock: threading.Lock) -> None:
        self._conn = conn
        self._lock = lock
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, table: LogTable) -> None:
        self._thread = threading.Thread(target=self._send, args=(table,), name="triage-rows")
        self._thread.start()

    def _send(self, table: LogTable) -> None:
        try:
            fd = handover.table_file(pa.Table.from_pandas(table.frame, preserve_index=False))
            with self._lock:
                self._conn.send(("rows",))
                handover.send_file(self._conn, fd)
        except BaseException as error:  # raised again by `join`, in the worker's main thread
            self._error = error

    def join(self, *, raising: bool = True) -> None:
        """Wait until the rows are sent; raise what stopped them (unless not `raising`)."""
        if self._thread is not None:
            self._thread.join()
        if raising and self._error is not None:
            raise self._error


def _packed(prepared: Prepared) -> bytes:
    """The result as pickled metadata: the table without its rows (sent apart)."""
    frame = prepared.table.frame
    empty = dataclasses.replace(prepared.table, frame=frame.iloc[:0])
    return pickle.dumps(dataclasses.replace(prepared, table=empty), protocol=5)


def _unpacked(meta: bytes, frame: pd.DataFrame, spec: Spec) -> Prepared:
    prepared: Prepared = pickle.loads(meta)
    table = dataclasses.replace(prepared.table, frame=frame)
    analysis = prepared.analysis
    if analysis is not None:
        analysis = dataclasses.replace(analysis, spec=spec)
    return dataclasses.replace(prepared, table=table, analysis=analysis)


def _cancelled() -> JobStopped:
    return JobStopped("you cancelled reading it", "Upload it again when you are ready")


def _crashed(reason: str = "it stopped unexpectedly") -> JobStopped:
    return JobStopped(
        f"the worker reading it failed ({reason})",
        "Try again; if it keeps failing, export the log as CSV, or a shorter date range",
    )
