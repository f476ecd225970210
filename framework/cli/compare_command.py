"""`python -m framework compare BEFORE AFTER …`: did the fix work? Two periods, group by group.

python -m framework compare march.csv april.csv                       # two logs
python -m framework compare queue.csv --split-at 2024-03-12 --change "SKU mapping fixed"
python -m framework compare saved:ID1 saved:ID2@3 --format html --out compare.html
python -m framework compare saved:ID --split-at 2024-03-12            # a saved analysis' log

BEFORE and AFTER are log files or saved analyses (`saved:ID`, `saved:ID@REVISION`, read from
the app's database: --database, else TRIAGE_DATABASE_URL, else TRIAGE_DB_PATH, else
triage.db). With --split-at one source is cut on that day (midnight UTC). Log files are read
batch by batch, as `analyze` reads them, so their size is not limited by memory. The format
follows --out's suffix (.html, .md, .json) unless --format says; the default is a table.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framework.cli.analyze_command import add_log_options
from framework.cli.output import UsageError, write_output
from framework.cli.saved_source import open_read_only, parse_saved
from framework.spec.model import Spec

if TYPE_CHECKING:
    from framework.analysis.comparison import ChangeMarker, Comparison, Period

FORMATS = ("table", "json", "md", "html")
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "compare", help="compare two periods (two logs, two saved analyses, or a log split)"
    )
    parser.add_argument("before", help="log file or saved:ID[@REVISION]")
    parser.add_argument("after", nargs="?", default=None, help="the same (not with --split-at)")
    parser.add_argument("--split-at", default=None, metavar="DATE", help="cut BEFORE on this day")
    parser.add_argument("--change", default="", metavar="TEXT", help="what changed on that day")
    parser.add_argument(
        "--marker",
        action="append",
        default=[],
        metavar="DATE=TEXT",
        help="another change to mark on the timeline; repeatable",
    )
    add_log_options(parser)
    parser.add_argument("--database", default=None, metavar="URL", help="for saved:ID sources")
    parser.add_argument("--title", default="", help="the report's title (md, html)")
    parser.add_argument("--format", choices=FORMATS, default=None)
    parser.add_argument("--out", default=None, help="write the result here instead of stdout")
    parser.set_defaults(handler=run, reads_logs=True)


def run(args: argparse.Namespace) -> int:
    from framework.analysis.comparison import ComparisonError, compare
    from framework.columns.mapping import MappingError
    from framework.logs.table import LogError
    from framework.spec.loader import load_spec

    spec = load_spec(args.spec)
    markers = [_marker(text) for text in args.marker]
    try:
        before, after, found = _periods(spec, args)
        comparison = compare(before, after, [*found, *markers])
    except (LogError, MappingError, ComparisonError) as error:
        raise UsageError(str(error)) from None
    write_output(render(comparison, _format(args), args.title), args.out)
    return 0


def render(comparison: Comparison, form: str, title: str = "") -> str:
    """The comparison in one of `FORMATS`."""
    import json

    from framework.report.comparison_report import (
        comparison_report_html,
        comparison_report_markdown,
    )

    if form == "json":
        return json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if form == "md":
        return comparison_report_markdown(comparison, title)
    if form == "html":
        return comparison_report_html(comparison, title)
    return format_table(comparison)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return _SUFFIXES.get(Path(args.out or "").suffix.lower(), "table")


def _periods(spec: Spec, args: argparse.Namespace) -> tuple[Period, Period, list[ChangeMarker]]:
    """The two periods and the markers they bring (the split day, or --change)."""
    from framework.analysis.periods import change_marker, split_stream

    if args.split_at is not None:
        if args.after is not None:
            raise UsageError("--split-at cuts one source in two: give BEFORE only, not AFTER")
        day = _day(args.split_at, "--split-at")
        stream = _stream(spec, args.before, args)
        split = split_stream(
            stream,
            spec,
            day,
            label=args.change,
            column_choices=_choices(args),
            group_by=args.group_by,
        )
        return split.before, split.after, [split.marker]
    if args.after is None:
        raise UsageError("give two sources (BEFORE AFTER), or one with --split-at DATE")
    before, after = _period(spec, args.before, args), _period(spec, args.after, args)
    found = []
    if args.change and after.window is not None:
        found.append(change_marker(after.window.first_day, args.change))
    return before, after, found


def _period(spec: Spec, source: str, args: argparse.Namespace) -> Period:
    from framework.analysis.comparison import Period
    from framework.analysis.periods import stream_period

    saved = parse_saved(source)
    if saved is None:
        return stream_period(
            _read(source, args), spec, column_choices=_choices(args), group_by=args.group_by
        )
    store, opened = open_read_only(spec, *saved, args.database)
    store.close()
    info = opened.saved.info
    name = opened.document.title or info.analysis_id
    return Period.of(opened.document.analysis, f"{name} (saved, revision {info.revision})")


def _stream(spec: Spec, source: str, args: argparse.Namespace) -> Any:
    """A log to split: a file (read in batches), or the log stored with a saved analysis."""
    from framework.logs.streaming import LogStream
    from framework.logs.table import LogError
    from framework.store.opening import saved_log_table
    from framework.store.records import StoreError

    saved = parse_saved(source)
    if saved is None:
        return _read(source, args)
    store, opened = open_read_only(spec, *saved, args.database)
    try:
        table = saved_log_table(store, opened)
    except (StoreError, LogError) as error:
        raise UsageError(f"saved analysis {saved[0]}: its stored log: {error}") from None
    finally:
        store.close()
    if table is None:
        raise UsageError(
            f"saved analysis {saved[0]} was saved without its log, so it cannot be split: "
            "compare two saved analyses, or split the log file itself"
        )
    return LogStream(Path(table.filename), table)


def _read(path: str, args: argparse.Namespace) -> Any:
    """A log on disk, opened to be read batch by batch (no size ceiling)."""
    from framework.logs.streaming import open_log_stream

    return open_log_stream(path, sheet=args.sheet)


def _choices(args: argparse.Namespace) -> dict[str, str | None]:
    from framework.columns.mapping import MappingError, overrides_from_args

    try:
        return overrides_from_args(args.map)
    except MappingError as error:
        raise UsageError(str(error)) from None


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option} {text!r}: give the day as YYYY-MM-DD (for example 2024-03-12)"
        ) from None


def _marker(text: str) -> ChangeMarker:
    from framework.analysis.periods import change_marker

    day, sep, label = text.partition("=")
    if not sep or not label.strip():
        raise UsageError(f"--marker {text!r}: write DATE=TEXT, e.g. 2024-03-12='SKU mapping fixed'")
    return change_marker(_day(day, "--marker"), label)


def format_table(comparison: Comparison) -> str:
    """A plain-text summary: the periods, the readings, one line per group, new and vanished."""
    from framework.views.comparison_tables import comparison_rows, period_line, reading_summary

    lines = [
        f"Before: {period_line(comparison.before)}",
        f"After:  {period_line(comparison.after)}",
        *(f"Changed on {m.day.isoformat()}: {m.label}" for m in comparison.markers),
        "Readings: " + " · ".join(f"{label} {n}" for _, label, n, _ in reading_summary(comparison)),
        "Volumes are exceptions a week." if comparison.per_week else "Volumes are counts.",
        "",
    ]
    header = ["GROUP", "READING", "BEFORE", "AFTER", "CHANGE", "TYPE", "ANSWERS CHANGED"]
    rows = [header] + [
        [
            r.group,
            r.reading_label,
            r.before,
            r.after,
            r.change,
            r.types,
            _short(comparison, r.group),
        ]
        for r in comparison_rows(comparison)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    lines.append("")
    for heading, found, link in (
        ("New", comparison.new_groups, "downstream of"),
        ("Vanished", comparison.vanished_groups, "moved to"),
    ):
        names = [
            r.group + (f" ({link} {', '.join(r.related)})" if r.related else "") for r in found
        ]
        lines.append(f"{heading} groups: {', '.join(names) or 'none'}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _short(comparison: Comparison, name: str) -> str:
    """'Q2 no→yes, Q5 schema_mismatch→missing_rule' (answer values, compact)."""
    spec, row = comparison.spec, comparison.group(name)
    return ", ".join(
        f"Q{spec.number(c.question)} {c.before}→{c.after}" for c in row.changed_answers
    )
