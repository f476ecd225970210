"""Action items: per group an owner, a status, a due date and a note, and who set an answer by
hand and why; edited on the session's own analysis, read-only on a shared one, exported as a
CSV for a ticket tool. They are saved with the analysis (Save & share)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from framework import (
    STATUS_LABELS,
    STATUSES,
    ActionItemError,
    ActionItems,
    Analysis,
    AnalysisDocument,
    GroupResult,
    Spec,
    action_items_csv,
    checked_item,
    checked_reason,
    markdown_escape,
)
from framework.views.lead_tables import file_stem
from ui.lead import session as logstate

GROUP_KEY = "lead.items.group"
FORM_KEY = "lead.items.form"
OWNER_KEY = "lead.items.owner"
STATUS_KEY = "lead.items.status"
DUE_KEY = "lead.items.due"
NOTE_KEY = "lead.items.note"
_PROBLEM = "lead.items.problem"
_DONE = "lead.items.done"
NOBODY = "—"


def section(document: AnalysisDocument, *, editable: bool, link: str | None = None) -> None:
    """The items of every group, the reasons for answers set by hand, the editor (own
    analysis only) and the CSV download."""
    analysis, actions = document.analysis, document.actions.kept_for(document.analysis)
    spec = analysis.spec
    st.caption(
        "Who follows each group up, where it stands and by when, and who set an answer by "
        "hand and why. They are saved with the analysis, so every revision carries them and "
        "the history shows who changed what."
    )
    st.dataframe(items_frame(spec, analysis, actions), hide_index=True)
    reasons = reasons_frame(spec, analysis, actions)
    if len(reasons):
        st.markdown("**Answers set by hand, and why**")
        st.dataframe(reasons, hide_index=True)
    if editable:
        st.divider()
        _editor(spec, analysis, actions)
    else:
        st.caption("Read-only. To change items, edit a copy: saving it adds a new revision.")
    st.download_button(
        "Action items (CSV)",
        data=lambda: action_items_csv(document, link),
        file_name=f"{file_stem(document.title)}-action-items.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        help="One row per group for a ticket tool: summary, type, status, owner, due date, "
        "note, answers set by hand. Cells a spreadsheet would run as a formula are defused.",
    )


def items_frame(spec: Spec, analysis: Analysis, actions: ActionItems) -> pd.DataFrame:
    """Every group, most recurring first, with its item (open and unowned without one)."""
    rows = [
        {
            "Group": group.group,
            "Type": spec.tag(group.tag).label,
            "Exceptions": group.exceptions,
            "Status": actions.item(group.group).status_label,
            "Owner": actions.item(group.group).owner or NOBODY,
            "Due": actions.item(group.group).due,
            "Note": actions.item(group.group).note,
        }
        for group in analysis.groups
    ]
    return pd.DataFrame(
        rows, columns=["Group", "Type", "Exceptions", "Status", "Owner", "Due", "Note"]
    )


def reasons_frame(spec: Spec, analysis: Analysis, actions: ActionItems) -> pd.DataFrame:
    """Every answer set by hand: the answer, what the log says, who said so and why."""
    rows = [
        {
            "Group": group.group,
            "Question": f"{spec.number(qid)}. {spec.question(qid).title}",
            "Set to": spec.question(qid).answer(value).label,
            "The log says": spec.question(qid).answer(group.inferred[qid].value).label,
            "Who": actions.reason(group.group, qid).by or NOBODY,
            "Why": actions.reason(group.group, qid).why,
        }
        for group in analysis.groups
        for qid, value in group.overrides.items()
    ]
    return pd.DataFrame(rows, columns=["Group", "Question", "Set to", "The log says", "Who", "Why"])


def _editor(spec: Spec, analysis: Analysis, actions: ActionItems) -> None:
    st.markdown("**Change a group's item**")
    names = [group.group for group in analysis.groups]
    if st.session_state.get(GROUP_KEY) not in names:
        st.session_state[GROUP_KEY] = names[0]
    name = str(st.selectbox("Group", names, key=GROUP_KEY, on_change=_load, args=(actions,)))
    if st.session_state.get(f"{FORM_KEY}.for") != _marker(actions, name):
        _load(actions)  # another group, or its item changed (saved, another draft)
    group = analysis.group(name)
    with st.form(FORM_KEY, border=True):
        owner, status, due = st.columns([2, 1, 1])
        owner.text_input("Owner", key=OWNER_KEY, max_chars=100, placeholder="who follows it up")
        status.selectbox("Status", STATUSES, key=STATUS_KEY, format_func=_status_label)
        due.date_input("Due", key=DUE_KEY, format="YYYY-MM-DD")
        st.text_area("Note", key=NOTE_KEY, max_chars=2000, height=80)
        for qid in group.overrides:
            _reason_inputs(spec, group, qid)
        st.form_submit_button(
            "Save item",
            type="primary",
            icon=":material/check:",
            on_click=_store,
            args=(group,),
        )
    if problem := st.session_state.pop(_PROBLEM, None):
        st.error(markdown_escape(problem), icon=":material/error:")
    if done := st.session_state.pop(_DONE, None):
        st.success(
            f"Item kept for {markdown_escape(done)}. Save the analysis (Save & share) to keep "
            "it for others.",
            icon=":material/check:",
        )
    else:
        st.caption("Kept in this session until you save the analysis (Save & share).")


def _status_label(status: str) -> str:
    return STATUS_LABELS[status]


def _reason_inputs(spec: Spec, group: GroupResult, qid: str) -> None:
    question = spec.question(qid)
    set_to = question.answer(group.overrides[qid]).label
    said = question.answer(group.inferred[qid].value).label
    st.markdown(
        f"**{spec.number(qid)}. {question.title}** set by hand to {set_to} (the log says {said})"
    )
    who, why = st.columns([1, 3])
    who.text_input("Who said so", key=f"{FORM_KEY}.by.{qid}", max_chars=100)
    why.text_input("Why", key=f"{FORM_KEY}.why.{qid}", max_chars=1000)


def _load(actions: ActionItems) -> None:
    """Fill the form with the picked group's item and reasons (also a callback)."""
    name = str(st.session_state.get(GROUP_KEY))
    item = actions.item(name)
    st.session_state[OWNER_KEY] = item.owner
    st.session_state[STATUS_KEY] = item.status
    st.session_state[DUE_KEY] = item.due
    st.session_state[NOTE_KEY] = item.note
    for qid, reason in actions.reasons.get(name, {}).items():
        st.session_state[f"{FORM_KEY}.by.{qid}"] = reason.by
        st.session_state[f"{FORM_KEY}.why.{qid}"] = reason.why
    st.session_state[f"{FORM_KEY}.for"] = _marker(actions, name)


def _marker(actions: ActionItems, name: str) -> tuple[object, ...]:
    """What the form was filled from: the group, its item and its reasons."""
    reasons = actions.reasons.get(name, {})
    return (name, actions.item(name), tuple(sorted(reasons.items())))


def _store(group: GroupResult) -> None:
    """Callback: keep the form's item and reasons in the session's draft."""
    current = logstate.draft()
    if current is None:
        return
    due = st.session_state.get(DUE_KEY)
    try:
        item = checked_item(
            str(st.session_state.get(OWNER_KEY) or ""),
            str(st.session_state.get(STATUS_KEY) or STATUSES[0]),
            due if isinstance(due, date) else None,
            str(st.session_state.get(NOTE_KEY) or ""),
        )
        actions = current.actions.with_item(group.group, item)
        for qid in group.overrides:
            reason = checked_reason(
                str(st.session_state.get(f"{FORM_KEY}.by.{qid}") or ""),
                str(st.session_state.get(f"{FORM_KEY}.why.{qid}") or ""),
            )
            actions = actions.with_reason(group.group, qid, reason)
    except ActionItemError as error:
        st.session_state[_PROBLEM] = f"The item was not kept: {error}."
        return
    logstate.update(actions=actions)
    st.session_state[_DONE] = group.group
