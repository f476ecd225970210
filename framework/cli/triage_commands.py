"""`validate` and `diagnose`: checking questions.yaml and triaging one exception.

python -m framework validate [PATH]
python -m framework diagnose payload_consistent=yes varies_by_handler=no … [--format json]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from framework.cli.output import UsageError
from framework.engine import AnswerError, Diagnosis, diagnose
from framework.spec.loader import load_spec
from framework.spec.model import Spec


def add_parsers(sub: Any) -> None:
    validate = sub.add_parser("validate", help="check a questions.yaml and list every problem")
    validate.add_argument(
        "path", nargs="?", default=None, help="file to check (default: the app's)"
    )
    validate.set_defaults(handler=run_validate)

    diag = sub.add_parser("diagnose", help="diagnose one exception from its answers")
    diag.add_argument("answers", nargs="*", metavar="QUESTION=ANSWER")
    diag.add_argument("--format", choices=("text", "json"), default="text")
    diag.set_defaults(handler=run_diagnose)


def run_validate(args: argparse.Namespace) -> int:
    spec = load_spec(args.path or args.spec)
    print(f"ok: {args.path or args.spec} (version {spec.version}, {len(spec.questions)} questions)")
    return 0


def run_diagnose(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    answers = parse_answer_args(args.answers)
    try:
        diagnosis = diagnose(spec, answers)
    except AnswerError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        print(json.dumps(diagnosis.to_dict(), indent=2))
    else:
        print(format_diagnosis(spec, diagnosis))
    return 0


def parse_answer_args(items: Sequence[str]) -> dict[str, str]:
    """{question id: answer} from 'QUESTION=ANSWER' arguments."""
    answers: dict[str, str] = {}
    for item in items:
        question_id, sep, value = item.partition("=")
        if not sep or not question_id or not value:
            raise UsageError(f"'{item}' is not QUESTION=ANSWER (e.g. payload_consistent=yes)")
        if question_id in answers:
            raise UsageError(f"'{question_id}' is answered twice")
        answers[question_id] = value
    return answers


def format_diagnosis(spec: Spec, diagnosis: Diagnosis) -> str:
    """The diagnosis as plain text: verdict, deciding question, path, tally, advice."""
    verdict = spec.verdicts[diagnosis.verdict]
    lines = [f"Verdict: {verdict.label}"]
    if deciding := diagnosis.deciding_question:
        lines.append(f"Decided by: {spec.question(deciding).title} ({deciding})")
    lines.append("Path: " + " → ".join(diagnosis.path))
    votes = diagnosis.votes
    lines.append(f"Tally: integration {votes.integration} · process {votes.process}")
    if diagnosis.both_present:
        lines.append(f"{spec.both_present.label}: {spec.both_present.summary}")
    if diagnosis.awaiting:
        lines.append(f"Not answered yet on the path: {diagnosis.awaiting}")
    advice = diagnosis.advice
    lines += ["", f"What to do: {advice.title}", advice.summary]
    lines += [f"  {number}. {step}" for number, step in enumerate(advice.steps, start=1)]
    return "\n".join(lines)
