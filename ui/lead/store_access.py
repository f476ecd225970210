"""The saved-analysis store the app talks to: opened once per database URL, shared by sessions.

The URL comes from `TRIAGE_DATABASE_URL`, `[database] url` in `.streamlit/secrets.toml`,
`TRIAGE_DB_PATH`, or `triage.db` next to app.py (docs/deployment-database.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

from framework import (
    DEFAULT_DB_PATH,
    Store,
    StoreError,
    database_url_from,
    markdown_escape,
    open_store,
)


def app_store() -> Store:
    """The store for this deployment; raises `StoreUnavailable` when it cannot be used."""
    return _open(database_url_from(os.environ, _secrets(), default_path=DEFAULT_DB_PATH))


def show_store_error(error: StoreError) -> None:
    """A store failure as a message (its text never holds a password), never a traceback."""
    st.error(markdown_escape(str(error)), icon=":material/database:")


def _secrets() -> Mapping[str, Any] | None:
    """The app's secrets, or None when there is no secrets file (st.secrets raises then)."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        return None


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(url: str) -> Store:
    return open_store(url)
