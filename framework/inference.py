"""Infer the five answers for every exception group of a log, each with its evidence.

    features = framework.features.extract(frame, mapping, spec, group_by="error_code")
    answers = infer(features, spec)          # one {question id: Inferred} per group code

The numbers come from `framework.metrics` (all groups at once), the reading of each question
and its sentence of evidence from `framework.readings`, the thresholds from the question's
rule in `questions.yaml` (`inference:`). See `framework.inferred` for how a metric becomes
an answer and when it is `unsure` instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from framework import metrics, readings, vocab
from framework.features import Features
from framework.inferred import NO_RULE, Flip, Inferred, decide
from framework.model import UNSURE, Spec

__all__ = ["READERS", "Flip", "Inferred", "decide", "infer", "metric_tables"]

READERS: dict[str, readings.Reader] = {
    "payload_consistent": readings.payload,
    "varies_by_handler": readings.handler,
    "retry_resolves": readings.retry,
    "recurs_after_handoff": readings.handoff,
    "root_cause": readings.cause,
}


def infer(
    features: Features, spec: Spec, tables: dict[str, Any] | None = None
) -> list[dict[str, Inferred]]:
    """The inferred answers of every group (list index = group code), in spec order.

    `tables` are the metric tables from `metric_tables` when the caller already has them.
    """
    tables = metric_tables(features, spec) if tables is None else tables
    context = readings.Context(features, spec, tables)
    answers: list[dict[str, Inferred]] = []
    for group in range(features.group.size):
        row: dict[str, Inferred] = {}
        for question in spec.question_ids:
            rule = spec.inference.get(question)
            reader = READERS.get(question)
            if rule is None or reader is None:
                text = "questions.yaml has no inference rule for this question"
                row[question] = Inferred(question, UNSURE, text, None, 0, None, NO_RULE)
            else:
                row[question] = reader(context, group, rule)
        answers.append(row)
    return answers


def metric_tables(features: Features, spec: Spec) -> dict[str, Any]:
    """The metric tables the log allows, keyed by question id, plus `basics` (rows, days)."""
    tables: dict[str, Any] = {"basics": metrics.group_basics(features)}
    everyone = features.group.codes >= 0
    if features.shape is not None or features.boundary is not None:
        tables["payload_consistent"] = metrics.payload(features)
    rule = spec.inference.get("varies_by_handler")
    if features.handler is not None and features.resolution is not None:
        per_handler = int(rule.params.get("min_rows_per_handler", 1)) if rule else 1
        tables["varies_by_handler"] = metrics.handler(features, per_handler)
    if features.retried is not None:
        unread = np.full(features.rows, vocab.UNKNOWN, dtype=np.int8)
        outcomes = features.retry if features.retry is not None else unread
        tables["retry_resolves"] = metrics.outcome_shares(outcomes, features, features.retried)
    if features.handoff is not None:
        tables["recurs_after_handoff"] = metrics.outcome_shares(
            features.handoff, features, everyone
        )
    if features.cause is not None:
        tables["root_cause"] = metrics.outcome_shares(features.cause, features, everyone)
    return tables
