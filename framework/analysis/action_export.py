"""The action items of a saved analysis as a sheet a ticket tool imports: one row per group.

    table = action_items_table(document, link="https://…/analyze?analysis=…")
    data = action_items_csv(document, link=…)       # UTF-8 CSV with a BOM, formula-safe

Every group is a row, most recurring first: a group without an item is open with nobody
named, ready to be ticketed. Each row has a one-line summary (the group and the fix its type
calls for), the type, the exceptions, the item's owner, status, due date and note, and the
answers set by hand with who said so and why. Cells are neutralised by
`framework.analysis.exports` like every other export, so a group name or note starting with
'=' cannot run as a formula.
"""

from __future__ import annotations

import pandas as pd

from framework.analysis.action_items import ActionItems
from framework.analysis.document import AnalysisDocument
from framework.analysis.exports import sheet_csv
from framework.analysis.results import GroupResult
from framework.analysis.safe_cells import safe_frame
from framework.spec.model import Spec

COLUMNS = (
    "Summary",
    "Group",
    "Type",
    "Exceptions",
    "Status",
    "Owner",
    "Due date",
    "Note",
    "Answers set by hand",
    "Analysis",
    "Link",
)


def action_items_table(document: AnalysisDocument, link: str | None = None) -> pd.DataFrame:
    """One row per group with its item and its overrides' reasons, formula-safe."""
    analysis = document.analysis
    spec = analysis.spec
    actions = document.actions.kept_for(analysis)
    rows = []
    for group in analysis.groups:
        item = actions.item(group.group)
        advice = group.diagnosis.advice.title
        rows.append(
            (
                f"{group.group}: {advice}",
                group.group,
                spec.tag(group.tag).label,
                group.exceptions,
                item.status_label,
                item.owner,
                item.due.isoformat() if item.due else "",
                item.note,
                overrides_text(spec, group, actions),
                document.title,
                link or "",
            )
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return safe_frame(frame.astype({name: "str" for name in COLUMNS if name != "Exceptions"}))


def action_items_csv(document: AnalysisDocument, link: str | None = None) -> bytes:
    """The table as CSV bytes (UTF-8 with a BOM, as the other exports)."""
    return sheet_csv(action_items_table(document, link))


def overrides_text(spec: Spec, group: GroupResult, actions: ActionItems) -> str:
    """'3. Retry: No (the log says Yes), by Tom: retried twice, no change' per answer set by
    hand, joined by '; '."""
    parts = []
    for qid, value in group.overrides.items():
        question = spec.question(qid)
        inferred = question.answer(group.inferred[qid].value).label
        text = f"{spec.number(qid)}. {question.title}: {question.answer(value).label} "
        text += f"(the log says {inferred})"
        reason = actions.reason(group.group, qid)
        if reason.by:
            text += f", by {reason.by}"
        if reason.why:
            text += f": {reason.why}"
        parts.append(text)
    return "; ".join(parts)
