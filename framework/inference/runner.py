"""Infer the five answers for every exception group of a log, each with its evidence.

    tallies = tally([extract(frame, mapping, spec, group_by="error_code")])
    answers, basics = infer(tallies, spec)   # one {question id: Inferred} per group code

Each question's rule in `questions.yaml` (`inference:`) names its metric; the metric's table
is computed once for all groups (`framework.inference.metrics`), then read group by group
(`framework.inference.evidence`) against the rule's thresholds. A question without a rule
is `unsure`, and says so.
"""

from __future__ import annotations

import pandas as pd

from framework.inference.answers import Inferred, unanswerable
from framework.inference.evidence import Context
from framework.inference.registry import METRICS
from framework.inference.tallies import Tallies, group_basics
from framework.spec.model import Spec


def infer(tallies: Tallies, spec: Spec) -> tuple[list[dict[str, Inferred]], pd.DataFrame]:
    """The inferred answers of every group (list index = group code), in spec order, and
    the group basics (rows, first and last time, days active) they rest on."""
    basics = group_basics(tallies)
    context = Context(tallies, spec, metric_tables(tallies, spec), basics)
    answers: list[dict[str, Inferred]] = []
    for group in range(tallies.group.size):
        row: dict[str, Inferred] = {}
        for question in spec.question_ids:
            rule = spec.inference.get(question)
            if rule is None:
                row[question] = unanswerable(question)
            else:
                row[question] = METRICS[rule.metric].read(context, group, rule)
        answers.append(row)
    return answers, basics


def metric_tables(tallies: Tallies, spec: Spec) -> dict[str, pd.DataFrame]:
    """Each question's metric table (by question id), for the metrics the log allows."""
    tables: dict[str, pd.DataFrame] = {}
    for question, rule in spec.inference.items():
        table = METRICS[rule.metric].table(tallies, rule.params)
        if table is not None:
            tables[question] = table
    return tables
