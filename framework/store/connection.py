"""SQLAlchemy engines for the store, and turning connection failures into clear messages.

SQLite runs in WAL mode with a busy timeout (writers queue instead of failing) and foreign
keys on; write transactions start with BEGIN IMMEDIATE so two writers never deadlock on a
lock upgrade. Other databases (PostgreSQL) get a pre-ping pool for replicas and restarts.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, InterfaceError, NoSuchModuleError, OperationalError

from framework.store.config import PATH_ENV, SECRETS_HINT, URL_ENV, parse_url, redact_url
from framework.store.records import StoreUnavailable

BUSY_TIMEOUT_SECONDS = 30
# Execution option marking a connection that will write (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "triage_write"


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; `StoreUnavailable` when the URL or its driver is unusable."""
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(url, parsed.database)
        return create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as error:
        raise StoreUnavailable(
            f"No database driver for {redact_url(url)} ({error}). Use an SQLite file or "
            f"postgresql://… (psycopg 3 is installed); set {URL_ENV} or {SECRETS_HINT}."
        ) from None


def writer(engine: Engine) -> Engine:
    """The same engine, with transactions marked as writes."""
    return engine.execution_options(**{WRITE_OPTION: True})


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Re-raise connection-level database failures as `StoreUnavailable`."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        raise StoreUnavailable(unavailable_message(url, error)) from error


def unavailable_message(url: str, error: DBAPIError) -> str:
    """What failed, where (password hidden) and what to do about it."""
    parsed = parse_url(url)
    reason = _first_line(str(error.orig) if error.orig is not None else str(error))
    if parsed.password:
        reason = reason.replace(str(parsed.password), "***")
    if parsed.get_backend_name() == "sqlite" and "locked" in reason:
        return (
            f"The saved-analyses database file {parsed.database} stayed busy with other saves "
            f"for over {BUSY_TIMEOUT_SECONDS} s. Try again in a moment."
        )
    if parsed.get_backend_name() == "sqlite":
        return (
            f"Cannot use the saved-analyses database file {parsed.database}: {reason}. Check "
            f"that its folder exists and is writable, or point {PATH_ENV} at another file."
        )
    return (
        f"Cannot reach the saved-analyses database at {redact_url(url)}: {reason}. Check "
        "that the server is running and reachable from here and that the user name and "
        f"password are right; the URL comes from {URL_ENV} or {SECRETS_HINT}."
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0].rstrip(".") if lines else "unknown error"


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(
                f"Cannot create the folder for the saved-analyses database file {database}: "
                f"{error.strerror}. Point {PATH_ENV} at a writable place."
            ) from None
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from sqlite3 so `_sqlite_begin` decides how to BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _enable_wal(cursor: Any) -> None:
    """Switch the file to WAL mode (a lasting setting of the file; a no-op once done).

    The switch needs a moment of exclusive access and SQLite reports "locked" at once rather
    than waiting, so when several processes open a new file together, wait and try again.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
