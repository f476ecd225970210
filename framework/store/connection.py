"""SQLAlchemy engines for the store.

SQLite runs in WAL mode with a busy timeout (writers queue instead of failing), full
synchronous commits (a save acknowledged survives a power cut, not only a crash of the app)
and foreign keys on; write transactions start with BEGIN IMMEDIATE so two writers never
deadlock on a lock upgrade. PostgreSQL gets a pre-ping pool for replicas and restarts, READ
COMMITTED transactions (each statement sees what committed before it: the revision counter
relies on that after waiting for a row lock) and a connect timeout. Failures become messages
in `failures.py`.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError

from framework.store.config import PATH_ENV, SECRETS_HINT, URL_ENV, parse_url
from framework.store.records import StoreUnavailable

BUSY_TIMEOUT_SECONDS = 30
"""How long a save waits for another save's lock (SQLite's busy timeout, PostgreSQL's
lock_timeout for saves) before it gives up with "try again"."""
CONNECT_TIMEOUT_SECONDS = 10
"""How long to wait for a PostgreSQL server to answer, unless the URL sets connect_timeout."""
# Execution option marking a connection that will write (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "triage_write"


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; `StoreUnavailable` when the URL or its driver is unusable."""
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(url, parsed.database)
        return _server_engine(parsed)
    except (NoSuchModuleError, ImportError):
        raise StoreUnavailable(
            f"No database driver for {parsed.drivername}:// URLs is installed. Use an SQLite "
            f"file or postgresql://… (psycopg 3 is installed); set {URL_ENV} or {SECRETS_HINT}.",
            "no_driver",
        ) from None


def writer(engine: Engine) -> Engine:
    """The same engine, with transactions marked as writes."""
    return engine.execution_options(**{WRITE_OPTION: True})


def bound_lock_waits(connection: Connection) -> None:
    """Make a PostgreSQL write transaction give up after BUSY_TIMEOUT_SECONDS of waiting for
    a lock, as SQLite's busy timeout does (a no-op elsewhere)."""
    if connection.dialect.name == "postgresql":
        milliseconds = int(BUSY_TIMEOUT_SECONDS * 1000)
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")


def _server_engine(parsed: URL) -> Engine:
    options: dict[str, Any] = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "postgresql":
        options["isolation_level"] = "READ COMMITTED"
        if parsed.get_driver_name() == "psycopg" and "connect_timeout" not in parsed.query:
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    return create_engine(parsed, **options)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(
                f"Cannot create the folder for the saved-analyses database file {database}: "
                f"{error.strerror}. Point {PATH_ENV} at a writable place.",
                "cannot_open",
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
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _enable_wal(cursor: Any) -> None:
    """Switch the file to WAL mode (a lasting setting of the file; a no-op once done).

    The switch needs a moment of exclusive access and SQLite reports "locked" at once rather
    than waiting, so when several processes open a new file together, wait and try again.
    A file the app may only read keeps its mode: it can still be read, and saving it says why
    it cannot.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                return
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
