"""Opening a saved analysis from the command line (`compare saved:ID`, `tag --analysis=ID`).

The database is the app's: --database URL, else TRIAGE_DATABASE_URL, else TRIAGE_DB_PATH,
else triage.db. A command that only reads never creates a database: a SQLite file that does
not exist is an error naming it. Every failure is a `UsageError` naming the id.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from framework.cli.output import UsageError

if TYPE_CHECKING:
    from framework.spec.model import Spec
    from framework.store.opening import OpenedAnalysis
    from framework.store.saved_analyses import Store

SAVED_PREFIX = "saved:"


def parse_saved(text: str) -> tuple[str, str | None] | None:
    """(id, revision text) for 'saved:ID' or 'saved:ID@REV'; None for anything else."""
    if not text.startswith(SAVED_PREFIX):
        return None
    analysis_id, _, revision = text[len(SAVED_PREFIX) :].partition("@")
    return analysis_id, revision or None


def open_read_only(
    spec: Spec, analysis_id: str, revision: str | None, database: str | None
) -> tuple[Store, OpenedAnalysis]:
    """The store (close it when done) and the saved revision, re-read under `spec`."""
    from framework.store.config import DEFAULT_DB_PATH, database_url_from
    from framework.store.opening import open_saved, revision_from_text
    from framework.store.records import StoreError, checked_id
    from framework.store.saved_analyses import open_store

    url = database or database_url_from(os.environ, None, default_path=DEFAULT_DB_PATH)
    try:
        checked_id(analysis_id)  # a mistyped id is named first, wherever the database is
        number = revision_from_text(revision)
        _check_sqlite_file(url, analysis_id)
        store = open_store(url)
        try:
            return store, open_saved(store, spec, analysis_id, number)
        except BaseException:
            store.close()
            raise
    except StoreError as error:
        raise UsageError(f"saved analysis {analysis_id}: {error}") from None


def _check_sqlite_file(url: str, analysis_id: str) -> None:
    from framework.store.config import is_sqlite, parse_url

    if not is_sqlite(url):
        return
    database = parse_url(url).database
    if database and database != ":memory:" and not Path(database).is_file():
        raise UsageError(
            f"saved analysis {analysis_id}: no saved analyses at {database} "
            "(give --database URL or set TRIAGE_DATABASE_URL / TRIAGE_DB_PATH)"
        )
