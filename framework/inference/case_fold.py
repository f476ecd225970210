"""An event log's batches folded into per-case state in a background thread, while the next
batch is read: reading a batch (pyarrow's CSV reader) and folding the one before (numpy and
Arrow kernels) both run with the interpreter lock released, so on two cores they overlap.

    fold = CaseFold(columns, spec, fmt)
    for first_row, batch in batches:
        fold.add(batch, first_row)      # returns once the previous batch is folded
    state = fold.events()              # every batch folded, merged

At most one batch is being folded while the next is read, so memory holds two batches at
most beside the per-case state; the batches are merged in the order they were added.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor

import pandas as pd

from framework.columnar.timestamps import TimeFormat
from framework.inference.cases import CaseEvents, case_events, merge_events
from framework.spec.model import Spec


class CaseFold:
    """Batches of events folded one at a time in a worker thread, in order."""

    def __init__(
        self, columns: Mapping[str, str | None], spec: Spec, fmt: TimeFormat | None
    ) -> None:
        self.columns, self.spec, self.fmt = columns, spec, fmt
        self.parts: list[CaseEvents] = []
        self.pending: Future[CaseEvents] | None = None
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="case-fold")

    def add(self, frame: pd.DataFrame, first_row: int) -> None:
        """Fold `frame` (its first row is row `first_row` of the log) in the background,
        once the batch before it is folded."""
        self._collect()
        self.pending = self.worker.submit(
            case_events, frame, self.columns, self.spec, self.fmt, first_row
        )

    def events(self) -> CaseEvents:
        """Every batch added, folded and merged (raises what folding a batch raised)."""
        try:
            self._collect()
        finally:
            self.worker.shutdown()
        return merge_events(self.parts)

    def _collect(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.parts.append(pending.result())
