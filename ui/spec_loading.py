"""The app's questions.yaml: loaded once per edit, and the page shown instead when it is broken."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from framework import (
    DEFAULT_SPEC_PATH,
    Spec,
    SpecError,
    load_spec,
)

SPEC_ENV = "TRIAGE_SPEC"


def spec_path() -> Path:
    """The spec file the app uses: `$TRIAGE_SPEC`, else the project's questions.yaml."""
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC_PATH)


def page_spec() -> Spec:
    """The spec, for the top of a page, or the error page (and stop) when it is broken.

    Pages live in `app_pages/`, not `pages/`: Streamlit still runs files in a `pages/`
    folder on their own (without app.py) on a fresh server's first deep-linked request.
    """
    try:
        return app_spec()
    except SpecError as error:
        show_spec_problems(error)
        st.stop()


def app_spec() -> Spec:
    """The validated spec, re-read when the file changes; raises `SpecError` when broken."""
    path = spec_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    return _load(str(path), stamp)


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(path: str, stamp: int) -> Spec:
    return load_spec(path)


def show_spec_problems(error: SpecError) -> None:
    """The error page: every problem with its file and line, and how to check the fix."""
    path = spec_path()
    count = len(error.problems)
    st.title("The triage questions cannot be loaded")
    st.error(
        f"{count} problem{'s' if count != 1 else ''} in the questions file. No page can open "
        "until it is fixed; nothing you entered is lost.",
        icon=":material/error:",
    )
    st.code("\n".join(str(problem) for problem in error.problems), language=None, wrap_lines=True)
    st.subheader("How to fix it")
    st.markdown(
        "1. Open the file below and correct each place listed above "
        "(file:line: where: what is wrong).\n"
        "2. Check the file from the project folder; it prints `ok` once it is valid:"
    )
    command = "python -m framework validate"
    if path != DEFAULT_SPEC_PATH:
        command += f" {path}"
    st.code(command, language="bash")
    st.markdown("3. Reload this page.")
    st.caption("Questions file in use:")
    st.code(str(path), language=None)
