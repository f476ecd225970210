"""`python -m framework …`: a command-line shell over the same engine the app uses.

    python -m framework validate [PATH]
    python -m framework diagnose payload_consistent=yes varies_by_handler=no … [--format json]
    python -m framework analyze PATH [--map FIELD=COLUMN …] [--group-by FIELD] [--format json]
    python -m framework report (PATH | --analysis=ID | --answers Q=A …) --out report.html

Exit codes: 0 success; 1 the spec is broken (its problems are printed); 2 a usage or input
error (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from framework import cli_analyze, cli_report
from framework.cli_common import UsageError
from framework.engine import AnswerError, Diagnosis, diagnose
from framework.model import Spec
from framework.problems import SpecError
from framework.spec import DEFAULT_SPEC_PATH, load_spec


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m framework", description="Exception triage from a terminal.")
    parser.add_argument("--spec", default=str(DEFAULT_SPEC_PATH), help="questions.yaml to use")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="check a questions.yaml and list every problem")
    validate.add_argument(
        "path", nargs="?", default=None, help="file to check (default: the app's)"
    )
    validate.set_defaults(handler=_validate)

    diag = sub.add_parser("diagnose", help="diagnose one exception from its answers")
    diag.add_argument("answers", nargs="*", metavar="QUESTION=ANSWER")
    diag.add_argument("--format", choices=("text", "json"), default="text")
    diag.set_defaults(handler=_diagnose)

    cli_analyze.add_parser(sub)
    cli_report.add_parser(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code: int = args.handler(args)
        return code
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SpecError as error:
        print(f"{len(error.problems)} problem(s) in the spec:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1


def _validate(args: argparse.Namespace) -> int:
    spec = load_spec(args.path or args.spec)
    print(f"ok: {args.path or args.spec} (version {spec.version}, {len(spec.questions)} questions)")
    return 0


def _diagnose(args: argparse.Namespace) -> int:
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
