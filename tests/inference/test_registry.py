"""questions.yaml drives the inference: each question's rule names a metric the registry
implements, with exactly the parameters that metric takes; nothing binds a metric to a
question id, so renaming a question keeps it inferred."""

from __future__ import annotations

import re

import pytest

from framework.analysis.pipeline import analyze
from framework.inference.registry import METRICS
from framework.spec.loader import parse_spec
from framework.spec.model import METRIC_PARAMS, Spec
from framework.spec.problems import SpecError
from tests.support.sample_logs import mapping, read_sample

# (case, text in questions.yaml, replacement, expected problem, where the problem's line is:
# the line after this anchor, i.e. the first key of the rule or of its params)
RULE_PROBLEMS = [
    (
        "unknown-metric",
        "    metric: retry_success\n",
        "    metric: retry_sucess\n",
        "inference 'retry_resolves': 'metric' is 'retry_sucess', which the code does not know",
        "  retry_resolves:\n",
    ),
    (
        "parameter-not-taken",
        "    metric: schema_share\n",
        "    metric: schema_share\n    params:\n      min_handlers: 2\n",
        "inference 'root_cause' params: metric 'schema_share' takes no 'min_handlers'",
        "    metric: schema_share\n    params:\n",
    ),
    (
        "parameter-missing",
        "      min_days_active: 3\n",
        "      min_days: 3\n",
        "inference 'recurs_after_handoff': metric 'fired_after_delivery' needs 'params: "
        "min_days_active: <number>'",
        "  recurs_after_handoff:\n",
    ),
    (
        "params-not-a-mapping",
        "    params:\n      min_handlers: 2\n      min_rows_per_handler: 3\n",
        "    params: [2, 3]\n",
        "inference 'varies_by_handler' params: must be a mapping",
        "  varies_by_handler:\n",
    ),
    (
        "negative-parameter",
        "      min_rows_per_handler: 3\n",
        "      min_rows_per_handler: -3\n",
        "inference 'varies_by_handler' params: 'min_rows_per_handler' is -3",
        "    low_at: 0.3\n    params:\n",
    ),
    (
        "missing-measure",
        "    measure: share of retried occurrences whose retry succeeded\n",
        "",
        "inference 'retry_resolves': missing 'measure'",
        "  retry_resolves:\n",
    ),
]


def _line_after(text: str, anchor: str) -> int:
    """The 1-based line right after `anchor` (searched from the inference: section on)."""
    offset = text.index(anchor, text.index("\ninference:\n")) + len(anchor)
    return text.count("\n", 0, offset) + 1


@pytest.mark.parametrize(
    ("case", "old", "new", "message", "anchor"), RULE_PROBLEMS, ids=[r[0] for r in RULE_PROBLEMS]
)
def test_rule_problems_are_reported_with_their_line(
    spec_text: str, case: str, old: str, new: str, message: str, anchor: str
) -> None:
    """An unknown metric, a parameter the metric does not take, a missing one or a missing
    measure is a validation problem on the line of the rule (or of the parameter)."""
    assert spec_text.count(old) == 1, case
    broken = spec_text.replace(old, new)
    with pytest.raises(SpecError) as caught:
        parse_spec(broken.encode())
    found = [problem for problem in caught.value.problems if message in str(problem)]
    assert found, [str(problem) for problem in caught.value.problems]
    assert found[0].line == _line_after(broken, anchor)


def test_every_declared_metric_is_implemented() -> None:
    """The registry implements exactly the metrics questions.yaml may name."""
    assert set(METRICS) == set(METRIC_PARAMS)


def test_every_rule_in_the_project_spec_names_a_known_metric(spec: Spec) -> None:
    """Each question of the shipped questions.yaml has a rule, bound to a registered metric
    with all its parameters."""
    assert set(spec.inference) == set(spec.question_ids)
    for rule in spec.inference.values():
        assert set(rule.params) == set(METRIC_PARAMS[rule.metric]), rule.question


def test_renaming_a_question_keeps_it_inferred(spec: Spec, spec_text: str) -> None:
    """Renaming a question id throughout questions.yaml leaves `analyze` inferring it: the
    answers under the new id equal those under the old one, for every group."""
    renamed = parse_spec(re.sub(r"\bretry_resolves\b", "retry_clears_it", spec_text).encode())
    assert "retry_clears_it" in renamed.question_ids
    frame = read_sample("exceptions_ops.csv")
    before = analyze(frame, mapping("exceptions_ops.csv"), spec)
    after = analyze(frame, mapping("exceptions_ops.csv"), renamed)
    answered = 0
    for old, new in zip(before.groups, after.groups, strict=True):
        assert new.inferred["retry_clears_it"].value == old.inferred["retry_resolves"].value
        assert new.inferred["retry_clears_it"].metric == old.inferred["retry_resolves"].metric
        assert new.verdict == old.verdict
        answered += not old.inferred["retry_resolves"].unsure
    assert answered >= 5
