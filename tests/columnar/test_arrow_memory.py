"""Arrow's memory pool: jemalloc once a log-reading process asks for it, unless the user
named a pool in the environment; the C library's one heap for every thread; freed memory
handed back to the system when asked."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from framework.columnar.arrow_memory import (
    ARENA_ENV,
    CHOSEN_BY_USER,
    hand_back_freed,
    use_jemalloc,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restored_pool() -> Iterator[None]:
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


@pytest.mark.usefixtures("restored_pool")
def test_jemalloc_becomes_the_default_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no pool named by the user, Arrow's new buffers come from jemalloc (this
    machine's pyarrow has it), and the name returned says so."""
    monkeypatch.delenv(CHOSEN_BY_USER, raising=False)
    assert use_jemalloc() == "jemalloc"
    assert pa.default_memory_pool().backend_name == "jemalloc"
    assert pa.array(["x" * 100]).nbytes > 0


@pytest.mark.usefixtures("restored_pool")
def test_a_pool_the_user_named_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """ARROW_DEFAULT_MEMORY_POOL set: the pool in use is left alone."""
    pa.set_memory_pool(pa.system_memory_pool())
    monkeypatch.setenv(CHOSEN_BY_USER, "system")
    assert use_jemalloc() == "system"
    assert pa.default_memory_pool().backend_name == "system"


def _resident() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_freed_heap_memory_goes_back_to_the_system() -> None:
    """Memory freed in the middle of the C library's heap (which it keeps for reuse) is
    handed back: the process's resident size falls by most of it."""
    blocks = [bytes(2000) for _ in range(100_000)]  # ~200 MB of heap, freed below
    keep = bytes(2000)  # a block after them keeps the heap from shrinking on its own
    del blocks
    before = _resident()
    hand_back_freed()
    assert before - _resident() > 100 * 1024**2
    assert len(keep) == 2000


THREADS_ALLOCATE = """
import ctypes, os, sys, threading
from framework.columnar.arrow_memory import one_heap
print(one_heap() if sys.argv[1] == "one" else "-", flush=True)
libc = ctypes.CDLL("libc.so.6")
libc.malloc_stats()  # one "Arena N:" section per heap, on stderr
os.write(2, b"--- threads\\n")
together = threading.Barrier(4)
kept = []

def allocate():
    together.wait()  # all four alive at once: none can take over a finished one's heap
    kept.append(bytearray(100_000))
    together.wait()

threads = [threading.Thread(target=allocate) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc.malloc_stats()
"""


def heaps_added(mode: str, env: dict[str, str]) -> tuple[str, int]:
    """What `one_heap` returned ("-": not called) and how many heaps (glibc arenas) four
    threads allocating at once added to the process's."""
    done = subprocess.run(
        [sys.executable, "-c", THREADS_ALLOCATE, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    before, after = done.stderr.split("--- threads")
    return done.stdout.strip(), after.count("Arena ") - before.count("Arena ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heaps")
@pytest.mark.parametrize(
    ("mode", "limit", "said", "added"),
    [
        ("one", None, "True", 0),  # the threads share the heaps already there
        ("default", None, "-", 4),  # glibc: a heap of its own for each new thread
        ("one", "1", "False", 0),  # the user's limit is left as it is (and holds)
    ],
)
def test_threads_of_a_log_reading_process_share_one_heap(
    mode: str, limit: str | None, said: str, added: int
) -> None:
    """After `one_heap` new threads allocate from the heap already there rather than each
    from a heap of its own (memory one thread frees is there for the next, not kept
    apart); a limit the user set in MALLOC_ARENA_MAX is kept."""
    env = {key: value for key, value in os.environ.items() if key != ARENA_ENV}
    if limit is not None:
        env[ARENA_ENV] = limit
    assert heaps_added(mode, env) == (said, added)
