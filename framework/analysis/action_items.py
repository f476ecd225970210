"""What the team does about each group, saved with the analysis: an owner, a status, a due
date and a note per group, and who said so and why for every answer set by hand.

    actions = ActionItems().with_item("INV_DRIFT", ActionItem("Amira", IN_PROGRESS, due, "…"))
    actions = actions.with_reason("INV_DRIFT", "retry_resolves", OverrideReason("Tom", "…"))
    actions.kept_for(analysis)      # only known groups, and reasons of answers set by hand
    actions.to_dict() / ActionItems.from_dict(data)

Items live in the saved document (`AnalysisDocument.actions`), so every revision carries
them: a revision saved from another keeps its items unless someone changed them, and
`framework.analysis.revision_diff` tells which changed between two revisions. A group without
an item reads as open, with nobody named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from framework.analysis.results import Analysis

OPEN, IN_PROGRESS, DONE, WONT_FIX = "open", "in_progress", "done", "wont_fix"
STATUSES = (OPEN, IN_PROGRESS, DONE, WONT_FIX)
STATUS_LABELS = {OPEN: "Open", IN_PROGRESS: "In progress", DONE: "Done", WONT_FIX: "Won't fix"}
MAX_OWNER = 100
MAX_NOTE = 2000
MAX_WHY = 1000


class ActionItemError(ValueError):
    """An action item or reason that cannot be kept; the message says which part and why."""


@dataclass(frozen=True)
class ActionItem:
    """One group's follow-up: who owns it, where it stands, by when, and a note."""

    owner: str = ""
    status: str = OPEN
    due: date | None = None
    note: str = ""

    @property
    def empty(self) -> bool:
        return self == ActionItem()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        due = self.due.isoformat() if self.due else None
        return {"owner": self.owner, "status": self.status, "due": due, "note": self.note}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ActionItem:
        due = data.get("due")
        return checked_item(
            str(data.get("owner") or ""),
            str(data.get("status") or OPEN),
            date.fromisoformat(str(due)) if due else None,
            str(data.get("note") or ""),
        )


@dataclass(frozen=True)
class OverrideReason:
    """Who said an answer is not what the log shows, and why."""

    by: str = ""
    why: str = ""

    @property
    def empty(self) -> bool:
        return not (self.by or self.why)

    def to_dict(self) -> dict[str, str]:
        return {"by": self.by, "why": self.why}


def checked_item(owner: str, status: str, due: date | None, note: str) -> ActionItem:
    """An item with its texts trimmed (owner on one line); `ActionItemError` for an unknown
    status or a text over its limit."""
    if status not in STATUSES:
        known = ", ".join(STATUSES)
        raise ActionItemError(f"unknown status {status!r} (choose one of: {known})")
    owner = " ".join(owner.split())
    _limit("owner", owner, MAX_OWNER)
    _limit("note", note.strip(), MAX_NOTE)
    return ActionItem(owner, status, due, note.strip())


def checked_reason(by: str, why: str) -> OverrideReason:
    """A reason with its texts trimmed; `ActionItemError` when one is over its limit."""
    by = " ".join(by.split())
    _limit("who", by, MAX_OWNER)
    _limit("why", why.strip(), MAX_WHY)
    return OverrideReason(by, why.strip())


def _limit(name: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise ActionItemError(f"the {name} is {len(text):,} characters; at most {limit:,} fit")


@dataclass(frozen=True)
class ActionItems:
    """Every group's item and every override's reason: {group: item}, {group: {question:
    reason}}. Empty items and reasons are never kept."""

    items: Mapping[str, ActionItem] = field(default_factory=dict)
    reasons: Mapping[str, Mapping[str, OverrideReason]] = field(default_factory=dict)

    def item(self, group: str) -> ActionItem:
        return self.items.get(group, ActionItem())

    def reason(self, group: str, question: str) -> OverrideReason:
        return self.reasons.get(group, {}).get(question, OverrideReason())

    def with_item(self, group: str, item: ActionItem) -> ActionItems:
        items = {name: kept for name, kept in self.items.items() if name != group}
        if not item.empty:
            items[group] = item
        return replace(self, items=items)

    def with_reason(self, group: str, question: str, reason: OverrideReason) -> ActionItems:
        reasons = {name: dict(found) for name, found in self.reasons.items()}
        mine = reasons.setdefault(group, {})
        mine.pop(question, None)
        if not reason.empty:
            mine[question] = reason
        return replace(self, reasons={name: found for name, found in reasons.items() if found})

    def kept_for(self, analysis: Analysis) -> ActionItems:
        """Items of the groups `analysis` has, reasons of the answers set by hand in it."""
        groups = {group.group: group for group in analysis.groups}
        items = {name: item for name, item in self.items.items() if name in groups}
        reasons = {
            name: {qid: why for qid, why in found.items() if qid in groups[name].overrides}
            for name, found in self.reasons.items()
            if name in groups
        }
        return ActionItems(items, {name: found for name, found in reasons.items() if found})

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": {name: item.to_dict() for name, item in self.items.items()},
            "reasons": {
                name: {qid: reason.to_dict() for qid, reason in found.items()}
                for name, found in self.reasons.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ActionItems:
        """Read back a saved part (None or {} for a document saved before items existed);
        raises `ActionItemError`, `ValueError` or `TypeError` when it is damaged."""
        if not data:
            return cls()
        items = {str(name): ActionItem.from_dict(item) for name, item in data["items"].items()}
        reasons = {
            str(name): {
                str(qid): checked_reason(str(why.get("by") or ""), str(why.get("why") or ""))
                for qid, why in found.items()
            }
            for name, found in data["reasons"].items()
        }
        actions = cls()
        for name, item in items.items():
            actions = actions.with_item(name, item)
        for name, found in reasons.items():
            for qid, reason in found.items():
                actions = actions.with_reason(name, qid, reason)
        return actions
