"""A log's exact bytes, kept for what needs them again (storing the log with a saved
analysis, reading another sheet of a workbook), compressed in the background so that the
server holds about a sixth of a CSV's size besides the table read from it.

    kept = KeptBytes(data)     # returns at once; a low-priority thread compresses (zstd)
    kept.size                  # len(data)
    kept.unpack() == data      # the bytes as uploaded, whether compressed yet or not

Small files (the sample logs) are kept as they are.
"""

from __future__ import annotations

import contextlib
import os
import threading

import pyarrow as pa

PACK_FROM = 1024**2
"""Bytes from which a log is compressed (below, the thread costs more than it saves)."""
PACK_NICENESS = 19
"""How much lower the compressing thread's CPU priority is (it runs when the CPU is idle)."""
_CODEC = pa.Codec("zstd", compression_level=1)


class KeptBytes:
    """Bytes kept compressed once a background thread has packed them."""

    def __init__(self, data: bytes) -> None:
        self.size = len(data)
        self._lock = threading.Lock()
        self._raw: bytes | None = data
        self._packed: bytes | None = None
        self._done = threading.Event()
        if self.size < PACK_FROM:
            self._done.set()
        else:
            threading.Thread(target=self._pack, name="triage-pack", daemon=True).start()

    def _pack(self) -> None:
        lower_priority(PACK_NICENESS)  # the page being shown, and other sessions, come first
        with self._lock:
            raw = self._raw
        if raw is not None:
            packed = _CODEC.compress(raw, asbytes=True)
            with self._lock:
                self._packed, self._raw = packed, None
        self._done.set()

    def unpack(self) -> bytes:
        """The bytes as they were handed over."""
        with self._lock:
            raw, packed = self._raw, self._packed
        if raw is not None:
            return raw
        assert packed is not None
        data: bytes = _CODEC.decompress(packed, decompressed_size=self.size, asbytes=True)
        return data

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the bytes are as small as they get (compressed, or too small to be)."""
        return self._done.wait(timeout)

    @property
    def held(self) -> int:
        """Bytes held now: the size until compressed, then the compressed size."""
        with self._lock:
            return self.size if self._raw is not None else len(self._packed or b"")

    def __repr__(self) -> str:
        return f"KeptBytes(size={self.size}, held={self.held})"


def lower_priority(niceness: int) -> None:
    """Lower the calling thread's CPU priority by `niceness` (Linux schedules threads one
    by one; elsewhere, or when not allowed, nothing changes)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
