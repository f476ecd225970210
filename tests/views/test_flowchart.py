"""The flowchart is drawn from the spec as one card per step (vertical, phone-width), with the
operator's path highlighted and every text escaped."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from framework.spec.model import Spec
from framework.views.flowchart import (
    LINE_CHARS,
    OFF_PATH_FILL,
    PATH_COLOR,
    dot_quote,
    flowchart_dot,
)

QUOTED = r'"(?:[^"\\]|\\.)*"'
ATTR = re.compile(rf"(\w+)=({QUOTED}|[\w.#]+)")
CARD = re.compile(rf"^  ({QUOTED}) \[label=<(.*)>\];$")
EDGE = re.compile(rf"^  ({QUOTED}) -> ({QUOTED}) \[(.*)\];$")
DEFAULTS = re.compile(r"^  (graph|node|edge) \[.*\];$")


def unquote(text: str) -> str:
    """Undo `dot_quote` for a quoted DOT string."""
    assert text.startswith('"') and text.endswith('"')
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text[1:-1])


def parse(dot: str) -> tuple[dict[str, ET.Element], dict[tuple[str, str], dict[str, str]]]:
    """A strict reader for the DOT we write: cards (HTML-like tables, parsed as XML), edges
    and default lines; anything else fails."""
    lines = dot.strip().splitlines()
    assert lines[0] == "digraph triage {" and lines[-1] == "}"
    cards: dict[str, ET.Element] = {}
    edges: dict[tuple[str, str], dict[str, str]] = {}
    for line in lines[1:-1]:
        if edge := EDGE.match(line):
            attrs = {k: unquote(v) for k, v in ATTR.findall(edge.group(3))}
            edges[(unquote(edge.group(1)), unquote(edge.group(2)))] = attrs
        elif card := CARD.match(line):
            cards[unquote(card.group(1))] = ET.fromstring(card.group(2))
        else:
            assert DEFAULTS.match(line), f"not a card, edge or default line: {line!r}"
    return cards, edges


def rows(table: ET.Element) -> list[ET.Element]:
    """The table's cells, top to bottom."""
    return [row.find("TD") for row in table.findall("TR")]  # type: ignore[misc]


def lines_of(cell: ET.Element) -> list[str]:
    """A cell's text, one entry per line (split at <BR/>)."""
    text = "".join(_text_with_breaks(cell))
    return [line.strip() for line in text.split("\n")]


def _text_with_breaks(element: ET.Element) -> list[str]:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "BR" else "".join(_text_with_breaks(child)))
        parts.append(child.tail or "")
    return parts


def text(cell: ET.Element) -> str:
    return " ".join(lines_of(cell))


def bold_edges(dot: str) -> set[tuple[str, str]]:
    return {key for key, attrs in parse(dot)[1].items() if attrs.get("style") == "bold"}


def ways_out(spec: Spec, question_id: str) -> list[str]:
    """What each way-out row should say, from the spec."""
    targets: dict[str, list[str]] = {}
    for answer in spec.question(question_id).answers:
        target = (
            spec.verdicts[answer.verdict].label
            if answer.verdict
            else f"step {spec.number(answer.next or '')}"
        )
        targets.setdefault(target, []).append(answer.label)
    return [f"{' / '.join(labels)} → {target}" for target, labels in targets.items()]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("two\nlines", '"two\\nlines"'),
        ("crlf\r\nend", '"crlf\\nend"'),
        ("\\n literal", '"\\\\n literal"'),
    ],
)
def test_dot_quote_escapes(text: str, quoted: str) -> None:
    """Quotes, backslashes and line breaks are escaped; the text reads back unchanged."""
    assert dot_quote(text) == quoted
    assert unquote(quoted) == text.replace("\r\n", "\n")


def test_every_question_is_a_card_with_its_ways_out(spec: Spec) -> None:
    """Each step is a card titled from the spec (the prompt as its tooltip), with one row per
    way out: the answers that decide, naming the verdict, and those that lead on, naming the
    next step."""
    cards, _ = parse(flowchart_dot(spec, {}))
    assert list(cards) == [f"q:{question.id}" for question in spec.questions]
    for number, question in enumerate(spec.questions, start=1):
        table = cards[f"q:{question.id}"]
        assert table.get("TOOLTIP") == " ".join(question.prompt.split())
        heading, *outs = rows(table)
        assert lines_of(heading) == [f"{number}. {question.title}"]
        assert [text(cell) for cell in outs] == ways_out(spec, question.id)


def test_a_verdict_row_wears_a_tint_of_its_verdict_colour(spec: Spec) -> None:
    """Until it is taken, a deciding row is tinted in its verdict's hue (never the full colour)."""
    cards, _ = parse(flowchart_dot(spec, {}))
    decisive = rows(cards["q:payload_consistent"])[2]
    assert text(decisive) == f"No → {spec.verdicts['process'].label}"
    tint = decisive.get("BGCOLOR") or ""
    assert re.fullmatch(r"#[0-9a-f]{6}", tint) and tint != spec.verdicts["process"].color


def test_cards_stay_phone_width(spec: Spec) -> None:
    """No line of any card is longer than a phone's card allows (long ways out wrap)."""
    every = dict.fromkeys(spec.question_ids, "unsure")
    cards, _ = parse(flowchart_dot(spec, every, current="root_cause"))
    longest = max(
        len(line) for card in cards.values() for cell in rows(card) for line in lines_of(cell)
    )
    assert longest <= 40
    assert LINE_CHARS < 40


def test_edges_join_each_step_to_the_steps_it_leads_to(spec: Spec) -> None:
    """One arrow per (step, next step); verdicts are rows inside the cards, not nodes."""
    _, edges = parse(flowchart_dot(spec, {}))
    expected = {
        (f"q:{question.id}", f"q:{answer.next}")
        for question in spec.questions
        for answer in question.answers
        if answer.next
    }
    assert set(edges) == expected


PATHS = [
    ({}, set(), None, None),
    ({"payload_consistent": "no"}, set(), "payload_consistent", "process"),
    (
        {"payload_consistent": "yes", "varies_by_handler": "no", "retry_resolves": "yes"},
        {
            ("q:payload_consistent", "q:varies_by_handler"),
            ("q:varies_by_handler", "q:retry_resolves"),
        },
        "retry_resolves",
        "integration",
    ),
    (
        {"payload_consistent": "unsure", "retry_resolves": "yes"},
        {("q:payload_consistent", "q:varies_by_handler")},
        None,
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
        },
        None,
        "undetermined",
    ),
]


@pytest.mark.parametrize(("answers", "edges", "deciding", "verdict"), PATHS, ids=range(len(PATHS)))
def test_the_path_taken_is_highlighted(
    spec: Spec,
    answers: dict[str, str],
    edges: set[tuple[str, str]],
    deciding: str | None,
    verdict: str | None,
) -> None:
    """Exactly the arrows the answers take are bold; the deciding card says so with a heavier
    border; the verdict row reached is filled in its colour, in white bold type."""
    dot = flowchart_dot(spec, answers)
    assert bold_edges(dot) == edges
    cards, _ = parse(dot)
    decided = {key for key, card in cards.items() if "Decided here" in lines_of(rows(card)[0])}
    assert decided == ({f"q:{deciding}"} if deciding else set())
    if deciding:
        assert cards[f"q:{deciding}"].get("BORDER") == "3"
    filled = [
        (key, text(cell))
        for key, card in cards.items()
        for cell in rows(card)[1:]
        if cell.find("FONT") is not None and cell.find("FONT").get("COLOR") == "#ffffff"  # type: ignore[union-attr]
    ]
    if verdict is None:
        assert filled == []
    else:
        ((_, reached),) = filled
        assert reached.endswith(f"→ {spec.verdicts[verdict].label}")


def test_answers_show_on_their_cards_and_off_path_ones_say_tally_only(spec: Spec) -> None:
    """A given answer is on its card; an answer the flowchart never reached is marked as
    counting in the tally only, on a grey card."""
    cards, _ = parse(flowchart_dot(spec, {"payload_consistent": "no", "retry_resolves": "yes"}))
    retry = cards["q:retry_resolves"]
    assert lines_of(rows(retry)[0]) == [
        "3. Retry",
        "Your answer: Yes",
        "Off the path: counts in the tally only",
    ]
    assert retry.get("BGCOLOR") == OFF_PATH_FILL
    assert lines_of(rows(cards["q:varies_by_handler"])[0]) == ["2. Who handles it"]


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
    cards, _ = parse(flowchart_dot(spec, answers, current="retry_resolves"))
    assert cards["q:retry_resolves"].get("STYLE") == "rounded,dashed"
    assert cards["q:retry_resolves"].get("COLOR") == colour
    assert "dashed" not in (cards["q:root_cause"].get("STYLE") or "")


def test_hostile_spec_texts_stay_inside_their_cards(spec: Spec) -> None:
    """Markup, quotes, backslashes and newlines in spec texts cannot break out of a card."""
    nasty = 'Retry "now"\\ </TD></TR></TABLE>> ]; evil -> x [ & <B>'
    questions = tuple(
        dataclasses.replace(q, title=nasty, prompt=nasty + "\nnext")
        if q.id == "retry_resolves"
        else q
        for q in spec.questions
    )
    cards, edges = parse(flowchart_dot(dataclasses.replace(spec, questions=questions), {}))
    card = cards["q:retry_resolves"]
    assert lines_of(rows(card)[0]) == [f"3. {nasty}"]
    assert card.get("TOOLTIP") == f"{nasty} next"
    assert "x" not in cards and all("x" not in key for key in edges)
