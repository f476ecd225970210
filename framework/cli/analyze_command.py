"""`python -m framework analyze PATH …`: the team lead's analysis from a terminal.

python -m framework analyze queue.csv --map handler="Assigned To" --group-by error_code
python -m framework analyze queue.xlsx --sheet March --format json --out groups.json
python -m framework analyze queue.csv --tagged tagged.xlsx   # the diagnostic sheet too
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framework.cli.output import UsageError, write_output
from framework.spec.model import Spec

if TYPE_CHECKING:
    import pandas as pd

    from framework.analysis.results import Analysis
    from framework.columns.mapping import ColumnMapping
    from framework.columns.row_filter import RowFilter
    from framework.logs.streaming import LogStream


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
    parser.set_defaults(handler=run, reads_logs=True)


def add_log_options(parser: argparse.ArgumentParser) -> None:
    """--map, --group-by and --sheet: how to read and group a log (analyze and report)."""
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a field to a column by hand (FIELD= unmaps it); repeatable",
    )
    parser.add_argument(
        "--group-by",
        default=None,
        metavar="FIELD",
        help="a field, message_template, or up to three fields joined with + "
        "(error_code+boundary); default: the error code, else the first field the log has "
        "(a message template for a log of messages)",
    )
    parser.add_argument("--sheet", default=None, help="Excel sheet to read (default: the first)")
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="analyse only rows where COLUMN is one of the values (level=WARN,ERROR), is not "
        "(state!=Closed) or contains a text (activity~reject); repeatable, all must hold",
    )
    parser.add_argument("--since", default=None, metavar="YYYY-MM-DD", help="from this day on")
    parser.add_argument("--until", default=None, metavar="YYYY-MM-DD", help="up to this day")


@dataclass(frozen=True)
class Analysed:
    """A log on disk analysed: its stream (to read the rows again), mapping and analysis."""

    stream: LogStream
    mapping: ColumnMapping
    analysis: Analysis
    rows: int
    kept: RowFilter | None = None
    """The rows analysed, when not all of them (the tagged sheet holds those only)."""

    @property
    def description(self) -> str:
        return self.stream.describe(self.analysis.read or self.rows)


def analyze_path(spec: Spec, args: argparse.Namespace) -> Analysed:
    """Read the log at `args.path` batch by batch and analyse it as the options say; an
    unreadable log or a bad mapping is a `UsageError`."""
    from framework.analysis.pipeline import analyze_stream
    from framework.columns.mapping import MappingError, overrides_from_args
    from framework.logs.streaming import open_log_stream
    from framework.logs.table import LogError

    try:
        stream = open_log_stream(args.path, sheet=args.sheet)
        choices = overrides_from_args(args.map)
        kept = row_filter(args)
        mapping, analysis, rows = analyze_stream(
            stream, spec, column_choices=choices, group_by=args.group_by, rows=kept
        )
    except (LogError, MappingError) as error:
        raise UsageError(str(error)) from None
    return Analysed(stream, mapping, analysis, rows, kept)


def row_filter(args: argparse.Namespace) -> RowFilter | None:
    """The rows --where, --since and --until keep (None: every row)."""
    from framework.columns.row_filter import RowFilter, day, parse_where

    found = RowFilter(
        parse_where(args.where),
        since=day(args.since, "--since") if args.since else None,
        until=day(args.until, "--until") if args.until else None,
    )
    return found if found else None


def run(args: argparse.Namespace) -> int:
    from framework.spec.loader import load_spec

    spec = load_spec(args.spec)
    done = analyze_path(spec, args)
    analysis = done.analysis
    if args.tagged:
        _write_tagged(done, args.tagged)
    if args.format == "json":
        from framework.analysis.json_text import json_text

        write_output(json_text(analysis.to_dict()), args.out)
    elif args.format == "csv":
        from framework.analysis import exports as sheet  # openpyxl and the sheet: only here

        write_output(sheet.groups_csv(analysis), args.out)
    else:
        text = format_table(spec, done.description, done.mapping.to_dict(), analysis)
        write_output(text, args.out)
    return 0


def _write_tagged(done: Analysed, path: str) -> None:
    """The diagnostic sheet: CSV written batch by batch as the log is read again; Excel
    (at most 1,048,575 rows) built whole."""
    from framework.analysis import exports as sheet
    from framework.logs.table import LogError

    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"--tagged {path}: use a .csv or .xlsx file name")
    try:
        if suffix == ".csv":
            _tagged_csv(done, path)
            return
        if done.rows > sheet.EXCEL_MAX_ROWS:
            raise sheet.SheetTooLarge(
                f"the sheet has {done.rows:,} rows; an Excel worksheet holds "
                f"{sheet.EXCEL_MAX_ROWS:,}. Write the tagged sheet as .csv instead"
            )
        import pandas as pd

        parts: Callable[[], list[pd.DataFrame]] = list
        frames = done.stream.fold(parts, lambda found, frame: found.append(_kept(done, frame)))
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        tagged = sheet.diagnostic_sheet(frame, done.analysis)
        write_output(sheet.sheet_xlsx(tagged, spec=done.analysis.spec), path)
    except (LogError, sheet.SheetTooLarge) as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def _tagged_csv(done: Analysed, path: str) -> None:
    """Write the tagged CSV batch by batch; a reading that starts over starts the file over."""
    opened: list[_CsvOut] = []

    def start() -> _CsvOut:
        for earlier in opened:
            earlier.file.close()
        opened.append(_CsvOut(path))
        return opened[-1]

    try:
        done.stream.fold(start, lambda out, frame: out.add(done.analysis, _kept(done, frame)))
    finally:
        for out in opened:
            out.file.close()


def _kept(done: Analysed, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a batch the analysis kept (all of them without a filter)."""
    if done.kept is None:
        return frame
    from framework.columnar.timestamps import time_format

    stamps = done.mapping.to_dict().get("timestamp")
    fmt = time_format(done.stream.head.frame[stamps]) if stamps else None
    return frame[done.kept.mask(frame, stamps, fmt)]


class _CsvOut:
    """A tagged CSV being written, from its first byte."""

    def __init__(self, path: str) -> None:
        self.file = Path(path).open("wb")  # noqa: SIM115 - `_tagged_csv` closes it
        self.first = True

    def add(self, analysis: Analysis, frame: pd.DataFrame) -> None:
        from framework.analysis import exports as sheet

        sheet.append_csv(sheet.diagnostic_sheet(frame, analysis), self.file, first=self.first)
        self.first = False
        self.file.flush()


WARNING_MARK = "!"
"""Marks a verdict that carries a warning in the plain-text table; the warnings follow it."""


def format_table(spec: Spec, source: str, columns: dict[str, str | None], analysis: Any) -> str:
    """A plain-text report: the log, the mapping (guessed columns marked), the tally, one
    line per group (a verdict with a warning marked "!"), then the warnings."""
    from framework.analysis.warnings import warning_text

    summary = analysis.summary
    guessed = analysis.guessed
    mapped = ", ".join(
        f"{field} ← {column}" + (f" (guess, {guessed[field]:.0%} sure)" if field in guessed else "")
        for field, column in columns.items()
        if column
    )
    tags = " · ".join(
        f"{spec.tag(tag).short.lower()} {count}" for tag, count in summary.by_groups.items()
    )
    from framework.views.analysis_scope import scope_lines, unit_noun

    lines = [f"Log: {source}", f"Columns: {mapped or 'none recognised'}", *scope_lines(analysis)]
    lines += [
        f"{summary.exceptions:,} {unit_noun(analysis)} in {summary.groups} groups "
        f"(by {analysis.group_by}): {tags}",
        "Questions: " + "  ".join(f"Q{spec.number(q.id)} {q.title}" for q in spec.questions),
        "",
    ]
    header = ["GROUP", "EXCEPTIONS", "DAYS"]
    header += [f"Q{spec.number(qid)}" for qid in spec.question_ids]
    header += ["VERDICT", "BOTH"]
    rows = [header]
    notes = []
    for group in analysis.groups:
        answers = [
            group.answers.get(qid, "-") + ("*" if qid in group.overrides else "")
            for qid in spec.question_ids
        ]
        days = "-" if group.days_active is None else str(group.days_active)
        both = "yes" if group.both_present else "no"
        verdict = group.verdict + (WARNING_MARK if group.warnings else "")
        rows.append([group.group, f"{group.exceptions:,}", days, *answers, verdict, both])
        notes += [
            f"  {group.group}: {warning_text(spec, warning, columns, guessed)}"
            for warning in group.warnings
        ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    if notes:
        lines += ["", f"{WARNING_MARK} Verdicts that rest on a guess or on little data:", *notes]
    return "\n".join(line.rstrip() for line in lines) + "\n"
