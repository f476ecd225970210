"""`python -m framework analyze PATH …`: the team lead's analysis from a terminal.

python -m framework analyze queue.csv --map handler="Assigned To" --group-by error_code
python -m framework analyze queue.xlsx --sheet March --format json --out groups.json
python -m framework analyze queue.csv --tagged tagged.xlsx   # the diagnostic sheet too
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framework.cli.output import UsageError, write_output
from framework.spec.model import Spec

if TYPE_CHECKING:
    from framework.analysis.results import Analysis
    from framework.logs.table import LogTable


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("analyze", help="infer the five answers per exception group of a log")
    parser.add_argument("path", help="the log: CSV/TSV, JSON, JSON Lines, Excel or Parquet")
    add_log_options(parser)
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--out", default=None, help="write the result here instead of stdout")
    parser.add_argument(
        "--tagged",
        default=None,
        metavar="PATH",
        help="also write the diagnostic sheet (.csv/.xlsx)",
    )
    parser.set_defaults(handler=run)


def add_log_options(parser: argparse.ArgumentParser) -> None:
    """--map, --group-by and --sheet: how to read and group a log (analyze and report)."""
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a field to a column by hand (FIELD= unmaps it); repeatable",
    )
    parser.add_argument("--group-by", default="error_code", metavar="FIELD")
    parser.add_argument("--sheet", default=None, help="Excel sheet to read (default: the first)")


def analyze_path(spec: Spec, args: argparse.Namespace) -> tuple[LogTable, Any, Analysis]:
    """Read the log at `args.path` and analyse it as the options say: (table, mapping,
    analysis); an unreadable log or a bad mapping is a `UsageError`."""
    from framework.analysis.pipeline import analyze_table
    from framework.columns.mapping import MappingError, overrides_from_args
    from framework.logs.reading import read_log_file
    from framework.logs.table import LogError

    try:
        table = read_log_file(args.path, sheet=args.sheet)
        choices = overrides_from_args(args.map)
        mapping, analysis = analyze_table(
            table, spec, column_choices=choices, group_by=args.group_by
        )
    except (LogError, MappingError) as error:
        raise UsageError(str(error)) from None
    return table, mapping, analysis


def run(args: argparse.Namespace) -> int:
    from framework.analysis import exports as sheet
    from framework.spec.loader import load_spec

    spec = load_spec(args.spec)
    table, mapping, analysis = analyze_path(spec, args)
    if args.tagged:
        _write_tagged(sheet, table.frame, analysis, args.tagged)
    if args.format == "json":
        write_output(json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False) + "\n", args.out)
    elif args.format == "csv":
        write_output(sheet.groups_csv(analysis), args.out)
    else:
        write_output(format_table(spec, table.describe(), mapping.to_dict(), analysis), args.out)
    return 0


def _write_tagged(sheet: Any, frame: Any, analysis: Any, path: str) -> None:
    tagged = sheet.diagnostic_sheet(frame, analysis)
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        try:
            write_output(sheet.sheet_xlsx(tagged, spec=analysis.spec), path)
        except sheet.SheetTooLarge as error:
            raise UsageError(str(error)) from None
    elif suffix == ".csv":
        write_output(sheet.sheet_csv(tagged), path)
    else:
        raise UsageError(f"--tagged {path}: use a .csv or .xlsx file name")


def format_table(spec: Spec, source: str, columns: dict[str, str | None], analysis: Any) -> str:
    """A plain-text report: the log, the mapping, the tally and one line per group."""
    summary = analysis.summary
    mapped = ", ".join(f"{field} ← {column}" for field, column in columns.items() if column)
    tags = " · ".join(
        f"{spec.tag(tag).short.lower()} {count}" for tag, count in summary.by_groups.items()
    )
    lines = [
        f"Log: {source}",
        f"Columns: {mapped or 'none recognised'}",
        f"{summary.exceptions:,} exceptions in {summary.groups} groups "
        f"(by {analysis.group_by}): {tags}",
        "Questions: " + "  ".join(f"Q{spec.number(q.id)} {q.title}" for q in spec.questions),
        "",
    ]
    header = ["GROUP", "EXCEPTIONS", "DAYS"]
    header += [f"Q{spec.number(qid)}" for qid in spec.question_ids]
    header += ["VERDICT", "BOTH"]
    rows = [header]
    for group in analysis.groups:
        answers = [
            group.answers.get(qid, "-") + ("*" if qid in group.overrides else "")
            for qid in spec.question_ids
        ]
        days = "-" if group.days_active is None else str(group.days_active)
        both = "yes" if group.both_present else "no"
        rows.append([group.group, f"{group.exceptions:,}", days, *answers, group.verdict, both])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines) + "\n"
