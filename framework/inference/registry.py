"""The metrics questions.yaml can name, bound by name: each one's table and its reading.

    metric = METRICS[rule.metric]
    table = metric.table(tallies, rule.params)      # per group, or None (columns missing)
    answer = metric.read(context, group, rule)      # the group's `Inferred` answer

Which names exist and which parameters each takes is `framework.spec.model.METRIC_PARAMS`
(questions.yaml is validated against it); every name there has exactly one entry here.
Nothing binds a metric to a question id: the spec does, in its `inference:` section.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from framework.inference import evidence, metrics
from framework.inference.evidence import Reader
from framework.inference.tallies import Tallies
from framework.spec.model import METRIC_PARAMS

Table = Callable[[Tallies, Mapping[str, float]], pd.DataFrame | None]


@dataclass(frozen=True)
class Metric:
    """A metric: its name in questions.yaml, its table for all groups, its per-group reading."""

    name: str
    table: Table
    read: Reader


METRICS: Mapping[str, Metric] = {
    metric.name: metric
    for metric in (
        Metric("payload_consistency", metrics.payload_consistency, evidence.payload_consistency),
        Metric("handler_dependence", metrics.handler_dependence, evidence.handler_dependence),
        Metric("retry_success", metrics.retry_success, evidence.retry_success),
        Metric("fired_after_delivery", metrics.fired_after_delivery, evidence.fired_after_delivery),
        Metric("schema_share", metrics.schema_share, evidence.schema_share),
    )
}

if set(METRICS) != set(METRIC_PARAMS):  # pragma: no cover - a programming error, caught by tests
    raise RuntimeError(f"metrics implemented {sorted(METRICS)} != declared {sorted(METRIC_PARAMS)}")
