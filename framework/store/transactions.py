"""One save as one write transaction, acknowledged only once the database has committed it.

    ref = commit_save(store_writer, url, work)   # work(connection) -> (SavedRef, created_at)

A failure before COMMIT means nothing was saved, and the message says so. A failure during
COMMIT (the connection broke, the server went away) leaves the outcome open: the revision is
looked up on a fresh connection, and the save is acknowledged if it is there; otherwise
`SaveOutcomeUnknown` says it may or may not have been saved and where to look (on SQLite,
where a failed COMMIT never commits, it is a plain "nothing was saved").
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from framework.store.connection import bound_lock_waits
from framework.store.failures import database_failure, diagnose_failure
from framework.store.queries import revision_created_at
from framework.store.records import SavedRef, SaveOutcomeUnknown, StoreUnavailable

_LOG = logging.getLogger(__name__)
SaveWork = Callable[[Connection], tuple[SavedRef, datetime]]
"""Writes one save inside the transaction; returns where it landed and its `created_at`
(taken once the save holds its lock, so times follow revision numbers)."""


def commit_save(engine: Engine, url: str, work: SaveWork) -> SavedRef:
    """Run `work` in a write transaction on `engine` and commit it; see the module docstring."""
    try:
        connection = engine.connect()
        try:
            transaction = connection.begin()
            bound_lock_waits(connection)
            ref, created_at = work(connection)
        except BaseException:
            _close_quietly(connection)
            raise
    except SQLAlchemyError as error:
        raise not_saved(url, error) from error
    try:
        transaction.commit()
    except SQLAlchemyError as error:
        _discard(connection)
        return _after_failed_commit(engine, url, ref, created_at, error)
    _close_quietly(connection)
    return ref


def not_saved(url: str, error: SQLAlchemyError) -> StoreUnavailable:
    """A failure before COMMIT: the database's message, prefixed with "Nothing was saved"."""
    failure = database_failure(url, error)
    return StoreUnavailable(f"Nothing was saved. {failure}", failure.reason)


def _after_failed_commit(
    engine: Engine, url: str, ref: SavedRef, created_at: datetime, error: SQLAlchemyError
) -> SavedRef:
    """The save if the database has it; "nothing was saved" if the revision is provably not
    this save's; otherwise `SaveOutcomeUnknown`."""
    _LOG.warning(
        "a save's COMMIT failed (%s, %s); checking whether it was committed",
        diagnose_failure(error).reason,
        type(error).__name__,
    )
    checked, found = _saved_at(engine, ref)
    if checked and found == created_at:
        return ref
    taken = found is not None  # another save has that number: this one did not commit
    if checked and (taken or engine.dialect.name == "sqlite"):
        raise not_saved(url, error) from error
    raise SaveOutcomeUnknown(_unknown_message(ref, created_at), ref) from error


def _saved_at(engine: Engine, ref: SavedRef) -> tuple[bool, datetime | None]:
    """Whether the database could be asked, and when the revision was saved (None: it is not
    there)."""
    try:
        with engine.connect() as connection:
            return True, revision_created_at(connection, ref.analysis_id, ref.revision)
    except SQLAlchemyError:
        return False, None


def _unknown_message(ref: SavedRef, created_at: datetime) -> str:
    stopped = (
        "The database stopped answering while this save was being committed, so it may or "
        "may not have been saved"
    )
    if ref.base_revision is None:
        return (
            f"{stopped}, as analysis {ref.analysis_id}. Once the database answers again, open "
            "that analysis's link: if it opens, it was saved; if no analysis has that id, "
            "save again."
        )
    return (
        f"{stopped}, as revision {ref.revision} of analysis {ref.analysis_id}. Once the "
        "database answers again, look at the analysis's history: if a revision saved at "
        f"{created_at:%H:%M:%S} UTC is there, it was saved; if not, save again."
    )


def _discard(connection: Connection) -> None:
    """Drop a connection whose COMMIT failed rather than pool it: whatever its transaction's
    state, closing it ends the transaction (rolled back unless it committed)."""
    with contextlib.suppress(SQLAlchemyError):
        connection.invalidate()
    _close_quietly(connection)


def _close_quietly(connection: Connection) -> None:
    """Close (rolling back whatever did not commit); a connection already broken is let go."""
    with contextlib.suppress(SQLAlchemyError):
        connection.close()
