"""Structural checks of the flowchart: edges, reachability, cycles, dead ends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from framework.spec.model import VERDICTS, Question, Verdict
from framework.spec.node_reader import NodeReader
from framework.spec.yaml_source import LineDict


def check(
    root: LineDict,
    reader: NodeReader,
    start: str,
    questions: Sequence[Question],
    verdicts: Mapping[str, Verdict],
) -> None:
    """Record a problem for every broken edge, unreachable question and cycle."""
    ids = [question.id for question in questions if question.id]
    nodes = _question_nodes(root)
    _check_edges(reader, questions, nodes, set(ids), set(verdicts) or set(VERDICTS))
    if start and start not in ids:
        reader.problem(root, "start", f"'{start}' is not a question id (known: {', '.join(ids)})")
        return
    if not start:
        return
    edges = {
        question.id: [answer.next for answer in question.answers if answer.next in ids]
        for question in questions
    }
    reachable = _reachable(start, edges)
    for question in questions:
        if question.id and question.id not in reachable:
            reader.problem(
                nodes.get(question.id),
                f"question '{question.id}'",
                f"is unreachable: no answer on any path from '{start}' leads to it",
            )
    cycle = _find_cycle(start, edges)
    if cycle:
        reader.problem(
            nodes.get(cycle[-2]),
            f"question '{cycle[-2]}'",
            "the flowchart loops back on itself: " + " → ".join(cycle),
        )


def _question_nodes(root: LineDict) -> dict[str, LineDict]:
    items = root.get("questions")
    if not isinstance(items, list):
        return {}
    return {
        item["id"]: item
        for item in items
        if isinstance(item, LineDict) and isinstance(item.get("id"), str)
    }


def _check_edges(
    reader: NodeReader,
    questions: Sequence[Question],
    nodes: Mapping[str, LineDict],
    ids: set[str],
    verdicts: set[str],
) -> None:
    for question in questions:
        answer_nodes = _answer_nodes(nodes.get(question.id))
        for answer in question.answers:
            node = answer_nodes.get(answer.value, nodes.get(question.id))
            where = f"question '{question.id}' answer {answer.value!r}"
            if answer.next and answer.verdict:
                reader.problem(node, where, "has both 'next' and 'verdict'; keep exactly one")
            elif not answer.next and not answer.verdict:
                reader.problem(
                    node,
                    where,
                    "has neither 'next' nor 'verdict': this path ends without a verdict",
                )
            if answer.next and answer.next not in ids:
                reader.problem(node, where, f"'next' points to unknown question '{answer.next}'")
            if answer.verdict and answer.verdict not in verdicts:
                known = ", ".join(sorted(verdicts))
                reader.problem(
                    node, where, f"'verdict' is '{answer.verdict}'; it must be one of: {known}"
                )


def _answer_nodes(question: LineDict | None) -> dict[str, LineDict]:
    if question is None or not isinstance(question.get("answers"), list):
        return {}
    return {
        str(item.get("value")): item for item in question["answers"] if isinstance(item, LineDict)
    }


def _reachable(start: str, edges: Mapping[str, Sequence[str | None]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for target in edges.get(todo.pop(), []):
            if target is not None and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _find_cycle(start: str, edges: Mapping[str, Sequence[str | None]]) -> list[str]:
    """The first cycle found from `start`, as a closed list of ids, or []."""
    path: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        path.append(node)
        for target in edges.get(node, []):
            if target is not None and (cycle := visit(target)):
                return cycle
        path.pop()
        done.add(node)
        return []

    return visit(start)
