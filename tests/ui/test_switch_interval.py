"""The server's threads hand the interpreter over more often than Python's default."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from tests.support.apptest import open_app
from ui import switch_interval


@pytest.fixture
def kept_interval() -> Iterator[float]:
    """The test process's switch interval, put back after the test."""
    before = sys.getswitchinterval()
    yield before
    sys.setswitchinterval(before)


def test_switch_interval_is_shortened_below_the_default(kept_interval: float) -> None:
    """After the call a waiting thread (the event loop sending a run's elements) gets the
    interpreter within `SWITCH_INTERVAL`, a fifth of Python's 5 ms or less."""
    switch_interval.shorten_switch_interval()
    assert sys.getswitchinterval() == pytest.approx(switch_interval.SWITCH_INTERVAL)
    assert switch_interval.SWITCH_INTERVAL <= 0.005 / 5


def test_app_shortens_the_switch_interval(kept_interval: float) -> None:
    """Running the app's entry point shortens it (once the page modules are imported)."""
    sys.setswitchinterval(0.005)
    open_app()
    assert sys.getswitchinterval() == pytest.approx(switch_interval.SWITCH_INTERVAL)
