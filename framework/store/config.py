"""Which database holds saved analyses, and how to describe it without leaking a password.

    url = database_url_from(os.environ, secrets, default_path=ROOT / "triage.db")

Resolution order: env `TRIAGE_DATABASE_URL`, secrets `[database] url`, env `TRIAGE_DB_PATH`
(an SQLite file), then `default_path`. `postgres://` and `postgresql://` URLs are pointed at
the psycopg 3 driver that ships with the app.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from framework.store.records import StoreUnavailable

DEFAULT_DB_PATH = Path(__file__).resolve().parents[2] / "triage.db"
"""The SQLite file used when nothing else is configured: next to app.py and questions.yaml."""
URL_ENV = "TRIAGE_DATABASE_URL"
PATH_ENV = "TRIAGE_DB_PATH"
SECRETS_HINT = "[database] url in .streamlit/secrets.toml"
_BARE_POSTGRES = re.compile(r"^(postgres|postgresql)://", re.IGNORECASE)


def database_url_from(
    environ: Mapping[str, str],
    secrets: Mapping[str, Any] | None = None,
    *,
    default_path: Path,
) -> str:
    """The database URL this deployment is configured for (see the module docstring)."""
    url = environ.get(URL_ENV, "").strip()
    if url:
        return normalise_url(url)
    url = _secrets_url(secrets)
    if url:
        return normalise_url(url)
    path = environ.get(PATH_ENV, "").strip()
    return sqlite_url(Path(path) if path else default_path)


def normalise_url(url: str) -> str:
    """`url` with bare PostgreSQL schemes mapped to the psycopg 3 driver; others unchanged."""
    return _BARE_POSTGRES.sub("postgresql+psycopg://", url.strip(), count=1)


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file, made absolute (the working directory may change)."""
    return URL.create("sqlite", database=str(path.expanduser().resolve())).render_as_string()


def parse_url(url: str) -> URL:
    """`url` parsed, or `StoreUnavailable` that does not echo it (it may hold a password)."""
    try:
        return make_url(url)
    except ArgumentError:
        scheme = url.split("://", 1)[0] if "://" in url else "(no scheme)"
        raise StoreUnavailable(
            f"The database URL (scheme {scheme!r}; the rest is not shown as it may hold a "
            f"password) is not a valid SQLAlchemy URL. Fix {URL_ENV} or {SECRETS_HINT}, e.g. "
            "postgresql://user:password@host:5432/triage, or unset both to use an SQLite file.",
            "bad_url",
        ) from None


def redact_url(url: str) -> str:
    """`url` with its password replaced by ***, fit to show in a message or a page."""
    return parse_url(url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return parse_url(url).get_backend_name() == "sqlite"


def _secrets_url(secrets: Mapping[str, Any] | None) -> str:
    section = secrets.get("database") if secrets is not None else None
    if not isinstance(section, Mapping):
        return ""
    url = section.get("url")
    if url is None:
        return ""
    if not isinstance(url, str):
        raise StoreUnavailable(
            f"{SECRETS_HINT} must be text, e.g. url = "
            '"postgresql://user:password@host:5432/triage".',
            "bad_url",
        )
    return url.strip()
