"""The flowchart is drawn from the spec, with the operator's path highlighted and labels escaped."""

from __future__ import annotations

import dataclasses
import re

import pytest

from framework.spec.model import Spec
from framework.views.flowchart import PATH_COLOR, dot_quote, flowchart_dot

QUOTED = r'"(?:[^"\\]|\\.)*"'
ATTR = re.compile(rf"(\w+)=({QUOTED}|[\w.#]+)")
NODE = re.compile(rf"^  ({QUOTED}) \[(.*)\];$")
EDGE = re.compile(rf"^  ({QUOTED}) -> ({QUOTED}) \[(.*)\];$")
DEFAULTS = re.compile(r"^  (graph|node|edge) \[.*\];$")


def unquote(text: str) -> str:
    """Undo `dot_quote` for a quoted DOT string."""
    assert text.startswith('"') and text.endswith('"')
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text[1:-1])


def parse(dot: str) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """A strict reader for the DOT subset we write: every line must be a node, an edge or defaults."""
    lines = dot.strip().splitlines()
    assert lines[0] == "digraph triage {" and lines[-1] == "}"
    nodes: dict[str, dict[str, str]] = {}
    edges: dict[tuple[str, str], dict[str, str]] = {}
    for line in lines[1:-1]:
        if edge := EDGE.match(line):
            attrs = {k: unquote(v) for k, v in ATTR.findall(edge.group(3))}
            edges[(unquote(edge.group(1)), unquote(edge.group(2)))] = attrs
        elif node := NODE.match(line):
            nodes[unquote(node.group(1))] = {k: unquote(v) for k, v in ATTR.findall(node.group(2))}
        else:
            assert DEFAULTS.match(line), f"not a node, edge or default line: {line!r}"
    return nodes, edges


def bold_edges(dot: str) -> set[tuple[str, str]]:
    return {key for key, attrs in parse(dot)[1].items() if attrs.get("style") == "bold"}


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("two\nlines", '"two\\nlines"'),
        ("crlf\r\nend", '"crlf\\nend"'),
        ("\\n literal", '"\\\\n literal"'),
        ("{braces} <angles> |pipes|", '"{braces} <angles> |pipes|"'),
    ],
)
def test_dot_quote_escapes(text: str, quoted: str) -> None:
    """Quotes, backslashes and line breaks are escaped; the text reads back unchanged."""
    assert dot_quote(text) == quoted
    assert unquote(quoted) == text.replace("\r\n", "\n")


def test_every_question_and_verdict_is_a_node(spec: Spec) -> None:
    """Questions are numbered and titled from the spec; verdicts carry their spec colours."""
    nodes, _ = parse(flowchart_dot(spec, {}))
    for number, question in enumerate(spec.questions, start=1):
        node = nodes[f"q:{question.id}"]
        assert node["label"] == f"{number}. {question.title}"
        assert node["tooltip"] == question.prompt
    for verdict_id, verdict in spec.verdicts.items():
        assert nodes[f"v:{verdict_id}"]["fillcolor"] == verdict.color
        assert nodes[f"v:{verdict_id}"]["label"] == verdict.label


def test_edges_follow_the_spec_and_carry_the_answer_labels(spec: Spec) -> None:
    """One edge per question and destination, labelled with every answer that leads there."""
    _, edges = parse(flowchart_dot(spec, {}))
    expected: dict[tuple[str, str], list[str]] = {}
    for question in spec.questions:
        for answer in question.answers:
            target = f"v:{answer.verdict}" if answer.verdict else f"q:{answer.next}"
            expected.setdefault((f"q:{question.id}", target), []).append(answer.label)
    assert {key: attrs["label"] for key, attrs in edges.items()} == {
        key: " / ".join(labels) for key, labels in expected.items()
    }


PATHS = [
    ({}, set(), None),
    ({"payload_consistent": "no"}, {("q:payload_consistent", "v:process")}, "payload_consistent"),
    (
        {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"},
        {
            ("q:payload_consistent", "q:varies_by_handler"),
            ("q:varies_by_handler", "q:retry_resolves"),
            ("q:retry_resolves", "v:integration"),
        },
        "retry_resolves",
    ),
    (
        {"payload_consistent": "unsure", "retry_resolves": "yes"},
        {("q:payload_consistent", "q:varies_by_handler")},
        None,
    ),
    (
        {
            "payload_consistent": "unsure",
            "varies_by_handler": "unsure",
            "retry_resolves": "unsure",
            "recurs_after_handoff": "unsure",
            "root_cause": "unsure",
        },
        {
            ("q:payload_consistent", "q:varies_by_handler"),
            ("q:varies_by_handler", "q:retry_resolves"),
            ("q:retry_resolves", "q:recurs_after_handoff"),
            ("q:recurs_after_handoff", "q:root_cause"),
            ("q:root_cause", "v:undetermined"),
        },
        None,
    ),
]


@pytest.mark.parametrize(("answers", "edges", "deciding"), PATHS, ids=range(len(PATHS)))
def test_the_path_taken_is_highlighted(
    spec: Spec, answers: dict[str, str], edges: set[tuple[str, str]], deciding: str | None
) -> None:
    """Exactly the edges the answers take from the start are bold; the deciding node is doubled."""
    dot = flowchart_dot(spec, answers)
    assert bold_edges(dot) == edges
    nodes, _ = parse(dot)
    doubled = {key for key, attrs in nodes.items() if attrs.get("peripheries") == "2"}
    assert doubled == ({f"q:{deciding}"} if deciding else set())


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        ({"payload_consistent": "no"}, "process"),
        (
            {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"},
            "integration",
        ),
    ],
)
def test_reached_verdict_stands_out_and_the_path_takes_its_colour(
    spec: Spec, answers: dict[str, str], verdict: str
) -> None:
    """The verdict reached gets a heavy border, the others fade, bold edges wear its colour."""
    nodes, edges = parse(flowchart_dot(spec, answers))
    assert nodes[f"v:{verdict}"]["penwidth"] == "3"
    assert nodes[f"v:{verdict}"]["fillcolor"] == spec.verdicts[verdict].color
    for key in (key for key in spec.verdicts if key != verdict):
        colour = spec.verdicts[key].color
        assert (nodes[f"v:{key}"]["fillcolor"], nodes[f"v:{key}"]["fontcolor"]) == (
            f"{colour}22",
            colour,
        )
    colour = spec.verdicts[verdict].color
    assert {a["color"] for a in edges.values() if a.get("style") == "bold"} == {colour}


def test_answers_off_the_path_count_in_the_tally_only(spec: Spec) -> None:
    """An answer the flowchart never reached is shown on its node as counting in the tally."""
    nodes, _ = parse(flowchart_dot(spec, {"payload_consistent": "no", "retry_resolves": "yes"}))
    assert nodes["q:retry_resolves"]["label"].endswith("(counts in the tally)\nYes")
    assert "(counts in the tally)" not in nodes["q:varies_by_handler"]["label"]


@pytest.mark.parametrize(
    ("answers", "colour"),
    [
        ({}, PATH_COLOR),
        (
            {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"},
            "#2f6db5",
        ),
    ],
)
def test_current_question_has_a_dashed_outline(
    spec: Spec, answers: dict[str, str], colour: str
) -> None:
    """The question on screen is dashed; on the path it keeps the path's colour."""
    nodes, _ = parse(flowchart_dot(spec, answers, current="retry_resolves"))
    assert nodes["q:retry_resolves"]["style"] == "rounded,filled,dashed"
    assert nodes["q:retry_resolves"]["color"] == colour
    assert "dashed" not in nodes["q:root_cause"].get("style", "")


def test_hostile_spec_texts_stay_inside_their_labels(spec: Spec) -> None:
    """Quotes, backslashes and newlines in spec texts cannot break out of a DOT label."""
    nasty = 'Retry "now"\\ ]; evil -> x [\nnext'
    questions = tuple(
        dataclasses.replace(q, title=nasty, prompt=nasty) if q.id == "retry_resolves" else q
        for q in spec.questions
    )
    nodes, edges = parse(flowchart_dot(dataclasses.replace(spec, questions=questions), {}))
    assert nodes["q:retry_resolves"]["label"] == f"3. {nasty}"
    assert "x" not in nodes and all("x" not in key for key in edges)
