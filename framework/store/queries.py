"""The store's SQL, run inside a caller's transaction: rows in, `records` values out.

Every lookup by id raises `AnalysisNotFound` when nothing matches; ids reach SQL only as bound
parameters. A save locks its analysis's row (`lock_analysis`) before it numbers the next
revision, so concurrent saves queue instead of racing for the same number; locks are always
taken in one order (the stored log's key, then the analysis) so saves never deadlock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeAlias

from sqlalchemy import Connection, Row, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from framework.store.content import COMPRESSION, PackedLog, decode_document
from framework.store.records import (
    LogInfo,
    RevisionInfo,
    SavedAnalysis,
    StoreError,
    missing,
)
from framework.store.schema import analyses, logs, revisions, utc_now

AnyRow: TypeAlias = Row[*tuple[Any, ...]]
# Everything about a revision but its (possibly large) document.
REVISION_META = tuple(column for column in revisions.c if column.name != "document")
_INFO = select(
    *REVISION_META,
    logs.c.size.label("log_size"),
    logs.c.stored_size.label("log_stored_size"),
).select_from(revisions.outerjoin(logs, revisions.c.log_sha256 == logs.c.sha256))


def analysis_row(connection: Connection, analysis_id: str) -> AnyRow:
    row = connection.execute(select(analyses).where(analyses.c.id == analysis_id)).first()
    if row is None:
        raise missing(analysis_id)
    return row


def lock_analysis(connection: Connection, analysis_id: str) -> None:
    """Hold the analysis's row until the transaction ends (PostgreSQL: SELECT … FOR UPDATE;
    SQLite's BEGIN IMMEDIATE already holds the whole file), or `AnalysisNotFound`."""
    found = connection.scalar(
        select(analyses.c.id).where(analyses.c.id == analysis_id).with_for_update()
    )
    if found is None:
        raise missing(analysis_id)


def revision_created_at(connection: Connection, analysis_id: str, revision: int) -> datetime | None:
    """When a revision was saved, or None when there is no such revision."""
    found: datetime | None = connection.scalar(
        select(revisions.c.created_at).where(
            revisions.c.analysis_id == analysis_id, revisions.c.revision == revision
        )
    )
    return found


def latest_revision(connection: Connection, analysis_id: str) -> int:
    number = connection.scalar(
        select(func.max(revisions.c.revision)).where(revisions.c.analysis_id == analysis_id)
    )
    if number is None:
        raise missing(analysis_id)
    return int(number)


def revision_row(connection: Connection, analysis_id: str, revision: int) -> AnyRow:
    """A revision's columns except the document."""
    row = connection.execute(
        select(*REVISION_META).where(
            revisions.c.analysis_id == analysis_id, revisions.c.revision == revision
        )
    ).first()
    if row is None:
        latest_revision(connection, analysis_id)  # raises when the analysis itself is unknown
        raise missing(analysis_id, revision)
    return row


def document_text(connection: Connection, analysis_id: str, revision: int) -> str:
    text = connection.scalar(
        select(revisions.c.document).where(
            revisions.c.analysis_id == analysis_id, revisions.c.revision == revision
        )
    )
    if text is None:
        raise missing(analysis_id, revision)
    return str(text)


def log_row(connection: Connection, sha256: str) -> AnyRow:
    row = connection.execute(select(logs).where(logs.c.sha256 == sha256)).first()
    if row is None:
        raise StoreError(f"Stored log {sha256[:12]} is referenced but missing from the database.")
    return row


def load_analysis(connection: Connection, analysis_id: str, revision: int | None) -> SavedAnalysis:
    analysis = analysis_row(connection, analysis_id)
    latest = latest_revision(connection, analysis_id)
    number = revision or latest
    row = connection.execute(
        _INFO.where(revisions.c.analysis_id == analysis_id, revisions.c.revision == number)
    ).first()
    if row is None:
        raise missing(analysis_id, number)
    return SavedAnalysis(
        info=_info(row),
        document=decode_document(document_text(connection, analysis_id, number)),
        latest_revision=latest,
        analysis_created_at=analysis.created_at,
    )


def revision_history(connection: Connection, analysis_id: str) -> list[RevisionInfo]:
    rows = connection.execute(
        _INFO.where(revisions.c.analysis_id == analysis_id).order_by(revisions.c.revision)
    )
    return [_info(row) for row in rows]


def put_log(connection: Connection, packed: PackedLog | None) -> dict[str, Any]:
    """Store `packed` unless a log with the same content is there; the revision's log columns.

    The content is shared by every revision that stored the same bytes; the file name is
    each revision's own.
    """
    if packed is None:
        return {"log_sha256": None, "log_filename": None}
    exists = connection.scalar(select(logs.c.sha256).where(logs.c.sha256 == packed.sha256))
    if exists is None:
        row = {
            "sha256": packed.sha256,
            "size": packed.size,
            "stored_size": len(packed.content),
            "compression": COMPRESSION,
            "content": packed.content,
            "created_at": utc_now(),
        }
        connection.execute(_insert_unless_present(connection).values(row))
    return {"log_sha256": packed.sha256, "log_filename": packed.filename}


def _insert_unless_present(connection: Connection) -> Any:
    """INSERT INTO logs that does nothing when a concurrent save stored the same log first
    (it waits for that save to commit or roll back, then skips or inserts)."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(logs).on_conflict_do_nothing(index_elements=[logs.c.sha256])
    if connection.dialect.name == "sqlite":
        return sqlite.insert(logs).on_conflict_do_nothing(index_elements=[logs.c.sha256])
    return insert(logs)


def insert_revision(
    connection: Connection,
    analysis_id: str,
    revision: int,
    parent: int | None,
    fields: Mapping[str, Any],
    created_at: datetime,
) -> None:
    """Insert one revision row; `fields` holds the content, title, people and log columns."""
    connection.execute(
        insert(revisions).values(
            {
                **fields,
                "analysis_id": analysis_id,
                "revision": revision,
                "parent_revision": parent,
                "created_at": created_at,
            }
        )
    )


def _info(row: AnyRow) -> RevisionInfo:
    log = None
    if row.log_sha256 is not None:
        log = LogInfo(row.log_sha256, row.log_filename, row.log_size, row.log_stored_size)
    return RevisionInfo(
        analysis_id=row.analysis_id,
        revision=row.revision,
        parent_revision=row.parent_revision,
        created_at=row.created_at,
        title=row.title,
        author=row.author,
        note=row.note,
        spec_version=row.spec_version,
        spec_digest=row.spec_digest,
        log=log,
    )
