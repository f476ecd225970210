"""The downloadable summary tells the whole diagnosis on one page, and the label cannot inject."""

from __future__ import annotations

import re

import pytest

from framework.engine import diagnose
from framework.report.blocks import markdown_escape
from framework.report.triage_summary import summary_filename, summary_markdown
from framework.spec.loader import load_spec
from framework.spec.model import Spec
from tests.support.markdown_check import constructs, literal

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
                "- Primary: Integration (decided at step 3) · no process signals → fix the "
                "handoff contract",
                "step 3, “Retry”, answered “Yes”",
                "Integration 3 (steps 1, 2 and 3) · Process 0",
                "Both present: no.",
                "Flowchart path: 1. Payload pattern: Yes → 2. Who handles it: No → 3. Retry: "
                "Yes → Integration problem",
            ],
        ),
        (
            PROCESS_FIRST,
            [
                "**Verdict: Process problem.**",
                "step 1, “Payload pattern”, answered “No”",
                "Integration 0 · Process 1 (step 1)",
                "Flowchart path: 1. Payload pattern: No → Process problem",
            ],
        ),
        (
            BOTH,
            [
                "**Verdict: Integration problem.**",
                "- Primary: Integration (decided at step 3) · process signals at step 5 → "
                "both present: stabilise the handoff first, then define the rule",
                "Integration 3 (steps 1, 2 and 3) · Process 1 (step 5)",
                "answer 5 is off the flowchart's path and counts in the tally only",
                "Both present: yes.",
                "## What to do next: Stabilise the handoff first, then define the rule",
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
            [
                "**Verdict: not decided yet.** Not decided yet: the flowchart needs step 2, "
                "“Who handles it”.",
                "Flowchart path: 1. Payload pattern: Yes → 2. Who handles it: not answered yet",
            ],
        ),
    ],
    ids=["integration", "process", "both", "undetermined", "incomplete"],
)
def test_summary_states_verdict_reasoning_and_advice(
    spec: Spec, answers: dict[str, str], expected: list[str]
) -> None:
    """Verdict, the primary type's headline, deciding step, graded tally, both-present note,
    the flowchart's path and the advice title appear as stated."""
    text = summary_markdown(spec, diagnose(spec, answers))
    for fragment in expected:
        assert fragment in text


def test_summary_lists_every_question_with_its_role(spec: Spec) -> None:
    """The answers table has one row per question: its title and full text, the answer, the
    side it points to, and on-path / tally only / not answered."""
    text = summary_markdown(
        spec, diagnose(spec, {"payload_consistent": "no", "retry_resolves": "yes"})
    )
    rows = [line for line in text.splitlines() if re.match(r"\| \d \|", line)]
    roles = [
        ("No", "Process", "on the path"),
        ("—", "—", "not answered"),
        ("Yes", "Integration", "tally only"),
        ("—", "—", "not answered"),
        ("—", "—", "not answered"),
    ]
    assert rows == [
        f"| {n} | {q.title}: {' '.join(q.prompt.split())} | {a} | {side} | {role} |"
        for n, (q, (a, side, role)) in enumerate(zip(spec.questions, roles, strict=True), 1)
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
    "write to ops@example.com",
]


@pytest.mark.parametrize("label", INJECTIONS)
def test_label_is_escaped_so_it_renders_as_plain_text(spec: Spec, label: str) -> None:
    """No Markdown construct in a label survives: links, images, HTML, autolinks, emphasis."""
    title = summary_markdown(spec, diagnose(spec, PROCESS_FIRST), label=label).splitlines()[0]
    body = title.removeprefix("# Triage summary: ")
    assert constructs(body) == []
    assert literal(body) == " ".join(label.split())


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("a_b", "a_b"),
        ("exceptions_ops.csv", "exceptions_ops.csv"),
        ("_a_", "\\_a\\_"),
        ("[x](y)", "\\[x\\](y)"),
        ("a\nb", "a b"),
        ("http://x", "http:\u2060//x"),
    ],
)
def test_markdown_escape(text: str, escaped: str) -> None:
    """Only what could form Markdown is escaped (autolinks broken by an invisible word joiner);
    line breaks fold into spaces."""
    assert markdown_escape(text) == escaped


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "http://x/a b", "http://x/<script>", "data:text/html,hi"]
)
def test_unsafe_share_link_is_not_made_a_link(spec: Spec, url: str) -> None:
    """Only a plain http(s) address becomes a link; anything else is printed as escaped text."""
    text = summary_markdown(spec, diagnose(spec, PROCESS_FIRST), share_url=url)
    section = text.split("## Share link", 1)[1].split("---", 1)[0].strip()
    assert not section.startswith("<")
    assert literal(section) == " ".join(url.split())
    assert constructs(section) == []


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
