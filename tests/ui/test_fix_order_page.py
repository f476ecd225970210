"""The fix-order page: the advice for this diagnosis (or every case), the habit, the FAQ."""

from __future__ import annotations

import pytest

from framework.spec.loader import load_spec
from framework.spec.model import ADVICE_KEYS, Spec
from framework.views.triage_link import spec_stamp
from tests.support.apptest import open_app, switch_through_sidebar, texts, verdict_pills, walk

FIX_ORDER = "app_pages/fix_order.py"


def test_without_a_verdict_every_case_is_explained(spec: Spec) -> None:
    """No diagnosis yet: all four advice blocks, each under the case it applies to."""
    at = open_app(page=FIX_ORDER)
    shown = texts(at)
    assert "No verdict yet." in at.info[0].value
    for key in ADVICE_KEYS:
        advice = spec.advice[key]
        assert f"**{advice.title}**" in shown
        assert spec.tag(key).label in shown
        assert all(step in shown for step in advice.steps)


@pytest.mark.parametrize(
    ("params", "advice_key", "primary", "headline"),
    [
        (
            {"payload_consistent": "no"},
            "process",
            "process",
            "Primary: Process (decided at step 1)",
        ),
        (
            {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"},
            "integration",
            "integration",
            "Primary: Integration (decided at step 3)",
        ),
        (
            {"payload_consistent": "yes", "varies_by_handler": "yes"},
            "both",
            "process",
            "Primary: Process (decided at step 2) · integration signals at step 1 → both present",
        ),
        (
            dict.fromkeys(load_spec().question_ids, "unsure"),
            "undetermined",
            "undetermined",
            "Undetermined: every answer",
        ),
    ],
)
def test_diagnosis_gets_its_own_advice_first(
    spec: Spec, params: dict[str, str], advice_key: str, primary: str, headline: str
) -> None:
    """With a verdict, the page shows it as the triage does (the primary type, never only
    "Both present"), then its advice; the other cases are folded into an expander."""
    at = open_app(params, page=FIX_ORDER)
    assert verdict_pills(at) == [spec.verdicts[primary].label]
    assert f"**{headline}" in texts(at)
    top = "\n".join(m.value for m in at.main.markdown if m not in at.expander[0].markdown)
    assert f"**{spec.advice[advice_key].title}**" in top
    other = "\n".join(m.value for m in at.expander[0].markdown)
    assert at.expander[0].label == "The other cases"
    assert {key for key in ADVICE_KEYS if f"**{spec.advice[key].title}**" in other} == set(
        ADVICE_KEYS
    ) - {advice_key}


def test_team_habit_and_faq_follow(spec: Spec) -> None:
    """The team habit is shown, then every FAQ entry as an expander with its answer."""
    at = open_app(page=FIX_ORDER)
    assert spec.team_habit in texts(at)
    faq = [e for e in at.expander if e.label in {f.question for f in spec.faq}]
    assert [e.label for e in faq] == [f.question for f in spec.faq]
    assert [e.markdown[0].value for e in faq] == [f.answer for f in spec.faq]


def test_fix_order_reached_through_the_sidebar_keeps_the_diagnosis(spec: Spec) -> None:
    """Switching pages does not lose the answers: the advice matches the triage just done."""
    at = walk(open_app(), ["no"])
    switch_through_sidebar(at, FIX_ORDER)
    assert verdict_pills(at) == [spec.verdicts["process"].label]
    assert at.query_params == {
        "payload_consistent": "no",
        "step": "payload_consistent",
        "version": spec_stamp(spec),
    }
