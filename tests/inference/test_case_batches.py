"""An event log's cases are the same whatever batches its events come in and in whatever
order its rows are: the rows shuffled, then cut into batches of random sizes, give the case
table the whole log in one batch gives — for the sample event logs and for random logs with
every kind of event (retries, fixes, resubmissions, reopens, successes, failures), system
accounts, placeholders and blanks. Events of one case have distinct times here: events at
the same time are ordered by their place in the log, which a shuffle changes."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framework.analysis.pipeline import mapping_for
from framework.inference.cases import case_events, case_log, merge_events
from framework.logs.reading import read_log_file
from framework.spec.model import Spec

DATA = Path(__file__).resolve().parents[2] / "data"
COLUMNS: dict[str, str | None] = {
    "case_id": "case",
    "activity": "activity",
    "timestamp": "time",
    "handler": "resource",
    "error_code": "type",
    "source_system": "source",
    "payload": "payload",
    "retry_count": "attempt",
    "resolution": "resolution",
    "message": "message",
}
ACTIVITIES = (
    "Order received",
    "Sync to OMS failed",
    "Sync to OMS succeeded",
    "Automatic retry",
    "Order corrected",
    "Resubmitted",
    "Case reopened",
    "Pick list out of date",
    "Approval rejected",
    "Exception handled",
    "Case closed",
)
RESOURCES = ("SYSTEM", "system", "n/a", None, *(f"agent.{n}" for n in range(40)))
STEPS = tuple(f"Step {n} checked" for n in range(40))
MAYBE = ("n/a", "", "  ", None)


def random_log(cases: int, seed: int) -> pd.DataFrame:
    """A log of `cases` cases of 1 to 12 events each at distinct minutes, some values blank
    or a placeholder, a few events without a case; many people and plain steps, so that a
    batch holds many handlers and activities."""
    rng = np.random.default_rng(seed)
    rows = []
    for number in range(cases):
        size = int(rng.integers(1, 13))
        minutes = rng.choice(np.arange(10_000), size=size, replace=False)
        for minute in minutes:
            rows.append(
                {
                    "case": f"C{number}" if rng.random() > 0.02 else pick(rng, MAYBE),
                    "time": (
                        pd.Timestamp("2024-04-01") + pd.Timedelta(minutes=int(minute))
                    ).isoformat(),
                    "activity": pick(rng, (*ACTIVITIES, *STEPS, None)),
                    "resource": pick(rng, RESOURCES),
                    "type": pick(rng, ("ORDER_SYNC", "PICK_MISMATCH", *MAYBE)),
                    "source": pick(rng, ("OMS", "WMS", " WMS  ", *MAYBE)),
                    "payload": pick(rng, ('{"order": 1}', '{"order": 2}', *MAYBE)),
                    "attempt": pick(rng, ("1", "2", "3", "x", *MAYBE)),
                    "resolution": pick(rng, ("Re-sent", "Fixed the mapping", *MAYBE)),
                    "message": pick(rng, ("Timed out", "Rejected: budget", "ok |", *MAYBE)),
                }
            )
    return pd.DataFrame(rows, dtype=object)


def pick(rng: np.random.Generator, options: Sequence[str | None]) -> str | None:
    """One of the options, drawn with `rng`."""
    return options[int(rng.integers(len(options)))]


def sample_log(name: str, spec: Spec) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """A sample event log and the columns its mapping finds."""
    table = read_log_file(str(DATA / name))
    return table.frame, mapping_for(table, spec).to_dict()


def cases(
    frame: pd.DataFrame, columns: dict[str, str | None], spec: Spec, cuts: list[int]
) -> pd.DataFrame:
    """The case table of the log read in batches that end at `cuts`."""
    bounds = [0, *cuts, len(frame)]
    parts = [
        case_events(frame.iloc[start:end], columns, spec, None, start)
        for start, end in itertools.pairwise(bounds)
    ]
    return case_log(merge_events(parts), spec).frame


def shuffled_in_batches(
    frame: pd.DataFrame, seed: int, batches: int, shuffle: bool = True
) -> tuple[pd.DataFrame, list[int]]:
    """The rows in a random order (or in their own), and where `batches` batches of random
    sizes end."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(frame)) if shuffle else np.arange(len(frame))
    rows = frame.iloc[order].reset_index(drop=True)
    cuts = rng.choice(np.arange(1, len(frame)), size=min(batches, len(frame)) - 1, replace=False)
    return rows, sorted(int(cut) for cut in cuts)


@pytest.mark.parametrize(
    ("log", "seed", "batches"),
    [
        ("process_mining.csv", 1, 2),
        ("process_mining.csv", 2, 25),
        ("incident_events.csv", 1, 3),
        ("incident_events.csv", 2, 40),
    ],
)
def test_sample_event_logs_give_the_same_cases_however_shuffled_and_cut(
    spec: Spec, log: str, seed: int, batches: int
) -> None:
    """A sample event log, its rows shuffled and cut into batches of random sizes, gives the
    same case table as the whole log read in one batch."""
    frame, columns = sample_log(log, spec)
    whole = cases(frame, columns, spec, [])
    rows, cuts = shuffled_in_batches(frame, seed, batches)
    pd.testing.assert_frame_equal(cases(rows, columns, spec, cuts), whole)


@pytest.mark.parametrize(
    ("size", "seed", "batches", "shuffle"),
    [
        (40, 1, 2, True),
        (40, 2, 300, True),
        (300, 3, 7, True),
        (300, 4, 60, True),
        (1000, 5, 11, True),
        (300, 6, 5, False),
        (1000, 7, 30, False),
    ],
)
def test_random_event_logs_give_the_same_cases_however_shuffled_and_cut(
    spec: Spec, size: int, seed: int, batches: int, shuffle: bool
) -> None:
    """A random event log (every kind of event, system accounts, placeholders, blanks,
    events without a case), its rows shuffled (or in their own order) and cut into batches
    of random sizes, gives the same case table as the whole log read in one batch."""
    frame = random_log(size, seed)
    whole = cases(frame, COLUMNS, spec, [])
    rows, cuts = shuffled_in_batches(frame, seed, batches, shuffle)
    pd.testing.assert_frame_equal(cases(rows, COLUMNS, spec, cuts), whole)


@pytest.mark.parametrize(
    ("size", "batch"), [(30, 1), (30, 2), (30, 5), (30, 64), (400, 97), (400, 1000)]
)
def test_batches_of_one_size_give_the_same_cases(spec: Spec, size: int, batch: int) -> None:
    """A random log of `size` cases in batches of `batch` rows, in its own order (a case
    in one batch or split over two or more), gives the same cases as in one batch."""
    frame = random_log(size, seed=9)
    cuts = list(range(batch, len(frame), batch))
    pd.testing.assert_frame_equal(
        cases(frame, COLUMNS, spec, cuts), cases(frame, COLUMNS, spec, [])
    )
