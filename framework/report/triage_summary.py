"""A one-page summary of a diagnosis, to download and pass on, in Markdown or HTML.

    text = summary_markdown(spec, diagnosis, label="SKU rejected", share_url="https://…")
    page = summary_html(spec, diagnosis, label="SKU rejected", share_url="https://…")

Every framework text comes from the spec. The operator's label and the link are plain text
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
from framework.spec.model import INTEGRATION, PROCESS, Spec
from framework.views.lead_tables import file_stem

__all__ = [
    "diagnosis_blocks",
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
    """The summary's blocks, for either format."""
    title: Text = (Safe("Triage summary: "), label) if label.strip() else Safe("Triage summary")
    blocks: list[Block] = [Heading(title, 1), *_verdict(spec, diagnosis)]
    blocks += [Heading(Safe("Answers")), _answer_table(spec, diagnosis)]
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


def _verdict(spec: Spec, diagnosis: Diagnosis) -> list[Block]:
    votes = diagnosis.votes
    integration, process = spec.verdicts[INTEGRATION], spec.verdicts[PROCESS]
    if diagnosis.awaiting is not None:
        number, question = _numbered(spec, diagnosis.awaiting)
        headline = Para(
            Safe(f"The flowchart waits for question {number}, “{question}”."),
            lead=Safe("Verdict: not decided yet."),
        )
    else:
        verdict = spec.verdicts[diagnosis.verdict]
        headline = Para(Safe(verdict.summary), lead=Safe(f"Verdict: {verdict.label}."))
    both = spec.both_present
    items = [
        f"Decided by: {_deciding(spec, diagnosis)}",
        f"Tally: {integration.short} {votes.integration} · {process.short} {votes.process}",
        f"{both.label}: yes. {both.summary}" if diagnosis.both_present else f"{both.label}: no.",
    ]
    return [headline, Items(tuple(Safe(item) for item in items))]


def _deciding(spec: Spec, diagnosis: Diagnosis) -> str:
    if diagnosis.awaiting is not None:
        return "no question yet."
    if diagnosis.deciding_question is None:
        return "no question; every answer on the path was “not sure”."
    number, question = _numbered(spec, diagnosis.deciding_question)
    answer = spec.question(diagnosis.deciding_question).answer(
        diagnosis.answers[diagnosis.deciding_question]
    )
    return f"question {number}, “{question}”, answered “{answer.label}”."


def _numbered(spec: Spec, question_id: str) -> tuple[int, str]:
    return spec.number(question_id), spec.question(question_id).title


def _answer_table(spec: Spec, diagnosis: Diagnosis) -> Table:
    rows = []
    for question in spec.questions:
        number = spec.number(question.id)
        value = diagnosis.answers.get(question.id)
        if value is None:
            answer_label, side, role = "—", "—", "not answered"
        else:
            answer = question.answer(value)
            answer_label = answer.label
            side = spec.verdicts[answer.points_to].short if answer.points_to else "neither"
            role = "on the path" if question.id in diagnosis.path else "tally only"
        cells = (str(number), question.title, answer_label, side, role)
        rows.append(tuple(Safe(cell) for cell in cells))
    columns = tuple(Safe(name) for name in ("#", "Question", "Answer", "Points to", "Flowchart"))
    return Table(columns, tuple(rows), numeric=frozenset({0}))
