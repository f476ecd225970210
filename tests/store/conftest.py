"""Store fixtures: `store_url` (and `store`) run a test twice, against an SQLite file in
tmp_path and against a fresh database on a real PostgreSQL server started on loopback for the
session (tests/support/pgserver.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from framework.store.config import sqlite_url
from framework.store.saved_analyses import Store, open_store
from tests.support.pgserver import PostgresServer, find_bindir_or_fail


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer.start(find_bindir_or_fail())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "triage.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened
