"""The follow_up section of questions.yaml: readings, trend marks and their settings are read,
their texts quote the settings, and every mistake is reported with its line."""

from __future__ import annotations

import pytest

from framework.spec.loader import parse_spec
from framework.spec.model import READINGS, TREND_MARKS, Spec
from framework.spec.problems import SpecError


def test_project_spec_has_every_reading_and_trend_mark(spec: Spec) -> None:
    """Every reading and trend mark has a label and a text, in the code's order."""
    rules = spec.follow_up
    assert tuple(rules.readings) == READINGS
    assert tuple(rules.trend_marks) == TREND_MARKS
    assert all(item.label and item.text for item in (*rules.readings.values(),))
    assert (rules.comparison.cleared_at, rules.comparison.shrank_at) == (0.1, 0.5)
    assert rules.trends.recent_days == 7 and isinstance(rules.trends.recent_days, int)


def test_texts_quote_the_settings_they_name(spec: Spec) -> None:
    """A `{setting}` in a text is replaced by its value, formatted as the text asks."""
    assert "at most 10% as often" in spec.follow_up.readings["cleared"].text
    assert "{" not in spec.follow_up.readings["changed_shape"].text
    assert "the last 7 days" in spec.follow_up.trend_marks["new"].text
    assert "2 times" in spec.follow_up.trend_marks["escalating"].text


def test_a_changed_setting_changes_its_text(spec_text: str) -> None:
    """The wording follows the threshold: one source for both."""
    edited = parse_spec(spec_text.replace("cleared_at: 0.1 ", "cleared_at: 0.2 ").encode())
    assert "at most 20% as often" in edited.follow_up.readings["cleared"].text
    assert edited.follow_up.comparison.cleared_at == 0.2


BROKEN = [
    (
        "unknown-setting",
        "at most {cleared_at:.0%} as often",
        "at most {cleard_at:.0%} as often",
        "follow_up readings 'cleared': 'text' cannot fill in {…} ('cleard_at')",
    ),
    (
        "missing-reading",
        "    now_process:\n      label: Now process\n",
        "    now_procss:\n      label: Now process\n",
        "follow_up readings: unknown key 'now_procss'",
    ),
    (
        "cleared-above-shrank",
        "cleared_at: 0.1 ",
        "cleared_at: 0.7 ",
        "follow_up comparison: 'cleared_at' (0.7) must be below 'shrank_at' (0.5)",
    ),
    (
        "fractional-days",
        "recent_days: 7 ",
        "recent_days: 7.5 ",
        "follow_up trends: 'recent_days' is 7.5; it must be a whole number",
    ),
    (
        "escalating-not-a-rise",
        "escalating_at: 2.0 ",
        "escalating_at: 1 ",
        "follow_up trends: 'escalating_at' must be above 1",
    ),
    (
        "quiet-out-of-range",
        "quiet_at: 0.25 ",
        "quiet_at: 1.5 ",
        "follow_up trends: 'quiet_at' is 1.5; it must be between 0 and 1",
    ),
    (
        "missing-trend-label",
        "    quiet:\n      label: Quiet\n",
        "    quiet:\n      name: Quiet\n",
        "follow_up trend_marks 'quiet': missing 'label'",
    ),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_follow_up_is_reported_with_its_line(
    spec_text: str, case: str, old: str, new: str, message: str
) -> None:
    """Each mistake in the section names the part, what is wrong, and a line."""
    assert spec_text.count(old) == 1, f"{case}: the anchor must occur exactly once"
    with pytest.raises(SpecError) as caught:
        parse_spec(spec_text.replace(old, new).encode())
    matching = [p for p in caught.value.problems if message in str(p)]
    assert matching, [str(p) for p in caught.value.problems]
    assert all(problem.line > 0 for problem in matching)


def test_missing_section_is_reported(spec_text: str) -> None:
    """questions.yaml without follow_up says so instead of running without its rules."""
    cut = spec_text[: spec_text.index("\nfollow_up:")] + "\n"
    with pytest.raises(SpecError, match="top level: missing 'follow_up'"):
        parse_spec(cut.encode())
