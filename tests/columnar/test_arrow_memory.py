"""Arrow's memory pool: jemalloc once a log-reading process asks for it, unless the user
named a pool in the environment; freed memory handed back to the system when asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from framework.columnar.arrow_memory import CHOSEN_BY_USER, hand_back_freed, use_jemalloc


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
