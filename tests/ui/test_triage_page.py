"""The triage page: one question at a time, a verdict card, and every answer kept in the URL."""

from __future__ import annotations

import pytest

from framework.spec.loader import load_spec
from framework.spec.model import Spec
from framework.views.triage_link import spec_stamp
from tests.support.apptest import (
    BASE_URL,
    button_disabled,
    choose,
    click,
    on_screen,
    open_app,
    progress_text,
    texts,
    verdict_pills,
    walk,
)

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
    assert "Not decided yet." in texts(at)
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
    (["no"], "Process problem", "question 1, “Payload pattern” (No)", "Process 1", False),
    (
        ["yes", "no", "yes"],
        "Integration problem",
        "question 3, “Retry” (Yes)",
        "Integration 3",
        False,
    ),
    (
        ["yes", "no", "no", "yes"],
        "Process problem",
        "question 4, “After a clean handoff” (Yes)",
        "Integration 2 · Process 2",
        True,
    ),
    (
        ["yes", "unsure", "unsure", "unsure", "schema_mismatch"],
        "Integration problem",
        "question 5, “Root cause” (Schema mismatch)",
        "Integration 2 · Process 0",
        False,
    ),
    (["unsure"] * 5, "Undetermined", "no single question", "Integration 0 · Process 0", False),
]


@pytest.mark.parametrize(
    ("values", "verdict", "deciding", "tally", "both"), WALKS, ids=range(len(WALKS))
)
def test_walking_the_flow_ends_in_a_verdict_card(
    spec: Spec, values: list[str], verdict: str, deciding: str, tally: str, both: bool
) -> None:
    """Answering step by step shows the verdict, deciding question, tally and both-present flag."""
    at = walk(open_app(), values)
    expected_pills = [verdict, spec.both_present.label] if both else [verdict]
    assert verdict_pills(at) == expected_pills
    shown = texts(at)
    assert f"**Decided by:** {deciding}" in shown
    assert tally in shown
    assert f"**Both types present:** {'yes' if both else 'no'}" in shown
    assert (spec.both_present.summary in [i.value for i in at.info]) is both
    assert next(link.proto.label for link in at.get("page_link")) == "See the fix order"


@pytest.mark.parametrize("values", [w[0] for w in WALKS], ids=range(len(WALKS)))
def test_answers_are_written_to_the_url(values: list[str]) -> None:
    """After each answer the URL holds every answer under its question id."""
    at = walk(open_app(), values)
    expected = dict(zip(IDS, values, strict=False))
    assert {k: v for k, v in at.query_params.items() if k in IDS} == expected
    assert at.query_params.get("step", IDS[len(values) - 1]) == IDS[len(values) - 1]


def test_progress_and_back_next() -> None:
    """Next needs an answer; Back returns to the previous question with its answer kept."""
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


def test_changing_an_earlier_answer_keeps_the_later_ones() -> None:
    """Going back and changing question 1 re-decides; later answers stay and still count."""
    at = walk(open_app(), ["yes", "no", "yes"])
    assert verdict_pills(at) == ["Integration problem"]
    click(at, "Back")
    click(at, "Back")
    assert on_screen(at) == "Question 1 · Payload pattern"
    choose(at, "no")
    assert verdict_pills(at)[0] == "Process problem"
    assert "**Decided by:** question 1, “Payload pattern” (No)" in texts(at)
    assert "Integration 2 · Process 1" in texts(at)
    assert at.query_params["varies_by_handler"] == "no"
    assert at.query_params["retry_resolves"] == "yes"
    assert "Off the flowchart's path: “Who handles it”, “Retry”." in texts(at)
    click(at, "Next")
    assert at.radio[0].value == "no"
    assert "This answer only adds to the tally." in texts(at)


def test_operator_can_keep_answering_after_the_verdict() -> None:
    """Once decided, Next leads on to the remaining questions and their answers join the tally."""
    at = walk(open_app(), ["no"])
    assert verdict_pills(at) == ["Process problem"]
    click(at, "Next")
    assert on_screen(at) == "Question 2 · Who handles it"
    choose(at, "no")
    assert verdict_pills(at) == ["Process problem", "Both present"]
    assert "Integration 1 · Process 1" in texts(at)


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
    assert all(button.disabled for button in at.get("download_button"))
    walk(at, ["yes", "no", "yes"])
    (link,) = [c.value for c in at.code]
    assert link.startswith(BASE_URL + "/")
    query = "payload_consistent=yes&varies_by_handler=no&retry_resolves=yes&step=retry_resolves"
    query += f"&version={STAMP}"
    assert link.endswith("?" + query)
    labels = [button.label for button in at.get("download_button")]
    assert labels == ["Summary (Markdown)", "Summary (HTML, printable)"]
    assert not any(button.disabled for button in at.get("download_button"))


def test_flowchart_highlights_the_path(spec: Spec) -> None:
    """The graphviz chart is the spec's flowchart with the answered path in bold."""
    at = walk(open_app(), ["yes", "no", "yes"])
    dot = at.get("graphviz_chart")[0].proto.spec
    bold = [line for line in dot.splitlines() if 'style="bold"' in line]
    assert len(bold) == 3
    assert '"q:retry_resolves" -> "v:integration"' in bold[-1]
    assert all(f"{n}. {q.title}" in dot for n, q in enumerate(spec.questions, start=1))
