"""Saved analyses behind share links: create, revise and reopen them from a database.

    store = open_store(database_url_from(os.environ, secrets, default_path=ROOT / "triage.db"))
    ref = store.create(document, title="Week 12", spec_version=spec.version,
                       spec_digest=spec.digest, log=LogBlob("queue.csv", data))
    saved = store.load(ref.analysis_id)          # latest revision; revision=n for another
    ref = store.save_revision(ref.analysis_id, edited, base_revision=saved.info.revision, ...)

Nothing is ever overwritten: every save appends a revision. Two people saving at once both
keep their work as separate revisions of the same base: the next number is taken while the
save holds the analysis's lock (a row lock on PostgreSQL, the write lock on SQLite), so
concurrent saves queue rather than fail. A save returns only once it is committed (see
`transactions.py`). A `Store` is thread-safe; open one per process and share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert

from framework.store.config import normalise_url
from framework.store.connection import create_store_engine, writer
from framework.store.content import checked_title, pack_log, people, revision_content, unpack_log
from framework.store.failures import database_errors
from framework.store.queries import (
    AnyRow,
    analysis_row,
    insert_revision,
    latest_revision,
    load_analysis,
    lock_analysis,
    log_row,
    put_log,
    revision_history,
    revision_row,
)
from framework.store.records import (
    LogBlob,
    RevisionInfo,
    SavedAnalysis,
    SavedRef,
    StoreLimits,
    checked_id,
    checked_revision,
    new_analysis_id,
)
from framework.store.schema import analyses, migrate, utc_now
from framework.store.transactions import SaveWork, commit_save


def open_store(url: str, *, limits: StoreLimits | None = None) -> Store:
    """Connect to `url`, create or migrate the schema, and return the store."""
    url = normalise_url(url)
    engine = create_store_engine(url)
    try:
        with database_errors(url):
            migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, url, limits or StoreLimits())


class Store:
    """Saved analyses in one database; every method is one short transaction."""

    def __init__(self, engine: Engine, url: str, limits: StoreLimits) -> None:
        self.engine = engine
        self.limits = limits
        self._url = url
        self._writer = writer(engine)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def create(
        self,
        document: Mapping[str, Any],
        *,
        title: str,
        spec_version: str,
        spec_digest: str,
        log: LogBlob | None = None,
        author: str | None = None,
        note: str | None = None,
        analysis_id: str | None = None,
    ) -> SavedRef:
        """Save a new analysis as revision 1 under a fresh unguessable id (or `analysis_id`,
        made beforehand with `new_analysis_id`, so the caller knows where a save that was
        interrupted would be)."""
        fields = {
            **revision_content(document, spec_version, spec_digest, self.limits),
            **people(author, note),
            "title": checked_title(title),
        }
        packed = pack_log(log, self.limits) if log is not None else None
        new_id = checked_id(analysis_id) if analysis_id is not None else new_analysis_id()

        def work(connection: Connection) -> tuple[SavedRef, datetime]:
            row = {**fields, **put_log(connection, packed)}
            now = utc_now()
            connection.execute(insert(analyses).values(id=new_id, created_at=now))
            insert_revision(connection, new_id, 1, None, row, now)
            return SavedRef(new_id, 1), now

        return self._write(work)

    def save_revision(
        self,
        analysis_id: str,
        document: Mapping[str, Any],
        *,
        base_revision: int,
        spec_version: str,
        spec_digest: str,
        title: str | None = None,
        log: LogBlob | None = None,
        author: str | None = None,
        note: str | None = None,
    ) -> SavedRef:
        """Append the edited `document` as the next revision, recording the base it came from.

        `title=None` keeps the base revision's title; `log=None` keeps the base's stored log.
        """
        analysis_id = checked_id(analysis_id)
        base = checked_revision(base_revision)
        fields = {
            **revision_content(document, spec_version, spec_digest, self.limits),
            **people(author, note),
        }
        if title is not None:
            fields["title"] = checked_title(title)
        packed = pack_log(log, self.limits) if log is not None else None

        def work(connection: Connection) -> tuple[SavedRef, datetime]:
            stored = put_log(connection, packed) if packed else None  # locks: log, then analysis
            lock_analysis(connection, analysis_id)
            parent = revision_row(connection, analysis_id, base)
            number = latest_revision(connection, analysis_id) + 1
            row = {"title": parent.title, **fields, **(stored or _log_columns(parent))}
            now = utc_now()
            insert_revision(connection, analysis_id, number, base, row, now)
            return SavedRef(analysis_id, number, base), now

        return self._write(work)

    def load(self, analysis_id: str, revision: int | None = None) -> SavedAnalysis:
        """One revision (default: the latest) with its document and metadata."""
        analysis_id = checked_id(analysis_id)
        number = checked_revision(revision) if revision is not None else None
        with database_errors(self._url), self.engine.begin() as connection:
            return load_analysis(connection, analysis_id, number)

    def load_log(self, analysis_id: str, revision: int | None = None) -> LogBlob | None:
        """The log stored with a revision, byte for byte, or None when none was stored."""
        analysis_id = checked_id(analysis_id)
        number = checked_revision(revision) if revision is not None else None
        with database_errors(self._url), self.engine.begin() as connection:
            chosen = number or latest_revision(connection, analysis_id)
            row = revision_row(connection, analysis_id, chosen)
            if row.log_sha256 is None:
                return None
            stored = log_row(connection, row.log_sha256)
        data = unpack_log(stored.content, stored.compression, row.log_sha256)
        return LogBlob(row.log_filename or "log", data)

    def history(self, analysis_id: str) -> list[RevisionInfo]:
        """Every revision of an analysis, oldest first."""
        analysis_id = checked_id(analysis_id)
        with database_errors(self._url), self.engine.begin() as connection:
            analysis_row(connection, analysis_id)
            return revision_history(connection, analysis_id)

    def _write(self, work: SaveWork) -> SavedRef:
        """Run `work` in one write transaction; return only once it is committed."""
        return commit_save(self._writer, self._url, work)


def _log_columns(row: AnyRow) -> dict[str, Any]:
    """The log a revision row refers to, for a revision that keeps it."""
    return {"log_sha256": row.log_sha256, "log_filename": row.log_filename}
