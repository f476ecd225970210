"""The downloadable summary tells the whole diagnosis on one page, and the label cannot inject."""

from __future__ import annotations

import re

import pytest

from framework.engine import diagnose
from framework.report.blocks import markdown_escape
from framework.report.triage_summary import summary_filename, summary_markdown
from framework.spec.loader import load_spec
from framework.spec.model import Spec

INTEGRATION_PATH = {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"}
BOTH = {**INTEGRATION_PATH, "root_cause": "missing_rule"}
PROCESS_FIRST = {"payload_consistent": "no"}
ALL_UNSURE = dict.fromkeys(load_spec().question_ids, "unsure")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            INTEGRATION_PATH,
            [
                "**Verdict: Integration problem.**",
                "question 3, “Retry”, answered “Yes”",
                "Integration 3 · Process 0",
                "Both present: no.",
            ],
        ),
        (
            PROCESS_FIRST,
            [
                "**Verdict: Process problem.**",
                "question 1, “Payload pattern”, answered “No”",
                "Integration 0 · Process 1",
            ],
        ),
        (
            BOTH,
            [
                "**Verdict: Integration problem.**",
                "Integration 3 · Process 1",
                "Both present: yes.",
                "## What to do next: Integration first, then process",
            ],
        ),
        (
            ALL_UNSURE,
            [
                "**Verdict: Undetermined.**",
                "Decided by: no question;",
                "## What to do next: Not enough to decide yet",
            ],
        ),
        (
            {"payload_consistent": "yes"},
            ["**Verdict: not decided yet.** The flowchart waits for question 2, “Who handles it”."],
        ),
    ],
    ids=["integration", "process", "both", "undetermined", "incomplete"],
)
def test_summary_states_verdict_reasoning_and_advice(
    spec: Spec, answers: dict[str, str], expected: list[str]
) -> None:
    """Verdict, deciding question, tally, both-present note and advice title appear as stated."""
    text = summary_markdown(spec, diagnose(spec, answers))
    for fragment in expected:
        assert fragment in text


def test_summary_lists_every_question_with_its_role(spec: Spec) -> None:
    """The answers table has one row per question: answer, side, and on-path / tally / open."""
    text = summary_markdown(
        spec, diagnose(spec, {"payload_consistent": "no", "retry_resolves": "yes"})
    )
    rows = [line for line in text.splitlines() if re.match(r"\| \d \|", line)]
    assert rows == [
        "| 1 | Payload pattern | No | Process | on the path |",
        "| 2 | Who handles it | — | — | not answered |",
        "| 3 | Retry | Yes | Integration | tally only |",
        "| 4 | After a clean handoff | — | — | not answered |",
        "| 5 | Root cause | — | — | not answered |",
    ]


def test_summary_carries_advice_steps_link_and_spec_version(spec: Spec) -> None:
    """Every advice step is numbered, the share link is an autolink, the spec version closes it."""
    diagnosis = diagnose(spec, PROCESS_FIRST)
    text = summary_markdown(
        spec, diagnosis, share_url="http://localhost:8501/?payload_consistent=no"
    )
    for number, step in enumerate(spec.advice["process"].steps, start=1):
        assert f"{number}. {step}" in text
    assert "<http://localhost:8501/?payload_consistent=no>" in text
    assert text.rstrip().endswith(f"Spec version {spec.version} (questions.yaml {spec.digest}).")


def test_summary_without_link_has_no_link_section(spec: Spec) -> None:
    """No share link given, no empty section."""
    assert "## Share link" not in summary_markdown(spec, diagnose(spec, PROCESS_FIRST))


INJECTIONS = [
    "![pixel](http://evil.example/p.png)",
    "[click me](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "see www.evil.example now",
    "http://evil.example/autolink",
    "**bold** _em_ `code` ~strike~ $x$",
    "# heading\n- list item",
    "&lt;entity&gt;",
]


@pytest.mark.parametrize("label", INJECTIONS)
def test_label_is_escaped_so_it_renders_as_plain_text(spec: Spec, label: str) -> None:
    """No Markdown construct in a label survives: links, images, HTML, autolinks, emphasis."""
    title = summary_markdown(spec, diagnose(spec, PROCESS_FIRST), label=label).splitlines()[0]
    body = title.removeprefix("# Triage summary: ")
    unescaped = re.sub(r"\\.", "", body)
    assert not set(unescaped) & set("[]()<>!*_`~$&:.#-")
    assert re.sub(r"\\(.)", r"\1", body) == " ".join(label.split())


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("a_b", "a\\_b"),
        ("[x](y)", "\\[x\\]\\(y\\)"),
        ("a\nb", "a b"),
    ],
)
def test_markdown_escape(text: str, escaped: str) -> None:
    """Special characters get a backslash; line breaks fold into spaces."""
    assert markdown_escape(text) == escaped


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "http://x/a b", "http://x/<script>", "data:text/html,hi"]
)
def test_unsafe_share_link_is_not_made_a_link(spec: Spec, url: str) -> None:
    """Only a plain http(s) address becomes a link; anything else is printed as escaped text."""
    text = summary_markdown(spec, diagnose(spec, PROCESS_FIRST), share_url=url)
    section = text.split("## Share link", 1)[1].split("---", 1)[0].strip()
    assert not section.startswith("<")
    assert re.sub(r"\\(.)", r"\1", section) == " ".join(url.split())


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("", "triage-summary.md"),
        ("SKU rejected, Shopify → NetSuite", "triage-sku-rejected-shopify-netsuite.md"),
        ("Café ü", "triage-cafe-u.md"),
        ("!!!", "triage-summary.md"),
        ("x" * 100, f"triage-{'x' * 60}.md"),
    ],
)
def test_summary_filename(label: str, name: str) -> None:
    """The file name is a short ASCII slug of the label, or a neutral default."""
    assert summary_filename(label) == name
