"""`python -m framework …`: the command line's parser, dispatch and exit codes.

    python -m framework validate [PATH]
    python -m framework diagnose payload_consistent=yes varies_by_handler=no … [--format json]
    python -m framework analyze PATH [--map FIELD=COLUMN …] [--group-by FIELD] [--format json]
    python -m framework report (PATH | --analysis=ID | --answers Q=A …) --out report.html
    python -m framework compare BEFORE [AFTER] [--split-at DATE] [--format table|json|md|html]
    python -m framework tag --analysis=ID [--input FILE] [--out FILE] < records.jsonl

Exit codes: 0 success; 1 the spec is broken (its problems are printed); 2 a usage or input
error (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from framework.cli import (
    analyze_command,
    compare_command,
    report_command,
    tag_command,
    triage_commands,
)
from framework.cli.output import UsageError
from framework.spec.loader import DEFAULT_SPEC_PATH
from framework.spec.problems import SpecError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m framework", description="Exception triage from a terminal.")
    parser.add_argument("--spec", default=str(DEFAULT_SPEC_PATH), help="questions.yaml to use")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    triage_commands.add_parsers(sub)
    analyze_command.add_parser(sub)
    report_command.add_parser(sub)
    compare_command.add_parser(sub)
    tag_command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "reads_logs", False):  # pyarrow is imported by these commands only
            from framework.columnar.arrow_memory import for_reading_logs

            for_reading_logs()
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
