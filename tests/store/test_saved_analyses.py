"""Saved analyses persist, append revisions and share logs the same way on SQLite and PostgreSQL.

Every test taking `store_url` (or `store`) runs twice: against an SQLite file in tmp_path and
against a fresh database on a real PostgreSQL server (tests/store/conftest.py).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import MappingProxyType
from typing import Any

import pytest
from sqlalchemy import Engine, insert, inspect, select

from framework.store.connection import create_store_engine, writer
from framework.store.queries import insert_revision, lock_analysis
from framework.store.records import (
    AnalysisNotFound,
    InvalidSave,
    LogBlob,
    SavedRef,
    SaveOutcomeUnknown,
    StoreLimits,
    StoreUnavailable,
)
from framework.store.saved_analyses import Store, open_store
from framework.store.schema import (
    LEGACY_COLUMNS,
    MIGRATIONS,
    analyses,
    logs,
    metadata,
    migrate,
    revisions,
    schema_version,
    utc_now,
)
from tests.support.pgserver import PostgresServer
from tests.support.stores import (
    DOCUMENT,
    LOG,
    STAMP,
    UNKNOWN_ID,
    count,
    create,
    revise,
    run_together,
)


def test_create_then_load_round_trips(store: Store) -> None:
    """A saved analysis comes back as revision 1 with the same document and its metadata."""
    ref = create(store, author="Amira", note="first pass")
    saved = store.load(ref.analysis_id)
    assert saved.document == DOCUMENT
    assert (saved.info.revision, saved.latest_revision, saved.is_latest) == (1, 1, True)
    assert (saved.info.title, saved.info.author, saved.info.note) == (
        "Week 47",
        "Amira",
        "first pass",
    )
    assert (saved.info.spec_version, saved.info.spec_digest) == ("1.0", "a1b2c3d4e5f6")
    assert saved.info.parent_revision is None and saved.info.log is None
    assert saved.info.created_at.tzinfo is not None
    assert saved.analysis_created_at == saved.info.created_at


def test_ids_are_unguessable_url_safe_tokens(store: Store) -> None:
    """Each analysis gets its own 22-character URL-safe id."""
    ids = {create(store).analysis_id for _ in range(5)}
    assert len(ids) == 5
    assert all(len(i) == 22 and i.replace("-", "").replace("_", "").isalnum() for i in ids)


def test_revisions_append_and_nothing_is_overwritten(store: Store) -> None:
    """Each save adds the next revision; every earlier revision still loads unchanged."""
    ref = create(store)
    documents = [DOCUMENT] + [
        {**DOCUMENT, "overrides": {"SKU_NOT_FOUND": {"n": n}}} for n in (2, 3, 4)
    ]
    for document in documents[1:]:
        ref = revise(store, ref, document)
    history = store.history(ref.analysis_id)
    assert [info.revision for info in history] == [1, 2, 3, 4]
    assert [info.parent_revision for info in history] == [None, 1, 2, 3]
    assert [info.created_at for info in history] == sorted(info.created_at for info in history)
    for number, document in enumerate(documents, start=1):
        assert store.load(ref.analysis_id, number).document == document
    latest = store.load(ref.analysis_id)
    assert (latest.info.revision, latest.document) == (4, documents[-1])
    assert not store.load(ref.analysis_id, 2).is_latest


def test_two_edits_from_one_base_both_persist(store: Store) -> None:
    """Saving twice from the same base keeps both, each recording that base."""
    base = create(store)
    first = revise(store, base, {"edit": "first"})
    second = revise(store, base, {"edit": "second"})
    assert (first.revision, second.revision) == (2, 3)
    assert (first.saved_meanwhile, second.saved_meanwhile) == (0, 1)
    assert [info.parent_revision for info in store.history(base.analysis_id)] == [None, 1, 1]
    assert store.load(base.analysis_id, 2).document == {"edit": "first"}


def test_title_is_kept_unless_changed(store: Store) -> None:
    """A revision keeps the base's title by default and can rename the analysis."""
    ref = create(store)
    kept = revise(store, ref, DOCUMENT)
    renamed = revise(store, kept, DOCUMENT, title="  Week 47 (reviewed)  ")
    titles = [info.title for info in store.history(ref.analysis_id)]
    assert titles == ["Week 47", "Week 47", "Week 47 (reviewed)"]
    assert store.load(ref.analysis_id).info.title == "Week 47 (reviewed)"
    assert renamed.revision == 3


@pytest.mark.parametrize(
    "operation",
    ["load", "load_revision", "history", "load_log", "save_revision"],
)
def test_unknown_id_is_not_found(store: Store, operation: str) -> None:
    """A well-formed id that was never saved raises AnalysisNotFound from every operation."""
    create(store)
    calls: dict[str, Callable[[], Any]] = {
        "load": lambda: store.load(UNKNOWN_ID),
        "load_revision": lambda: store.load(UNKNOWN_ID, 1),
        "history": lambda: store.history(UNKNOWN_ID),
        "load_log": lambda: store.load_log(UNKNOWN_ID),
        "save_revision": lambda: revise(store, SavedRef(UNKNOWN_ID, 1), DOCUMENT),
    }
    with pytest.raises(AnalysisNotFound, match=f"No saved analysis has the id {UNKNOWN_ID}"):
        calls[operation]()
    assert count(store, analyses) == 1


@pytest.mark.parametrize("revision", [99, 0, -1])
def test_missing_revision_is_not_found(store: Store, revision: int) -> None:
    """A revision number the analysis never reached raises AnalysisNotFound everywhere."""
    ref = create(store)
    for call in (
        lambda: store.load(ref.analysis_id, revision),
        lambda: store.load_log(ref.analysis_id, revision),
        lambda: revise(store, SavedRef(ref.analysis_id, revision), DOCUMENT),
    ):
        with pytest.raises(AnalysisNotFound, match="revision"):
            call()
    assert [info.revision for info in store.history(ref.analysis_id)] == [1]


def test_log_is_stored_once_and_restored_byte_identical(store: Store) -> None:
    """Revisions and analyses that store the same bytes share one compressed log row."""
    first = create(store, log=LOG)
    kept = revise(store, first, {"edit": 1})
    again = revise(store, kept, {"edit": 2}, log=LOG)
    other = create(store, log=LogBlob(r"C:\Users\joel\Downloads\week47.csv", LOG.data))
    assert count(store, logs) == 1
    infos = [
        store.load(ref.analysis_id, ref.revision).info.log for ref in (first, kept, again, other)
    ]
    assert {info.sha256 for info in infos if info} == {hashlib.sha256(LOG.data).hexdigest()}
    assert infos[0] is not None and infos[0].size == len(LOG.data)
    for ref in (first, kept, again):
        assert store.load_log(ref.analysis_id, ref.revision) == LOG
    assert store.load_log(other.analysis_id) == LogBlob("week47.csv", LOG.data)


def test_binary_log_round_trips_and_is_compressed(store: Store) -> None:
    """Any bytes come back exactly; compressible text takes less room than uploaded."""
    binary = LogBlob("dump.parquet", bytes(range(256)) * 64)
    text = LogBlob("big.csv", LOG.data * 200)
    for blob in (binary, text):
        ref = create(store, log=blob)
        assert store.load_log(ref.analysis_id) == blob
    info = store.load(ref.analysis_id).info.log
    assert info is not None and info.stored_size < info.size / 10


def test_no_log_unless_given(store: Store) -> None:
    """Without the user's log, nothing is stored and load_log returns None."""
    ref = create(store)
    assert store.load_log(ref.analysis_id) is None
    assert count(store, logs) == 0
    added = revise(store, ref, DOCUMENT, log=LOG)
    assert store.load_log(added.analysis_id) == LOG
    assert store.load_log(ref.analysis_id, 1) is None


def test_tuples_and_mappings_are_saved_as_json(store: Store) -> None:
    """Tuples and read-only mappings are accepted and come back as lists and dicts."""
    ref = create(store, {"path": ("a", "b"), "frozen": MappingProxyType({"k": (1, 2.5)})})
    assert store.load(ref.analysis_id).document == {"path": ["a", "b"], "frozen": {"k": [1, 2.5]}}


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"title": "   "}, "title must be non-empty"),
        ({"title": "x" * 201}, "title is 201 characters; at most 200"),
        ({"spec_version": ""}, "spec_version must be non-empty"),
        ({"document": {"groups": {"SKU"}}}, r"document\['groups'\] is a set"),
        ({"log": LogBlob("q.csv", LOG.data * 2000)}, "Save the analysis without the log"),
    ],
)
def test_refused_saves_write_nothing(store_url: str, options: dict[str, Any], problem: str) -> None:
    """A save refused for its title, stamp, document or log leaves the database untouched."""
    limits = StoreLimits(max_log_bytes=len(LOG.data) * 1000)
    with open_store(store_url, limits=limits) as store:
        base = create(store, {"kept": True})
        fields = {key: value for key, value in options.items() if key != "document"}
        document = options.get("document", DOCUMENT)
        with pytest.raises(InvalidSave, match=problem):
            create(store, document, **fields)
        with pytest.raises(InvalidSave, match=problem):
            revise(store, base, document, **fields)
        assert count(store, analyses) == 1
        assert len(store.history(base.analysis_id)) == 1 and count(store, logs) == 0


def test_reopened_store_still_has_the_analysis(store_url: str) -> None:
    """After a restart (a new engine on the same database) the analysis loads unchanged."""
    with open_store(store_url) as before:
        ref = create(before, log=LOG)
        revise(before, ref, {"after": "edit"})
    with open_store(store_url) as after:
        assert after.load(ref.analysis_id, 1).document == DOCUMENT
        assert after.load(ref.analysis_id).document == {"after": "edit"}
        assert after.load_log(ref.analysis_id) == LOG


def test_concurrent_creates_share_one_new_log(store_url: str) -> None:
    """Analyses saved at once with the same new log all keep it, stored once."""
    stores = [open_store(store_url) for _ in range(4)]
    try:
        refs = run_together(4, lambda i: create(stores[i], {"n": i}, log=LOG))
        assert len({ref.analysis_id for ref in refs}) == 4
        assert count(stores[0], logs) == 1
        assert all(stores[0].load_log(ref.analysis_id) == LOG for ref in refs)
    finally:
        for opened in stores:
            opened.close()


def columns_by_table(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {
        name: {c["name"] for c in inspector.get_columns(name)}
        for name in inspector.get_table_names()
    }


def applied_versions(engine: Engine) -> list[tuple[int, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(select(schema_version).order_by(schema_version.c.version))
        return [(row.version, row.applied_at) for row in rows]


def test_first_open_creates_schema_and_reopen_is_a_no_op(store_url: str) -> None:
    """Opening an empty database builds every table; opening it again changes nothing."""
    with open_store(store_url) as first:
        assert columns_by_table(first.engine) == {
            table.name: {column.name for column in table.c} | LEGACY_COLUMNS.get(table.name, set())
            for table in metadata.sorted_tables
        }
        versions = applied_versions(first.engine)
        assert [version for version, _ in versions] == [m.version for m in MIGRATIONS]
    with open_store(store_url) as again:
        assert applied_versions(again.engine) == versions


def test_migrates_a_version_1_database_keeping_its_analyses(store_url: str) -> None:
    """A database left at schema version 1 is upgraded on open and its analyses still load."""
    engine = create_store_engine(store_url)
    assert migrate(engine, target=1) == 1
    assert "logs" not in columns_by_table(engine)
    assert "log_sha256" not in columns_by_table(engine)["revisions"]
    old = {
        **STAMP,
        "analysis_id": UNKNOWN_ID,
        "revision": 1,
        "title": "Saved by v1",
        "created_at": utc_now(),
        "document": json.dumps(DOCUMENT),
    }
    with engine.begin() as connection:
        connection.execute(insert(analyses).values(id=UNKNOWN_ID, created_at=utc_now()))
        connection.execute(insert(revisions).values(old))
    engine.dispose()
    with open_store(store_url) as store:
        assert [version for version, _ in applied_versions(store.engine)] == [1, 2]
        saved = store.load(UNKNOWN_ID)
        assert (saved.document, saved.info.title, saved.info.log) == (DOCUMENT, "Saved by v1", None)
        revised = revise(store, SavedRef(UNKNOWN_ID, 1), {"now": "with log"}, log=LOG)
        assert store.load_log(UNKNOWN_ID, revised.revision) == LOG


def test_database_from_a_newer_app_is_refused(store_url: str) -> None:
    """A schema newer than this app knows stops the store with a clear instruction."""
    engine = create_store_engine(store_url)
    migrate(engine)
    with engine.begin() as connection:
        row = {"version": 99, "description": "from the future", "applied_at": utc_now()}
        connection.execute(insert(schema_version).values(row))
    engine.dispose()
    with pytest.raises(StoreUnavailable, match=r"schema version 99, newer .* upgrade the app"):
        open_store(store_url)


def test_replicas_starting_together_migrate_once(store_url: str) -> None:
    """Several app replicas opening an empty database at once apply each migration once."""
    stores = run_together(4, lambda _: open_store(store_url))
    try:
        assert [v for v, _ in applied_versions(stores[0].engine)] == [m.version for m in MIGRATIONS]
        assert create(stores[1]).revision == 1
    finally:
        for opened in stores:
            opened.close()


def test_a_save_waits_for_the_analysis_lock_then_takes_the_next_number(store_url: str) -> None:
    """While another transaction holds the analysis and adds revision 2, a save waits for it;
    once that commits, the save becomes revision 3: no duplicate number, no error, no retry."""
    with open_store(store_url) as store:
        base = create(store)
        holder = create_store_engine(store_url)
        row = {"title": "held", **STAMP, "document": "{}"}
        try:
            with ThreadPoolExecutor(1) as pool:
                with writer(holder).begin() as connection:
                    lock_analysis(connection, base.analysis_id)
                    insert_revision(connection, base.analysis_id, 2, 1, row, utc_now())
                    saving = pool.submit(revise, store, base, {"mine": True})
                    time.sleep(0.5)
                    assert not saving.done()
                ref = saving.result(timeout=30)
        finally:
            holder.dispose()
        assert (ref.revision, ref.saved_meanwhile) == (3, 1)
        assert [info.revision for info in store.history(base.analysis_id)] == [1, 2, 3]
        assert store.load(base.analysis_id, 3).document == {"mine": True}


def driver_error(store: Store, text: str) -> Exception:
    """An error of the store's own database driver, as the driver raises it."""
    error: Exception = store.engine.dialect.loaded_dbapi.OperationalError(text)
    return error


def test_a_lost_commit_answer_is_checked_and_the_save_acknowledged(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COMMIT went through but its answer was lost: the revision is looked up, found, and the
    save acknowledged as it is."""
    base = create(store)
    real = store.engine.dialect.do_commit

    def commit_then_fail(dbapi_connection: Any) -> None:
        real(dbapi_connection)
        raise driver_error(store, "server closed the connection unexpectedly")

    monkeypatch.setattr(store.engine.dialect, "do_commit", commit_then_fail)
    ref = revise(store, base, {"kept": True})
    monkeypatch.undo()
    assert (ref.revision, ref.base_revision) == (2, 1)
    assert store.load(base.analysis_id, 2).document == {"kept": True}


@pytest.mark.parametrize("operation", ["create", "revise"])
def test_a_failed_commit_is_never_acknowledged(
    store: Store, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    """COMMIT failed and the revision is not there: on SQLite (whose COMMIT is all or nothing)
    "nothing was saved"; on PostgreSQL, where the commit may still land, "may or may not have
    been saved", with where to look. Either way the save is never reported as saved."""
    base = create(store)

    def fail(dbapi_connection: Any) -> None:
        raise driver_error(store, "server closed the connection unexpectedly")

    monkeypatch.setattr(store.engine.dialect, "do_commit", fail)
    fresh = "B" * 22
    with pytest.raises((StoreUnavailable, SaveOutcomeUnknown)) as caught:
        if operation == "create":
            create(store, {"lost": True}, analysis_id=fresh)
        else:
            revise(store, base, {"lost": True})
    monkeypatch.undo()
    message = str(caught.value)
    if store.engine.dialect.name == "sqlite":
        assert isinstance(caught.value, StoreUnavailable)
        assert message.startswith("Nothing was saved. ")
    else:
        assert isinstance(caught.value, SaveOutcomeUnknown)
        expected = SavedRef(fresh, 1) if operation == "create" else SavedRef(base.analysis_id, 2, 1)
        assert caught.value.ref == expected
        assert "may or may not have been saved" in message and expected.analysis_id in message
    assert [info.revision for info in store.history(base.analysis_id)] == [1]
    assert count(store, analyses) == 1
    assert revise(store, base, {"next": True}).revision == 2


def test_a_connection_killed_at_commit_is_an_unknown_outcome(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the connection just as the save commits: the save is not acknowledged,
    the user learns it may or may not have been saved, and the next save works."""
    url = postgres.create_database()
    try:
        with open_store(url) as store:
            base = create(store)
            real = store.engine.dialect.do_commit

            def killed(dbapi_connection: Any) -> None:
                postgres.terminate_backend(dbapi_connection.driver_connection.info.backend_pid)
                real(dbapi_connection)

            monkeypatch.setattr(store.engine.dialect, "do_commit", killed)
            with pytest.raises(SaveOutcomeUnknown, match="may or may not have been saved"):
                revise(store, base, {"lost": True})
            monkeypatch.undo()
            assert [info.revision for info in store.history(base.analysis_id)] == [1]
            assert revise(store, base, {"next": True}).revision == 2
    finally:
        postgres.drop_database(url)


def test_an_existing_id_is_refused_and_nothing_is_written(store: Store) -> None:
    """Creating under an id that is taken is refused with a clear message; the first stays."""
    first = create(store, {"first": True})
    with pytest.raises(StoreUnavailable, match=r"^Nothing was saved\. The save clashed") as caught:
        create(store, {"second": True}, analysis_id=first.analysis_id)
    assert caught.value.reason == "conflict"
    assert store.load(first.analysis_id).document == {"first": True}
    assert count(store, analyses) == 1
