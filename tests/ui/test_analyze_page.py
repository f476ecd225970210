"""The team lead's page in AppTest: samples and uploads, bad input, mapping, group-by,
overrides, downloads, and reruns that never recompute the analysis."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st

import framework.analysis.background
import framework.analysis.pipeline
from framework.spec.model import Spec
from tests.support.apptest import scroll_targets, switch_through_sidebar, texts, verdict_pills
from tests.support.lead_page import (
    click,
    group_rows,
    load_sample,
    ok,
    open_lead,
    override,
    plain,
    sample_bytes,
    show_tab,
    upload,
)
from tests.support.sample_logs import CATALOGUE, SAMPLES, TRUTH
from ui import ANALYZE_PAGE, TRIAGE_PAGE
from ui.lead import downloads, row_picker
from ui.lead.column_picker import column_key
from ui.lead.costs import MINUTES_KEY, editor_key

LOGS = Path(__file__).parents[1] / "fixtures" / "logs"


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test saves into its own SQLite file, never the project's triage.db."""
    monkeypatch.setenv("TRIAGE_DB_PATH", str(tmp_path / "triage.db"))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)


@pytest.fixture
def analyze_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the analyses computed in this process (cache emptied first, so the count starts
    at 0); a sample log is read and analysed here, an upload in a worker process."""
    calls: list[int] = []
    real: Callable[..., Any] = framework.analysis.pipeline.analyze

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    st.cache_resource.clear()
    monkeypatch.setattr(framework.analysis.pipeline, "analyze", counting)
    monkeypatch.setattr(framework.analysis.background, "analyze", counting)
    yield calls
    st.cache_resource.clear()


def test_empty_page_offers_upload_and_every_sample() -> None:
    """Before any log: an uploader, one button per sample log, and a word on what to expect."""
    at = open_lead()
    assert [t.value for t in at.title] == ["Analyse an exception log"]
    assert len(at.file_uploader) == 1
    assert [b.label for b in at.button] == list(CATALOGUE)
    assert "Upload the export of your exception queue" in at.info[0].value
    assert not at.tabs


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_log_gives_the_ground_truth_verdicts(spec: Spec, name: str) -> None:
    """One click on a sample shows the overview (what to fix first, then the totals and the
    charts), then every group with its expected verdict."""
    truth = TRUTH["files"][name]
    at = load_sample(open_lead(), name)
    assert [t.label for t in at.tabs] == [
        "Columns",
        "Overview",
        "Groups",
        "Cost",
        "Action items",
        "Tag a record",
        "Downloads",
        "Save & share",
    ]
    assert at.subheader[0].value == "Fix these first"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Exceptions"] == f"{truth['rows']:,}"
    assert metrics["Exception groups"] == str(len(truth["groups"]))
    charts = [chart.proto.spec for chart in at.get("vega_lite_chart")]
    assert len(charts) == 4
    assert "of the exceptions and of the groups" in charts[0]
    assert '"field": "group"' in charts[1] and "Occurrences per day" in charts[2]
    assert '"field": "system"' in charts[3]
    assert "Handoff map: exceptions per boundary" in texts(at)
    rows = group_rows(show_tab(at, "Groups"))
    shown = {row["Group"]: row["Verdict"] for row in rows}
    expected = {g: spec.verdicts[v["verdict"]].label for g, v in truth["groups"].items()}
    assert shown == expected
    counts = [row["Exceptions"] for row in rows]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("name", ["incident_events.csv", "process_mining.csv", "exports_fr.csv"])
def test_samples_of_other_shapes_give_their_ground_truth(spec: Spec, name: str) -> None:
    """One click on an event log or a foreign export: its columns are found without help, an
    event log counts cases (and says how many events), every group has its expected verdict,
    and no verdict waits for a column to be confirmed."""
    truth = TRUTH["files"][name]
    at = load_sample(open_lead(), name)
    metrics = {m.label: m.value for m in at.metric}
    if truth["unit"] == "cases":
        assert metrics["Cases"] == f"{truth['cases']:,}"
        assert f"Event log: {truth['rows']:,} events in {truth['cases']:,} cases" in texts(at)
    else:
        assert metrics["Exceptions"] == f"{truth['rows']:,}"
    rows = group_rows(show_tab(at, "Groups"))
    shown = {row["Group"]: row["Verdict"] for row in rows}
    assert shown == {g: spec.verdicts[v["verdict"]].label for g, v in truth["groups"].items()}


def test_the_system_log_sample_groups_by_template_and_keeps_warnings_and_errors() -> None:
    """The system log has no error code: its lines group by message template at once; with
    level WARN and ERROR kept, the 14 kinds of exception the ground truth records remain."""
    at = show_tab(load_sample(open_lead(), "system_log.jsonl"), "Columns")
    assert at.selectbox(key="lead.group_by").value == "message_template"
    at.selectbox(key=row_picker.COLUMN_KEY).set_value("level")
    at.multiselect(key=row_picker.VALUES_KEY).set_value(["WARN", "ERROR"])
    at = show_tab(click(at, "Apply"), "Overview")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Exceptions"], metrics["Exception groups"]) == ("1,654", "14")


def test_uploaded_log_with_other_column_names_is_mapped_without_help() -> None:
    """The helpdesk export's own names are recognised; the handler comes from 'Assigned To'."""
    at = upload(open_lead(), "helpdesk_export.csv", sample_bytes("helpdesk_export.csv"))
    assert "helpdesk_export.csv · 1,015 rows" in texts(at)
    show_tab(at, "Columns")
    assert at.selectbox(key=column_key("handler")).value == "Assigned To"
    assert at.selectbox(key=column_key("retry_count")).value == ""
    shown = texts(at)
    assert "Not in this log" in shown
    assert "Recognised by its header." not in shown  # each line says what the column holds
    assert "9 different values, e.g. INVOICE_PO_MISMATCH." in shown


@pytest.mark.parametrize(
    ("fixture", "upload_as", "where"),
    [
        ("ragged.csv", "ragged.csv", "ragged.csv, line 4"),
        ("invalid.json", "invalid.json", "invalid.json, line "),
        ("empty.csv", "empty.csv", "empty.csv"),
        ("no_header.csv", "no_header.csv", "no_header.csv, line 1"),
        ("binary.dat", "binary.csv", "binary.csv"),
    ],
)
def test_bad_upload_names_file_and_line_and_keeps_everything(
    fixture: str, upload_as: str, where: str
) -> None:
    """A broken file is an error naming it (and the line) with what to do; the sample log,
    its analysis and an override made on it all stay."""
    at = load_sample(open_lead(), "exceptions_ops.csv")
    show_tab(at, "Groups")
    first = group_rows(at)[0]["Group"]
    override(at, str(first), "payload_consistent", "no")
    before = group_rows(at)
    upload(at, upload_as, (LOGS / fixture).read_bytes())
    message = plain(at.error[0].value)
    assert message.startswith(f"**{where}")
    assert "What to do:" in message and "Nothing you had set up was lost" in message
    assert not at.exception
    assert "exceptions_ops.csv · 1,984 rows" in texts(at)
    assert group_rows(at) == before
    assert str(before[0]["1. Payload pattern"]).endswith("✎")


def test_a_later_good_upload_clears_the_error() -> None:
    """After a failed upload, a good one replaces the log and the error goes away."""
    at = upload(open_lead(), "ragged.csv", (LOGS / "ragged.csv").read_bytes())
    assert at.error and not at.tabs
    upload(at, "integration_events.jsonl", sample_bytes("integration_events.jsonl"))
    assert not at.error
    assert "integration_events.jsonl · 1,505 rows" in texts(at)


def test_mapping_change_reanalyses_and_can_be_undone() -> None:
    """Leaving the handler out makes 'who handles it' unsure with its reason, and the Columns
    tab says so on the Handler line; reset restores."""
    at = show_tab(load_sample(open_lead(), "integration_events.jsonl"), "Columns")
    ok(at.selectbox(key=column_key("handler")).set_value("").run())
    assert (
        "Left out by you: without it, question 2 (Who handles it) stays “not sure” for some "
        "groups." in texts(at)
    )
    assert "Missing, and answers would change with them: Handler" in texts(at)
    rows = group_rows(show_tab(at, "Groups"))
    assert {row["2. Who handles it"] for row in rows} == {"Not sure"}
    assert "The log has no Handler column" in texts(at)
    click(show_tab(at, "Columns"), "Back to the detected columns")
    assert at.selectbox(key=column_key("handler")).value == "operator"
    assert {row["2. Who handles it"] for row in group_rows(show_tab(at, "Groups"))} != {"Not sure"}


def test_group_by_boundary_groups_by_system_pair() -> None:
    """Grouping by boundary makes one group per 'source → target' pair."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Columns")
    assert at.selectbox(key="lead.group_by").options == [
        "Error code / type",
        "Boundary (source → target)",
        "Source system",
        "Target system",
        "Message template",
    ]
    ok(at.selectbox(key="lead.group_by").set_value("boundary").run())
    names = [str(row["Group"]) for row in group_rows(show_tab(at, "Groups"))]
    assert names and all(" → " in name for name in names)


def test_unmapping_the_group_by_column_is_refused() -> None:
    """Taking the error-code column away while grouping by it is refused; the mapping stays."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Columns")
    ok(at.selectbox(key=column_key("error_code")).set_value("").run())
    assert "the groups are made from Error code / type" in plain(at.error[0].value)
    assert at.selectbox(key=column_key("error_code")).value == "error_code"
    assert len(group_rows(show_tab(at, "Groups"))) == 16


def test_override_changes_the_verdict_at_once_and_resets(spec: Spec) -> None:
    """Overriding one answer re-diagnoses the group, marks it as set by hand; reset undoes it."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Groups")
    first = group_rows(at)[0]
    assert (first["Group"], first["Verdict"]) == ("INV_SYNC_DRIFT", "Integration problem")
    override(at, "INV_SYNC_DRIFT", "payload_consistent", "no")
    row = group_rows(at)[0]
    assert (row["Verdict"], row["Both present"], row["1. Payload pattern"]) == (
        "Process problem",
        True,
        "No ✎",
    )
    assert any("Set by hand · inferred Yes" in m.value for m in at.markdown)
    assert verdict_pills(at) == ["Process problem"]
    assert "Primary: Process (decided at step 1) · integration signals at steps 2, 3" in texts(at)
    click(at, "Reset to inferred")
    assert group_rows(at)[0]["Verdict"] == "Integration problem"
    assert not any("Set by hand" in m.value for m in at.markdown)


def test_selecting_a_group_opens_its_detail() -> None:
    """Picking another group shows its evidence, flowchart and sample rows, and asks the
    browser to bring the detail into view."""
    at = show_tab(load_sample(open_lead(), "helpdesk_export.csv"), "Groups")
    assert scroll_targets(at) == []
    name = str(group_rows(at)[2]["Group"])
    ok(at.selectbox(key="lead.group_pick").set_value(name).run())
    assert scroll_targets(at) == ["group-detail"]
    assert name in " ".join(h.proto.body for h in at.get("html"))
    assert at.get("graphviz_chart")
    samples = at.dataframe[1].value
    assert 0 < len(samples) <= 20


def test_reruns_overrides_and_page_switches_never_recompute(analyze_calls: list[int]) -> None:
    """The analysis runs once per log and mapping: not again for an override, a tab, a page
    switch there and back, or a mapping that was already analysed."""
    at = load_sample(open_lead(), "exceptions_ops.csv")
    assert len(analyze_calls) == 1
    show_tab(at, "Groups")
    override(at, "INV_SYNC_DRIFT", "retry_resolves", "no")
    show_tab(at, "Save & share")
    switch_through_sidebar(at, TRIAGE_PAGE)
    switch_through_sidebar(at, ANALYZE_PAGE)
    show_tab(at, "Groups")
    assert group_rows(at)[0]["3. Retry"] == "No ✎"
    assert len(analyze_calls) == 1
    show_tab(at, "Columns")
    ok(at.selectbox(key="lead.group_by").set_value("boundary").run())
    ok(at.selectbox(key="lead.group_by").set_value("error_code").run())
    assert len(analyze_calls) == 2
    assert group_rows(show_tab(at, "Groups"))[0]["3. Retry"] == "No ✎"


def test_downloads_are_offered_and_excel_refused_past_its_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tagged sheet (CSV, Excel) and group summary (CSV, JSON); Excel greyed out with the
    reason when the log has more rows than a worksheet holds."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Downloads")
    buttons = {b.label: b for b in at.download_button}
    assert list(buttons) == [
        "Report (HTML)",
        "Report (Markdown)",
        "Tagged sheet (CSV)",
        "Tagged sheet (Excel)",
        "Group summary (CSV)",
        "Group summary (JSON)",
    ]
    assert not any(b.disabled for b in buttons.values())
    monkeypatch.setattr(downloads, "EXCEL_MAX_ROWS", 1000)
    at.run()
    excel = next(b for b in at.download_button if b.label == "Tagged sheet (Excel)")
    assert excel.disabled
    assert "Excel cannot hold this sheet: it has 1,984 rows" in texts(at)


def test_workbook_with_several_sheets_offers_a_sheet_picker() -> None:
    """An .xlsx with three sheets reads the first and lets the user pick another."""
    at = upload(open_lead(), "workbook.xlsx", (LOGS / "workbook.xlsx").read_bytes())
    picker = at.selectbox(key="lead.sheet")
    assert picker.options == ["Exceptions", "Archive", "Titled"]
    assert "sheet 'Exceptions'" in texts(at)
    ok(picker.set_value("Archive").run())
    assert "1 row × 9 columns · Excel, sheet 'Archive'" in texts(at)


def test_log_content_is_never_rendered_as_markdown() -> None:
    """Group names and values that look like Markdown images stay plain text everywhere."""
    image = "![x](http://example.invalid/track.png)"
    rows = [
        "exception_id,timestamp,error_code,message",
        *[  # two codes: a single one on every row makes no group key
            f"E{n},2024-03-0{n % 9 + 1}T10:00:00Z,{[image, 'PLAIN_CODE'][n % 2]},unknown **code**"
            for n in range(12)
        ],
    ]
    at = upload(open_lead(), "evil.csv", "\n".join(rows).encode())
    show_tab(at, "Groups")
    markdown = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error)]
    assert not any(image in value or "**code**" in value for value in markdown)
    assert group_rows(at)[0]["Group"] == image
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert image in bodies and "<img" not in bodies


def test_cost_follows_the_minutes_per_fix_and_group_overrides() -> None:
    """Hours per week follow the global minutes and one group's own; the reset drops it."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Cost")
    assert {m.label: m.value for m in at.metric} == {"Manual fixing per week": "57.9 h"}
    ok(at.number_input(key=MINUTES_KEY).set_value(30.0).run())
    assert at.metric[0].value == "115.7 h"
    at.session_state[editor_key()] = {
        "edited_rows": {0: {"Minutes per fix": 60.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    table = ok(at.run()).data_editor[0].value
    assert list(table.loc[0, ["Group", "Minutes per fix"]]) == ["INV_SYNC_DRIFT", 60.0]
    assert at.metric[0].value == "139.1 h"
    click(at, "Use the global minutes for every group")
    assert at.metric[0].value == "115.7 h"
    assert set(at.data_editor[0].value["Minutes per fix"]) == {30.0}


def test_fix_plan_puts_integration_before_process_where_both_are_present() -> None:
    """A both-present group gets two steps in the plan, its integration fix first."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Cost")
    plan = at.dataframe[1].value  # [0] is the per-group minutes table
    both = plan[plan["Group"] == "INVOICE_PO_MISMATCH"]
    assert list(both["Fix"]) == ["Integration (step 1 of 2)", "Process (step 2 of 2)"]
    assert list(plan["Rank"]) == list(range(1, len(plan) + 1))
    assert "CUSTOMS_DOCS_HOLD" in texts(at)


def test_group_detail_says_what_would_flip_the_verdict() -> None:
    """The detail names the nearest flip and lists every single change that alters the tag."""
    at = show_tab(load_sample(open_lead(), "exceptions_ops.csv"), "Groups")
    assert "Nearest flip: If “Payload pattern” were “No” instead of “Yes”" in texts(at)
    assert "How close: At 93%, 13 points above the “Yes” mark of 80%" in plain(texts(at))
    changes = at.dataframe[1].value
    assert set(changes["Tagged"]) == {"Both present"} and len(changes) == 5
