"""The comparison report: the periods and markers, every reading with its meaning, one row per
group, new and vanished groups, answers side by side; HTML self-contained, text from logs
never markup."""

from __future__ import annotations

import html
from datetime import date

import pytest

from framework.analysis.comparison import ChangeMarker, Comparison, compare
from framework.analysis.periods import log_period
from framework.logs.reading import read_log_file
from framework.report.comparison_report import (
    comparison_report_html,
    comparison_report_markdown,
)
from framework.spec.model import Spec
from tests.support.sample_logs import DATA

HOSTILE = "<script>alert(1)</script> [x](http://evil)"


@pytest.fixture(scope="module")
def comparison(spec: Spec) -> Comparison:
    before = log_period(read_log_file(DATA / "period_before.csv"), spec)
    after = log_period(read_log_file(DATA / "period_after.csv"), spec)
    return compare(before, after, [ChangeMarker(date(2024, 4, 15), HOSTILE)])


def test_html_report_holds_every_part(spec: Spec, comparison: Comparison) -> None:
    """Readings with their meaning, both charts inline, every group, new and vanished."""
    page = comparison_report_html(comparison, "After the fixes")
    assert "<title>After the fixes</title>" in page
    assert page.count('<img src="data:image/svg+xml;base64,') == 2
    for reading in spec.follow_up.readings.values():
        assert html.escape(reading.label) in page and html.escape(reading.text) in page
    for row in comparison.groups:
        assert row.group in page
    assert "<h3>New groups</h3>" in page and "<h3>Vanished groups</h3>" in page
    assert "script" not in page.replace("&lt;script&gt;", "").replace("/script&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markdown_escapes_what_came_from_the_user(comparison: Comparison) -> None:
    """A marker label or group name is literal text in Markdown: no link, no HTML."""
    text = comparison_report_markdown(comparison)
    assert text.startswith("# Did the fix work?\n")
    assert "[x](http" not in text and "<script>" not in text
    assert "\\<script\\>" in text
    assert "| CHANNEL_ORDER_STATUS_MISMATCH | Changed shape | 40.0 | 10.0 | −75% |" in text
    assert "### PO_AMENDMENT_WMS_GAP" in text
