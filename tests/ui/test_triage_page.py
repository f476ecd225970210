"""The triage page: one question at a time, a verdict card, and every answer kept in the URL."""

from __future__ import annotations

import pytest

from framework.spec.loader import load_spec
from framework.spec.model import Spec
from framework.views.triage_link import spec_stamp
from tests.support.apptest import (
    BASE_URL,
    button_disabled,
    button_labels,
    choose,
    click,
    on_screen,
    open_app,
    progress_text,
    scroll_targets,
    tally_votes,
    texts,
    verdict_pills,
    walk,
)
from ui.operator.verdict import REMAINING_LABEL

IDS = load_spec().question_ids
STAMP = spec_stamp(load_spec())


def test_fresh_page_starts_at_question_one(spec: Spec) -> None:
    """A new operator sees question 1 with its texts, nothing answered and no verdict yet."""
    at = open_app()
    first = spec.questions[0]
    assert [t.value for t in at.title] == ["Triage an exception"]
    assert on_screen(at) == f"Question 1 · {first.title}"
    assert f"##### {first.prompt}" in texts(at)
    assert first.explanation in texts(at)
    assert progress_text(at) == "Step 1 of 5 · 0 answered"
    assert list(at.radio[0].options) == [a.label for a in first.answers]
    assert at.radio[0].value is None
    assert button_disabled(at, "Back") and button_disabled(at, "Next")
    assert "Not decided yet: the flowchart needs step 1, “Payload pattern”." in texts(at)
    assert verdict_pills(at) == []
    assert not at.warning
    assert at.query_params == {}


def test_examples_and_hints_come_from_the_spec(spec: Spec) -> None:
    """Each example sits in the examples expander; each answer shows its hint as a caption."""
    at = open_app()
    first = spec.questions[0]
    expander = at.expander[0]
    assert expander.label == "Examples from retail operations"
    shown = "\n".join(m.value for m in expander.markdown)
    assert all(example in shown for example in first.examples)
    assert list(at.radio[0].proto.captions) == [a.hint for a in first.answers]


WALKS = [
    (
        ["no"],
        "Process problem",
        "Primary: Process (decided at step 1) · no integration",
        {"integration": 0, "process": 1},
    ),
    (
        ["yes", "no", "yes"],
        "Integration problem",
        "Primary: Integration (decided at step 3) · no process signals",
        {"integration": 3, "process": 0},
    ),
    (
        ["yes", "no", "no", "yes"],
        "Process problem",
        "Primary: Process (decided at step 4) · integration signals at steps 1 and 2 → both "
        "present: stabilise the handoff first, then define the rule",
        {"integration": 2, "process": 2},
    ),
    (
        ["yes", "unsure", "unsure", "unsure", "schema_mismatch"],
        "Integration problem",
        "Primary: Integration (decided at step 5) · no process signals",
        {"integration": 2, "process": 0},
    ),
    (
        ["unsure"] * 5,
        "Undetermined",
        "Undetermined: every answer on the flowchart's path was “not sure”",
        {"integration": 0, "process": 0},
    ),
]


@pytest.mark.parametrize(("values", "verdict", "headline", "votes"), WALKS, ids=range(len(WALKS)))
def test_walking_the_flow_ends_in_the_verdict_hero(
    values: list[str], verdict: str, headline: str, votes: dict[str, int]
) -> None:
    """The deciding answer puts the verdict first: the primary type alone as a pill (never a
    bare "Both present" badge beside it), the headline naming where it was decided and the
    other type's signals, the tally graded side by side, and the way on."""
    at = walk(open_app(), values)
    assert verdict_pills(at) == [verdict]
    assert f"**{headline}" in texts(at)
    assert tally_votes(at) == votes
    assert "See what to fix" in button_labels(at)
    assert (REMAINING_LABEL in button_labels(at)) is (len(values) < 5)
    assert "Next" not in button_labels(at)
    assert progress_text(at).startswith(
        "Undetermined after step 5" if verdict == "Undetermined" else "Decided at step "
    )


def test_the_deciding_answer_brings_the_verdict_into_view_and_next_the_question() -> None:
    """On the run after the deciding answer the page asks the browser to show the verdict; a
    Next click asks for the next question's card; an ordinary answer asks for nothing."""
    at = open_app()
    choose(at, "yes")
    assert scroll_targets(at) == []
    click(at, "Next")
    assert scroll_targets(at) == ["question-card"]
    choose(at, "yes")
    assert scroll_targets(at) == ["verdict-hero"]
    click(at, REMAINING_LABEL)
    assert on_screen(at) == "Question 3 · Retry"
    assert scroll_targets(at) == ["question-card"]


def test_see_what_to_fix_opens_the_fix_order_with_the_answers(spec: Spec) -> None:
    """The verdict's main action opens the fix-order page for this diagnosis, answers kept."""
    at = walk(open_app(), ["yes", "yes"])
    click(at, "See what to fix")
    assert [t.value for t in at.title] == ["Fix order"]
    assert verdict_pills(at) == ["Process problem"]
    assert spec.advice["both"].title in texts(at)
    assert at.query_params["varies_by_handler"] == "yes"


def test_glossary_is_reachable_from_every_question(spec: Spec) -> None:
    """Each question card offers the glossary's words with their meanings (from the spec)."""
    for step in spec.question_ids:
        at = open_app({"step": step})
        shown = texts(at)
        assert all(f"**{entry.term}**: {entry.meaning}" in shown for entry in spec.glossary)
    assert {"Payload", "Handoff", "Boundary", "Contract"} <= {e.term for e in spec.glossary}


@pytest.mark.parametrize("values", [w[0] for w in WALKS], ids=range(len(WALKS)))
def test_answers_are_written_to_the_url(values: list[str]) -> None:
    """After each answer the URL holds every answer under its question id."""
    at = walk(open_app(), values)
    expected = dict(zip(IDS, values, strict=False))
    assert {k: v for k, v in at.query_params.items() if k in IDS} == expected
    assert at.query_params.get("step", IDS[len(values) - 1]) == IDS[len(values) - 1]


def test_progress_and_back_next() -> None:
    """Next needs an answer; Back returns to the previous question with its answer kept; once
    the flowchart decides, the progress names the deciding step instead of "Step N of 5"."""
    at = open_app()
    choose(at, "yes")
    assert progress_text(at) == "Step 1 of 5 · 1 answered"
    assert not button_disabled(at, "Next")
    click(at, "Next")
    assert on_screen(at) == "Question 2 · Who handles it"
    assert progress_text(at) == "Step 2 of 5 · 1 answered"
    assert button_disabled(at, "Next")
    click(at, "Back")
    assert on_screen(at) == "Question 1 · Payload pattern"
    assert at.radio[0].value == "yes"
    click(at, "Next")
    choose(at, "yes")
    assert progress_text(at) == "Decided at step 2 · 2 of 5 answered"


def test_changing_an_earlier_answer_marks_the_later_ones_off_the_path() -> None:
    """Going back and changing question 1 re-decides there; the later answers stay, are marked
    off the flowchart's path, and the tally says it counts them."""
    at = walk(open_app(), ["yes", "no", "yes"])
    assert verdict_pills(at) == ["Integration problem"]
    click(at, "Back")
    click(at, "Back")
    assert on_screen(at) == "Question 1 · Payload pattern"
    choose(at, "no")
    assert verdict_pills(at) == ["Process problem"]
    shown = texts(at)
    assert (
        "**Primary: Process (decided at step 1) · integration signals at steps 2 and 3 → both "
        "present" in shown
    )
    assert (
        "The tally counts answers 1, 2 and 3 (answers 2 and 3 are off the flowchart's path and "
        "count in the tally only)." in shown
    )
    assert "- **2. Who handles it:** No → Integration · *off the path: tally only*" in shown
    assert "- **1. Payload pattern:** No → Process · *on the flowchart's path*" in shown
    assert tally_votes(at) == {"integration": 2, "process": 1}
    assert at.query_params["varies_by_handler"] == "no"
    assert at.query_params["retry_resolves"] == "yes"
    click(at, "Review step 2")
    assert at.radio[0].value == "no"
    assert "This question is off its path" in texts(at)


def test_operator_can_keep_answering_after_the_verdict() -> None:
    """Once decided, the remaining questions are offered apart from the fix; their answers
    refine the tally (both present) without changing the primary type."""
    at = walk(open_app(), ["no"])
    assert verdict_pills(at) == ["Process problem"]
    click(at, REMAINING_LABEL)
    assert on_screen(at) == "Question 2 · Who handles it"
    assert REMAINING_LABEL not in button_labels(at)
    assert "Completing the five-point check: 4 left." in texts(at)
    choose(at, "no")
    assert verdict_pills(at) == ["Process problem"]
    assert tally_votes(at) == {"integration": 1, "process": 1}
    assert "integration signals at step 2 → both present" in texts(at)
    assert "Next remaining question" in button_labels(at)


def test_link_restores_answers_label_step_and_verdict() -> None:
    """Opening a shared link shows the same question, answers, label and verdict."""
    params = {
        "payload_consistent": "yes",
        "varies_by_handler": "no",
        "retry_resolves": "yes",
        "label": "SKU rejected, Shopify → NetSuite",
        "step": "varies_by_handler",
        "version": STAMP,
    }
    at = open_app(params)
    assert on_screen(at) == "Question 2 · Who handles it"
    assert at.radio[0].value == "no"
    assert verdict_pills(at) == ["Integration problem"]
    assert at.text_input[0].value == "SKU rejected, Shopify → NetSuite"
    assert [t.value for t in at.text] == ["SKU rejected, Shopify → NetSuite"]
    assert at.query_params == params
    assert not at.warning


def test_link_from_another_questions_version_opens_with_a_note() -> None:
    """An older link still opens; an info note says the verdict follows the current version."""
    at = open_app({"payload_consistent": "no", "version": "0.9"})
    assert verdict_pills(at) == ["Process problem"]
    assert "made with version 0.9 of the questions" in at.info[0].value
    assert not at.warning
    assert at.query_params["version"] == STAMP
    choose(at, "yes")
    assert all("version 0.9" not in info.value for info in at.info)


def test_label_is_kept_in_the_url_and_shown_as_plain_text() -> None:
    """The label goes into the URL and is rendered with st.text, never as Markdown."""
    label = "![pixel](http://evil.example/p.png) **SKU**"
    at = walk(open_app(), ["no"])
    at.text_input[0].input(label).run()
    assert at.query_params["label"] == label
    assert [t.value for t in at.text] == [label]
    assert all(label not in m.value for m in at.markdown)


def test_tampered_link_is_ignored_with_a_notice() -> None:
    """Bad parts of a link are dropped with a warning; the valid parts and other pages' keys stay."""
    at = open_app(
        {
            "payload_consistent": "no",
            "retry_resolves": "perhaps",
            "label": "x" * 500,
            "colour": "red",
            "analysis": "17",
        }
    )
    assert len(at.warning) == 1
    warning = at.warning[0].value
    assert "`perhaps` is not one of `yes`, `no`, `unsure`" in warning
    assert "longer than 120 characters" in warning
    assert "`colour` is not used by this app" in warning
    assert verdict_pills(at) == ["Process problem"]
    assert at.query_params == {"payload_consistent": "no", "version": STAMP, "analysis": "17"}
    choose(at, "yes")
    assert not at.warning


def test_start_over_clears_answers_label_and_url() -> None:
    """Start over forgets everything and returns to question 1 with a clean URL."""
    at = open_app({"payload_consistent": "no", "label": "EDI 850"})
    click(at, "Start over")
    assert on_screen(at) == "Question 1 · Payload pattern"
    assert at.radio[0].value is None
    assert at.text_input[0].value == ""
    assert at.query_params == {}
    assert button_disabled(at, "Start over")


def test_share_link_and_summary_download() -> None:
    """The full share link is shown; the summary download is offered once there is an answer."""
    at = open_app()
    assert all(button.disabled for button in at.download_button)
    walk(at, ["yes", "no", "yes"])
    (link,) = [c.value for c in at.code]
    assert link.startswith(BASE_URL + "/")
    query = "payload_consistent=yes&varies_by_handler=no&retry_resolves=yes&step=retry_resolves"
    query += f"&version={STAMP}"
    assert link.endswith("?" + query)
    labels = [button.label for button in at.download_button]
    assert labels == ["Summary (Markdown)", "Summary (HTML, printable)"]
    assert not any(button.disabled for button in at.download_button)


def test_flowchart_highlights_the_path(spec: Spec) -> None:
    """The graphviz chart is the spec's flowchart, one card per step, the answered path bold."""
    at = walk(open_app(), ["yes", "no", "yes"])
    dot = at.get("graphviz_chart")[0].proto.spec
    bold = [line for line in dot.splitlines() if 'style="bold"' in line]
    assert [line.split(" [")[0].strip() for line in bold] == [
        '"q:payload_consistent" -> "q:varies_by_handler"',
        '"q:varies_by_handler" -> "q:retry_resolves"',
    ]
    assert "<B>Yes → Integration problem</B>" in dot
    assert all(f"{n}. {q.title}" in dot for n, q in enumerate(spec.questions, start=1))
