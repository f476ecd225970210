"""Compare two periods (AppTest): the sample periods as two logs, as one log split on the day
of the change, and as two saved analyses, each reading as the ground truth says; what is
missing or wrong is a message, never a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framework.analysis.document import AnalysisDocument
from framework.analysis.pipeline import analyze_table
from framework.logs.reading import read_log_file
from framework.spec.model import Spec
from framework.store.config import sqlite_url
from framework.store.saved_analyses import open_store
from tests.support.apptest import click, open_app, texts
from tests.support.lead_page import ok, plain, uploader
from tests.support.sample_logs import DATA, TRUTH
from ui import COMPARE_PAGE
from ui.lead import compare

READINGS = TRUTH["comparisons"]["period_before.csv → period_after.csv"]["readings"]


@pytest.fixture(autouse=True)
def own_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "triage.db"
    monkeypatch.setenv("TRIAGE_DB_PATH", str(path))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRIAGE_SPEC", raising=False)
    return path


def open_compare() -> AppTest:
    return open_app(page=COMPARE_PAGE)


def readings(at: AppTest) -> dict[str, str]:
    """{group: reading label} from the comparison table."""
    frame = at.dataframe[0].value
    return dict(zip(frame["Group"], frame["Reading"], strict=True))


def expected_labels(spec: Spec) -> dict[str, str]:
    return {group: spec.follow_up.readings[key].label for group, key in READINGS.items()}


def test_sample_periods_as_two_logs(spec: Spec) -> None:
    """One click on the sample periods, Compare: every group reads as the ground truth says,
    with both charts, new and vanished groups and the three downloads."""
    at = click(open_compare(), "Try the sample periods")
    click(at, "Compare")
    assert readings(at) == expected_labels(spec)
    shown = texts(at)
    assert "Before: period_before.csv · 04 Mar 2024 – 14 Apr 2024 (42 days)" in shown
    assert "Changed on 15 Apr 2024: Order-status and SKU mappings fixed" in shown
    assert "BOPIS_CANCEL_NOT_SYNCED (downstream of CHANNEL_ORDER_STATUS_MISMATCH)" in shown
    assert "CUSTOMER_MERGE_CONFLICT" in [t.value for t in at.text]  # the vanished groups
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cleared"] == "2 groups" and metrics["Changed shape"] == "1 group"
    assert len(at.get("vega_lite_chart")) == 2
    labels = [b.label for b in at.download_button]
    assert labels == ["Report (HTML)", "Report (Markdown)", "Comparison (JSON)"]


def test_uploaded_logs_compare_and_the_uploaders_empty(spec: Spec) -> None:
    """Both periods uploaded: each uploader empties once its file is read (the page keeps
    the log and names it), and the comparison reads as the ground truth says."""
    at = open_compare()
    for key, name in zip((compare.BEFORE_KEY, compare.AFTER_KEY), compare.SAMPLES, strict=True):
        ok(uploader(at, key).upload(name, (DATA / name).read_bytes(), "text/csv").run())
        assert uploader(at, key).key == f"{key}.1"
        assert uploader(at, key).value is None
        assert f"Using {name}" in [caption.value for caption in at.caption]
    click(at, "Compare")
    assert readings(at) == expected_labels(spec)


def test_one_group_before_and_after(spec: Spec) -> None:
    """Picking a group shows its reading, its type before and after and each answer."""
    at = click(click(open_compare(), "Try the sample periods"), "Compare")
    ok(at.selectbox(key=compare.DETAIL_KEY).set_value("PO_AMENDMENT_WMS_GAP").run())
    assert "Type: Integration → Both (process primary)" in texts(at)
    answers = at.dataframe[1].value.to_dict("records")
    assert answers[1] == {
        "Question": "2. Who handles it",
        "Before": "No",
        "After": "Yes",
        "Changed": True,
    }


def test_one_log_split_at_the_change(spec: Spec) -> None:
    """The sample queue in one log, split on 15 April: the same readings, the day marked."""
    at = open_compare()
    ok(at.radio(key=compare.MODE_KEY).set_value(compare.SPLIT).run())
    click(at, "Try the sample queue (both periods in one log)")
    assert at.date_input(key=compare.DAY_KEY).value == date(2024, 4, 15)
    click(at, "Compare")
    assert readings(at) == expected_labels(spec)
    assert "period_before_and_after.csv, before 2024-04-15" in texts(at)


def test_two_saved_analyses(spec: Spec, own_database: Path) -> None:
    """Two share links pasted: the saved analyses compare as the logs did."""
    ids = []
    with open_store(sqlite_url(own_database)) as store:
        for name in ("period_before.csv", "period_after.csv"):
            _, analysis = analyze_table(read_log_file(DATA / name), spec)
            ref = store.create(
                AnalysisDocument(analysis, name).to_dict(),
                title=name,
                spec_version=spec.version,
                spec_digest=spec.digest,
            )
            ids.append(ref.analysis_id)
    at = open_compare()
    ok(at.radio(key=compare.MODE_KEY).set_value(compare.SAVED).run())
    at.text_input(key=compare.BEFORE_LINK).input(
        f"http://localhost:8501/analyze?analysis={ids[0]}&rev=1"
    )
    at.text_input(key=compare.AFTER_LINK).input(ids[1])
    click(at, "Compare")
    assert readings(at) == expected_labels(spec)
    assert "period_after.csv (saved, revision 1)" in texts(at)


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        (compare.TWO_LOGS, "Give both logs (before and after), or try the sample periods."),
        (compare.SPLIT, "Give the log and the day it changed"),
        (compare.SAVED, "Paste both saved analyses' links (or ids)."),
    ],
)
def test_missing_input_is_a_message(mode: str, message: str) -> None:
    """Comparing without the inputs says what to give."""
    at = open_compare()
    ok(at.radio(key=compare.MODE_KEY).set_value(mode).run())
    click(at, "Compare")
    assert message in plain(at.error[0].value)


def test_bad_saved_link_and_a_day_outside_the_log() -> None:
    """A mistyped id and a split day outside the log are explained, not raised."""
    at = open_compare()
    ok(at.radio(key=compare.MODE_KEY).set_value(compare.SAVED).run())
    at.text_input(key=compare.BEFORE_LINK).input("nope")
    at.text_input(key=compare.AFTER_LINK).input("nope")
    click(at, "Compare")
    assert "'nope' is not a saved-analysis id" in plain(at.error[0].value)
    ok(at.radio(key=compare.MODE_KEY).set_value(compare.SPLIT).run())
    click(at, "Try the sample queue (both periods in one log)")
    ok(at.date_input(key=compare.DAY_KEY).set_value(date(2025, 1, 1)).run())
    click(at, "Compare")
    assert "no exception is dated on or after 2025-01-01" in plain(at.error[0].value)


def test_saved_link_parsing() -> None:
    """A share link gives its id and revision; anything else is taken as an id."""
    assert compare.saved_link("https://x/analyze?analysis=abc&rev=3") == ("abc", "3")
    assert compare.saved_link("https://x/analyze?analysis=abc") == ("abc", None)
    assert compare.saved_link("abc") == ("abc", None)
