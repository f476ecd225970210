"""Saves under load and under crashes, on SQLite and on PostgreSQL: twenty writers saving one
analysis at once all keep their work as revisions 1..N, and writers killed with SIGKILL in the
middle of a save lose nothing that was acknowledged and leave nothing corrupt."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from framework.store.saved_analyses import Store, open_store
from tests.support.store_writer import document
from tests.support.stores import create, revise, run_together

ROOT = Path(__file__).resolve().parents[2]
WRITERS, SAVES_EACH = 20, 10
_LINE = re.compile(r"(saved|inside) (\d+) (\d+) (\d+)")


def check_revisions(store: Store, analysis_id: str) -> dict[int, tuple[int, int]]:
    """Every revision of the analysis decodes; returns revision → (writer, seq), after checking
    the numbers run 1..N without a gap or a repeat, their times in the same order, and no save
    is stored twice."""
    history = store.history(analysis_id)
    numbers = [info.revision for info in history]
    assert numbers == list(range(1, len(numbers) + 1))
    assert [info.created_at for info in history] == sorted(info.created_at for info in history)
    saved = {}
    for number in numbers[1:]:
        stored = store.load(analysis_id, number).document
        saved[number] = (stored["writer"], stored["seq"])
        assert stored == document(*saved[number])
    assert len(set(saved.values())) == len(saved)
    return saved


def test_twenty_writers_on_one_analysis_keep_every_save(store_url: str) -> None:
    """20 writers, each with its own connection pool, save 10 revisions each of one analysis
    at the same time: every save is acknowledged, and revisions run 1..201 with each save
    exactly once, its own base recorded."""
    with open_store(store_url) as first:
        base = create(first)
    stores = [open_store(store_url) for _ in range(WRITERS)]

    def writer(index: int) -> list[tuple[int, int, int]]:
        ref, acknowledged = base, []
        for seq in range(1, SAVES_EACH + 1):
            ref = revise(stores[index], ref, document(index, seq))
            acknowledged.append((index, seq, ref.revision))
        return acknowledged

    try:
        acknowledged = [ack for acks in run_together(WRITERS, writer) for ack in acks]
    finally:
        for opened in stores:
            opened.close()
    with open_store(store_url) as check:
        saved = check_revisions(check, base.analysis_id)
    assert len(saved) == WRITERS * SAVES_EACH
    assert {revision: (w, seq) for w, seq, revision in acknowledged} == saved


@dataclass
class Writer:
    """A store_writer process and the lines it printed, read as they come."""

    index: int
    process: subprocess.Popen[str]
    lines: list[tuple[str, int, int, int]] = field(default_factory=list)
    reader: threading.Thread | None = None

    def acknowledged(self) -> set[tuple[int, int, int]]:
        return {(w, seq, revision) for kind, w, seq, revision in self.lines if kind == "saved"}

    def stalled(self) -> bool:
        return self.process.poll() is None and any(line[0] == "inside" for line in self.lines)

    def kill(self) -> None:
        """SIGKILL, as `kill -9` does; then every line it printed has been read."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._drain()

    def finish(self) -> None:
        """Wait for the writer to end on its own; fail with its stderr unless it succeeded."""
        code = self.process.wait(timeout=120)
        assert code == 0, self.process.stderr.read() if self.process.stderr else code
        self._drain()

    def _drain(self) -> None:
        assert self.reader is not None
        self.reader.join(timeout=30)

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if found := _LINE.fullmatch(line.strip()):
                kind, writer, seq, revision = found.groups()
                self.lines.append((kind, int(writer), int(seq), int(revision)))


def start_writer(url: str, analysis_id: str, index: int, saves: int, stall_at: int = 0) -> Writer:
    """A writer process saving `saves` revisions; with `stall_at`, it stops inside that save."""
    command = [sys.executable, "-m", "tests.support.store_writer", url, analysis_id]
    command += [str(index), str(saves)] + (["--stall-at", str(stall_at)] if stall_at else [])
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    writer = Writer(index, process)
    writer.reader = threading.Thread(target=writer.read, daemon=True)
    writer.reader.start()
    return writer


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_writers_killed_mid_save_lose_nothing_acknowledged(store_url: str) -> None:
    """Writer processes save while two are killed (SIGKILL) inside a save's transaction,
    holding the analysis's lock, and a third at a random moment; the others, then a writer
    started afterwards, carry on. Reopened, the store holds every acknowledged save,
    numbered 1..N without gaps, every document decodes, nothing of the killed saves, and
    SQLite's integrity check passes."""
    with open_store(store_url) as first:
        analysis_id = create(first).analysis_id
    steady = [start_writer(store_url, analysis_id, index, 8) for index in range(3)]
    stalled = [start_writer(store_url, analysis_id, index, 8, stall_at=3) for index in (3, 4)]
    doomed = start_writer(store_url, analysis_id, 5, 50)
    for _ in stalled:  # one at a time: the first to stall holds the lock the other waits for
        wait_for(lambda: any(writer.stalled() for writer in stalled), "a writer stalled in a save")
        next(writer for writer in stalled if writer.stalled()).kill()
    wait_for(lambda: len(doomed.acknowledged()) >= 3, "the doomed writer's saves")
    time.sleep(random.uniform(0, 0.05))
    doomed.kill()
    for writer in steady:
        writer.finish()
    restarted = start_writer(store_url, analysis_id, 6, 3)
    restarted.finish()

    everyone = [*steady, *stalled, doomed, restarted]
    acknowledged = {ack for writer in everyone for ack in writer.acknowledged()}
    with open_store(store_url) as check:
        saved = check_revisions(check, analysis_id)
        if check.engine.dialect.name == "sqlite":
            with check.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert {(w, seq, revision) for revision, (w, seq) in saved.items()} >= acknowledged
    assert not {(3, 3), (4, 3)} & set(saved.values())  # killed before they committed
    unacknowledged = set(saved.values()) - {(w, seq) for w, seq, _ in acknowledged}
    assert unacknowledged <= {(5, len(doomed.acknowledged()) + 1)}  # committed, then killed
    assert len(acknowledged) >= 3 * 8 + 2 * 2 + 3 + 3
