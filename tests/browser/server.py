"""Running the real app for browser tests and screenshots: `streamlit run app.py` on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Streamlit marks the app element with the script state; wait for this after each action.
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
STARTUP_SECONDS = 60


INSTALL_HINT = (
    "install it with `apt-get update && apt-get install -y chromium` (or run `make test`)"
)


def missing_browser_action(
    chromium: Path = CHROMIUM, env: Mapping[str, str] = os.environ
) -> str | None:
    """None when Chromium is installed; else "skip" (TRIAGE_SKIP_BROWSER=1 outside CI) or "fail"."""
    if chromium.is_file():
        return None
    in_ci = env.get("CI", "").strip().lower() in {"true", "1", "yes"}
    if env.get("TRIAGE_SKIP_BROWSER") == "1" and not in_ci:
        return "skip"
    return "fail"


class ServerError(RuntimeError):
    """The app server did not come up; the message carries the end of its log."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def app_server(
    log_name: str = "streamlit",
    port: int | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Iterator[str]:
    """Start the app with the project's questions.yaml; yield its base URL; stop it after.

    `env` adds variables to the server's environment; a None value removes one.
    """
    with app_process(log_name, port, env) as (base, _):
        yield base


@contextmanager
def app_process(
    log_name: str = "streamlit",
    port: int | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`app_server`, yielding the server process too (the benchmark reads its memory)."""
    port = port or free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"{log_name}.log"
    server_env = server_environment(os.environ, env or {})
    command = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.headless", "true", "--server.port", str(port)),
        *("--server.address", "127.0.0.1", "--server.fileWatcherType", "none"),
        *("--browser.gatherUsageStats", "false"),
    ]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, process, log_path)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def server_environment(
    base: Mapping[str, str], changes: Mapping[str, str | None]
) -> dict[str, str]:
    """`base` without TRIAGE_SPEC (the app uses the project's questions.yaml), with `changes`
    applied: a value sets a variable, None removes it."""
    result = {key: value for key, value in base.items() if key != "TRIAGE_SPEC"}
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"streamlit exited with {process.returncode}:\n{_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    raise ServerError(
        f"streamlit did not answer on {base} in {STARTUP_SECONDS}s:\n{_tail(log_path)}"
    )


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
