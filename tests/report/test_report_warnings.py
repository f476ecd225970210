"""The report's group detail says which verdicts rest on a guess or on little data: a
"Warning:" paragraph and one item per warning, under exactly the groups that have some, in
Markdown and HTML alike."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest

from framework.analysis.document import AnalysisDocument
from framework.analysis.pipeline import analyze_table
from framework.logs.reading import read_log, read_log_file
from framework.report.analysis_report import (
    ReportContext,
    analysis_report_html,
    analysis_report_markdown,
)
from framework.report.blocks import markdown_escape
from framework.spec.model import Spec
from tests.support.sample_logs import DATA
from tests.support.warning_logs import FIRM, RARE, THIN, thin_log

WHEN = ReportContext(generated=datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
LEAD = "Warning:"


def detail(markdown: str, group: str) -> str:
    """The Markdown of one group's detail (from its heading to the next)."""
    part = markdown.split(f"\n### {markdown_escape(group)}\n", 1)[1]
    return re.split(r"\n##+ ", part, maxsplit=1)[0]


def document(spec: Spec, header: str) -> AnalysisDocument:
    """The report document of `thin_log(header)`."""
    table = read_log(thin_log(header), "thin.csv")
    return AnalysisDocument(analyze_table(table, spec)[1], "Thin log")


@pytest.mark.parametrize(
    ("group", "items"),
    [
        (FIRM, ["The groups are made from a guessed column", "Only 5. Root cause decided"]),
        (
            THIN,
            [
                "The groups are made from a guessed column",
                "Only 5. Root cause decided",
                "The deciding answer (5. Root cause) rests on 8 occurrences",
            ],
        ),
        (RARE, []),
    ],
)
def test_the_group_detail_lists_its_warnings(spec: Spec, group: str, items: list[str]) -> None:
    """Each warned group's detail has the lead and its warnings as items; the undetermined
    group has none."""
    markdown = analysis_report_markdown(document(spec, "col6"), None, WHEN)
    text = detail(markdown, group)
    listed = [line[2:] for line in text.splitlines() if line.startswith("- ")]
    assert (LEAD in text) is bool(items)
    assert len(listed) == len(items)
    for line, start in zip(listed, items, strict=True):
        assert line.replace("\\", "").startswith(start)


def test_the_html_report_holds_the_same_warnings(spec: Spec) -> None:
    """The HTML page lists each warning as an item (the column name escaped, shown as is)."""
    page = analysis_report_html(document(spec, "col6"), None, WHEN)
    items = re.findall(r"<li>(.*?)</li>", page, flags=re.DOTALL)
    warned = [html.unescape(item) for item in items if "guessed column" in html.unescape(item)]
    assert len(warned) == 2
    assert "Error code / type ← 'col6'" in warned[0]


def test_a_report_without_warnings_has_no_warning(spec: Spec) -> None:
    """The ops sample's report warns of nothing."""
    table = read_log_file(DATA / "exceptions_ops.csv")
    doc = AnalysisDocument(analyze_table(table, spec)[1], "Ops")
    assert LEAD not in analysis_report_markdown(doc, table.frame, WHEN)
