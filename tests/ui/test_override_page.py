"""An override is stored only while it differs from the inferred answer: an answer set away
and back leaves nothing behind, so a later remap never shows it as "set by hand"."""

from __future__ import annotations

from tests.support.lead_page import group_rows, load_sample, ok, open_lead, override, show_tab
from ui.lead.column_picker import column_key


def test_answer_set_back_to_the_inferred_one_is_no_override() -> None:
    """Set "Payload pattern" away from the log's answer and back, then unmap the payload and
    the systems (the log now answers "Not sure"): the table shows no ✎ and nothing is stored."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Groups")
    assert group_rows(at)[0]["1. Payload pattern"] == "Yes"
    override(at, "INV_SYNC_DRIFT", "payload_consistent", "no")
    assert group_rows(at)[0]["1. Payload pattern"] == "No ✎"
    override(at, "INV_SYNC_DRIFT", "payload_consistent", "yes")
    draft = at.session_state["lead.draft"]
    assert draft.overrides == {}
    show_tab(at, "Columns")
    for field in ("payload", "source_system", "target_system"):
        ok(at.selectbox(key=column_key(field)).set_value("").run())
    row = group_rows(show_tab(at, "Groups"))[0]
    assert row["Group"] == "INV_SYNC_DRIFT"
    assert row["1. Payload pattern"] == "Not sure"


def test_a_real_override_survives_a_remap_until_it_equals_the_log() -> None:
    """An override that still differs from the log's answer after a remap stays marked."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Groups")
    override(at, "INV_SYNC_DRIFT", "retry_resolves", "no")
    show_tab(at, "Columns")
    ok(at.selectbox(key=column_key("payload")).set_value("").run())
    row = group_rows(show_tab(at, "Groups"))[0]
    assert row["3. Retry"] == "No ✎"
