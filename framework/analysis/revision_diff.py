"""What changed between two saved revisions of an analysis: answers set by hand, action items,
reasons, the title, the minutes per fix.

    changes = document_changes(spec, older_document, newer_document)   # saved JSON dicts
    for change in changes:
        change.group, change.what, change.before, change.after

It reads the documents as they were saved (`AnalysisDocument.to_dict()`), not as the current
questions.yaml would re-read them: a diff says what people changed, not what a new rule
changed. Values are compared as the text a person reads ("No (set by hand)", "In progress");
`flatten` gives them, keyed by (group or None, field), so a caller can follow one value
through a chain of revisions (`framework.store.revision_changes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from framework.analysis.action_items import OPEN, STATUS_LABELS
from framework.spec.model import Spec

Key = tuple[str | None, str]
ITEM_FIELDS = {"owner": "Owner", "status": "Status", "due": "Due date", "note": "Note"}
TITLE, MINUTES = "title", "minutes"


@dataclass(frozen=True)
class Change:
    """One value that differs: the group it belongs to (None: the whole analysis), a field
    key (`answer:<question>`, `reason:<question>`, an item field, `title`, `minutes`), what
    it is in words, and the text before and after ('' for nothing)."""

    group: str | None
    field: str
    what: str
    before: str
    after: str

    @property
    def key(self) -> Key:
        return (self.group, self.field)


def document_changes(
    spec: Spec, older: Mapping[str, Any], newer: Mapping[str, Any]
) -> list[Change]:
    """Every value that differs between two saved documents, analysis-wide first, then group
    by group in the newer document's order."""
    before, after = flatten(spec, older), flatten(spec, newer)
    order = {name: index for index, name in enumerate(_group_names(newer) + _group_names(older))}
    keys = sorted(
        {key for key in (*before, *after) if before.get(key, "") != after.get(key, "")},
        key=lambda key: (key[0] is not None, order.get(key[0] or "", 0), _field_order(key[1])),
    )
    return [
        Change(key[0], key[1], describe(spec, key[1]), before.get(key, ""), after.get(key, ""))
        for key in keys
    ]


def flatten(spec: Spec, document: Mapping[str, Any]) -> dict[Key, str]:
    """Every value a person can change in a saved document, as display text, by key."""
    out: dict[Key, str] = {(None, TITLE): str(document.get("title") or "")}
    cost = document.get("cost") or {}
    out[(None, MINUTES)] = f"{float(cost.get('minutes_per_fix', 0)):g}"
    for name, minutes in (cost.get("per_group") or {}).items():
        out[(str(name), MINUTES)] = f"{float(minutes):g}"
    for group in (document.get("analysis") or {}).get("groups") or []:
        name = str(group["group"])
        out[(name, "status")] = STATUS_LABELS[OPEN]  # a group without an item is open
        overrides = group.get("overrides") or {}
        for qid, value in (group.get("answers") or {}).items():
            mark = "set by hand" if qid in overrides else "inferred"
            out[(name, f"answer:{qid}")] = f"{_answer(spec, qid, value)} ({mark})"
    actions = document.get("action_items") or {}
    for name, item in (actions.get("items") or {}).items():
        for key in ITEM_FIELDS:
            value = item.get(key) or ""
            out[(str(name), key)] = STATUS_LABELS.get(value, value) if key == "status" else value
    for name, found in (actions.get("reasons") or {}).items():
        for qid, reason in found.items():
            who, why = reason.get("by") or "", reason.get("why") or ""
            out[(str(name), f"reason:{qid}")] = f"{who}: {why}" if who and why else who or why
    return {key: value for key, value in out.items() if value}


def describe(spec: Spec, field: str) -> str:
    """A field key in words: 'Answer 3. Retry', 'Why 3. Retry was set by hand', 'Owner'."""
    kind, _, qid = field.partition(":")
    if kind == "answer":
        return f"Answer {_question(spec, qid)}"
    if kind == "reason":
        return f"Why {_question(spec, qid)} was set by hand"
    if field == TITLE:
        return "Title"
    if field == MINUTES:
        return "Minutes per fix"
    return ITEM_FIELDS.get(field, field)


def _question(spec: Spec, qid: str) -> str:
    if qid in spec.question_ids:
        return f"{spec.number(qid)}. {spec.question(qid).title}"
    return qid


def _answer(spec: Spec, qid: str, value: str) -> str:
    if qid in spec.question_ids and value in spec.question(qid).values:
        return spec.question(qid).answer(value).label
    return str(value)


def _group_names(document: Mapping[str, Any]) -> list[str]:
    groups = (document.get("analysis") or {}).get("groups") or []
    return [str(group.get("group")) for group in groups]


def _field_order(field: str) -> tuple[int, str]:
    kinds = ["title", "minutes", "answer", "reason", *ITEM_FIELDS]
    kind = field.partition(":")[0]
    return (kinds.index(kind) if kind in kinds else len(kinds), field)
