"""How each metric's table is read into an answer, with one observation per group.

A reader takes the shared `Context` (tallies, spec, metric tables, group basics), a group
code and the question's rule, and returns an `Inferred` answer. The observations are the
app's own words; the numbers in them are the ones the answer rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from framework.inference.answers import Inferred, measured, not_measured, recurring
from framework.inference.tallies import Tallies
from framework.inference.wording import TOO_FEW_ROWS, occurrences, pct, plural
from framework.spec.model import UNSURE, InferenceRule, Spec


@dataclass(frozen=True)
class Context:
    """What every reader shares: the log's tallies, the spec, the metric table of each
    question (by question id) and the group basics (rows, days)."""

    tallies: Tallies
    spec: Spec
    tables: dict[str, pd.DataFrame]
    basics: pd.DataFrame
    rows: dict[str, list[dict[str, Any]]] = field(init=False, repr=False)
    days: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        records = {name: table.to_dict("records") for name, table in self.tables.items()}
        object.__setattr__(self, "rows", records)
        object.__setattr__(self, "days", [int(day) for day in self.basics["days"]])

    def row(self, question: str, group: int) -> dict[str, Any] | None:
        """The metric table's row for a group (None when the log has no such table)."""
        records = self.rows.get(question)
        return None if records is None else records[group]


Reader = Callable[[Context, int, InferenceRule], Inferred]


def _marks(rule: InferenceRule) -> tuple[float, float]:
    return rule.low_at, rule.high_at


def payload_consistency(context: Context, group: int, rule: InferenceRule) -> Inferred:
    """Payload pattern: one dominant (shape, boundary) pair. With one half missing, the other
    confirms it only at `half_high_at`, and the evidence says which half it rests on."""
    question, tallies = rule.question, context.tallies
    parts = (("payload", tallies.shape), ("boundary", tallies.boundary))
    missing = tuple(name for name, part in parts if part is None)
    row = context.row(question, group)
    if row is None:
        text = "The log has no payload column and no source/target systems to compare"
        return not_measured(question, rule, text, missing)
    rows = int(row["rows"])
    if rows == 0:
        return measured(question, rule, 0.0, 0, "No occurrence in this group has a payload")
    share = pct(row["metric"], *_marks(rule))
    shapes = int(row["shapes"])
    if tallies.shape is None:
        sentence = f"{share} of {occurrences(rows)} cross one boundary{_boundary(tallies, row)}"
    elif tallies.boundary is None:
        sentence = f"{share} of {occurrences(rows)} share one payload shape ({shapes} in all)"
    else:
        sentence = (
            f"{share} of {occurrences(rows)} share one payload shape and one boundary"
            f"{_boundary(tallies, row)}; {_commonest_shape(row)}"
            f" ({shapes} shape{'' if shapes == 1 else 's'} in all)"
        )
    metric = float(row["metric"])
    answer = measured(question, rule, metric, rows, sentence)
    if not missing or answer.value == rule.low_answer or answer.reason == TOO_FEW_ROWS:
        return answer
    lacking = "payload" if tallies.shape is None else "source/target or boundary"
    half = "boundary" if tallies.shape is None else "payload shape"
    enough = max(rule.params["half_high_at"], rule.high_at)
    if metric >= enough:
        text = f"{sentence}; the log has no {lacking} column, so this rests on the {half} alone"
        return measured(question, rule, metric, rows, text)
    text = (
        f"{sentence}; without a {lacking} column the {half} alone must reach {pct(enough)} "
        "to confirm it"
    )
    return not_measured(question, rule, text, missing, rows, answer.metric)


def _commonest_shape(row: Any) -> str:
    share, ties = pct(row["shape_share"]), int(row["shape_ties"])
    if ties > 1:
        return f"{ties} shapes tie as the commonest, at {share} each"
    return f"the commonest shape covers {share}"


def _boundary(tallies: Tallies, row: Any) -> str:
    assert tallies.boundary is not None
    code, count = int(row["boundary"]), int(row["boundaries"])
    label = tallies.boundary.labels[code] if 0 <= code < tallies.boundary.size else None
    name = label or "no recorded boundary"
    if row["boundary_share"] >= 1.0:
        return f"; all cross {label}" if label else "; none has a recorded boundary"
    share, ties = pct(row["boundary_share"]), int(row["boundary_ties"])
    if ties > 1:
        return f"; {ties} boundaries tie as the commonest, at {share} each ({count} in all)"
    return f"; the commonest boundary ({name}) carries {share} ({count} in all)"


def handler_dependence(context: Context, group: int, rule: InferenceRule) -> Inferred:
    """Handler dependence: bias-corrected uncertainty coefficient over enough handlers."""
    question, tallies = rule.question, context.tallies
    row = context.row(question, group)
    if row is None:
        missing = tuple(
            name
            for name, part in (("handler", tallies.handler), ("resolution", tallies.resolution))
            if part is None
        )
        text = "The log has no " + " or ".join(f"{name} column" for name in missing)
        return not_measured(question, rule, text + ", so who did what cannot be compared", missing)
    min_handlers = int(rule.params["min_handlers"])
    per_handler = int(rule.params["min_rows_per_handler"])
    all_rows = int(row["all_rows"])
    if all_rows == 0:
        sentence = "None of these occurrences records both who handled it and what they did"
        return measured(question, rule, 0.0, 0, sentence)
    if int(row["all_actions"]) == 1 and all_rows >= rule.min_rows:
        sentence = (
            f"All {occurrences(all_rows)} with a recorded handler end with the same action "
            f"({_action(tallies, int(row['all_action']))}), whoever handles them"
        )
        return measured(question, rule, 0.0, all_rows, sentence)
    handlers = int(row["handlers"])
    if handlers < min_handlers:
        sentence = (
            f"Only {handlers} handler{'' if handlers == 1 else 's'} cleared {per_handler} or more "
            f"of these occurrences; comparing needs at least {min_handlers}"
        )
        return Inferred(question, UNSURE, sentence, None, int(row["rows"]), rule, TOO_FEW_ROWS)
    sentence = (
        f"Across {handlers} handlers with {per_handler}+ occurrences each "
        f"({occurrences(int(row['rows']))}), who handled it explains "
        f"{pct(row['metric'], *_marks(rule))} of the variation in the action taken; "
        + _commonest_action(tallies, row)
    )
    return measured(question, rule, float(row["metric"]), int(row["rows"]), sentence)


def _action(tallies: Tallies, code: int) -> str:
    assert tallies.resolution is not None
    return f"“{tallies.resolution.labels[code]}”" if code >= 0 else "none recorded"


def _commonest_action(tallies: Tallies, row: Any) -> str:
    """'the most common action (“x”) covers 26%', or how many tie for it."""
    share = pct(row["action_share"])
    ties = int(row["action_ties"])
    if ties > 1:
        return f"{ties} actions tie as the most common, at {share} each"
    return f"the most common action ({_action(tallies, int(row['action']))}) covers {share}"


def retry_success(context: Context, group: int, rule: InferenceRule) -> Inferred:
    """Retry: share of retried occurrences with a readable outcome whose retry succeeded."""
    question, tallies = rule.question, context.tallies
    row = context.row(question, group)
    if row is None:
        text = "The log has no retry count or retry outcome column, so it cannot show retries"
        if tallies.handoff_source == "cases":
            text += ", and none of its activities is an automatic retry"
        return not_measured(question, rule, text, ("retry_count", "retry_outcome"))
    if not tallies.retry_outcome:
        retried = int(row["selected"])
        text = (
            f"{occurrences(retried)} were retried, but the log has no retry outcome column to "
            "say whether the retry worked"
            if retried
            else "None of these occurrences was retried, and the log has no retry outcome column"
        )
        return not_measured(question, rule, text, ("retry_outcome",), retried)
    rows, cleared = int(row["rows"]), int(row["positive"])
    if rows == 0:
        sentence = "None of these occurrences has a recorded retry outcome"
        return measured(question, rule, 0.0, 0, sentence)
    sentence = (
        f"{cleared} of {rows} retried occurrences ({pct(row['metric'], *_marks(rule))}) "
        "cleared on the retry"
    )
    unread = int(row["selected"]) - rows
    if unread:
        sentence += f" ({unread} more were retried with no readable outcome)"
    return measured(question, rule, float(row["metric"]), rows, sentence)


_NO_HANDOFF_STATUS = "No occurrence here has a readable handoff status"


def fired_after_delivery(context: Context, group: int, rule: InferenceRule) -> Inferred:
    """After a clean handoff: share fired after a successful handoff, recurring over days
    (the days the whole group fired on, said first: not those of the share). For the cases
    of an event log without a handoff status: the cases that fired after a success (see
    `framework.inference.cases`) among those with a success or a failure on record."""
    question = rule.question
    row = context.row(question, group)
    if row is None:
        text = (
            "The log has no handoff status column, so it cannot show whether the data got through"
        )
        return not_measured(question, rule, text, ("handoff_status",))
    days = context.days[group]
    rows = int(row["rows"])
    cases = context.tallies.handoff_source == "cases"
    if rows == 0:
        text = (
            "No case here has a success or a failure among its activities"
            if cases
            else _NO_HANDOFF_STATUS
        )
        return measured(question, rule, 0.0, 0, text)
    share = pct(row["metric"], *_marks(rule))
    if cases:
        sentence = (
            f"{share} of {plural(rows, 'case')} fired after a success: a handoff delivered "
            "before anything failed or anyone stepped in, or a resolution they came back after"
        )
    else:
        sentence = f"{share} of {occurrences(rows)} fired after a successful handoff"
    if context.tallies.timed:
        sentence = f"The group fired on {days} day{'' if days == 1 else 's'}; {sentence}"
    answer = measured(question, rule, float(row["metric"]), rows, sentence)
    if answer.value != rule.high_answer:
        return answer
    if not context.tallies.timed:
        text = f"{sentence}; without a timestamp column the recurrence over days cannot be checked"
        return not_measured(question, rule, text, ("timestamp",), rows, answer.metric)
    return recurring(answer, rule, days)


def schema_share(context: Context, group: int, rule: InferenceRule) -> Inferred:
    """Root cause: schema and connection words (the integration side) against rule words, in
    the root-cause column or messages."""
    question, tallies = rule.question, context.tallies
    row = context.row(question, group)
    if row is None:
        text = "The log has no root-cause column and no messages to read the cause from"
        return not_measured(question, rule, text, ("root_cause", "message"))
    source = " and ".join(
        name for name in ("root causes", "messages") if _field(name) in tallies.mapped
    )
    rows, schema = int(row["rows"]), int(row["positive"])
    if rows == 0:
        sentence = f"None of the {source} here names a schema problem or a missing rule"
        return measured(question, rule, 0.0, 0, sentence)
    sentence = (
        f"{schema} of {rows} classified {source} ({pct(row['metric'], *_marks(rule))}) point to "
        "a schema mismatch or a failed connection (formats, fields, codes, connections), "
        f"{rows - schema} to a missing rule (owners, approvals, policies)"
    )
    return measured(question, rule, float(row["metric"]), rows, sentence)


def _field(name: str) -> str:
    return "root_cause" if name == "root causes" else "message"
