"""The store's tables, and the ordered migrations that build them on start.

`schema_version` holds one row per applied migration. `migrate` runs the missing steps in one
transaction, under PostgreSQL's advisory lock or SQLite's write lock, so several app replicas
starting together apply each step exactly once; re-running it only reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.schema import SchemaItem

from framework.store.connection import writer
from framework.store.records import StoreUnavailable

# Key of the PostgreSQL advisory lock held while migrating (any constant unique to this app).
MIGRATION_LOCK_KEY = 0x7472696167650001


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
)


LEGACY_COLUMNS = {"analyses": frozenset({"copied_from_id", "copied_from_revision"})}
"""Columns migration 1 created that nothing reads or writes any more (analyses are never
copied: "Edit a copy" continues the saved analysis as new revisions). They stay in the
database, nullable and empty, because SQLite cannot drop a column a foreign key names."""


def _analysis_items_v1() -> list[SchemaItem]:
    """The analyses table as migration 1 created it."""
    return [
        Column("id", String(32), primary_key=True),
        Column("created_at", UtcDateTime, nullable=False),
        Column("copied_from_id", String(32), ForeignKey("analyses.id"), nullable=True),
        Column("copied_from_revision", Integer, nullable=True),
    ]


def _revision_items_v1() -> list[SchemaItem]:
    """The revisions table as migration 1 created it (migration 2 adds the log columns)."""
    return [
        Column("analysis_id", String(32), ForeignKey("analyses.id"), primary_key=True),
        Column("revision", Integer, primary_key=True, autoincrement=False),
        Column("parent_revision", Integer, nullable=True),
        Column("created_at", UtcDateTime, nullable=False),
        Column("title", String(200), nullable=False),
        Column("author", String(100), nullable=True),
        Column("note", Text, nullable=True),
        Column("spec_version", String(64), nullable=False),
        Column("spec_digest", String(64), nullable=False),
        Column("document", Text, nullable=False),
        Index("ix_revisions_created_at", "created_at"),
    ]


logs = Table(
    "logs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("stored_size", BigInteger, nullable=False),
    Column("compression", String(16), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

revisions = Table(
    "revisions",
    metadata,
    *_revision_items_v1(),
    Column("log_sha256", String(64), ForeignKey("logs.sha256"), nullable=True),
    Column("log_filename", String(255), nullable=True),
)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_analyses_and_revisions(connection: Connection) -> None:
    v1 = MetaData()
    Table("analyses", v1, *_analysis_items_v1())
    Table("revisions", v1, *_revision_items_v1())
    v1.create_all(connection, checkfirst=False)


def _add_stored_logs(connection: Connection) -> None:
    logs.create(connection, checkfirst=False)
    for column in ("log_sha256 VARCHAR(64) REFERENCES logs (sha256)", "log_filename VARCHAR(255)"):
        connection.execute(text(f"ALTER TABLE revisions ADD COLUMN {column}"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "analyses and their revisions", _create_analyses_and_revisions),
    Migration(2, "content-addressed stored logs, referenced by revisions", _add_stored_logs),
)
LATEST_VERSION = MIGRATIONS[-1].version


def migrate(engine: Engine, target: int = LATEST_VERSION) -> int:
    """Bring the schema up to `target` (default: latest); return the version it is now at.

    A database already there is only read (no write lock), so a database the app may only
    read still opens, and replicas starting together do not queue for nothing.
    """
    with engine.connect() as connection:
        present = connection.dialect.has_table(connection, schema_version.name)
        current = _checked(current_version(connection)) if present else 0
    if present and current >= target:
        return current
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        schema_version.create(connection, checkfirst=True)
        current = _checked(current_version(connection))
        for step in MIGRATIONS[current:target]:
            step.apply(connection)
            connection.execute(insert(schema_version).values(_version_row(step)))
        return max(current, target)


def _checked(current: int) -> int:
    if current > LATEST_VERSION:
        raise StoreUnavailable(
            f"The saved-analyses database has schema version {current}, newer than this "
            f"app understands ({LATEST_VERSION}): upgrade the app before using it.",
            "newer_schema",
        )
    return current


def current_version(connection: Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    version = connection.scalar(select(func.max(schema_version.c.version)))
    return int(version or 0)


def _version_row(step: Migration) -> dict[str, Any]:
    return {"version": step.version, "description": step.description, "applied_at": utc_now()}
