"""What a comparison shows: its table rows (rates, change, types, answers that changed) and
its two charts (volumes per group before and after, the timeline with change markers)."""

from __future__ import annotations

from datetime import date

import pytest

from framework.analysis.comparison import ChangeMarker, Comparison, Period, compare
from framework.analysis.periods import log_period
from framework.logs.reading import read_log_file
from framework.spec.model import Spec
from framework.views.charts import NO_TIMESTAMPS, chart_svg
from framework.views.comparison_charts import (
    change_timeline,
    timeline_table,
    volume_chart,
    volume_table,
)
from framework.views.comparison_tables import comparison_frame, comparison_rows, period_line
from tests.support.builders import analysis, chart_values, group
from tests.support.sample_logs import DATA

MARKER = ChangeMarker(date(2024, 4, 15), "Mappings <fixed>")


@pytest.fixture(scope="module")
def comparison(spec: Spec) -> Comparison:
    before = log_period(read_log_file(DATA / "period_before.csv"), spec)
    after = log_period(read_log_file(DATA / "period_after.csv"), spec)
    return compare(before, after, [MARKER])


def test_rows_say_how_each_group_moved(comparison: Comparison) -> None:
    """Rates a week, the change, the type before and after and the answers that moved."""
    rows = {row.group: row for row in comparison_rows(comparison)}
    cleared = rows["INV_SYNC_DRIFT"]
    assert (cleared.reading_label, cleared.before, cleared.after, cleared.change) == (
        "Cleared",
        "50.0",
        "0.5",
        "−99%",
    )
    assert rows["CUSTOMER_MERGE_CONFLICT"].change == "gone"
    assert rows["LABEL_CREDENTIALS_EXPIRED"].before == "—"
    process = rows["PO_AMENDMENT_WMS_GAP"]
    assert process.types == "Integration → Both (process primary)"
    assert process.answers.startswith("2. Who handles it: No → Yes; 3. Retry: Yes → No")
    assert rows["BOPIS_CANCEL_NOT_SYNCED"].related == "CHANNEL_ORDER_STATUS_MISMATCH"
    assert list(comparison_frame(comparison)["Group"]) == [row.group for row in comparison.groups]


def test_period_line(comparison: Comparison) -> None:
    """Source, days covered and size of a period in one line."""
    assert period_line(comparison.after) == (
        "period_after.csv · 15 Apr 2024 – 12 May 2024 (28 days) · 572 exceptions in 7 groups"
    )


def test_volume_chart_pairs_each_group(comparison: Comparison) -> None:
    """Two bars per group, most recurring (in either period) first, weekly rates."""
    table = volume_table(comparison, limit=3)
    assert list(table["group"].unique()) == [
        "INV_SYNC_DRIFT",
        "CHANNEL_ORDER_STATUS_MISMATCH",
        "BOPIS_CANCEL_NOT_SYNCED",
    ]
    assert table.query("group == 'BOPIS_CANCEL_NOT_SYNCED'")["rate"].tolist() == [0.0, 32.5]
    values = chart_values(volume_chart(comparison))["bar"]
    assert len(values) == 2 * len(comparison.groups)
    assert "Exceptions a week per group" in chart_svg(volume_chart(comparison))


def test_timeline_has_both_periods_and_the_markers(comparison: Comparison) -> None:
    """Every day of both periods, before stacked under after, a rule and label per marker."""
    table, unit = timeline_table(comparison)
    assert unit == "day" and set(table["period"]) == {"Before", "After"}
    assert int(table["exceptions"].sum()) == 1120 + 572
    values = chart_values(change_timeline(comparison))
    assert values["rule"] == [
        {"day": "2024-04-15T00:00:00", "label": "Mappings <fixed>", "side": "right"}
    ]  # past the middle of the timeline: labelled on the rule's left, inside the plot
    svg = chart_svg(change_timeline(comparison))
    assert "Mappings &lt;fixed&gt;" in svg


def test_timeline_without_timestamps_says_so(spec: Spec) -> None:
    """Undated periods get a one-line message instead of an empty plot."""
    one = Period.of(analysis(spec, group(spec, "G", 9)), "b")
    chart = change_timeline(compare(one, one))
    assert chart_values(chart)["text"] == [{"text": NO_TIMESTAMPS}]
