"""Pieces every CLI subcommand shares: the usage error and writing the output."""

from __future__ import annotations

import sys
from pathlib import Path


class UsageError(Exception):
    """Bad arguments or unreadable input: reported on one line, exit status 2."""


def write_output(data: str | bytes, out: str | None) -> None:
    """Write to the file `out`, or to standard output when it is None or '-'."""
    payload = data.encode() if isinstance(data, str) else data
    if out in (None, "-"):
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    try:
        Path(out).write_bytes(payload)
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error.strerror or error}") from None
