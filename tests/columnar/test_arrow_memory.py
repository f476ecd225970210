"""Arrow's memory pool: jemalloc once a log-reading process asks for it, unless the user
named a pool in the environment."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pytest

from framework.columnar.arrow_memory import CHOSEN_BY_USER, use_jemalloc


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
