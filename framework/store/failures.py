"""Database failures as one clear sentence each: what happened and what to do about it.

    with database_errors(url):
        ...                       # any SQLAlchemy error leaves as StoreUnavailable

SQLite failures are told apart by their result code (`sqlite_errorname`), PostgreSQL ones by
their SQLSTATE, and failed connection attempts (libpq gives those no SQLSTATE) by libpq's
wording. The messages never hold the password, the user name, the host or the port; the
driver's own text, which names them, goes to the server log only (password hidden).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from framework.store import connection
from framework.store.config import PATH_ENV, SECRETS_HINT, URL_ENV, parse_url
from framework.store.records import StoreUnavailable

_LOG = logging.getLogger(__name__)

UNREACHABLE, LOGIN_REFUSED, NO_DATABASE, NOT_POSTGRES = (
    "unreachable",
    "login_refused",
    "no_database",
    "not_postgres",
)
READ_ONLY, DISK_FULL, DISK_ERROR, DAMAGED, NOT_SQLITE = (
    "read_only",
    "disk_full",
    "disk_error",
    "damaged",
    "not_sqlite",
)
CANNOT_OPEN, BUSY, SERVER_FULL, RESTARTING = "cannot_open", "busy", "server_full", "restarting"
NO_PERMISSION, FOREIGN_TABLES, CONFLICT, UNEXPECTED = (
    "no_permission",
    "foreign_tables",
    "conflict",
    "unexpected",
)

_SQLITE_CODES = {
    "SQLITE_BUSY": BUSY,
    "SQLITE_LOCKED": BUSY,
    "SQLITE_NOTADB": NOT_SQLITE,
    "SQLITE_CORRUPT": DAMAGED,
    "SQLITE_READONLY": READ_ONLY,
    "SQLITE_FULL": DISK_FULL,
    "SQLITE_CANTOPEN": CANNOT_OPEN,
    "SQLITE_IOERR": DISK_ERROR,
    "SQLITE_PERM": NO_PERMISSION,
    "SQLITE_AUTH": NO_PERMISSION,
    "SQLITE_CONSTRAINT": CONFLICT,
}
_SQLITE_SCHEMA_WORDS = ("no such table", "no such column", "already exists", "has no column")

# SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html): exact codes
# first, then the two-character class.
_SQLSTATES = {
    "3D000": NO_DATABASE,
    "25006": READ_ONLY,
    "53100": DISK_FULL,
    "53300": SERVER_FULL,
    "57P01": RESTARTING,
    "57P02": RESTARTING,
    "57P03": RESTARTING,
    "57P04": NO_DATABASE,
    "57014": BUSY,
    "55P03": BUSY,
    "40001": CONFLICT,
    "40P01": CONFLICT,
    "42501": NO_PERMISSION,
    "58030": DISK_ERROR,
    "XX001": DAMAGED,
    "XX002": DAMAGED,
}
_SQLSTATE_CLASSES = {
    "08": UNREACHABLE,
    "28": LOGIN_REFUSED,
    "23": CONFLICT,
    "42": FOREIGN_TABLES,
}

# libpq's wording when a connection attempt fails (no SQLSTATE then): every phrase of an entry
# must appear; the first matching entry wins. Anything else that fails to connect is
# "unreachable" (refused, timed out, unknown host, connection lost).
_CONNECT_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("authentication failed",), LOGIN_REFUSED),
    (("no pg_hba.conf entry",), LOGIN_REFUSED),
    (("no password supplied",), LOGIN_REFUSED),
    (("password is required",), LOGIN_REFUSED),
    (('role "', "does not exist"), LOGIN_REFUSED),
    (('database "', "does not exist"), NO_DATABASE),
    (("permission denied",), NO_PERMISSION),
    (("too many clients",), SERVER_FULL),
    (("too many connections",), SERVER_FULL),
    (("connection slots are reserved",), SERVER_FULL),
    (("starting up",), RESTARTING),
    (("shutting down",), RESTARTING),
    (("in recovery mode",), RESTARTING),
    (("ssl negotiation",), NOT_POSTGRES),
    (("expected authentication request",), NOT_POSTGRES),
    (("unsupported frontend protocol",), NOT_POSTGRES),
    (("does not support ssl",), NOT_POSTGRES),
    (("received invalid",), NOT_POSTGRES),
    (("invalid response",), NOT_POSTGRES),
)

_FILE_MESSAGES = {
    BUSY: "{Db} stayed busy with other saves for over {seconds} s. Try again in a moment.",
    NOT_SQLITE: (
        "{name} is not an SQLite database (it is another kind of file, or damaged beyond "
        "recognition). Point {setting} at the right file, or move this one away and the app "
        "starts a new, empty database there."
    ),
    DAMAGED: (
        "{Db} is damaged (SQLite reports a malformed database). Restore it from a backup, "
        "rescue what is readable with `sqlite3 <file> .recover`, or point {setting} at a new "
        "file."
    ),
    READ_ONLY: (
        "{Db} can only be read, so saving is refused (saved links still open). Make the file, "
        "its folder and its -wal and -shm files writable by the app, or point {setting} at a "
        "writable file."
    ),
    DISK_FULL: "The disk holding {db} is full. Free some space, then save again.",
    CANNOT_OPEN: (
        "Cannot open {db}: the path is a folder, or its folder is missing or not writable. "
        "Point {setting} at a file the app may create and write."
    ),
    DISK_ERROR: (
        "Reading or writing {db} failed at the disk ({detail}). Check the disk and the file "
        "system (SQLite needs a local disk, not a network share), then try again."
    ),
    NO_PERMISSION: (
        "The app may not use {db} ({detail}). Give its user access to the file and its "
        "folder, or point {setting} at another file."
    ),
    FOREIGN_TABLES: (
        "{Db} holds tables this app did not make, or they were changed by hand ({detail}). "
        "Point {setting} at a new file, or at the one the app created."
    ),
    CONFLICT: "The save clashed with another save and was refused. Save again.",
    UNEXPECTED: (
        "{Db} failed ({detail}). Try again; if it keeps failing, the server log has the details."
    ),
}

_SERVER_MESSAGES = {
    UNREACHABLE: (
        "Cannot reach the saved-analyses database server: it is down, restarting, or not "
        "reachable from this app. Try again in a minute; if that fails, check that the server "
        "runs and that {setting} names its host and port."
    ),
    LOGIN_REFUSED: (
        "The database server refused the app's login: the user name or password is wrong, or "
        "the server does not let this user connect from here. Check the credentials in "
        "{setting} (and the server's pg_hba.conf)."
    ),
    NO_DATABASE: (
        "The database {name!r} does not exist on the server. Create it (see "
        "docs/deployment-database.md) or correct the database name in {setting}."
    ),
    NOT_POSTGRES: (
        "The address in {setting} answered, but not as a PostgreSQL server does: it points "
        "at another kind of server, or its SSL settings do not match the server's. Check the "
        "host, the port and sslmode."
    ),
    READ_ONLY: (
        "The saved-analyses database only accepts reads (a read-only replica, or "
        "default_transaction_read_only is on), so saving is refused (saved links still "
        "open). Point {setting} at the primary server."
    ),
    DISK_FULL: "The database server's disk is full. Free some space on it, then save again.",
    SERVER_FULL: (
        "The database server has no free connections. Try again in a moment; if that keeps "
        "happening, raise its max_connections or run fewer app replicas."
    ),
    RESTARTING: "The database server is starting up or shutting down. Try again in a minute.",
    BUSY: (
        "The saved-analyses database stayed busy with other saves for over {seconds} s. Try "
        "again in a moment."
    ),
    DAMAGED: (
        "The database server reports damaged data ({detail}). Ask its administrator to check "
        "the server and restore from a backup."
    ),
    DISK_ERROR: (
        "The database server could not read or write its disk ({detail}). Ask its "
        "administrator to check the server."
    ),
    NO_PERMISSION: (
        "The database user may not use the app's tables ({detail}). Make that user the "
        "database's owner (see docs/deployment-database.md) or grant it the rights."
    ),
    FOREIGN_TABLES: (
        "The saved-analyses database holds tables this app did not make, or they were changed "
        "by hand ({detail}). Point {setting} at an empty database, or at the one the app "
        "created."
    ),
    CONFLICT: "The save clashed with another save and was refused. Save again.",
    UNEXPECTED: (
        "The saved-analyses database failed ({detail}). Try again; if it keeps failing, the "
        "server log has the details."
    ),
}


@dataclass(frozen=True)
class Diagnosis:
    """What kind of failure, and a detail that is safe to show (never the driver's text for
    a server, which names the user, host and port)."""

    reason: str
    detail: str


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Re-raise any SQLAlchemy failure as `StoreUnavailable` with a clear message."""
    try:
        yield
    except SQLAlchemyError as error:
        raise database_failure(url, error) from error


def database_failure(url: str, error: SQLAlchemyError) -> StoreUnavailable:
    """`error` as a `StoreUnavailable` whose message says what happened and what to do; the
    driver's text (password hidden) is logged for whoever runs the server."""
    parsed = parse_url(url)
    file = parsed.get_backend_name() == "sqlite"
    found = diagnose_failure(error)
    _LOG.warning("saved-analyses database: %s: %s", found.reason, _scrubbed(error, parsed.password))
    templates = _FILE_MESSAGES if file else _SERVER_MESSAGES
    template = templates.get(found.reason, templates[UNEXPECTED])
    name = (parsed.database or "").removeprefix("file:") if file else parsed.database or ""
    db = f"the saved-analyses file {name}" if file else "the saved-analyses database"
    message = template.format(
        db=db,
        Db=db[0].upper() + db[1:],
        name=name,
        setting=PATH_ENV if file else f"{URL_ENV} (or {SECRETS_HINT})",
        seconds=connection.BUSY_TIMEOUT_SECONDS,
        detail=found.detail,
    )
    return StoreUnavailable(message, found.reason)


def diagnose_failure(error: BaseException) -> Diagnosis:
    """The kind of failure behind a SQLAlchemy (or driver) error."""
    if isinstance(error, PoolTimeout):
        return Diagnosis(BUSY, "no free connection in the app's pool")
    original = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(original, sqlite3.Error):
        return _sqlite_failure(original)
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        reason = _SQLSTATES.get(sqlstate) or _SQLSTATE_CLASSES.get(sqlstate[:2], UNEXPECTED)
        return Diagnosis(reason, f"PostgreSQL error {sqlstate}")
    kind = type(original).__name__
    text = str(original).lower()
    for words, reason in _CONNECT_WORDS:
        if all(word in text for word in words):
            return Diagnosis(reason, kind)
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    ):
        return Diagnosis(UNREACHABLE, kind)
    return Diagnosis(UNEXPECTED, kind)


def _sqlite_failure(error: sqlite3.Error) -> Diagnosis:
    name = str(getattr(error, "sqlite_errorname", "") or "")
    primary = "_".join(name.split("_")[:2])
    text = _first_line(str(error))
    if primary in _SQLITE_CODES:
        return Diagnosis(_SQLITE_CODES[primary], text)
    if any(words in text for words in _SQLITE_SCHEMA_WORDS):
        return Diagnosis(FOREIGN_TABLES, text)
    if isinstance(error, sqlite3.IntegrityError):
        return Diagnosis(CONFLICT, text)
    return Diagnosis(UNEXPECTED, f"{text} ({name})" if name else text)


def _scrubbed(error: BaseException, password: object) -> str:
    text = _first_line(str(getattr(error, "orig", None) or error))
    return text.replace(str(password), "***") if password else text


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0].rstrip(".") if lines else "unknown error"
