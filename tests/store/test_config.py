"""Store configuration and checks that need no database server: URLs, messages, content rules."""

from __future__ import annotations

import random
import sqlite3
import threading
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from framework.spec.model import Spec
from framework.store.config import database_url_from, redact_url, sqlite_url
from framework.store.content import clean_filename, encode_document, pack_log, unpack_log
from framework.store.records import (
    AnalysisNotFound,
    InvalidSave,
    LogBlob,
    LogTooLarge,
    StoreError,
    StoreLimits,
    StoreUnavailable,
    checked_id,
    checked_revision,
    new_analysis_id,
)
from framework.store.saved_analyses import open_store
from framework.store.spec_change import spec_change
from tests.support import pgserver

DEFAULT = Path("/srv/triage/triage.db")
PG = "postgresql+psycopg://app:pw@db.internal:5432/triage"


@pytest.mark.parametrize(
    ("environ", "secrets", "expected"),
    [
        ({}, None, "sqlite:////srv/triage/triage.db"),
        ({"TRIAGE_DB_PATH": "/data/saved.db"}, None, "sqlite:////data/saved.db"),
        ({"TRIAGE_DB_PATH": "  "}, None, "sqlite:////srv/triage/triage.db"),
        ({}, {"database": {"url": "postgres://app:pw@db.internal:5432/triage"}}, PG),
        ({}, {"database": {"url": "postgresql://app:pw@db.internal:5432/triage"}}, PG),
        ({"TRIAGE_DB_PATH": "/data/saved.db"}, {"database": {"url": PG}}, PG),
        ({"TRIAGE_DATABASE_URL": "postgres://app:pw@db.internal:5432/triage"}, None, PG),
        (
            {"TRIAGE_DATABASE_URL": " sqlite:////x/y.db "},
            {"database": {"url": PG}},
            "sqlite:////x/y.db",
        ),
        ({"TRIAGE_DATABASE_URL": "", "TRIAGE_DB_PATH": "/d.db"}, None, "sqlite:////d.db"),
        ({}, {"database": {}}, "sqlite:////srv/triage/triage.db"),
        ({}, {"server": {"port": 1}}, "sqlite:////srv/triage/triage.db"),
        ({}, {"database": "not a section"}, "sqlite:////srv/triage/triage.db"),
        (
            {"TRIAGE_DATABASE_URL": "postgresql+psycopg2://app:pw@h/db"},
            None,
            "postgresql+psycopg2://app:pw@h/db",
        ),
        (
            {"TRIAGE_DATABASE_URL": "POSTGRES://app:p%40ss@h/db?sslmode=require"},
            None,
            "postgresql+psycopg://app:p%40ss@h/db?sslmode=require",
        ),
    ],
)
def test_database_url_resolution(
    environ: dict[str, str], secrets: dict[str, Any] | None, expected: str
) -> None:
    """Env URL beats secrets beats TRIAGE_DB_PATH beats the default; Postgres gets psycopg 3."""
    assert database_url_from(environ, secrets, default_path=DEFAULT) == expected


def test_relative_db_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative TRIAGE_DB_PATH is fixed against the directory the app started in."""
    monkeypatch.chdir(tmp_path)
    url = database_url_from({"TRIAGE_DB_PATH": "data/triage.db"}, default_path=DEFAULT)
    assert url == f"sqlite:///{tmp_path / 'data' / 'triage.db'}"


def test_secrets_url_must_be_text() -> None:
    """A non-text [database] url in secrets is a configuration error that says what to write."""
    with pytest.raises(StoreUnavailable, match=r"\[database\] url .* must be text"):
        database_url_from({}, {"database": {"url": 5432}}, default_path=DEFAULT)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (PG, "postgresql+psycopg://app:***@db.internal:5432/triage"),
        ("postgresql+psycopg://app@db/x", "postgresql+psycopg://app@db/x"),
        ("sqlite:////srv/triage.db", "sqlite:////srv/triage.db"),
    ],
)
def test_redact_url_hides_only_the_password(url: str, shown: str) -> None:
    """URLs shown to people keep host, user and database but never the password."""
    assert redact_url(url) == shown


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a database url", r"not a valid SQLAlchemy URL"),
        ("mysql://someone:Hidden-pw@db-host:3306/x", r"No database driver for mysql:// URLs"),
        ("nosuchdb://someone:Hidden-pw@db-host/x", r"No database driver for nosuchdb:// URLs"),
    ],
)
def test_unusable_url_is_reported_without_its_details(url: str, expected: str) -> None:
    """A malformed URL or one without an installed driver gives a clear error that names
    neither the password nor the user, host or port."""
    with pytest.raises(StoreUnavailable, match=expected) as caught:
        open_store(url)
    assert not [
        part for part in ("Hidden-pw", "someone", "db-host", "3306") if part in str(caught.value)
    ]


def test_unwritable_sqlite_location_names_the_file(tmp_path: Path) -> None:
    """An SQLite path under a plain file fails with the path and TRIAGE_DB_PATH advice."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreUnavailable, match=r"not-a-folder/triage\.db.*TRIAGE_DB_PATH"):
        open_store(sqlite_url(blocker / "triage.db"))


def test_sqlite_waits_for_writers_and_enforces_foreign_keys(tmp_path: Path) -> None:
    """The SQLite file runs in WAL mode with a busy timeout and foreign keys on."""
    with open_store(sqlite_url(tmp_path / "t.db")) as store, store.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}


def test_sqlite_writer_waits_for_another_writer(tmp_path: Path) -> None:
    """A save made while another process holds the write lock waits for it, then succeeds."""
    path = tmp_path / "t.db"
    with open_store(sqlite_url(path)) as store:
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.3, other.commit)
        release.start()
        try:
            ref = store.create({"a": 1}, title="t", spec_version="1.0", spec_digest="d")
        finally:
            release.join()
            other.close()
        assert store.load(ref.analysis_id).document == {"a": 1}


def test_missing_folder_for_sqlite_file_is_created(tmp_path: Path) -> None:
    """TRIAGE_DB_PATH may point into a folder that does not exist yet."""
    path = tmp_path / "state" / "triage.db"
    with open_store(sqlite_url(path)) as store:
        store.create({"a": 1}, title="t", spec_version="1.0", spec_digest="d")
    assert path.is_file()


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"groups": {"a", "b"}}, r"document\['groups'\] is a set"),
        ({"totals": {"share": float("nan")}}, r"document\['totals'\]\['share'\] is nan"),
        ({"totals": [1, float("inf")]}, r"document\['totals'\]\[1\] is inf"),
        ({"counts": {404: 3}}, r"document\['counts'\] has the key 404 \(a int\)"),
        ({"saved": datetime(2026, 1, 1, tzinfo=UTC)}, r"is a datetime\.datetime"),
        ({"cost": Decimal("1.5")}, r"is a decimal\.Decimal"),
        ({"raw": b"bytes"}, r"document\['raw'\] is a bytes"),
        ([("a", 1)], r"must be a JSON object \(a dict\), not a list"),
    ],
)
def test_documents_that_are_not_json_are_refused(document: Any, problem: str) -> None:
    """A document JSON cannot hold exactly is refused, naming the first offending part."""
    with pytest.raises(InvalidSave, match=problem):
        encode_document(document, StoreLimits())


def test_document_size_limit() -> None:
    """A document over the size limit is refused with its size and the limit."""
    limits = StoreLimits(max_document_bytes=1024 * 1024)
    with pytest.raises(InvalidSave, match=r"is 2\.0 MB as JSON; at most 1 MB"):
        encode_document({"rows": "x" * 2 * 1024 * 1024}, limits)


@pytest.mark.parametrize(
    ("limits", "problem"),
    [
        (
            StoreLimits(max_log_bytes=2 * 1024 * 1024),
            r"queue\.csv is 3 MB; stored logs are limited to 2 MB",
        ),
        (StoreLimits(max_stored_log_bytes=1024 * 1024), r"compresses to 3 MB; .* limited to 1 MB"),
    ],
)
def test_log_size_limits(limits: StoreLimits, problem: str) -> None:
    """Logs over the upload or compressed-size limit are refused before anything is written."""
    incompressible = random.Random(7).randbytes(3 * 1024 * 1024)
    with pytest.raises(LogTooLarge, match=problem):
        pack_log(LogBlob("queue.csv", incompressible), limits)


def test_stored_log_is_checked_against_its_hash() -> None:
    """A stored log whose bytes changed is reported as corrupt, never returned."""
    packed = pack_log(LogBlob("a.csv", b"id,code\n1,X\n"), StoreLimits())
    assert unpack_log(packed.content, "zlib", packed.sha256) == b"id,code\n1,X\n"
    tampered = zlib.compress(b"id,code\n1,Y\n")
    with pytest.raises(StoreError, match="is corrupt"):
        unpack_log(tampered, "zlib", packed.sha256)


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("queue.csv", "queue.csv"),
        ("/home/amira/exports/queue.csv", "queue.csv"),
        (r"C:\Users\joel\Downloads\queue.xlsx", "queue.xlsx"),
        ("   ", "log"),
        ("x" * 300 + ".csv", ("x" * 300 + ".csv")[-255:]),
    ],
)
def test_log_file_names_are_bare_names(name: str, clean: str) -> None:
    """Stored log names drop any folders and fit the column."""
    assert clean_filename(name) == clean


@pytest.mark.parametrize(
    "value",
    ["", "abc", "A" * 21, "A" * 23, "A" * 21 + "/", "A" * 21 + "=", "' OR 1=1 --", "../../etc/pass",
     "AAAAAAAAAAAAAAAAAAAAA\n", None, 12345, b"A" * 22],
)  # fmt: skip
def test_malformed_ids_are_not_found(value: object) -> None:
    """Anything not shaped like an id is rejected as not found before reaching the database."""
    with pytest.raises(AnalysisNotFound, match="not a saved-analysis id"):
        checked_id(value)


def test_new_ids_are_valid_and_distinct() -> None:
    """Freshly made ids pass the id check and do not repeat."""
    ids = {new_analysis_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(checked_id(i) == i for i in ids)


@pytest.mark.parametrize("value", [0, -3, True, "2", 2.0, None])
def test_malformed_revisions_are_not_found(value: object) -> None:
    """Only integers from 1 are revision numbers."""
    with pytest.raises(AnalysisNotFound, match="not a revision number"):
        checked_revision(value)


@pytest.mark.parametrize(
    ("saved_version", "saved_digest", "notice"),
    [
        ("CURRENT", "CURRENT", None),
        (
            "0.9",
            "0123456789ab",
            "Saved with questions.yaml 0.9 (0123456789ab); the app now runs {version} "
            "({digest}): answers were re-evaluated under the current rules.",
        ),
        (
            "CURRENT",
            "0123456789ab",
            "Saved with questions.yaml {version} (0123456789ab); the app now runs an edited "
            "{version} ({digest}): answers were re-evaluated under the current rules.",
        ),
    ],
)
def test_spec_change_notice(
    spec: Spec, saved_version: str, saved_digest: str, notice: str | None
) -> None:
    """A revision saved under another questions.yaml (by hash) gets a notice naming both."""
    version = spec.version if saved_version == "CURRENT" else saved_version
    digest = spec.digest if saved_digest == "CURRENT" else saved_digest
    change = spec_change(version, digest, spec)
    assert change.changed is (notice is not None)
    expected = notice.format(version=spec.version, digest=spec.digest) if notice else None
    assert change.notice == expected


def test_spec_change_compares_against_the_running_spec(spec: Spec) -> None:
    """The check reads the current version and digest from the Spec it is given."""
    edited = replace(spec, version="9.9", digest="ffffffffffff")
    change = spec_change(spec.version, spec.digest, edited)
    assert change.changed
    assert (change.current_version, change.current_digest) == ("9.9", "ffffffffffff")


@pytest.mark.parametrize(
    ("environ", "outcome"),
    [
        ({}, pytest.fail.Exception),
        ({"TRIAGE_SKIP_POSTGRES": "0"}, pytest.fail.Exception),
        ({"TRIAGE_SKIP_POSTGRES": "1", "CI": "true"}, pytest.fail.Exception),
        ({"TRIAGE_SKIP_POSTGRES": "1"}, pytest.skip.Exception),
    ],
)
def test_missing_postgres_fails_unless_explicitly_skipped(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], outcome: type[BaseException]
) -> None:
    """Without server binaries the PostgreSQL tests fail, and skip only on an opted-out workstation."""
    monkeypatch.setattr(pgserver, "find_bindir", lambda: None)
    for name in ("CI", "TRIAGE_SKIP_POSTGRES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(outcome, match="TRIAGE_SKIP_POSTGRES"):
        pgserver.find_bindir_or_fail()
