"""A one-page summary of a diagnosis, to download and pass on, in Markdown or HTML.

    text = summary_markdown(spec, diagnosis, label="SKU rejected", share_url="https://…")
    page = summary_html(spec, diagnosis, label="SKU rejected", share_url="https://…")

It holds the verdict as the triage page reads it (the primary type, where the flowchart
decided, the graded tally), the flowchart's path, each question's text with the answer given,
and what to do next. The HTML prints on A4; long links and words wrap. Every framework text
comes from the spec. The operator's label and the link are plain text
(`framework.report_doc`): they cannot turn into a link, an image or HTML when the file is
rendered.
"""

from __future__ import annotations

from framework.engine import Diagnosis
from framework.report.blocks import (
    Block,
    Heading,
    Items,
    Link,
    Para,
    Rule,
    Safe,
    Table,
    Text,
    markdown_escape,
    render_html,
    render_markdown,
)
from framework.spec.model import Spec
from framework.views.lead_tables import file_stem
from framework.views.verdict_reading import VerdictReading, verdict_reading

__all__ = [
    "diagnosis_blocks",
    "flowchart_path",
    "markdown_escape",
    "summary_filename",
    "summary_html",
    "summary_markdown",
]


def summary_filename(label: str = "", suffix: str = ".md") -> str:
    """A file name for the summary, from the label when there is one."""
    slug = file_stem(label, fallback="")
    return f"triage-{slug}{suffix}" if slug else f"triage-summary{suffix}"


def summary_markdown(
    spec: Spec, diagnosis: Diagnosis, label: str = "", share_url: str | None = None
) -> str:
    """The whole summary: verdict, reasoning, answers, what to do next, link and version."""
    return render_markdown(diagnosis_blocks(spec, diagnosis, label, share_url))


def summary_html(
    spec: Spec, diagnosis: Diagnosis, label: str = "", share_url: str | None = None
) -> str:
    """The same summary as one self-contained, printable HTML page."""
    title = f"Triage summary: {' '.join(label.split())}" if label.strip() else "Triage summary"
    return render_html(title, diagnosis_blocks(spec, diagnosis, label, share_url))


def diagnosis_blocks(
    spec: Spec, diagnosis: Diagnosis, label: str = "", share_url: str | None = None
) -> list[Block]:
    """The summary's blocks, for either format: the verdict and its reading, the flowchart's
    path, every question with its text and answer, what to do, the link and the version."""
    reading = verdict_reading(spec, diagnosis)
    title: Text = (Safe("Triage summary: "), label) if label.strip() else Safe("Triage summary")
    blocks: list[Block] = [Heading(title, 1), *_verdict(spec, diagnosis, reading)]
    blocks += [Heading(Safe("The questions and your answers")), _answer_table(spec, reading)]
    advice = diagnosis.advice
    blocks += [
        Heading(Safe(f"What to do next: {advice.title}")),
        Para(Safe(advice.summary)),
        Items(tuple(Safe(step) for step in advice.steps), numbered=True),
    ]
    if share_url:
        blocks += [Heading(Safe("Share link")), Link(share_url)]
    stamp = f"Spec version {spec.version} (questions.yaml {spec.digest})."
    return [*blocks, Rule(), Para(Safe(stamp), note=True)]


def flowchart_path(spec: Spec, diagnosis: Diagnosis) -> str:
    """The path the answers take, step by step: '1. Payload pattern: Yes → 2. Who handles it:
    Yes → Process problem' (open steps say so; the verdict ends a complete path)."""
    parts = []
    for question_id in diagnosis.path:
        question = spec.question(question_id)
        value = diagnosis.answers.get(question_id)
        answer = question.answer(value).label if value is not None else "not answered yet"
        parts.append(f"{spec.number(question_id)}. {question.title}: {answer}")
        if value is None:
            break
    if diagnosis.complete:
        parts.append(spec.verdicts[diagnosis.verdict].label)
    return " → ".join(parts)


def _verdict(spec: Spec, diagnosis: Diagnosis, reading: VerdictReading) -> list[Block]:
    if not reading.decided:
        headline = Para(Safe(reading.headline), lead=Safe("Verdict: not decided yet."))
    else:
        verdict = spec.verdicts[diagnosis.verdict]
        headline = Para(Safe(verdict.summary), lead=Safe(f"Verdict: {verdict.label}."))
    both = spec.both_present
    items = [
        reading.headline if reading.decided else "",
        f"Decided by: {_deciding(spec, diagnosis)}",
        f"Tally: {reading.tally_text}. {reading.counted_text}",
        f"{both.label}: yes. {both.summary}" if diagnosis.both_present else f"{both.label}: no.",
        f"Flowchart path: {flowchart_path(spec, diagnosis)}",
    ]
    return [headline, Items(tuple(Safe(item) for item in items if item))]


def _deciding(spec: Spec, diagnosis: Diagnosis) -> str:
    if diagnosis.awaiting is not None:
        return "no question yet."
    if diagnosis.deciding_question is None:
        return "no question; every answer on the path was “not sure”."
    number, question = _numbered(spec, diagnosis.deciding_question)
    answer = spec.question(diagnosis.deciding_question).answer(
        diagnosis.answers[diagnosis.deciding_question]
    )
    return f"step {number}, “{question}”, answered “{answer.label}”."


def _numbered(spec: Spec, question_id: str) -> tuple[int, str]:
    return spec.number(question_id), spec.question(question_id).title


def _answer_table(spec: Spec, reading: VerdictReading) -> Table:
    given = {line.question: line for line in reading.answers}
    names = {side.side: side.name for side in reading.sides}
    rows = []
    for question in spec.questions:
        line = given.get(question.id)
        if line is None:
            answer_label, side, role = "—", "—", "not answered"
        else:
            answer_label = line.answer
            side = names.get(line.side or "", "neither")
            role = "on the path" if line.on_path else "tally only"
        asked: Text = (Safe(f"{question.title}: "), Safe(question.prompt))
        cells: tuple[Text, ...] = (
            Safe(str(spec.number(question.id))),
            asked,
            Safe(answer_label),
            Safe(side),
            Safe(role),
        )
        rows.append(cells)
    columns = tuple(Safe(name) for name in ("#", "Question", "Answer", "Points to", "Flowchart"))
    return Table(columns, tuple(rows), numeric=frozenset({0}))
