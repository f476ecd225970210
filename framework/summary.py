"""A one-page Markdown summary of a diagnosis, to download and pass on.

    text = summary_markdown(spec, diagnosis, label="SKU rejected", share_url="https://…")

Every framework text comes from the spec. The operator's label is escaped (`markdown_escape`)
so it cannot turn into a link, an image or HTML when the file is rendered.
"""

from __future__ import annotations

import re
import unicodedata

from framework.engine import Diagnosis
from framework.model import INTEGRATION, PROCESS, Spec

# ASCII punctuation that can start Markdown syntax (links, images, emphasis, HTML, entities,
# code, tables, headings, maths, autolinks such as http:// and www.).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~$&:.\"'=^+-])")
_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]`\"'\\]+")


def markdown_escape(text: str) -> str:
    """`text` as literal Markdown: one line, every special character backslash-escaped."""
    one_line = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def summary_filename(label: str = "") -> str:
    """A file name for the summary, from the label when there is one."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-")[:60].strip("-")
    return f"triage-{slug}.md" if slug else "triage-summary.md"


def summary_markdown(
    spec: Spec, diagnosis: Diagnosis, label: str = "", share_url: str | None = None
) -> str:
    """The whole summary: verdict, reasoning, answers, what to do next, link and version."""
    title = f"Triage summary: {markdown_escape(label)}" if label.strip() else "Triage summary"
    sections = [
        [f"# {title}"],
        _verdict_lines(spec, diagnosis),
        _answer_table(spec, diagnosis),
        _advice_lines(diagnosis),
    ]
    if share_url:
        sections.append(["## Share link", "", _link(share_url)])
    sections.append(["---", "", f"Spec version {spec.version} (questions.yaml {spec.digest})."])
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


def _verdict_lines(spec: Spec, diagnosis: Diagnosis) -> list[str]:
    votes = diagnosis.votes
    integration, process = spec.verdicts[INTEGRATION], spec.verdicts[PROCESS]
    if diagnosis.awaiting is not None:
        number, question = _numbered(spec, diagnosis.awaiting)
        headline = f"**Verdict: not decided yet.** The flowchart waits for question {number}, "
        headline += f"“{question}”."
    else:
        verdict = spec.verdicts[diagnosis.verdict]
        headline = f"**Verdict: {verdict.label}.** {verdict.summary}"
    lines = [
        headline,
        "",
        f"- Decided by: {_deciding(spec, diagnosis)}",
        f"- Tally: {integration.short} {votes.integration} · {process.short} {votes.process}",
    ]
    both = spec.both_present
    if diagnosis.both_present:
        lines.append(f"- {both.label}: yes. {both.summary}")
    else:
        lines.append(f"- {both.label}: no.")
    return lines


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
    return spec.question_ids.index(question_id) + 1, spec.question(question_id).title


def _answer_table(spec: Spec, diagnosis: Diagnosis) -> list[str]:
    lines = [
        "## Answers",
        "",
        "| # | Question | Answer | Points to | Flowchart |",
        "|---|----------|--------|-----------|-----------|",
    ]
    for number, question in enumerate(spec.questions, start=1):
        value = diagnosis.answers.get(question.id)
        if value is None:
            answer_label, side, role = "—", "—", "not answered"
        else:
            answer = question.answer(value)
            answer_label = answer.label
            side = spec.verdicts[answer.points_to].short if answer.points_to else "neither"
            role = "on the path" if question.id in diagnosis.path else "tally only"
        cells = [str(number), question.title, answer_label, side, role]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return lines


def _advice_lines(diagnosis: Diagnosis) -> list[str]:
    advice = diagnosis.advice
    lines = [f"## What to do next: {advice.title}", "", advice.summary, ""]
    lines += [f"{number}. {step}" for number, step in enumerate(advice.steps, start=1)]
    return lines


def _link(url: str) -> str:
    if _SAFE_URL.fullmatch(url):
        return f"<{url}>"
    return markdown_escape(url)
