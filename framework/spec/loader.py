"""Read `questions.yaml` into a validated `Spec`, reporting every problem at once.

spec = load_spec()            # the project's questions.yaml
spec = load_spec(path)        # raises SpecError(problems) when anything is wrong
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from framework.spec import flow_checks as flowgraph
from framework.spec import sections
from framework.spec.follow_up_section import follow_up
from framework.spec.model import Spec
from framework.spec.node_reader import NodeReader
from framework.spec.problems import Collector, Problem, SpecError
from framework.spec.yaml_source import LineDict, YamlSyntaxError, load

DEFAULT_SPEC_PATH = Path(__file__).resolve().parents[2] / "questions.yaml"

TOP_LEVEL_KEYS = (
    "version",
    "start",
    "verdicts",
    "both_present",
    "questions",
    "matrix",
    "advice",
    "team_habit",
    "faq",
    "columns",
    "vocabulary",
    "inference",
    "follow_up",
)
OPTIONAL_KEYS = ("matrix_additions", "glossary")
"""Sections a spec may leave out: the app then shows no added matrix rows, no glossary."""

MAX_SPEC_BYTES = 1024**2
MAX_VERSION_CHARS = 64  # saved analyses store it in a 64-character column

__all__ = ["DEFAULT_SPEC_PATH", "Problem", "SpecError", "load_spec", "parse_spec", "spec_problems"]


def load_spec(path: Path | str | None = None) -> Spec:
    """Read and validate a spec file; raise `SpecError` listing every problem."""
    spec_path = Path(path) if path is not None else DEFAULT_SPEC_PATH
    try:
        data = spec_path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SpecError([Problem(str(spec_path), 0, "file", f"cannot be read: {reason}")]) from None
    return parse_spec(data, spec_path.name)


def spec_problems(path: Path | str | None = None) -> list[Problem]:
    """Every problem in a spec file; an empty list means it is valid."""
    try:
        load_spec(path)
    except SpecError as error:
        return error.problems
    return []


def parse_spec(data: bytes, file: str = "questions.yaml") -> Spec:
    """Build a `Spec` from the bytes of a spec file, or raise `SpecError`."""
    if len(data) > MAX_SPEC_BYTES:
        message = (
            f"is {len(data) / 1024**2:,.1f} MB; a questions file is some 60 KB "
            f"(at most {MAX_SPEC_BYTES // 1024**2} MB is read)"
        )
        raise SpecError([Problem(file, 0, "file", message)])
    collector = Collector(file)
    try:
        root = load(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start}); save it as UTF-8"
        raise SpecError([Problem(file, 0, "file", message)]) from None
    except YamlSyntaxError as error:
        message = f"not valid YAML at column {error.column}: {error.message}"
        raise SpecError([Problem(file, error.line, "file", message)]) from None
    reader = NodeReader(collector)
    if not isinstance(root, LineDict):
        reader.problem(
            None, "file", "must be a YAML mapping with the keys " + ", ".join(TOP_LEVEL_KEYS)
        )
        raise SpecError(collector.problems)
    spec = _build(root, reader, hashlib.sha256(data).hexdigest()[:12])
    if collector.problems:
        raise SpecError(collector.problems)
    return spec


def _build(root: LineDict, reader: NodeReader, digest: str) -> Spec:
    reader.keys(root, "top level", TOP_LEVEL_KEYS, OPTIONAL_KEYS)
    version = root.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        reader.problem(root, "version", f'write the version as quoted text: "{version}"')
    elif "version" in root:
        version = reader.text(root, "version", "version", longest=MAX_VERSION_CHARS)
    questions = sections.questions(root, reader)
    start = reader.text(root, "start", "start")
    question_map = {question.id: question for question in questions}
    verdicts = sections.verdicts(root, reader)
    flowgraph.check(root, reader, start, questions, verdicts)
    return Spec(
        version=version if isinstance(version, str) else str(version),
        digest=digest,
        start=start,
        questions=questions,
        verdicts=verdicts,
        both_present=sections.both_present(root, reader),
        matrix=sections.matrix(root, reader, question_map),
        advice=sections.advice(root, reader),
        team_habit=reader.text(root, "team_habit", "team_habit"),
        faq=sections.faq(root, reader),
        columns=sections.columns(root, reader),
        vocabulary=sections.vocabulary(root, reader),
        inference=sections.inference(root, reader, question_map),
        follow_up=follow_up(root, reader),
        matrix_additions=sections.matrix_additions(root, reader, question_map),
        glossary=sections.glossary(root, reader),
        other_columns=sections.other_columns(root, reader),
    )
