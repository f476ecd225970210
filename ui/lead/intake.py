"""Tag a record: paste one incoming exception (a JSON object) and see what `python -m framework
tag` would add to it: its group, the group's verdict, primary type and both-present flag, or
unknown-group."""

from __future__ import annotations

import json

import streamlit as st

from framework import (
    UNKNOWN_GROUP,
    Analysis,
    MappingError,
    RecordError,
    SavedRef,
    Spec,
    Tagger,
    markdown_escape,
    parse_record,
)
from ui import widgets

RECORD_KEY = "lead.intake.record"
_RESULT = "lead.intake.result"


def section(spec: Spec, analysis: Analysis, saved: SavedRef | None) -> None:
    """The paste box, the tag of the pasted record, and how to tag a whole queue."""
    st.caption(
        "Make it a habit: tag every incoming exception with its type before anyone touches "
        "it. Paste one record as your queue sends it (a JSON object with the log's column "
        "names) to see its tag."
    )
    st.text_area(
        "One exception record (JSON)",
        key=RECORD_KEY,
        height=140,
        placeholder=example(analysis),
    )
    with st.container(horizontal=True):
        if st.button("Tag it", type="primary", icon=":material/sell:"):
            st.session_state[_RESULT] = _tag(analysis, str(st.session_state.get(RECORD_KEY) or ""))
        st.button("Use an example", type="tertiary", on_click=_use_example, args=(analysis,))
    result = st.session_state.get(_RESULT)
    if isinstance(result, str):
        st.error(markdown_escape(result), icon=":material/error:")
    elif isinstance(result, dict):
        _show(spec, result)
    _command(saved)


def example(analysis: Analysis) -> str:
    """A record of the analysis' most recurring group, keyed by the log's column names."""
    columns = analysis.columns
    record: dict[str, str] = {}
    top = analysis.groups[0] if analysis.groups else None
    if top is not None and analysis.group_by != "boundary":
        record[str(columns.get(analysis.group_by) or analysis.group_by)] = top.group
    elif top is not None and top.boundary and " → " in top.boundary:
        source, target = top.boundary.split(" → ", 1)
        record[str(columns.get("source_system") or "source_system")] = source
        record[str(columns.get("target_system") or "target_system")] = target
    if columns.get("message"):
        record[str(columns["message"])] = "…"
    return json.dumps(record, ensure_ascii=False)


def _use_example(analysis: Analysis) -> None:
    st.session_state[RECORD_KEY] = example(analysis)
    st.session_state.pop(_RESULT, None)


def _tag(analysis: Analysis, text: str) -> dict[str, object] | str:
    """The record with its tag added, or what is wrong with the paste."""
    if not text.strip():
        return "Paste a record first: one JSON object, e.g. " + example(analysis)
    try:
        record = parse_record(text.strip())
        tag = Tagger(analysis).tag_record(record)
    except RecordError as error:
        return f"This is not one exception record: {error.problem}. Paste a single JSON object."
    except MappingError as error:
        return str(error)
    return {**record, "triage": tag.to_dict()}


def _show(spec: Spec, tagged: dict[str, object]) -> None:
    tag = tagged["triage"]
    assert isinstance(tag, dict)
    st.markdown("**Tagged**")
    st.text(f"Group: {tag['group']}")
    if tag["verdict"] == UNKNOWN_GROUP:
        st.warning(
            "unknown-group: this analysis has not seen this group. Triage it before anyone "
            "starts fixing it, then save the analysis again so the tag knows it.",
            icon=":material/help:",
        )
    else:
        verdict = spec.tag(str(tag["verdict"]))
        widgets.badges(verdict)
        primary = spec.verdicts[str(tag["primary_type"])].label
        both = "yes" if tag["both_present"] else "no"
        st.text(f"Primary type: {primary} · both types present: {both}")
    st.caption("The record as `python -m framework tag` writes it back:")
    st.code(json.dumps(tagged, ensure_ascii=False), language="json", wrap_lines=True)


def _command(saved: SavedRef | None) -> None:
    st.markdown("**Tag a whole queue**")
    if saved is None:
        st.caption("Save the analysis first (Save & share): the command tags with a saved one.")
        return
    st.code(
        f"python -m framework tag --analysis={saved.analysis_id} < new.jsonl > tagged.jsonl",
        language="bash",
        wrap_lines=True,
    )
    st.caption(
        "JSON Lines in, each record written back with its tag, streamed. The README shows how "
        "to call it from a ticketing webhook or a cron job."
    )
