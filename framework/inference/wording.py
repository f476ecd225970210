"""The words for what the inference found: shares, counts, and why an answer stays unsure.

Every sentence about an unsure answer is written here once, in two forms: a clause that
continues an evidence sentence ("…; 4 occurrences are too few to say (at least 8 are
needed)") and a sentence of its own for the lead view and the flip report.

    pct(0.934)                        # "93%"
    pct(0.799, 0.8)                   # "79.9%": one decimal where rounding hits a mark
    too_few(4, 8)                     # "4 occurrences are too few to say (at least 8 are needed)"
"""

from __future__ import annotations

from collections.abc import Iterable

from framework.spec.model import InferenceRule

# Why an answer is unsure (`Inferred.reason`).
MISSING_COLUMN = "missing_column"
TOO_FEW_ROWS = "too_few_rows"
BETWEEN_THRESHOLDS = "between_thresholds"
NOT_RECURRING = "not_recurring"
NO_RULE = "no_rule"
REREAD_NOTE = " (re-read under the current thresholds)"
NO_RULE_TEXT = "questions.yaml has no inference rule for this question"


def pct(share: float, *marks: float) -> str:
    """A share as a percentage; one decimal where rounding would land on one of `marks`."""
    whole = f"{share:.0%}"
    if any(share != mark and round(share * 100) == round(mark * 100) for mark in marks):
        return f"{share:.1%}"
    return whole


def occurrences(count: int) -> str:
    """'1 occurrence', '12 occurrences'."""
    return f"{count} occurrence" + ("" if count == 1 else "s")


def plural(count: int, noun: str) -> str:
    """'1 day', '3 days' (regular plurals only)."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def too_few(rows: int, minimum: int) -> str:
    """The clause for an answer resting on fewer occurrences than the rule needs."""
    verb = "is" if rows == 1 else "are"
    return f"{occurrences(rows)} {verb} too few to say (at least {minimum} are needed)"


def between(rule: InferenceRule, metric: float) -> str:
    """The clause for a metric between the two marks."""
    low, high = pct(rule.low_at), pct(rule.high_at)
    return f"that is between the {low} and {high} marks, so the data does not settle it"


def not_recurring(min_days: int) -> str:
    """The clause for a recurrence answer on too few days."""
    return f"too few days to call it recurring (at least {min_days} are needed)"


def qualifier(
    reason: str | None, rule: InferenceRule | None, metric: float | None, rows: int
) -> str | None:
    """The clause an evidence sentence ends with for this reason (None: it has none)."""
    if rule is None:
        return None
    if reason == TOO_FEW_ROWS and metric is not None:
        return too_few(rows, rule.min_rows)
    if reason == BETWEEN_THRESHOLDS and metric is not None:
        return between(rule, metric)
    if reason == NOT_RECURRING:
        return not_recurring(int(rule.params["min_days_active"]))
    return None


def unsure_sentence(
    reason: str | None,
    rule: InferenceRule | None,
    metric: float | None,
    rows: int,
    missing: Iterable[str] = (),
) -> str:
    """Why the log leaves an answer open, as a sentence of its own."""
    if reason == MISSING_COLUMN:
        names = " or ".join(missing) or "needed"
        return f"The log has no {names} column, so it cannot show this."
    if reason == NO_RULE or rule is None:
        return NO_RULE_TEXT[0].upper() + NO_RULE_TEXT[1:] + "."
    if reason == TOO_FEW_ROWS:
        verb = "carries" if rows == 1 else "carry"
        return f"Only {occurrences(rows)} {verb} the data; at least {rule.min_rows} are needed."
    if reason == BETWEEN_THRESHOLDS and metric is not None:
        marks = (rule.low_at, rule.high_at)
        return (
            f"The measure ({pct(metric, *marks)}) is between the {pct(rule.low_at)} and "
            f"{pct(rule.high_at)} marks, so the data does not settle it."
        )
    if reason == NOT_RECURRING:
        clause = not_recurring(int(rule.params["min_days_active"]))
        return f"The group fired on {clause}."
    return "The data does not settle this answer."
