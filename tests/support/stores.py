"""Saving analyses in store tests: the fixture document and log, a save and a revision in
one call, row counts, and running savers at the same instant on threads."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from framework.store.records import LogBlob, SavedRef
from framework.store.saved_analyses import Store

FIXTURES = Path(__file__).parents[1] / "fixtures" / "store"
DOCUMENT: dict[str, Any] = json.loads((FIXTURES / "analysis.json").read_text(encoding="utf-8"))
LOG = LogBlob("queue.csv", (FIXTURES / "queue.csv").read_bytes())
STAMP = {"spec_version": "1.0", "spec_digest": "a1b2c3d4e5f6"}
UNKNOWN_ID = "A" * 22


def create(store: Store, document: dict[str, Any] = DOCUMENT, **options: Any) -> SavedRef:
    return store.create(document, **{"title": "Week 47", **STAMP, **options})


def revise(store: Store, ref: SavedRef, document: dict[str, Any], **options: Any) -> SavedRef:
    return store.save_revision(
        ref.analysis_id, document, **{"base_revision": ref.revision, **STAMP, **options}
    )


def count(store: Store, table: Any) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def run_together(count: int, job: Callable[[int], Any]) -> list[Any]:
    """Run job(0..count-1) on threads released at the same instant; re-raise any failure."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job(index)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results
