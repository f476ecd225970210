"""`python -m framework report …`: the printable report of a log, a saved analysis or one triage.

python -m framework report queue.csv --out report.html            # analyse a log and report it
python -m framework report --analysis=ID [--revision N] --out report.html   # a saved analysis
python -m framework report --answers payload_consistent=no … --format md --out triage.md

The format follows --out's suffix (.md is Markdown, anything else HTML) unless --format says.
A saved analysis is read from the database the app uses: --database, else TRIAGE_DATABASE_URL,
else TRIAGE_DB_PATH, else triage.db next to questions.yaml.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framework.cli.analyze_command import add_log_options, analyze_path
from framework.cli.output import UsageError, write_output

if TYPE_CHECKING:  # the analysis and report modules load only when a report is made
    from framework.analysis.document import AnalysisDocument, CostSettings
    from framework.report.analysis_report import ReportContext
    from framework.spec.model import Spec

HTML, MARKDOWN = "html", "md"
MAX_MINUTES = 24 * 60.0  # a day per fix, the app's own limit (ui/lead/costs.py)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "report", help="a self-contained HTML (or Markdown) report of a log, analysis or triage"
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("path", nargs="?", default=None, help="a log to analyse and report")
    source.add_argument(
        "--analysis",
        metavar="ID",
        help="the id of a saved analysis (write --analysis=ID: an id may start with '-')",
    )
    source.add_argument(
        "--answers", nargs="+", metavar="QUESTION=ANSWER", help="one triage's answers"
    )
    add_log_options(parser)
    parser.add_argument("--revision", default=None, help="with --analysis: a revision number")
    parser.add_argument("--database", default=None, metavar="URL", help="with --analysis")
    parser.add_argument("--title", default=None, help="the report's title")
    parser.add_argument("--label", default="", help="with --answers: the exception's label")
    parser.add_argument(
        "--minutes", type=float, default=None, help="minutes per manual fix (default: 15)"
    )
    parser.add_argument("--format", choices=(HTML, MARKDOWN), default=None)
    parser.add_argument("--out", default=None, help="write the report here instead of stdout")
    parser.set_defaults(handler=run, reads_logs=True)


def run(args: argparse.Namespace) -> int:
    from framework.spec.loader import load_spec

    spec = load_spec(args.spec)
    markdown_out = str(args.out or "").lower().endswith((".md", ".markdown"))
    form = args.format or (MARKDOWN if markdown_out else HTML)
    if args.answers:
        text = _triage_report(spec, args, form)
    else:
        from framework.report.analysis_report import (
            analysis_report_html,
            analysis_report_markdown,
        )

        document, frame, context = _saved(spec, args) if args.analysis else _from_log(spec, args)
        render = analysis_report_markdown if form == MARKDOWN else analysis_report_html
        text = render(document, frame, context)
    write_output(text, args.out)
    return 0


def _triage_report(spec: Spec, args: argparse.Namespace, form: str) -> str:
    from framework.cli.triage_commands import parse_answer_args
    from framework.engine import AnswerError, diagnose
    from framework.report.triage_summary import summary_html, summary_markdown

    try:
        diagnosis = diagnose(spec, parse_answer_args(args.answers))
    except AnswerError as error:
        raise UsageError(str(error)) from None
    render = summary_markdown if form == MARKDOWN else summary_html
    return render(spec, diagnosis, label=args.label)


def _from_log(spec: Spec, args: argparse.Namespace) -> tuple[AnalysisDocument, Any, ReportContext]:
    from framework.analysis.document import AnalysisDocument, CostSettings, SourceInfo
    from framework.report.analysis_report import ReportContext

    cost = _cost(args, CostSettings())
    done = analyze_path(spec, args)
    path = Path(args.path)
    digest = _sha256(path)
    sheet = done.stream.head.sheet
    source = SourceInfo(path.name, done.rows, done.description, digest, sheet)
    document = AnalysisDocument(done.analysis, args.title or path.name, source, cost)
    return document, None, ReportContext()


def _sha256(path: Path) -> str:
    """The file's sha256, read in chunks (the log may be bigger than memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _saved(spec: Spec, args: argparse.Namespace) -> tuple[AnalysisDocument, Any, ReportContext]:
    from framework.analysis.document import AnalysisDocument
    from framework.logs.table import LogError
    from framework.report.analysis_report import ReportContext, saved_line
    from framework.store.config import DEFAULT_DB_PATH, database_url_from
    from framework.store.opening import open_saved, revision_from_text, saved_log_table
    from framework.store.records import StoreError, checked_id
    from framework.store.saved_analyses import open_store

    url = args.database or database_url_from(os.environ, None, default_path=DEFAULT_DB_PATH)
    try:
        checked_id(args.analysis)  # a mistyped id is named first, wherever the database is
        revision = revision_from_text(args.revision)
        _check_sqlite_file(url, args.analysis)
        store = open_store(url)
        opened = open_saved(store, spec, args.analysis, revision)
        try:
            table = saved_log_table(store, opened)
        except LogError:
            table = None  # the map then counts each group on its main boundary, and says so
    except StoreError as error:
        raise UsageError(f"--analysis {args.analysis}: {error}") from None
    info = opened.saved.info
    context = ReportContext(
        saved=saved_line(
            info.analysis_id,
            info.revision,
            opened.saved.latest_revision,
            info.created_at,
            info.author,
        ),
        notice=opened.change.notice,
    )
    document = opened.document
    title = args.title or document.title
    document = AnalysisDocument(
        document.analysis, title, document.source, _cost(args, document.cost), document.actions
    )
    return document, None if table is None else table.frame, context


def _check_sqlite_file(url: str, analysis_id: str) -> None:
    """A report only reads: a SQLite file that does not exist is an error, not created."""
    from framework.store.config import is_sqlite, parse_url

    if not is_sqlite(url):
        return
    database = parse_url(url).database
    if database and database != ":memory:" and not Path(database).is_file():
        raise UsageError(
            f"--analysis {analysis_id}: no saved analyses at {database} "
            "(give --database URL or set TRIAGE_DATABASE_URL / TRIAGE_DB_PATH)"
        )


def _cost(args: argparse.Namespace, saved: CostSettings) -> CostSettings:
    from framework.analysis.document import CostSettings

    if args.minutes is None:
        return saved
    if not (math.isfinite(args.minutes) and 0 <= args.minutes <= MAX_MINUTES):
        raise UsageError(
            f"--minutes {args.minutes:g}: give the minutes one manual fix takes, "
            f"from 0 to {MAX_MINUTES:,.0f} (a day)"
        )
    return CostSettings(args.minutes, saved.per_group)
