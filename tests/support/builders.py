"""Hand-made analyses for chart, cost, flip, handoff and report tests: a few groups whose
answers, volumes, dates and boundaries the test chooses, diagnosed by the real engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from framework.analysis.results import Analysis, GroupResult, build_group
from framework.inference.answers import Inferred, measured
from framework.spec.model import Spec

INTEGRATION_ANSWERS = {
    "payload_consistent": "yes",
    "varies_by_handler": "no",
    "retry_resolves": "yes",
    "recurs_after_handoff": "no",
    "root_cause": "schema_mismatch",
}
PROCESS_ANSWERS = {
    "payload_consistent": "no",
    "varies_by_handler": "yes",
    "retry_resolves": "no",
    "recurs_after_handoff": "yes",
    "root_cause": "missing_rule",
}
BOTH_ANSWERS = {**INTEGRATION_ANSWERS, "root_cause": "missing_rule"}
UNSURE_ANSWERS = dict.fromkeys(INTEGRATION_ANSWERS, "unsure")
ANSWERS_BY_TAG = {
    "integration": INTEGRATION_ANSWERS,
    "process": PROCESS_ANSWERS,
    "both": BOTH_ANSWERS,
    "undetermined": UNSURE_ANSWERS,
}


def answer(spec: Spec, question: str, value: str) -> Inferred:
    """An inferred answer with no metric behind it (as when a person typed it)."""
    return Inferred(question, value, f"{question} is {value}", None, 40, spec.inference[question])


def measure(spec: Spec, question: str, metric: float, rows: int = 40) -> Inferred:
    """The answer the spec's thresholds give `metric`, with its flip, as inference makes it."""
    return measured(question, spec.inference[question], metric, rows, f"{question} at {metric}")


def group(
    spec: Spec,
    name: str,
    exceptions: int,
    answers: Mapping[str, str | Inferred] | str = "integration",
    *,
    boundary: str | None = None,
    daily: Sequence[tuple[str, int]] = (),
    overrides: Mapping[str, str] | None = None,
) -> GroupResult:
    """A diagnosed group; `answers` is a tag name, or {question: value or Inferred}."""
    chosen: Mapping[str, str | Inferred] = (
        ANSWERS_BY_TAG[answers] if isinstance(answers, str) else answers
    )
    inferred = {
        qid: item if isinstance(item, Inferred) else answer(spec, qid, item)
        for qid, item in chosen.items()
    }
    days = [day for day, _ in daily]
    fields: dict[str, Any] = {
        "group": name,
        "exceptions": exceptions,
        "days_active": len(days) if days else None,
        "first_seen": f"{min(days)}T08:00:00" if days else None,
        "last_seen": f"{max(days)}T17:30:00" if days else None,
        "boundary": boundary,
        "inferred": inferred,
        "overrides": dict(overrides or {}),
        "daily": tuple(daily),
    }
    return build_group(spec, **fields)


def analysis(spec: Spec, *groups: GroupResult, group_by: str = "error_code") -> Analysis:
    """An analysis of these groups, most exceptions first (as `analyze` orders them)."""
    ordered = tuple(sorted(groups, key=lambda g: (-g.exceptions, g.group)))
    return Analysis(spec, group_by, {"error_code": "code"}, ordered)


def chart_values(chart: Any) -> dict[str, list[dict[str, Any]]]:
    """{mark type: its data rows} for a chart or each layer of a layered chart."""
    data = chart.to_dict()
    datasets = data.get("datasets", {})
    parts = data.get("layer", [data])
    out: dict[str, list[dict[str, Any]]] = {}
    for part in parts:
        mark = part["mark"]["type"] if isinstance(part["mark"], dict) else part["mark"]
        name = (part.get("data") or data.get("data"))["name"]
        out[mark] = datasets[name]
    return out


def chart_encodings(chart: Any) -> dict[str, dict[str, Any]]:
    """{mark type: its encoding} for a chart or each layer of a layered chart."""
    data = chart.to_dict()
    parts = data.get("layer", [data])
    return {
        (part["mark"]["type"] if isinstance(part["mark"], dict) else part["mark"]): part.get(
            "encoding", {}
        )
        for part in parts
    }
