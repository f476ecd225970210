"""Saved analyses behind share links: which one the URL asks for, opening it read-only, its
history, and turning it into an editable copy.

URL keys (allow-listed as foreign by framework.urlstate): `analysis` (the saved id) and
`rev` (its revision; absent means the latest, and is then written in). The URL shows a saved
revision read-only unless it is the one the session's draft continues; a page switch empties
the URL, so the session remembers what it showed and writes it back.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from framework import (
    AnalysisNotFound,
    OpenedAnalysis,
    SavedRef,
    Spec,
    Store,
    StoreError,
    markdown_escape,
    open_saved,
    revision_from_text,
)
from framework.views.triage_link import share_url
from ui import ANALYZE_URL_PATH
from ui.lead import last_save
from ui.lead import session as logstate

ANALYSIS_KEY = "analysis"
REV_KEY = "rev"
_VIEWING = "lead.viewing"
_OPENED = "lead.opened"


@dataclass(frozen=True)
class Link:
    """What a share link asks for: an id and, perhaps, a revision (as typed in the URL)."""

    analysis_id: str
    revision: str | None = None


def route() -> Link | None:
    """The saved analysis to show read-only, or None to show the session's own draft (after
    settling the last save, so the draft and the address agree on what it continues)."""
    settle_last_save()
    wanted = st.query_params.get(ANALYSIS_KEY)
    current = logstate.draft()
    if wanted:
        link = Link(wanted, st.query_params.get(REV_KEY))
        saved = current.saved if current is not None else None
        if saved is not None and link == _link(saved):
            st.session_state[_VIEWING] = None
            return None
        st.session_state[_VIEWING] = link
        return link
    viewing: Link | None = st.session_state.get(_VIEWING)
    if viewing is not None:
        _write_url(viewing)
        return viewing
    if current is not None and current.saved is not None:
        _write_url(_link(current.saved))
    return None


def settle_last_save(*, announce: bool = True) -> None:
    """Bring the draft and the address up to date with the last save, once, even when the run
    that saved was cut short (`last_save`); safe to repeat if this run is cut short too.
    `announce`: tell the user in a toast (a later run than the one that saved)."""
    outcome = last_save.last()
    if outcome is None or outcome.settled:
        return
    ref, attempt = outcome.ref, outcome.attempt
    current = logstate.draft()
    if ref is not None and current is not None and attempt.concerns(current, ref):
        forget(ref.analysis_id)
        logstate.update(
            saved=last_save.plain(ref),
            log_stored=current.log_stored or attempt.attached,
            title=attempt.title,
        )
        show_ref(ref)
    last_save.mark_settled(outcome, announce=announce)


def page_url(ref: SavedRef) -> str:
    """The share link of one saved revision, on this page."""
    return share_url(_page(), {ANALYSIS_KEY: ref.analysis_id, REV_KEY: str(ref.revision)})


def analysis_url(analysis_id: str) -> str:
    """The link that opens an analysis's latest revision (and its history)."""
    return share_url(_page(), {ANALYSIS_KEY: analysis_id})


def _page() -> str:
    base = (st.context.url or "").rstrip("/")
    if not base.endswith(f"/{ANALYZE_URL_PATH}"):
        base += f"/{ANALYZE_URL_PATH}"
    return base


def show_ref(ref: SavedRef) -> None:
    """Point the URL (and the session) at a saved revision the draft now continues."""
    st.session_state[_VIEWING] = None
    _write_url(_link(ref))


def back_to_draft() -> None:
    """Callback: leave the read-only view for the session's own analysis."""
    st.session_state[_VIEWING] = None
    current = logstate.draft()
    if current is not None and current.saved is not None:
        _write_url(_link(current.saved))
    else:
        st.query_params.clear()


def open_link(spec: Spec, store: Store, link: Link) -> OpenedAnalysis | None:
    """The linked revision (read once per session), or None after showing why it cannot open."""
    opened: dict[tuple[object, ...], OpenedAnalysis] = st.session_state.setdefault(_OPENED, {})
    key = (link.analysis_id, link.revision, spec.digest)
    if key in opened:
        return opened[key]
    try:
        found = open_saved(store, spec, link.analysis_id, revision_from_text(link.revision))
    except AnalysisNotFound as error:
        cannot_open(f"This link does not open a saved analysis. {error}")
        return None
    except StoreError as error:
        cannot_open(str(error))
        return None
    info = found.saved.info
    opened[key] = opened[(link.analysis_id, str(info.revision), spec.digest)] = found
    if link.revision != str(info.revision):
        show_revision(link.analysis_id, info.revision)
    return found


def forget(analysis_id: str) -> None:
    """Drop what the session read of an analysis (after a save added a revision)."""
    opened: dict[tuple[object, ...], OpenedAnalysis] = st.session_state.get(_OPENED, {})
    for key in [key for key in opened if key[0] == analysis_id]:
        del opened[key]


def show_revision(analysis_id: str, revision: int) -> None:
    """Show another revision read-only (also as a callback)."""
    link = Link(analysis_id, str(revision))
    st.session_state[_VIEWING] = link
    _write_url(link)


def history_table(opened: OpenedAnalysis) -> None:
    """Every revision, oldest first: when, who, what it started from, spec, stored log."""
    rows = [
        {
            "Revision": info.revision,
            "Saved (UTC)": info.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            "Title": info.title,
            "By": info.author or "",
            "Note": info.note or "",
            "Started from": (
                f"revision {info.parent_revision}"
                if info.parent_revision is not None
                else "a new analysis"
            ),
            "Questions version": info.spec_version,
            "Log stored": "yes" if info.log is not None else "no",
        }
        for info in opened.history
    ]
    st.dataframe(rows, hide_index=True)
    numbers = [info.revision for info in opened.history]
    key = "lead.history.pick"
    st.session_state[key] = opened.saved.info.revision
    st.selectbox(
        "Open a revision",
        options=numbers,
        format_func=lambda number: f"Revision {number}",
        key=key,
        on_change=_picked_revision,
        args=(opened.saved.info.analysis_id, key),
    )


def _picked_revision(analysis_id: str, key: str) -> None:
    show_revision(analysis_id, int(st.session_state[key]))


def cannot_open(message: str) -> None:
    """Why a link shows nothing, and the way back to an analysis of one's own."""
    st.title("Shared analysis")
    st.error(markdown_escape(message), icon=":material/link_off:")
    st.button("Start a new analysis", icon=":material/upload_file:", on_click=back_to_draft)


def _link(ref: SavedRef) -> Link:
    return Link(ref.analysis_id, str(ref.revision))


def _write_url(link: Link) -> None:
    wanted = {ANALYSIS_KEY: link.analysis_id}
    if link.revision is not None:
        wanted[REV_KEY] = link.revision
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
