"""A saver in a process of its own, for the crash tests: it saves revisions of one analysis in
a loop and prints each save once the store has acknowledged it; it can stall inside a save's
transaction, holding the analysis's lock, to be killed right there.

    python -m tests.support.store_writer URL ANALYSIS_ID WRITER SAVES [--stall-at N]

prints `saved <writer> <seq> <revision>` after each save returned (only then is it
acknowledged) and `inside <writer> <seq> <revision>` when save N has written its row and
waits, uncommitted, to be killed.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import Connection

import framework.store.saved_analyses as saved_analyses
from framework.store import queries


class Stamp(TypedDict):
    """The spec a save is stamped with (`save_revision`'s keyword arguments)."""

    spec_version: str
    spec_digest: str


STAMP: Stamp = {"spec_version": "1.0", "spec_digest": "a1b2c3d4e5f6"}


def document(writer: int, seq: int) -> dict[str, Any]:
    """What writer `writer` saves the `seq`-th time: enough rows to make a save take a while."""
    rows = [
        {"group": f"G{index}", "exceptions": index * seq, "verdict": "process"}
        for index in range(200)
    ]
    return {"writer": writer, "seq": seq, "rows": rows}


def stall_inside(writer: int, stall_at: int) -> None:
    """Make save `stall_at` stop after writing its revision row, before it commits."""
    real = queries.insert_revision

    def stalling(
        connection: Connection,
        analysis_id: str,
        revision: int,
        parent: int | None,
        fields: Mapping[str, Any],
        created_at: datetime,
    ) -> None:
        real(connection, analysis_id, revision, parent, fields, created_at)
        if json.loads(fields["document"])["seq"] == stall_at:
            print(f"inside {writer} {stall_at} {revision}", flush=True)
            time.sleep(600)

    # Patched where save_revision looks it up: saved_analyses's own import, not re-exported.
    saved_analyses.insert_revision = stalling  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("analysis_id")
    parser.add_argument("writer", type=int)
    parser.add_argument("saves", type=int)
    parser.add_argument("--stall-at", type=int, default=None)
    args = parser.parse_args()
    if args.stall_at is not None:
        stall_inside(args.writer, args.stall_at)
    with saved_analyses.open_store(args.url) as store:
        base = 1
        for seq in range(1, args.saves + 1):
            ref = store.save_revision(
                args.analysis_id,
                document(args.writer, seq),
                base_revision=base,
                note=f"writer {args.writer}, save {seq}",
                **STAMP,
            )
            print(f"saved {args.writer} {seq} {ref.revision}", flush=True)
            base = ref.revision


if __name__ == "__main__":
    main()
