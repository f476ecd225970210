"""Database failures reach people as one clear sentence with what to do, and never name the
password, the user name, the host or the port: real failures of SQLite files and of a real
PostgreSQL server, and the rest built from the drivers' own errors."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from framework.store import connection as store_connection
from framework.store.config import sqlite_url
from framework.store.failures import database_failure
from framework.store.records import StoreUnavailable
from framework.store.saved_analyses import open_store
from tests.support.pgserver import PostgresServer
from tests.support.stores import DOCUMENT, create, revise

USER, PASSWORD = "sneaky_user", "S3cret-pw"
SERVER_URL = f"postgresql+psycopg://{USER}:{PASSWORD}@db-7.internal:6543/triage_db"


def assert_discreet(message: str, *secrets: str) -> None:
    """The message says nothing of the password, user name, host or port."""
    leaked = [secret for secret in (PASSWORD, USER, *secrets) if secret in message]
    assert not leaked, message


# --- SQLite files --------------------------------------------------------------------------


def not_sqlite(path: Path) -> str:
    path.write_bytes(os.urandom(8192))
    return sqlite_url(path)


def text_file(path: Path) -> str:
    path.write_text("order_id,code\n1,SKU_NOT_FOUND\n" * 200, encoding="utf-8")
    return sqlite_url(path)


def damaged(path: Path) -> str:
    """A store whose pages after the first were overwritten (the header still reads)."""
    with open_store(sqlite_url(path)) as store:
        for _ in range(3):
            create(store)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[4096:] = bytes(byte ^ 0x5A for byte in data[4096:])
    path.write_bytes(bytes(data))
    return sqlite_url(path)


def folder(path: Path) -> str:
    path.mkdir()
    return sqlite_url(path)


def other_apps_file(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE analyses (sku TEXT, shelf INTEGER)")
        other.commit()
    return sqlite_url(path)


@pytest.mark.parametrize(
    ("make", "reason", "says"),
    [
        (not_sqlite, "not_sqlite", "is not an SQLite database"),
        (text_file, "not_sqlite", "move this one away and the app starts a new, empty database"),
        (damaged, "damaged", "is damaged (SQLite reports a malformed database). Restore it"),
        (folder, "cannot_open", "the path is a folder, or its folder is missing"),
        (other_apps_file, "foreign_tables", "holds tables this app did not make"),
    ],
    ids=["random-bytes", "text-file", "damaged", "folder", "other-apps-tables"],
)
def test_an_unusable_sqlite_file_says_what_it_is(
    tmp_path: Path, make: Callable[[Path], str], reason: str, says: str
) -> None:
    """A file that is not a database, a damaged one, a folder or another app's database each
    get their own sentence naming the file and TRIAGE_DB_PATH, never a traceback."""
    path = tmp_path / "triage.db"
    url = make(path)
    with pytest.raises(StoreUnavailable) as caught, open_store(url) as store:
        store.history("A" * 22)
    message = str(caught.value)
    assert (caught.value.reason, str(path) in message) == (reason, True)
    assert says in message and "TRIAGE_DB_PATH" in message


def test_a_read_only_sqlite_file_still_opens_and_refuses_saves(tmp_path: Path) -> None:
    """A file the app may only read opens saved analyses; a save says nothing was saved and
    how to make the file writable."""
    path = tmp_path / "triage.db"
    with open_store(sqlite_url(path)) as store:
        ref = create(store)
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as read_only:
        assert read_only.load(ref.analysis_id).document == DOCUMENT
        with pytest.raises(StoreUnavailable) as caught:
            revise(read_only, ref, {"edit": 1})
    assert caught.value.reason == "read_only"
    assert str(caught.value) == (
        f"Nothing was saved. The saved-analyses file {path} can only be read, so saving is "
        "refused (saved links still open). Make the file, its folder and its -wal and -shm "
        "files writable by the app, or point TRIAGE_DB_PATH at a writable file."
    )


def test_a_full_disk_refuses_the_save_and_keeps_the_file_sound(tmp_path: Path) -> None:
    """When the file cannot grow, the save is refused with "free some space"; what was saved
    before is intact."""
    with open_store(sqlite_url(tmp_path / "triage.db")) as store:
        ref = create(store)

        @event.listens_for(store.engine, "connect")
        def no_room(dbapi_connection: Any, _record: Any) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")

        store.engine.dispose()
        with pytest.raises(StoreUnavailable) as caught:
            revise(store, ref, {"big": os.urandom(200_000).hex()})
        assert caught.value.reason == "disk_full"
        assert str(caught.value) == (
            f"Nothing was saved. The disk holding the saved-analyses file {tmp_path}/triage.db "
            "is full. Free some space, then save again."
        )
        assert store.load(ref.analysis_id).document == DOCUMENT
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_sqlite_lock_held_too_long_says_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write lock held past the busy timeout gives a 'try again' message, not a traceback."""
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_SECONDS", 1)
    path = tmp_path / "t.db"
    with open_store(sqlite_url(path)) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreUnavailable, match=r"stayed busy .* over 1 s\. Try again"):
                store.create({"a": 1}, title="t", spec_version="1.0", spec_digest="d")
        finally:
            other.close()
        with store.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM analyses")) == 0


# --- a real PostgreSQL server ----------------------------------------------------------------


@pytest.fixture(scope="module")
def server(postgres: PostgresServer) -> PostgresServer:
    """The session's server with a login role named like nothing in the messages."""
    postgres.admin(
        f"DO $$ BEGIN CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    return postgres


@pytest.fixture
def database(server: PostgresServer) -> Iterator[str]:
    """A fresh database owned by USER; yields its URL."""
    name = f"failures_{os.getpid()}_{threading.get_ident() % 10_000}"
    server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.admin(f'CREATE DATABASE "{name}" OWNER {USER}')
    yield f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{server.port}/{name}"
    server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def not_postgres() -> Iterator[int]:
    """A port where something answers that is not PostgreSQL (an HTTP-like server)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                client, _ = listener.accept()
                with client:
                    client.recv(256)
                    client.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    listener.close()


def _closed_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_that_cannot_be_reached(server: PostgresServer) -> None:
    """Nothing listening: "cannot reach … try again", without the URL's details."""
    port = str(_closed_port())
    url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/triage_db"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(url)
    assert caught.value.reason == "unreachable"
    assert str(caught.value).startswith("Cannot reach the saved-analyses database server")
    assert "TRIAGE_DATABASE_URL" in str(caught.value)
    assert_discreet(str(caught.value), "127.0.0.1", port)


@pytest.mark.parametrize(
    ("user", "password"), [(USER, "Wr0ng-Pa55word"), ("nobody_here", PASSWORD)]
)
def test_a_refused_login(server: PostgresServer, user: str, password: str) -> None:
    """A wrong password or an unknown user: "check the credentials", naming neither."""
    url = f"postgresql://{user}:{password}@127.0.0.1:{server.port}/postgres"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(url)
    assert caught.value.reason == "login_refused"
    assert "refused the app's login" in str(caught.value)
    assert_discreet(str(caught.value), user, password, "127.0.0.1", str(server.port))


def test_a_missing_database(server: PostgresServer) -> None:
    """A database that was never created: its name and "create it", nothing else."""
    url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{server.port}/never_created"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(url)
    assert caught.value.reason == "no_database"
    assert str(caught.value).startswith(
        "The database 'never_created' does not exist on the server. Create it"
    )
    assert_discreet(str(caught.value), "127.0.0.1", str(server.port))


def test_a_server_that_is_not_postgresql(not_postgres: int) -> None:
    """Something else answers at that address: "not as a PostgreSQL server does"."""
    url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{not_postgres}/triage_db"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(url)
    assert caught.value.reason == "not_postgres"
    assert "answered, but not as a PostgreSQL server does" in str(caught.value)
    assert_discreet(str(caught.value), "127.0.0.1", str(not_postgres))


def test_a_read_only_database_opens_and_refuses_saves(
    server: PostgresServer, database: str
) -> None:
    """On a read-only database (a replica, or default_transaction_read_only) links open and a
    save says nothing was saved and to point at the primary."""
    with open_store(database) as store:
        ref = create(store)
    server.admin(
        f'ALTER DATABASE "{database.rsplit("/", 1)[1]}" SET default_transaction_read_only = on'
    )
    with open_store(database) as store:
        assert store.load(ref.analysis_id).document == DOCUMENT
        with pytest.raises(StoreUnavailable) as caught:
            revise(store, ref, {"edit": 1})
    assert caught.value.reason == "read_only"
    assert str(caught.value).startswith("Nothing was saved. The saved-analyses database only")
    assert "Point TRIAGE_DATABASE_URL" in str(caught.value)
    assert_discreet(str(caught.value), "127.0.0.1", str(server.port))


def test_another_apps_tables(server: PostgresServer, database: str) -> None:
    """A database where another app already has an `analyses` table is named as such."""
    name = database.rsplit("/", 1)[1]
    server.admin("CREATE TABLE analyses (sku text, shelf integer)", name)
    with pytest.raises(StoreUnavailable) as caught:
        open_store(database)
    assert caught.value.reason == "foreign_tables"
    assert "holds tables this app did not make" in str(caught.value)
    assert_discreet(str(caught.value), "127.0.0.1", str(server.port))


def test_a_user_without_rights_on_the_tables(server: PostgresServer) -> None:
    """A login that may connect but not use the app's tables: "grant it the rights"."""
    url = server.create_database()
    try:
        open_store(url).close()  # tables owned by the server's own user
        guest = url.replace(f"//triage:{server.password}@", f"//{USER}:{PASSWORD}@")
        with pytest.raises(StoreUnavailable) as caught:
            open_store(guest)
        assert caught.value.reason == "no_permission"
        assert "may not use the app's tables" in str(caught.value)
        assert_discreet(str(caught.value), "127.0.0.1", str(server.port))
    finally:
        server.drop_database(url)


def test_a_save_that_waits_too_long_for_a_lock(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save kept waiting past the busy timeout by another transaction's lock gives up with
    "try again", and nothing was saved."""
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_SECONDS", 1)
    with open_store(database) as store, open_store(database) as other:
        ref = create(store)
        with other.engine.begin() as holding:
            holding.exec_driver_sql(
                "SELECT id FROM analyses WHERE id = %(id)s FOR UPDATE", {"id": ref.analysis_id}
            )
            with pytest.raises(StoreUnavailable) as caught:
                revise(store, ref, {"edit": 1})
        assert caught.value.reason == "busy"
        assert "stayed busy with other saves for over 1 s. Try again" in str(caught.value)
        assert [info.revision for info in store.history(ref.analysis_id)] == [1]


# --- failures that cannot be staged here, from the drivers' own errors ---------------------


def pg(sqlstate: str, text: str = "server says no") -> Exception:
    error: Exception = psycopg.errors.lookup(sqlstate)(text)
    return error


def libpq(text: str) -> Exception:
    return psycopg.OperationalError(f"connection failed: {text}")


def sqlite(name: str, text: str) -> Exception:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(
    ("error", "reason", "says"),
    [
        (pg("53100", "could not extend file: No space left on device"), "disk_full", "disk is full"),
        (pg("53300"), "server_full", "no free connections"),
        (pg("57P01"), "restarting", "starting up or shutting down"),
        (pg("57P03"), "restarting", "starting up or shutting down"),
        (pg("XX001"), "damaged", "reports damaged data (PostgreSQL error XX001)"),
        (pg("58030"), "disk_error", "could not read or write its disk"),
        (pg("40001"), "conflict", "clashed with another save"),
        (pg("40P01"), "conflict", "clashed with another save"),
        (pg("23505"), "conflict", "clashed with another save"),
        (pg("28P01"), "login_refused", "refused the app's login"),
        (pg("57014"), "busy", "stayed busy"),
        (pg("42P01"), "foreign_tables", "tables this app did not make"),
        (pg("08006"), "unreachable", "Cannot reach"),
        (pg("22P02"), "unexpected", "failed (PostgreSQL error 22P02). Try again"),
        (libpq('connection to server at "db-7.internal" (10.1.2.3), port 6543 failed: FATAL:  sorry, too many clients already'), "server_full", "no free connections"),
        (libpq('connection to server at "db-7.internal", port 6543 failed: FATAL:  the database system is starting up'), "restarting", "starting up"),
        (libpq('connection to server at "db-7.internal", port 6543 failed: FATAL:  the database system is shutting down'), "restarting", "shutting down"),
        (libpq('connection to server at "db-7.internal", port 6543 failed: FATAL:  no pg_hba.conf entry for host "10.9.8.7", user "sneaky_user", database "triage_db", no encryption'), "login_refused", "pg_hba.conf"),
        (libpq('connection to server at "db-7.internal", port 6543 failed: FATAL:  role "sneaky_user" does not exist'), "login_refused", "refused the app's login"),
        (libpq('connection to server at "db-7.internal", port 6543 failed: FATAL:  permission denied for database "triage_db"'), "no_permission", "may not use"),
        (libpq('connection to server at "db-7.internal", port 6543 failed: server does not support SSL, but SSL was required'), "not_postgres", "SSL settings"),
        (libpq('failed to resolve host "db-7.internal": [Errno -2] Name or service not known'), "unreachable", "Cannot reach"),
        (libpq('connection to server at "db-7.internal", port 6543 failed: timeout expired'), "unreachable", "Cannot reach"),
        (PoolTimeout("QueuePool limit of size 5 overflow 10 reached"), "busy", "stayed busy"),
    ],
)  # fmt: skip
def test_server_failures_are_named_without_their_details(
    error: Exception, reason: str, says: str
) -> None:
    """Each PostgreSQL failure (by SQLSTATE, or by libpq's wording when a connection attempt
    fails) gets its sentence, and none repeats the user, host, port or password."""
    wrapped = (
        error if isinstance(error, SQLAlchemyError) else OperationalError("SELECT 1", None, error)
    )
    failure = database_failure(SERVER_URL, wrapped)
    assert (failure.reason, says in str(failure)) == (reason, True), str(failure)
    assert_discreet(str(failure), "db-7.internal", "6543", "10.1.2.3", "10.9.8.7")


@pytest.mark.parametrize(
    ("error", "reason", "says"),
    [
        (sqlite("SQLITE_IOERR_WRITE", "disk I/O error"), "disk_error", "failed at the disk (disk I/O error)"),
        (sqlite("SQLITE_PERM", "access permission denied"), "no_permission", "may not use"),
        (sqlite("SQLITE_READONLY_DBMOVED", "attempt to write a readonly database"), "read_only", "can only be read"),
        (sqlite("SQLITE_FULL", "database or disk is full"), "disk_full", "is full"),
        (sqlite("SQLITE_LOCKED_SHAREDCACHE", "database table is locked"), "busy", "stayed busy"),
        (sqlite("SQLITE_NOMEM", "out of memory"), "unexpected", "failed (out of memory (SQLITE_NOMEM))"),
    ],
)  # fmt: skip
def test_sqlite_failures_are_named_by_their_result_code(
    tmp_path: Path, error: Exception, reason: str, says: str
) -> None:
    """SQLite failures are told apart by their result code, extended codes included."""
    failure = database_failure(
        sqlite_url(tmp_path / "triage.db"), OperationalError("", None, error)
    )
    assert (failure.reason, says in str(failure)) == (reason, True), str(failure)
    assert str(tmp_path / "triage.db") in str(failure)
