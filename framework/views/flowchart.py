"""The flowchart of questions.yaml as Graphviz DOT, with the operator's path highlighted.

    dot = flowchart_dot(spec, answers, current="retry_resolves")

A vertical layout that stays legible at a phone's width: each step is one card (a Graphviz
HTML-like table) holding its number and title, the answer given, and one row per way out of
it: the answers that decide ("No → Process problem", in the verdict's colour) and the
answers that lead on ("Yes / Not sure → step 2"). Arrows join a step to the steps it leads
to. The cards are about 200 points wide whatever the spec's verdicts, so the drawing needs no
shrinking on a 360-pixel screen.

The way out the given answers take is drawn bold: its row filled (in the verdict's colour
when it decides), the cards on the path outlined in that colour, the arrows along the path
bold. The deciding card says so; an answered step off the path says it counts in the tally
only; the step being viewed has a dashed outline. Every text is escaped for Graphviz.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from framework.spec.model import UNDETERMINED, Answer, Question, Spec

PATH_COLOR = "#1f2933"
EDGE_COLOR = "#9aa1ab"
NODE_BORDER = "#c3c8d0"
OFF_PATH_FILL = "#f1f3f6"
MUTED_TEXT = "#55595f"
FONT_SIZE = 13
LINE_CHARS = 24
"""A way out longer than this goes on two lines, so a card stays about 200 points wide."""
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass
class _Path:
    """Where the given answers lead from the start, stopping at the first open question."""

    questions: list[str] = field(default_factory=list)
    taken: dict[str, str] = field(default_factory=dict)  # question id → target it took
    verdict: str | None = None
    deciding: str | None = None


def dot_quote(text: str) -> str:
    """`text` as a double-quoted DOT string: backslashes, quotes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def html_text(text: str) -> str:
    """`text` for a Graphviz HTML-like label: one line, markup characters as entities."""
    return escape(" ".join(text.split()), quote=True)


def flowchart_dot(spec: Spec, answers: Mapping[str, str], current: str | None = None) -> str:
    """DOT text for the whole flowchart, with the path the answers take highlighted."""
    path = _follow(spec, answers)
    color = _color(spec.verdicts[path.verdict].color) if path.verdict else PATH_COLOR
    lines = [
        "digraph triage {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.3, ranksep=0.22,'
        ' fontname="Helvetica"];',
        f'  node [shape=plain, fontname="Helvetica", fontsize={FONT_SIZE}];',
        f'  edge [color="{EDGE_COLOR}", arrowsize=0.8, penwidth=1.5];',
    ]
    for question in spec.questions:
        lines.append(_card(spec, question, answers, path, current, color))
    for question in spec.questions:
        lines.extend(_edges(question, path, color))
    lines.append("}")
    return "\n".join(lines) + "\n"


def question_node_id(question_id: str) -> str:
    """The DOT node id of a question's card."""
    return dot_quote(f"q:{question_id}")


def _follow(spec: Spec, answers: Mapping[str, str]) -> _Path:
    path = _Path()
    node: str | None = spec.start
    while node is not None and node not in path.questions:
        answer = _given(spec.question(node), answers)
        if answer is None:
            break
        path.questions.append(node)
        path.taken[node] = _target(answer)
        if answer.verdict is not None:
            path.verdict = answer.verdict
            path.deciding = node if answer.verdict != UNDETERMINED else None
            break
        node = answer.next
    return path


def _given(question: Question, answers: Mapping[str, str]) -> Answer | None:
    value = answers.get(question.id)
    return next((answer for answer in question.answers if answer.value == value), None)


def _target(answer: Answer) -> str:
    return f"v:{answer.verdict}" if answer.verdict is not None else f"q:{answer.next}"


def _ways_out(question: Question) -> dict[str, list[str]]:
    """Each target of the question (a verdict or a next question) and the answers leading there."""
    targets: dict[str, list[str]] = {}
    for answer in question.answers:
        targets.setdefault(_target(answer), []).append(answer.label)
    return targets


def _card(
    spec: Spec,
    question: Question,
    answers: Mapping[str, str],
    path: _Path,
    current: str | None,
    color: str,
) -> str:
    """One step as an HTML-like table: heading, answer, status, and a row per way out."""
    given = _given(question, answers)
    on_path = question.id in path.questions
    heading = f"<B>{spec.number(question.id)}. {html_text(question.title)}</B>"
    if given is not None:
        heading += f"<BR/>Your answer: {html_text(given.label)}"
    status = _status(question.id, given, path)
    if status:
        heading += f"<BR/><I>{status}</I>"
    rows = [f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{heading}</TD></TR>']
    for target, labels in _ways_out(question).items():
        taken = path.taken.get(question.id) == target
        rows.append(_way_out(spec, target, labels, taken, color))
    border, fill, width = NODE_BORDER, "#ffffff", 1
    if on_path:
        border, fill, width = color, _tint(color, 0.07), 3 if question.id == path.deciding else 2
    elif given is not None:
        fill = OFF_PATH_FILL
    style = "rounded,dashed" if question.id == current else "rounded"
    if question.id == current and not on_path:
        border, width = PATH_COLOR, 2
    table = (
        f'<TABLE BORDER="{width}" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" '
        f'STYLE="{style}" COLOR="{border}" BGCOLOR="{fill}" '
        f'TOOLTIP="{html_text(question.prompt)}">{"".join(rows)}</TABLE>'
    )
    return f"  {question_node_id(question.id)} [label=<{table}>];"


def _status(question_id: str, given: Answer | None, path: _Path) -> str:
    if question_id == path.deciding:
        return "Decided here"
    if given is not None and question_id not in path.questions:
        return "Off the path: counts in the tally only"
    return ""


def _way_out(spec: Spec, target: str, labels: list[str], taken: bool, color: str) -> str:
    """A row for the answers that lead to one target, filled when the given answer took it."""
    kind, _, name = target.partition(":")
    answers = html_text(" / ".join(labels))
    if kind == "v":
        verdict = spec.verdicts[name]
        hue = _color(verdict.color)
        joint = "<BR/>" if len(answers) + len(verdict.label) > LINE_CHARS else " "
        text = f"{answers}{joint}→ {html_text(verdict.label)}"
        if taken:
            return (
                f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{hue}">'
                f'<FONT COLOR="#ffffff"><B>{text}</B></FONT></TD></TR>'
            )
        return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{_tint(hue)}">{text}</TD></TR>'
    text = f"{answers} → step {spec.number(name)}"
    if taken:
        return f'<TR><TD ALIGN="LEFT"><FONT COLOR="{color}"><B>{text}</B></FONT></TD></TR>'
    return f'<TR><TD ALIGN="LEFT"><FONT COLOR="{MUTED_TEXT}">{text}</FONT></TD></TR>'


def _edges(question: Question, path: _Path, color: str) -> list[str]:
    """An arrow to each step this one leads to; bold along the path."""
    lines = []
    for target in _ways_out(question):
        if not target.startswith("q:"):
            continue
        attrs = {}
        if path.taken.get(question.id) == target:
            attrs = {"color": color, "penwidth": "3", "style": "bold"}
        source = question_node_id(question.id)
        lines.append(f"  {source} -> {dot_quote(target)} [{_attrs(attrs)}];")
    return lines


def _attrs(attrs: Mapping[str, str]) -> str:
    return ", ".join(f"{name}={dot_quote(value)}" for name, value in attrs.items())


def _color(color: str) -> str:
    """A spec colour as Graphviz takes it: a #rrggbb colour as given, anything else the path's."""
    return color if _HEX_COLOR.fullmatch(color) else PATH_COLOR


def _tint(color: str, strength: float = 0.16) -> str:
    """A pale, opaque background in the same hue (the colour mixed into white)."""
    if not _HEX_COLOR.fullmatch(color):
        return "#ffffff"
    channels = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in channels)
