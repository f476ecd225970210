"""The operator's triage for this browser session, kept in step with the URL.

The URL is what a reload or a shared link brings back; session state is what survives a page
switch (Streamlit drops the query string when the sidebar changes page). `sync` reconciles
the two at the top of every operator page:

* the URL carries operator parameters we did not write (a fresh session, a reload, a link
  from elsewhere): decode them, keep what is valid, remember a notice for what is not;
* otherwise (our own last write, or a page switch that emptied the URL): session state
  wins, and the URL is rewritten from it.

Widget callbacks change the state through `set_answer`, `set_label`, `go_to` and
`start_over`; the next `sync` writes the URL. Parameters other pages own
(`framework.urlstate.is_foreign`) are left where they are.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from framework import (
    Spec,
)
from framework.views.triage_link import (
    OperatorState,
    decode,
    encode,
    is_foreign,
    share_url,
    version_note,
)

_STATE = "operator.state"
_WRITTEN = "operator.written"
_NOTICES = "operator.notices"
_VERSION_NOTE = "operator.version_note"

Params = dict[str, tuple[str, ...]]


def sync(spec: Spec) -> OperatorState:
    """The current operator state, after reconciling the URL and the session (see module doc)."""
    judged = _url_params(foreign=False)
    if _WRITTEN not in st.session_state or (judged and judged != st.session_state[_WRITTEN]):
        decoded = decode(spec, judged)
        st.session_state[_STATE] = decoded.state
        st.session_state[_NOTICES] = decoded.notices
        st.session_state[_VERSION_NOTE] = version_note(spec, decoded)
    state: OperatorState = st.session_state[_STATE]
    _write_url(spec, state)
    return state


def state() -> OperatorState:
    """The state as last synced (an empty triage before the first `sync`)."""
    current: OperatorState = st.session_state.get(_STATE, OperatorState())
    return current


def notices() -> tuple[str, ...]:
    """What was ignored in the link this session opened with (cleared by the next change)."""
    found: tuple[str, ...] = st.session_state.get(_NOTICES, ())
    return found


def link_version_note() -> str | None:
    """Set when the opening link was made with another questions version (cleared likewise)."""
    note: str | None = st.session_state.get(_VERSION_NOTE)
    return note


def link_params(spec: Spec) -> dict[str, str]:
    """The operator parameters, for `st.page_link(..., query_params=...)`."""
    return encode(spec, state())


def current_share_url(spec: Spec) -> str:
    """The full address that reopens this page with these answers and label."""
    return share_url(st.context.url, link_params(spec))


def set_answer(question_id: str, widget_key: str) -> None:
    """Callback: store the answer chosen in a radio (None clears it) and stay on its question."""
    answers = dict(state().answers)
    value = st.session_state.get(widget_key)
    if value is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = str(value)
    _update(answers=answers, step=question_id)


def set_label(widget_key: str) -> None:
    """Callback: store the label typed into a text input."""
    _update(label=str(st.session_state.get(widget_key) or ""))


def go_to(step: str) -> None:
    """Callback: show another question."""
    _update(step=step)


def start_over() -> None:
    """Callback: forget the answers, the label and the step."""
    _update(answers={}, label="", step=None)


def _update(**changes: object) -> None:
    st.session_state[_STATE] = dataclasses.replace(state(), **changes)  # type: ignore[arg-type]
    st.session_state[_NOTICES] = ()
    st.session_state[_VERSION_NOTE] = None


def _url_params(*, foreign: bool) -> Params:
    return {
        key: tuple(st.query_params.get_all(key))
        for key in st.query_params
        if is_foreign(key) is foreign
    }


def _write_url(spec: Spec, current: OperatorState) -> None:
    ours = {key: (value,) for key, value in encode(spec, current).items()}
    wanted = ours | _url_params(foreign=True)
    if wanted != _url_params(foreign=False) | _url_params(foreign=True):
        st.query_params.from_dict({key: list(values) for key, values in wanted.items()})
    st.session_state[_WRITTEN] = ours
