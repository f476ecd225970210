"""`python -m framework tag --analysis=ID`: tag incoming exception records at intake.

python -m framework tag --analysis=ID < new.jsonl > tagged.jsonl
python -m framework tag --analysis=ID --input new.jsonl --out tagged.jsonl --map error_code=code

Reads JSON Lines (one exception record per line) from --input or stdin and writes each record
back with a `triage` key: its group in the saved analysis, the group's verdict, primary type
and both-present flag, and the analysis id and revision (`unknown-group` for a group the
analysis has not seen). Streaming, in constant memory; a summary goes to stderr (--quiet: none).
A line that is not a JSON object stops the run with exit 2 (the lines before it are written)
unless --skip-invalid leaves such lines out.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from framework.cli.output import UsageError
from framework.cli.saved_source import open_read_only


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("tag", help="tag incoming exception records (JSON Lines) at intake")
    parser.add_argument(
        "--analysis",
        metavar="ID",
        required=True,
        help="the saved analysis whose groups tag the records (write --analysis=ID)",
    )
    parser.add_argument("--revision", default=None, help="a revision number (default: latest)")
    parser.add_argument("--database", default=None, metavar="URL", help="the app's database")
    parser.add_argument("--input", default=None, metavar="FILE", help="JSON Lines (default: stdin)")
    parser.add_argument("--out", default=None, metavar="FILE", help="write here (default: stdout)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=KEY",
        help="the record key holding a field, when it is not the log's column name; repeatable",
    )
    parser.add_argument(
        "--skip-invalid", action="store_true", help="leave out lines that are not JSON objects"
    )
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(handler=run, reads_logs=True)


def run(args: argparse.Namespace) -> int:
    from framework.analysis.intake import RecordError, Tagger, tag_stream
    from framework.columns.mapping import MappingError
    from framework.spec.loader import load_spec

    spec = load_spec(args.spec)
    store, opened = open_read_only(spec, args.analysis, args.revision, args.database)
    store.close()
    info = opened.saved.info
    try:
        tagger = Tagger(
            opened.document.analysis,
            renamed=_renamed(args.map),
            stamp={"analysis": info.analysis_id, "revision": info.revision},
        )
    except MappingError as error:
        raise UsageError(f"saved analysis {info.analysis_id}: {error}") from None
    name = args.input or "stdin"
    with ExitStack() as files:
        source = _open(files, args.input, "rb", sys.stdin.buffer)
        sink = _open(files, args.out, "wb", sys.stdout.buffer)
        try:
            stats = tag_stream(tagger, source, sink, skip_invalid=args.skip_invalid)
        except RecordError as error:
            raise UsageError(f"{name}: {error}") from None
        except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    if not args.quiet:
        _summary(stats, info.analysis_id, info.revision)
    return 0


def _renamed(pairs: list[str]) -> dict[str, str]:
    from framework.columns.mapping import MappingError, overrides_from_args

    try:
        chosen = overrides_from_args(pairs)
    except MappingError as error:
        raise UsageError(str(error)) from None
    return {field: key for field, key in chosen.items() if key}


def _open(files: ExitStack, path: str | None, mode: str, default: IO[bytes]) -> IO[bytes]:
    if path in (None, "-"):
        return default
    try:
        opened: IO[bytes] = files.enter_context(Path(path).open(mode))  # noqa: SIM115
    except OSError as error:
        verb = "read" if mode == "rb" else "write"
        raise UsageError(f"cannot {verb} {path}: {error.strerror or error}") from None
    return opened


def _summary(stats: Any, analysis_id: str, revision: int) -> None:
    line = f"tagged {stats.records:,} record{'s' if stats.records != 1 else ''}"
    line += f" with saved analysis {analysis_id} (revision {revision})"
    if stats.unknown:
        line += f"; {stats.unknown:,} in a group it has not seen (unknown-group)"
    if stats.skipped:
        line += f"; skipped {stats.skipped:,} line(s) that were not JSON objects"
        line += f" (the first: line {stats.first_skipped})"
    print(line, file=sys.stderr)
