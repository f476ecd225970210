"""Who changed what: the difference between any two revisions of a shared analysis, each change
credited to the revision and the person that made it."""

from __future__ import annotations

import streamlit as st

from framework import (
    OpenedAnalysis,
    Spec,
    Store,
    StoreError,
    revision_diff,
)
from ui.lead.store_access import show_store_error

FROM_KEY = "lead.diff.from"
TO_KEY = "lead.diff.to"
NOTHING = "—"


def section(spec: Spec, store: Store, opened: OpenedAnalysis) -> None:
    """Two revision pickers (this one and its parent by default) and the changes between."""
    numbers = [info.revision for info in opened.history]
    st.markdown("**What changed between two revisions**")
    if len(numbers) < 2:
        st.caption("Only one revision so far: save an edited copy to see who changed what.")
        return
    info = opened.saved.info
    _defaults(numbers, info.revision, info.parent_revision)
    left, right = st.columns(2)
    older = left.selectbox("From revision", numbers, key=FROM_KEY)
    newer = right.selectbox("To revision", numbers, key=TO_KEY)
    if older == newer:
        st.caption("Pick two different revisions.")
        return
    try:
        diff = revision_diff(store, spec, info.analysis_id, int(older), int(newer))
    except StoreError as error:
        show_store_error(error)
        return
    if not diff.changes:
        st.caption("No answer, item, reason, title or cost differs between them.")
        return
    rows = [
        {
            "Group": found.change.group or "(whole analysis)",
            "What": found.change.what,
            "Before": found.change.before or NOTHING,
            "After": found.change.after or NOTHING,
            "Changed in": found.revision.revision if found.revision else None,
            "By": (found.revision.author or "unnamed") if found.revision else NOTHING,
            "Saved (UTC)": found.revision.created_at.strftime("%Y-%m-%d %H:%M")
            if found.revision
            else NOTHING,
        }
        for found in diff.changes
    ]
    st.dataframe(rows, hide_index=True)
    if not diff.on_one_line:
        st.caption(
            f"Revision {older} is not an ancestor of revision {newer} (both were edited from "
            "an earlier one): a change without a revision was made on the other branch."
        )


def _defaults(numbers: list[int], current: int, parent: int | None) -> None:
    if st.session_state.get(TO_KEY) not in numbers:
        st.session_state[TO_KEY] = current
    if st.session_state.get(FROM_KEY) not in numbers:
        st.session_state[FROM_KEY] = parent if parent in numbers else numbers[0]
