"""One group in detail: each answer with its evidence and override, the flowchart path, the
advice, and sample rows shown as data."""

from __future__ import annotations

import hashlib
import html

import pandas as pd
import streamlit as st

from framework import (
    Analysis,
    FlipReport,
    GroupResult,
    Spec,
    clear_override,
    flip_report,
    group_rows,
    markdown_escape,
    points,
    set_override,
)
from framework.views.flowchart import flowchart_dot
from framework.views.lead_tables import AnswerView, answer_views, warning_lines
from framework.views.verdict_reading import verdict_reading
from ui import widgets
from ui.lead import session as logstate

SAMPLE_ROWS = 20


def answer_key(group: str, question_id: str) -> str:
    """The widget key of one group's override selectbox for one question."""
    return f"lead.answer.{_token(group)}.{question_id}"


DETAIL_KEY = "group-detail"


def detail(
    spec: Spec,
    analysis: Analysis,
    name: str,
    frame: pd.DataFrame | None,
    *,
    editable: bool,
    rows_note: str | None = None,
    key: tuple[object, ...],
) -> None:
    """The group's verdict, answers (with overrides), flowchart, advice and sample rows;
    `rows_note` says why there are no rows when `frame` is None; `key` names what the
    analysis and `frame` were made from (the sample rows are found once per key and group)."""
    group = analysis.group(name)
    flips = flip_report(spec, group)
    margins = {margin.question: margin.explanation for margin in flips.margins}
    with st.container(key=DETAIL_KEY):
        _header(spec, group, editable=editable)
        _warnings(analysis, group)
        left, right = st.columns([3, 2], gap="large")
        with left:
            for view in answer_views(spec, group):
                _answer(analysis, group, view, margins.get(view.question), editable=editable)
        with right:
            st.markdown("**The flowchart for this group**")
            st.graphviz_chart(flowchart_dot(spec, group.answers), width="content")
            st.caption("Bold: the path its answers take and the outcome they reach.")
            _what_would_flip(spec, flips)
            st.markdown("**What to do**")
            widgets.advice_block(group.diagnosis.advice)
        _sample_rows(analysis, name, frame, rows_note, key)


def heading(text: str) -> None:
    """A heading whose text comes from the log (escaped, never Markdown)."""
    st.html(f'<h4 style="margin:0.2rem 0 0.4rem">{html.escape(text)}</h4>')


def _header(spec: Spec, group: GroupResult, *, editable: bool) -> None:
    heading(group.group)
    reading = verdict_reading(spec, group.diagnosis)
    widgets.verdict_headline(spec, group.diagnosis, reading)
    widgets.tally_bars(spec, reading)
    facts = [f"{group.exceptions:,} exceptions"]
    if group.days_active is not None:
        facts.append(f"on {group.days_active} days")
    if group.first_seen and group.last_seen:
        facts.append(f"from {group.first_seen[:10]} to {group.last_seen[:10]}")
    if group.boundary:
        facts.append(f"mostly {group.boundary}")
    st.text(" · ".join(facts))
    if editable and group.overrides:
        count = len(group.overrides)
        st.button(
            f"Reset {'all ' if count > 1 else ''}{count} answer{'s' if count > 1 else ''} "
            "set by hand",
            key=f"lead.reset.{_token(group.group)}",
            icon=":material/restart_alt:",
            on_click=reset,
            args=(group.group, None),
        )


def _warnings(analysis: Analysis, group: GroupResult) -> None:
    """Why this verdict is less firm than it looks (a guessed column, one answer, few rows)."""
    lines = warning_lines(analysis, group)
    if lines:
        listed = "\n".join(f"- {markdown_escape(line)}" for line in lines)
        st.warning(
            f"**This verdict rests on a guess or on little data.**\n{listed}",
            icon=":material/warning:",
        )


def _what_would_flip(spec: Spec, flips: FlipReport) -> None:
    st.markdown("**What would flip the verdict**")
    st.text(flips.summary)
    if not flips.changes:
        return
    rows = [
        {
            "Question": spec.question(change.question).title,
            "Answer now": spec.question(change.question).answer(change.from_value).label,
            "If it were": spec.question(change.question).answer(change.to_value).label,
            "Tagged": spec.tag(change.tag).label,
            "Metric must move": None
            if change.metric_distance is None
            else points(change.metric_distance),
        }
        for change in flips.changes
    ]
    with st.expander(f"Every single change that alters the verdict ({len(rows)})"):
        st.dataframe(rows, hide_index=True)
        st.caption("“Metric must move” is empty where only a person's override can do it.")


def _answer(
    analysis: Analysis, group: GroupResult, view: AnswerView, margin: str | None, *, editable: bool
) -> None:
    question = analysis.spec.question(view.question)
    with st.container(border=True):
        st.caption(f"Question {view.number} · {view.title}")
        if editable:
            _answer_choice(analysis, group, view)
        else:
            # Read-only: the prompt as ordinary text and the answer beside it, not a greyed-out
            # control (the prompt and answer are spec texts).
            st.markdown(question.prompt)
            mark = "set by hand" if view.overridden else "inferred from the log"
            extra = f"; the log says {view.inferred_label}" if view.overridden else ""
            st.markdown(f"**Answer: {view.label}** · *{mark}{extra}*")
        st.text(view.evidence)
        if view.measure:
            st.caption(markdown_escape(view.measure))
        if margin and not view.unsure_reason and not view.overridden:
            st.caption(f"How close: {markdown_escape(margin)}")
        if view.unsure_reason:
            st.caption(f"Why unsure: {markdown_escape(view.unsure_reason)}")


def _answer_choice(analysis: Analysis, group: GroupResult, view: AnswerView) -> None:
    """The override selectbox, with the inferred / set-by-hand mark and its reset."""
    question = analysis.spec.question(view.question)
    key = answer_key(group.group, view.question)
    st.session_state[key] = view.value
    choice, mark = st.columns([3, 2], vertical_alignment="bottom")
    choice.selectbox(
        question.prompt,
        options=list(question.values),
        format_func=lambda value: _option(question.answer(value).label, value, view),
        key=key,
        on_change=set_answer,
        args=(analysis, group.group, view.question, key),
    )
    if view.overridden:
        mark.markdown(
            f":orange-badge[:material/edit: Set by hand · inferred {view.inferred_label}]"
        )
        mark.button(
            "Reset to inferred",
            key=f"{key}.reset",
            type="tertiary",
            on_click=reset,
            args=(group.group, view.question),
        )
    else:
        mark.markdown(":gray-badge[Inferred from the log]")


def _option(label: str, value: str, view: AnswerView) -> str:
    return f"{label} (inferred)" if value == view.inferred_value else label


def set_answer(analysis: Analysis, group: str, question_id: str, key: str) -> None:
    """Callback: set one answer of one group by hand (the inferred value clears it)."""
    current = logstate.draft()
    if current is None:
        return
    value = str(st.session_state[key])
    logstate.update(overrides=set_override(analysis, current.overrides, group, question_id, value))


def reset(group: str, question_id: str | None) -> None:
    """Callback: back to the inferred answer for one question, or for the whole group."""
    current = logstate.draft()
    if current is not None:
        logstate.update(overrides=clear_override(current.overrides, group, question_id))


def _sample_rows(
    analysis: Analysis,
    name: str,
    frame: pd.DataFrame | None,
    rows_note: str | None,
    key: tuple[object, ...],
) -> None:
    st.markdown("**Sample rows from the log**")
    if frame is None:
        st.caption(rows_note or "The log was not saved with this analysis: no rows to show.")
        return
    # The rows of a group do not change with overrides: found once per analysis and group
    # (a million-row log takes a while to pick twenty rows from).
    rows = logstate.memo(
        "sample_rows", (key, name), lambda: group_rows(frame, analysis, name, limit=SAMPLE_ROWS)
    )
    st.dataframe(rows, hide_index=True)
    st.caption(f"The first {len(rows)} rows of this group, as they are in the log.")


def _token(group: str) -> str:
    return hashlib.sha1(group.encode(), usedforsecurity=False).hexdigest()[:12]
