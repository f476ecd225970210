"""A throw-away PostgreSQL server for the store tests, on loopback, removed afterwards.

    server = PostgresServer.start(find_bindir_or_fail())
    url = server.create_database()     # a fresh, empty database per test
    server.stop()                      # idempotent; also registered with atexit

Uses Debian's server binaries (/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run
as root, so under root every server command runs as the `postgres` OS user via `runuser`.
The cluster lives in a temporary directory; TCP on 127.0.0.1 with a random free port and a
password (scram-sha-256), so the tests exercise a real networked, authenticated connection.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

USER = "triage"
SKIP_ENV = "TRIAGE_SKIP_POSTGRES"
INSTALL_HINT = (
    "PostgreSQL server binaries are missing (no /usr/lib/postgresql/*/bin/initdb). Install them "
    "with `apt-get install -y postgresql` (scripts/ensure-test-services does this), or on a "
    f"workstation set {SKIP_ENV}=1 to leave the PostgreSQL store tests out."
)


def find_bindir() -> Path | None:
    """The newest installed server's bin directory, or None."""
    candidates = sorted(
        (initdb.parent for initdb in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
        key=lambda bindir: _version_key(bindir.parent.name),
    )
    if candidates:
        return candidates[-1]
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        bindir = Path(result.stdout.strip())
        if result.returncode == 0 and (bindir / "initdb").exists():
            return bindir
    return None


def find_bindir_or_fail() -> Path:
    """The bin directory; fails the tests when missing, skips only when explicitly opted out."""
    bindir = find_bindir()
    if bindir is not None:
        return bindir
    opted_out = os.environ.get(SKIP_ENV) == "1" and os.environ.get("CI") != "true"
    if opted_out:
        pytest.skip(f"{SKIP_ENV}=1: PostgreSQL store tests left out on this workstation")
    pytest.fail(INSTALL_HINT, pytrace=False)


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    password: str
    _databases: int = 0
    _running: bool = field(default=False, repr=False)

    @classmethod
    def start(cls, bindir: Path) -> PostgresServer:
        """initdb a cluster in a temporary directory and start it on 127.0.0.1."""
        root = Path(tempfile.mkdtemp(prefix="triage-pg-"))
        server = cls(bindir, root, 0, secrets.token_urlsafe(12))
        atexit.register(server.stop)
        try:
            server._init_cluster()
            server._start_on_free_port()
        except BaseException:
            server.stop()
            raise
        return server

    def url(self, database: str, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql+psycopg://{USER}:{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        self._databases += 1
        name = f"store_test_{self._databases}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def terminate_backend(self, pid: int) -> None:
        """End one server process (a client's connection), as an administrator would."""
        self._admin(f"SELECT pg_terminate_backend({int(pid)})")

    def admin(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the server's owner, in `database`."""
        self._admin(statement, database)

    def stop(self) -> None:
        """Stop the server (immediately) and delete its files. Safe to call twice."""
        if self._running:
            self._running = False
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _admin(self, statement: str, database: str = "postgres") -> None:
        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=USER,
            password=self.password,
            dbname=database,
            autocommit=True,
        ) as connection:
            connection.execute(statement.encode())

    def _init_cluster(self) -> None:
        owner = _server_user()
        if owner is not None:
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        password_file = self.root / "password"
        password_file.write_text(self.password)
        if owner is not None:
            os.chown(password_file, owner.pw_uid, owner.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            USER,
            f"--pwfile={password_file}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        password_file.unlink()

    def _start_on_free_port(self, attempts: int = 3) -> None:
        for attempt in range(1, attempts + 1):
            self.port = _free_port()
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            log = self.root / "server.log"
            result = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(log), "-o", options, "-w", "-t", "60",
                "start", check=False,
            )  # fmt: skip
            if result.returncode == 0:
                self._running = True
                return
            if attempt == attempts:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"PostgreSQL did not start:\n{result.stderr}\n{tail}")

    def _run(
        self, program: str, *args: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / program), *args]
        if _server_user() is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result


def _server_user() -> pwd.struct_passwd | None:
    """The OS user to run the server as: `postgres` under root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            "Running as root, PostgreSQL needs the `postgres` OS user to run as; install the "
            "postgresql package (it creates the user) or run the tests as a normal user.",
            pytrace=False,
        )


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())
