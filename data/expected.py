"""What a sample log can show for each group: the intended answers, except where it cannot.

An intended answer becomes `unsure` when the log lacks the column the question needs, when
fewer occurrences carry the data than the question's `min_rows` in `questions.yaml`, or (for
"recurs after handoff") when the group fired on too few days. The verdict and both-present
come from the triage engine, so they follow the same rules as the app.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from data.logmaker import Plan
from framework.engine import diagnose
from framework.spec.loader import load_spec
from framework.spec.model import UNSURE

NEEDS = {
    "payload_consistent": ({"payload"}, {"boundary", "source_system", "target_system"}),
    "varies_by_handler": ({"handler"}, {"resolution"}),
    "retry_resolves": ({"retry_outcome"},),
    "recurs_after_handoff": ({"handoff_status"}, {"timestamp"}),
    "root_cause": ({"message", "root_cause"},),
}


def expected_answers(
    plans: tuple[Plan, ...], rows: list[dict[str, Any]], fields: set[str]
) -> dict[str, Any]:
    """Per group (keyed by its code): intended and expected answers, verdicts, reasons."""
    spec = load_spec()
    out: dict[str, Any] = {}
    for index, plan in enumerate(plans):
        mine = [row for row in rows if row["plan"] == index]
        support = _support(mine, spec)
        expected, reasons = {}, {}
        for question, intended in plan.answers.items():
            rule = spec.inference[question]
            reason = None
            if not all(fields & any_of for any_of in NEEDS[question]):
                reason = "missing_column"
            elif support[question] < rule.min_rows:
                reason = "too_few_rows"
            elif (
                question == "recurs_after_handoff"
                and intended == "yes"
                and support["days"] < int(rule.params.get("min_days_active", 1))
            ):
                reason = "not_recurring"
            expected[question] = UNSURE if reason else intended
            if reason:
                reasons[question] = reason
        diagnosis = diagnose(spec, expected)
        intended_diagnosis = diagnose(spec, plan.answers)
        out[plan.code] = {
            "family": plan.family.code,
            "rows": len(mine),
            "intended": dict(plan.answers),
            "intended_verdict": intended_diagnosis.verdict,
            "expected": expected,
            "unsure_because": reasons,
            "verdict": diagnosis.verdict,
            "both_present": diagnosis.both_present,
            "tag": diagnosis.tag,
        }
    return out


def _support(rows: list[dict[str, Any]], spec: Any) -> dict[str, int]:
    """How many occurrences carry the data for each question."""
    rule = spec.inference["varies_by_handler"]
    per_handler = Counter(row["handler"] for row in rows)
    enough = [n for n in per_handler.values() if n >= rule.params.get("min_rows_per_handler", 1)]
    handlers_ok = len(enough) >= rule.params.get("min_handlers", 1)
    return {
        "payload_consistent": len(rows),
        "varies_by_handler": sum(enough) if handlers_ok else 0,
        "retry_resolves": sum(1 for row in rows if row["retried"]),
        "recurs_after_handoff": len(rows),
        "root_cause": sum(1 for row in rows if row["message_kind"] != "neutral"),
        "days": len({row["timestamp"].date() for row in rows}),
    }
