"""Ground truth for the sample logs of other shapes: event logs, a system log, foreign headers.

Like `data/expected.py`, but for logs where one exception is not one row:

* an *occurrence* is one exception: a case of an event log (`unit` "cases", many event rows
  per case) or one row of a row log (`unit` "rows");
* `shown` names the canonical fields the log can show, as columns or through its `activity`
  column (a reopen, an automatic retry followed by a success, a sync that succeeded before
  the exception);
* an occurrence's `handler` is None when no person handled it (closed by a system account),
  and it does not count for "varies by handler";
* message kinds: "schema", "rule", "connection" (a connection-level failure at the boundary,
  an integration signal, so it counts on the schema side) and "neutral" (no cause named).

An intended answer becomes `unsure` when the log cannot show it: a needed field is missing
(`missing_column`; but without a payload, boundaries spread so that the commonest carries
at most `low_at` of a group still show an intended "no" for the payload pattern, as the
inference reads it), fewer occurrences carry the data than the rule's `min_rows`
(`too_few_rows`), a recurring group fired on fewer days than `min_days_active`
(`not_recurring`), or no message of an otherwise large enough group names a cause
(`no_cause_words`). The verdicts come from `framework.diagnose`, as in the app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from data.expected import NEEDS
from data.logmaker import Plan
from framework.engine import diagnose
from framework.spec.loader import load_spec
from framework.spec.model import UNSURE, Spec

CLASSIFIED = frozenset({"schema", "rule", "connection"})
UNITS = ("rows", "cases")


def group_truths(
    plans: Sequence[Plan],
    occurrences: Sequence[Mapping[str, Any]],
    shown: set[str],
    unit: str,
) -> dict[str, Any]:
    """Per group (keyed by its plan's code): rows, cases, intended and expected answers."""
    assert unit in UNITS, unit
    spec = load_spec()
    out: dict[str, Any] = {}
    for index, plan in enumerate(plans):
        mine = [occurrence for occurrence in occurrences if occurrence["plan"] == index]
        out[plan.code] = group_truth(plan, mine, shown, unit, spec)
    return out


def group_truth(
    plan: Plan,
    mine: Sequence[Mapping[str, Any]],
    shown: set[str],
    unit: str,
    spec: Spec,
) -> dict[str, Any]:
    """One group's entry: sizes, intended answers and verdict, expected answers and why."""
    support = _support(mine, spec)
    expected: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for question, intended in plan.answers.items():
        reason = _reason(question, intended, shown, support, spec)
        expected[question] = UNSURE if reason else intended
        if reason:
            reasons[question] = reason
    diagnosis = diagnose(spec, expected)
    entry: dict[str, Any] = {"family": plan.family.code}
    if unit == "cases":
        entry["rows"] = sum(int(occurrence["events"]) for occurrence in mine)
        entry["cases"] = len(mine)
    else:
        entry["rows"] = len(mine)
    entry.update(
        intended=dict(plan.answers),
        intended_verdict=diagnose(spec, plan.answers).verdict,
        expected=expected,
        unsure_because=reasons,
        verdict=diagnosis.verdict,
        both_present=diagnosis.both_present,
        tag=diagnosis.tag,
    )
    return entry


def _reason(
    question: str, intended: str, shown: set[str], support: Mapping[str, Any], spec: Spec
) -> str | None:
    rule = spec.inference[question]
    if not all(shown & any_of for any_of in NEEDS[question]):
        if question == "payload_consistent" and _ruled_out(intended, shown, support, spec):
            return None
        return "missing_column"
    if question == "root_cause" and not support["root_cause"] and support["all"] >= rule.min_rows:
        return "no_cause_words"
    if support[question] < rule.min_rows:
        return "too_few_rows"
    min_days = int(rule.params.get("min_days_active", 1))
    if question == "recurs_after_handoff" and intended == "yes" and support["days"] < min_days:
        return "not_recurring"
    return None


def _ruled_out(intended: str, shown: set[str], support: Mapping[str, Any], spec: Spec) -> bool:
    """Without a payload, the boundary alone still answers: spread over several systems it
    rules consistency out ("no"); one boundary for `half_high_at` of the group or more
    confirms it ("yes")."""
    rule = spec.inference["payload_consistent"]
    if not (shown & {"boundary", "source_system", "target_system"}):
        return False
    if support["all"] < rule.min_rows:
        return False
    if intended == rule.low_answer:
        return bool(support["boundary_share"] <= rule.low_at)
    enough = max(rule.params["half_high_at"], rule.high_at)
    return intended == rule.high_answer and bool(support["boundary_share"] >= enough)


def _support(mine: Sequence[Mapping[str, Any]], spec: Spec) -> dict[str, Any]:
    """How many occurrences carry the data for each question."""
    params = spec.inference["varies_by_handler"].params
    per_handler = Counter(o["handler"] for o in mine if o["handler"] is not None)
    enough = [n for n in per_handler.values() if n >= params.get("min_rows_per_handler", 1)]
    handlers_ok = len(enough) >= params.get("min_handlers", 1)
    boundaries = Counter((o.get("source_system"), o.get("target_system")) for o in mine)
    top = max(boundaries.values(), default=0)
    return {
        "all": len(mine),
        "boundary_share": top / len(mine) if mine else 0.0,
        "payload_consistent": len(mine),
        "varies_by_handler": sum(enough) if handlers_ok else 0,
        "retry_resolves": sum(1 for o in mine if o["retried"]),
        "recurs_after_handoff": len(mine),
        "root_cause": sum(1 for o in mine if o["message_kind"] in CLASSIFIED),
        "days": len({o["timestamp"].date() for o in mine}),
    }
