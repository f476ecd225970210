"""Action items and override reasons: kept per group, checked, carried in the saved document,
exported as a formula-safe CSV for a ticket tool; and what changed between two documents."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import Any

import pandas as pd
import pytest

from framework.analysis.action_export import COLUMNS, action_items_csv, action_items_table
from framework.analysis.action_items import (
    DONE,
    IN_PROGRESS,
    OPEN,
    ActionItem,
    ActionItemError,
    ActionItems,
    OverrideReason,
    checked_item,
    checked_reason,
)
from framework.analysis.document import AnalysisDocument
from framework.analysis.overrides import with_overrides
from framework.analysis.results import Analysis, AnalysisFormatError
from framework.analysis.revision_diff import document_changes
from framework.spec.model import Spec
from tests.support.builders import analysis, group

DUE = date(2024, 6, 1)


@pytest.fixture
def overridden(spec: Spec) -> Analysis:
    built = analysis(
        spec,
        group(spec, "INV_DRIFT", 40, "integration", boundary="WMS → Shopify"),
        group(spec, '=HYPERLINK("http://x")', 12, "process"),
    )
    return with_overrides(built, {"INV_DRIFT": {"retry_resolves": "no"}})


@pytest.fixture
def actions() -> ActionItems:
    return (
        ActionItems()
        .with_item("INV_DRIFT", ActionItem("Amira", IN_PROGRESS, DUE, "mapping ticket open"))
        .with_item('=HYPERLINK("http://x")', ActionItem("@Tom", OPEN, None, "=1+1"))
        .with_reason(
            "INV_DRIFT", "retry_resolves", OverrideReason("Tom", "retried twice, no change")
        )
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("x", "maybe", None, ""), "unknown status 'maybe' (choose one of: open, in_progress"),
        (("x" * 101, OPEN, None, ""), "the owner is 101 characters; at most 100 fit"),
        (("x", OPEN, None, "n" * 2001), "the note is 2,001 characters; at most 2,000 fit"),
    ],
)
def test_bad_items_are_refused_with_what_to_fix(arguments: tuple[Any, ...], message: str) -> None:
    """An unknown status or an overlong text is refused, naming the part and the limit."""
    with pytest.raises(ActionItemError, match=re.escape(message)):
        checked_item(*arguments)


def test_texts_are_tidied() -> None:
    """Owners and who-said-so read on one line; notes and reasons lose outer spaces."""
    assert checked_item(" Amira\n Haddad ", DONE, None, "  note \n") == ActionItem(
        "Amira Haddad", DONE, None, "note"
    )
    assert checked_reason(" Tom ", " because\n") == OverrideReason("Tom", "because")
    with pytest.raises(ActionItemError, match="the why is 1,001 characters"):
        checked_reason("Tom", "w" * 1001)


def test_empty_items_and_reasons_are_not_kept(actions: ActionItems) -> None:
    """Setting an item or reason back to nothing removes it."""
    cleared = actions.with_item("INV_DRIFT", ActionItem()).with_reason(
        "INV_DRIFT", "retry_resolves", OverrideReason()
    )
    assert "INV_DRIFT" not in cleared.items and cleared.reasons == {}
    assert cleared.item("INV_DRIFT") == ActionItem() and cleared.item("INV_DRIFT").status == OPEN


def test_kept_for_drops_unknown_groups_and_reasons_without_an_override(
    overridden: Analysis, actions: ActionItems
) -> None:
    """Items of groups the analysis lacks, and reasons of answers no longer set by hand, go."""
    extra = actions.with_item("GONE", ActionItem("x")).with_reason(
        "INV_DRIFT", "root_cause", OverrideReason("x", "y")
    )
    kept = extra.kept_for(overridden)
    assert set(kept.items) == {"INV_DRIFT", '=HYPERLINK("http://x")'}
    assert set(kept.reasons["INV_DRIFT"]) == {"retry_resolves"}


def test_document_carries_items_through_json(
    spec: Spec, overridden: Analysis, actions: ActionItems
) -> None:
    """Saved and read back, the items and reasons are the same."""
    document = AnalysisDocument(overridden, "Week 12", actions=actions)
    back = AnalysisDocument.from_dict(json.loads(json.dumps(document.to_dict())), spec)
    assert back.actions == actions
    assert back.actions.item("INV_DRIFT").due == DUE


def test_document_saved_before_items_reads_with_none(spec: Spec, overridden: Analysis) -> None:
    """A document from before action items existed opens with every group open."""
    data = AnalysisDocument(overridden).to_dict()
    del data["action_items"]
    assert AnalysisDocument.from_dict(data, spec).actions == ActionItems()


@pytest.mark.parametrize(
    "damage",
    [
        {"items": {"INV_DRIFT": {"status": "maybe"}}, "reasons": {}},
        {"items": {"INV_DRIFT": {"due": "next week"}}, "reasons": {}},
        {"items": []},
    ],
)
def test_damaged_items_are_a_format_error(
    spec: Spec, overridden: Analysis, damage: dict[str, Any]
) -> None:
    """A stored part that cannot be read is reported as a damaged document, not a crash."""
    data = {**AnalysisDocument(overridden).to_dict(), "action_items": damage}
    with pytest.raises(AnalysisFormatError, match="saved analysis is damaged"):
        AnalysisDocument.from_dict(data, spec)


def test_csv_has_a_row_per_group_ready_for_tickets(
    overridden: Analysis, actions: ActionItems
) -> None:
    """Every group, its fix, type, item and the answers set by hand with who and why."""
    document = AnalysisDocument(overridden, "Week 12", actions=actions)
    table = action_items_table(document, link="https://triage.example/analyze?analysis=x")
    assert tuple(table.columns) == COLUMNS
    first = table.iloc[0]
    assert first["Summary"] == "INV_DRIFT: Stabilise the handoff first, then define the rule"
    assert (first["Status"], first["Owner"], first["Due date"]) == (
        "In progress",
        "Amira",
        "2024-06-01",
    )
    assert first["Answers set by hand"] == (
        "3. Retry: No (the log says Yes), by Tom: retried twice, no change"
    )
    assert first["Link"] == "https://triage.example/analyze?analysis=x"


def test_csv_is_formula_safe(overridden: Analysis, actions: ActionItems) -> None:
    """A group name, owner or note that a spreadsheet would run is neutralised."""
    data = action_items_csv(AnalysisDocument(overridden, "=cmd", actions=actions))
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), dtype="str", encoding="utf-8-sig", keep_default_na=False)
    row = back.iloc[1]
    assert row["Group"] == '\'=HYPERLINK("http://x")'
    assert (row["Owner"], row["Note"], row["Analysis"]) == ("'@Tom", "'=1+1", "'=cmd")
    assert row["Summary"].startswith("'=HYPERLINK")
    assert back.iloc[0]["Exceptions"] == "40"


def test_changes_between_two_documents(
    spec: Spec, overridden: Analysis, actions: ActionItems
) -> None:
    """Answers set by hand, items, reasons, title and minutes: each difference in words."""
    older = AnalysisDocument(overridden, "Week 12", actions=actions).to_dict()
    edited = with_overrides(overridden, {"INV_DRIFT": {"root_cause": "missing_rule"}})
    newer_actions = actions.with_item("INV_DRIFT", ActionItem("Amira", DONE, DUE, "fixed"))
    newer = AnalysisDocument(edited, "Week 13", actions=newer_actions).to_dict()
    found = {(c.group, c.what): (c.before, c.after) for c in document_changes(spec, older, newer)}
    assert found == {
        (None, "Title"): ("Week 12", "Week 13"),
        ("INV_DRIFT", "Answer 3. Retry"): ("No (set by hand)", "Yes (inferred)"),
        ("INV_DRIFT", "Answer 5. Root cause"): (
            "Schema mismatch (inferred)",
            "Missing decision rule (set by hand)",
        ),
        ("INV_DRIFT", "Why 3. Retry was set by hand"): ("Tom: retried twice, no change", ""),
        ("INV_DRIFT", "Status"): ("In progress", "Done"),
        ("INV_DRIFT", "Note"): ("mapping ticket open", "fixed"),
    }


def test_no_change_is_no_diff(spec: Spec, overridden: Analysis) -> None:
    """The same document twice, or an item set to open with nobody, differs in nothing."""
    plain = AnalysisDocument(overridden).to_dict()
    touched = AnalysisDocument(
        overridden, actions=ActionItems().with_item("INV_DRIFT", ActionItem(status=OPEN))
    ).to_dict()
    assert document_changes(spec, plain, plain) == []
    assert document_changes(spec, plain, touched) == []
