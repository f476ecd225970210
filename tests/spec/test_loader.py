"""questions.yaml is validated by hand: every problem reported at once, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.spec.loader import load_spec, parse_spec, spec_problems
from framework.spec.model import FIELD_IDS, Spec
from framework.spec.problems import SpecError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "specs"

# (case id, text to find in questions.yaml, its replacement, expected problem text)
BROKEN = [
    (
        "bare-yes-is-boolean",
        '      - value: "yes"\n        label: "Yes"\n        hint: Same fields',
        '      - value: yes\n        label: "Yes"\n        hint: Same fields',
        "question 'payload_consistent' answer 1: 'value' is the boolean true: YAML reads a bare",
    ),
    (
        "unknown-key",
        "    title: Retry\n",
        "    title: Retry\n    colour: red\n",
        "question 'retry_resolves': unknown key 'colour'",
    ),
    (
        "missing-prompt",
        "  - id: root_cause\n    title: Root cause\n    prompt: >-\n",
        "  - id: root_cause\n    title: Root cause\n    promt: >-\n",
        "question 'root_cause': missing 'prompt'",
    ),
    (
        "empty-text",
        "    title: Who handles it\n",
        '    title: ""\n',
        "question 'varies_by_handler': 'title' must be a non-empty text",
    ),
    (
        "next-to-unknown-id",
        "        points_to: integration\n        next: varies_by_handler\n",
        "        points_to: integration\n        next: varies_by_handlr\n",
        "question 'payload_consistent' answer 'yes': 'next' points to unknown question 'varies_by_handlr'",
    ),
    (
        "unreachable-question",
        "        verdict: undetermined\n",
        "        verdict: undetermined\n\n  - id: orphan\n    title: Orphan\n    prompt: p\n"
        "    explanation: e\n    examples: [a, b]\n    answers:\n"
        '      - {value: "unsure", label: U, hint: h, points_to: null, verdict: undetermined}\n',
        "question 'orphan': is unreachable",
    ),
    (
        "cycle",
        "        hint: Decides nothing; the root cause decides.\n        points_to: null\n"
        "        next: root_cause\n",
        "        hint: Decides nothing; the root cause decides.\n        points_to: null\n"
        "        next: payload_consistent\n",
        "the flowchart loops back on itself: payload_consistent → varies_by_handler",
    ),
    (
        "path-without-verdict",
        "        hint: Retrying changes nothing.\n        points_to: process\n        next: recurs_after_handoff\n",
        "        hint: Retrying changes nothing.\n        points_to: process\n",
        "question 'retry_resolves' answer 'no': has neither 'next' nor 'verdict'",
    ),
    (
        "both-next-and-verdict",
        '        points_to: process\n        verdict: process\n      - value: "unsure"\n        label: Not sure\n'
        "        hint: Decides nothing; the next question carries on.\n        points_to: null\n"
        "        next: varies_by_handler",
        "        points_to: process\n        verdict: process\n        next: retry_resolves\n"
        '      - value: "unsure"\n        label: Not sure\n'
        "        hint: Decides nothing; the next question carries on.\n        points_to: null\n"
        "        next: varies_by_handler",
        "answer 'no': has both 'next' and 'verdict'",
    ),
    (
        "duplicate-question-id",
        "  - id: retry_resolves\n",
        "  - id: varies_by_handler\n",
        "question 'varies_by_handler': duplicate question id",
    ),
    (
        "duplicate-key",
        "    title: Payload pattern\n",
        "    title: Payload pattern\n    title: Payload shape\n",
        "key 'title' is written twice",
    ),
    (
        "unknown-verdict",
        "        hint: Delivered cleanly, and it still comes back.\n        points_to: process\n"
        "        verdict: process\n",
        "        hint: Delivered cleanly, and it still comes back.\n        points_to: process\n"
        "        verdict: procces\n",
        "'verdict' is 'procces'; it must be one of: integration, process, undetermined",
    ),
    (
        "points-to-unknown-side",
        "        hint: Each handler has their own way of clearing it.\n        points_to: process\n",
        "        hint: Each handler has their own way of clearing it.\n        points_to: people\n",
        "'points_to' must be one of integration, process or null",
    ),
    (
        "unsure-missing",
        '      - value: "unsure"\n        label: Not sure\n        hint: Nothing left',
        '      - value: "dunno"\n        label: Not sure\n        hint: Nothing left',
        "question 'root_cause': needs an answer with value \"unsure\"",
    ),
    (
        "version-not-quoted",
        'version: "1.0"\n',
        "version: 1.0\n",
        'write the version as quoted text: "1.0"',
    ),
    (
        "start-unknown",
        "start: payload_consistent\n",
        "start: payload\n",
        "start: 'payload' is not a question id",
    ),
    (
        "matrix-unknown-question",
        "    question: root_cause\n    integration: Schema mismatch at the boundary\n",
        "    question: cause\n    integration: Schema mismatch at the boundary\n",
        "matrix row 5: refers to unknown question 'cause'",
    ),
    (
        "added-matrix-row-unknown-question",
        "      question: recurs_after_handoff\n      integration: It stays away\n",
        "      question: recurs\n      integration: It stays away\n",
        "matrix_additions row 1: refers to unknown question 'recurs'",
    ),
    (
        "added-matrix-rows-without-note",
        "matrix_additions:\n  note: >-\n",
        "matrix_additions:\n  label: >-\n",
        "matrix_additions: missing 'note'",
    ),
    (
        "glossary-term-twice",
        "  - term: Handoff\n",
        "  - term: payload\n",
        "glossary entry 2: the term 'payload' is explained twice",
    ),
    (
        "glossary-without-meaning",
        "  - term: Boundary\n    meaning: >-\n",
        "  - term: Boundary\n    means: >-\n",
        "glossary entry 3: missing 'meaning'",
    ),
    (
        "advice-missing-both",
        "  both:\n    title: Stabilise the handoff first, then define the rule\n",
        "  mixed:\n    title: Stabilise the handoff first, then define the rule\n",
        "advice: unknown key 'mixed'",
    ),
    (
        "threshold-order",
        '    high_at: 0.6\n    low_answer: "no"\n    low_at: 0.3\n  recurs_after_handoff:',
        '    high_at: 0.6\n    low_answer: "no"\n    low_at: 0.7\n  recurs_after_handoff:',
        "inference 'retry_resolves': 'low_at' (0.7) must be below 'high_at' (0.6)",
    ),
    (
        "threshold-range",
        "    high_at: 0.65\n",
        "    high_at: 65\n",
        "inference 'root_cause': 'high_at' is 65; it must be between 0 and 1",
    ),
    (
        "inference-answer-unknown",
        '    high_answer: "schema_mismatch"\n',
        '    high_answer: "schema"\n',
        "inference 'root_cause': 'high_answer' is 'schema'; it must be one of: schema_mismatch, missing_rule",
    ),
    (
        "unknown-column-field",
        "  root_cause:\n    label: Root cause\n",
        "  root_causes:\n    label: Root cause\n",
        "columns: unknown key 'root_causes'",
    ),
    (
        "vocabulary-boolean",
        '"true", "yes", "y", "1",',
        'true, "yes", "y", "1",',
        "vocabulary 'success': 'success' item 15 is a boolean",
    ),
]


def _broken(spec_text: str, old: str, new: str) -> bytes:
    assert spec_text.count(old) == 1, f"the fixture's anchor must occur exactly once: {old!r}"
    return spec_text.replace(old, new).encode()


def test_project_spec_is_valid(spec: Spec) -> None:
    """The shipped questions.yaml loads with five questions and no problems."""
    assert spec_problems() == []
    assert spec.question_ids == (
        "payload_consistent",
        "varies_by_handler",
        "retry_resolves",
        "recurs_after_handoff",
        "root_cause",
    )
    assert [c.id for c in spec.columns] == list(FIELD_IDS)


@pytest.mark.parametrize(("case", "old", "new", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_spec_reports_the_problem(
    spec_text: str, case: str, old: str, new: str, message: str
) -> None:
    """Each kind of mistake is reported with the file, a line number and what is wrong."""
    with pytest.raises(SpecError) as caught:
        parse_spec(_broken(spec_text, old, new), "questions.yaml")
    reported = [str(problem) for problem in caught.value.problems]
    matching = [text for text in reported if message in text]
    assert matching, f"{case}: expected {message!r} among {reported}"
    assert all(text.startswith("questions.yaml:") for text in matching)
    assert all(problem.line > 0 for problem in caught.value.problems if message in str(problem))


def test_every_problem_is_reported_at_once(spec_text: str) -> None:
    """Several mistakes in one file give one problem each, not just the first."""
    text = spec_text.encode()
    for _, old, new, _ in (BROKEN[0], BROKEN[1], BROKEN[4], BROKEN[14]):
        text = text.replace(old.encode(), new.encode())
    with pytest.raises(SpecError) as caught:
        parse_spec(text)
    joined = "\n".join(map(str, caught.value.problems))
    for _, _, _, message in (BROKEN[0], BROKEN[1], BROKEN[4], BROKEN[14]):
        assert message in joined


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_yaml.yaml", "not_yaml.yaml:5: file: not valid YAML at column 1"),
        ("not_a_mapping.yaml", "not_a_mapping.yaml: file: must be a YAML mapping"),
        ("not_utf8.yaml", "not_utf8.yaml: file: is not UTF-8 text"),
        ("missing.yaml", "missing.yaml: file: cannot be read: No such file or directory"),
    ],
)
def test_unreadable_files(name: str, message: str) -> None:
    """Files that are not YAML mappings at all get one clear problem."""
    problems = [str(p) for p in spec_problems(FIXTURES / name)]
    assert len(problems) == 1
    assert problems[0].endswith(message) or message in problems[0]


def test_glossary_and_added_matrix_rows_are_optional(spec_text: str) -> None:
    """A spec without a glossary or added matrix rows loads; the app then shows neither."""
    start = spec_text.index("# Rows this app adds")
    end = spec_text.index("advice:\n")
    text = spec_text[:start] + spec_text[end:]
    text = (
        text[: text.index("# Words the questions use")]
        + text[text.index("# ----", text.index("# Words the questions use")) :]
    )
    spec = parse_spec(text.encode())
    assert spec.glossary == ()
    assert spec.matrix_additions.rows == ()
    assert len(spec.matrix) == 5


def test_spec_digest_tracks_content(spec_text: str) -> None:
    """The digest changes when the file's bytes change (used to flag stale share links)."""
    one = parse_spec(spec_text.encode())
    two = parse_spec(spec_text.replace("Payload pattern", "Payload shape").encode())
    assert one.digest != two.digest
    assert load_spec().digest == one.digest
