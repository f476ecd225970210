"""A log's bytes kept for later: handed back exactly, compressed in the background once
they are big enough to be worth it."""

from __future__ import annotations

import pytest

from framework.analysis.kept_bytes import PACK_FROM, KeptBytes

ROW = b"2026-03-02T08:15:00,EX-1,INV_SYNC_DRIFT,ERP,WMS,qty mismatch,alice,retried\n"


@pytest.mark.parametrize(
    ("data", "compressed"),
    [
        (b"", False),
        (ROW, False),
        (ROW * (PACK_FROM // len(ROW)), False),  # just under the threshold
        (ROW * (PACK_FROM // len(ROW) + 1), True),
        (ROW * (4 * PACK_FROM // len(ROW)), True),
    ],
    ids=["empty", "one-row", "under-threshold", "at-threshold", "several-mb"],
)
def test_bytes_come_back_exactly_and_big_ones_are_held_compressed(
    data: bytes, compressed: bool
) -> None:
    """`unpack()` gives the bytes as handed over, before and after the background thread has
    compressed them; once done, a log of at least `PACK_FROM` bytes is held compressed
    (a repetitive CSV to a fraction of its size), a smaller one as it is."""
    kept = KeptBytes(data)
    assert kept.unpack() == data and kept.size == len(data)
    assert kept.wait(30)
    assert kept.unpack() == data
    if compressed:
        assert kept.held < len(data) // 10
    else:
        assert kept.held == len(data)
