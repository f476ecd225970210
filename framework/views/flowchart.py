"""The flowchart of questions.yaml as Graphviz DOT, with the operator's path highlighted.

    dot = flowchart_dot(spec, answers, current="retry_resolves")

Question nodes are numbered in spec order and titled from the spec; verdict nodes carry the
verdict colours; each edge is labelled with the answers that take it. The edges the given
answers take from the start are drawn bold in the colour of the verdict they reach, the
deciding question gets a double border, answered questions off the path are marked as
counting in the tally only, and the question being viewed has a dashed outline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from framework.spec.model import UNDETERMINED, Answer, Question, Spec

PATH_COLOR = "#1f2933"
EDGE_COLOR = "#9aa1ab"
NODE_BORDER = "#c3c8d0"
OFF_PATH_FILL = "#f1f3f6"
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass
class _Path:
    """Where the given answers lead from the start, stopping at the first open question."""

    questions: list[str] = field(default_factory=list)
    edges: set[tuple[str, str]] = field(default_factory=set)
    verdict: str | None = None
    deciding: str | None = None


def dot_quote(text: str) -> str:
    """`text` as a double-quoted DOT string: backslashes, quotes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def flowchart_dot(spec: Spec, answers: Mapping[str, str], current: str | None = None) -> str:
    """DOT text for the whole flowchart, with the path the answers take highlighted."""
    path = _follow(spec, answers)
    color = spec.verdicts[path.verdict].color if path.verdict else PATH_COLOR
    lines = [
        "digraph triage {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.35, ranksep=0.4,'
        ' fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11,'
        f' margin="0.18,0.08", fillcolor="#ffffff", color="{NODE_BORDER}"];',
        f'  edge [fontname="Helvetica", fontsize=10, color="{EDGE_COLOR}",'
        f' fontcolor="{EDGE_COLOR}", arrowsize=0.7];',
    ]
    for question in spec.questions:
        number = spec.number(question.id)
        lines.append(_question_node(number, question, answers, path, current, color))
    for verdict_id in _verdicts_used(spec):
        lines.append(_verdict_node(spec, verdict_id, path))
    for question in spec.questions:
        lines.extend(_edges(question, path, color))
    lines.append("}")
    return "\n".join(lines) + "\n"


def question_node_id(question_id: str) -> str:
    """The DOT node id of a question (prefixed so it never collides with a verdict)."""
    return dot_quote(f"q:{question_id}")


def verdict_node_id(verdict_id: str) -> str:
    """The DOT node id of a verdict."""
    return dot_quote(f"v:{verdict_id}")


def _follow(spec: Spec, answers: Mapping[str, str]) -> _Path:
    path = _Path()
    node: str | None = spec.start
    while node is not None and node not in path.questions:
        answer = _given(spec.question(node), answers)
        if answer is None:
            break
        path.questions.append(node)
        if answer.verdict is not None:
            path.edges.add((node, f"v:{answer.verdict}"))
            path.verdict = answer.verdict
            path.deciding = node if answer.verdict != UNDETERMINED else None
            break
        path.edges.add((node, f"q:{answer.next}"))
        node = answer.next
    return path


def _given(question: Question, answers: Mapping[str, str]) -> Answer | None:
    value = answers.get(question.id)
    return next((answer for answer in question.answers if answer.value == value), None)


def _question_node(
    number: int,
    question: Question,
    answers: Mapping[str, str],
    path: _Path,
    current: str | None,
    color: str,
) -> str:
    label = f"{number}. {question.title}"
    attrs: dict[str, str] = {"tooltip": question.prompt}
    answer = _given(question, answers)
    if question.id in path.questions:
        attrs.update(color=color, penwidth="2", fillcolor=_tint(color))
        if question.id == path.deciding:
            attrs.update(peripheries="2", penwidth="2.5")
            label += "\n(decided here)"
    elif answer is not None:
        attrs.update(fillcolor=OFF_PATH_FILL)
        label += "\n(counts in the tally)"
    if question.id == current:
        attrs.update(style="rounded,filled,dashed", penwidth=attrs.get("penwidth", "2"))
        attrs.setdefault("color", PATH_COLOR)
    if answer is not None:
        label += f"\n{answer.label}"
    attrs["label"] = label
    return f"  {question_node_id(question.id)} [{_attrs(attrs)}];"


def _verdict_node(spec: Spec, verdict_id: str, path: _Path) -> str:
    verdict = spec.verdicts[verdict_id]
    reached = path.verdict == verdict_id
    faded = path.verdict is not None and not reached
    attrs = {
        "label": verdict.label,
        "tooltip": verdict.summary,
        "style": "rounded,filled,bold" if reached else "rounded,filled",
        "fillcolor": _tint(verdict.color) if faded else verdict.color,
        "fontcolor": verdict.color if faded else "#ffffff",
        "color": PATH_COLOR if reached else verdict.color,
        "penwidth": "3" if reached else "1",
    }
    return f"  {verdict_node_id(verdict_id)} [{_attrs(attrs)}];"


def _edges(question: Question, path: _Path, color: str) -> list[str]:
    targets: dict[str, list[str]] = {}
    for answer in question.answers:
        target = f"v:{answer.verdict}" if answer.verdict is not None else f"q:{answer.next}"
        targets.setdefault(target, []).append(answer.label)
    lines = []
    for target, labels in targets.items():
        attrs = {"label": " / ".join(labels)}
        if (question.id, target) in path.edges:
            attrs.update(color=color, fontcolor=color, penwidth="2.5", style="bold")
        source = question_node_id(question.id)
        lines.append(f"  {source} -> {dot_quote(target)} [{_attrs(attrs)}];")
    return lines


def _verdicts_used(spec: Spec) -> list[str]:
    used = {a.verdict for q in spec.questions for a in q.answers if a.verdict is not None}
    return [verdict_id for verdict_id in spec.verdicts if verdict_id in used]


def _attrs(attrs: Mapping[str, str]) -> str:
    return ", ".join(f"{name}={dot_quote(value)}" for name, value in attrs.items())


def _tint(color: str) -> str:
    """A pale background in the same hue (a translucent fill)."""
    return f"{color}22" if _HEX_COLOR.fullmatch(color) else "#ffffff"
