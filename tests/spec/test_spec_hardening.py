"""questions.yaml against hostile edits: every mistake is a `SpecError` with its line, never
a crash, and a spec that would crash later (NaN thresholds, a 10,000-character version, a
50 MB file) is refused up front."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framework.spec.loader import MAX_SPEC_BYTES, parse_spec
from framework.spec.problems import SpecError

THRESHOLD = "    high_at: 0.65\n"  # root_cause's, once in questions.yaml


def _problems(text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(text.encode(), "questions.yaml")
    return [str(problem) for problem in caught.value.problems]


def _replaced(spec_text: str, old: str, new: str) -> str:
    assert spec_text.count(old) == 1, old
    return spec_text.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (THRESHOLD, "    high_at: .nan\n", "'high_at' is not a number (.nan); it must be a finite"),
        (THRESHOLD, "    high_at: .inf\n", "'high_at' is infinite (.inf); it must be a finite"),
        (THRESHOLD, "    high_at: -.inf\n", "'high_at' is infinite (.inf)"),
        (THRESHOLD, "    high_at: " + "9" * 5000 + "\n", "a number of 5,000 digits (at most 30)"),
        (THRESHOLD, "    high_at: 1.0e+300\n", "'high_at' is 1e+300; it must be between 0 and 1"),
        (
            "    min_rows: 12\n",
            "    min_rows: 2.5\n",
            "'min_rows' is 2.5; it must be a whole number",
        ),
        (
            "    min_rows: 12\n",
            "    min_rows: 1.0e+12\n",
            "'min_rows' is 1e+12; it must be between 1 and",
        ),
        (
            "    min_rows: 12\n",
            "    min_rows: 2024-01-01\n",
            "'min_rows' must be a number, not the date 2024-01-01",
        ),
        (
            'version: "1.0"\n',
            'version: "' + "9" * 10_000 + '"\n',
            "'version' is 10,000 characters long; keep it to 64",
        ),
        ('version: "1.0"\n', "version: [1, 2]\n", "'version' must be a non-empty text, not a list"),
        (
            "    title: Retry\n",
            "    title: " + "x" * 3000 + "\n",
            "'title' is 3,000 characters long",
        ),
        (
            "    title: Retry\n",
            "    title: !!binary aGVsbG8=\n",
            "'title' must be a non-empty text, not binary data",
        ),
        (
            "    title: Retry\n",
            "    ? [a, b]\n    : Retry\n",
            "a key must be a plain name, not a list",
        ),
        (
            "    title: Retry\n",
            "    title: " + "[" * 40 + "]" * 40 + "\n",
            "nests more than 16 levels",
        ),
        (
            "    title: Retry\n",
            "    title: '" + "x" * 30_000 + "'\n",
            "a value of 30,000 characters",
        ),
    ],
    ids=[
        "nan",
        "inf",
        "minus-inf",
        "huge-int",
        "out-of-range",
        "fraction-rows",
        "huge-rows",
        "date-rows",
        "long-version",
        "list-version",
        "long-text",
        "binary",
        "unhashable-key",
        "deep",
        "long-scalar",
    ],
)
def test_hostile_values_are_problems_with_their_line(
    spec_text: str, old: str, new: str, message: str
) -> None:
    """Each hostile value is reported at a line, with what to write instead."""
    problems = _problems(_replaced(spec_text, old, new))
    matching = [text for text in problems if message in text]
    assert matching, problems
    assert all(
        text.startswith("questions.yaml:") and text.split(":")[1].isdigit() for text in matching
    )


def test_a_huge_spec_is_refused_before_parsing(spec_text: str) -> None:
    """A 50 MB questions.yaml is refused at once, without parsing it."""
    huge = spec_text + "# padding\n" * (50 * 1024**2 // 10)
    start = time.perf_counter()
    problems = _problems(huge)
    assert time.perf_counter() - start < 1.0
    size = len(huge.encode()) / 1024**2
    assert problems == [
        f"questions.yaml: file: is {size:,.1f} MB; a questions file is some 60 KB (at most "
        f"{MAX_SPEC_BYTES // 1024**2} MB is read)"
    ]


def test_too_many_questions_are_a_problem(spec_text: str) -> None:
    """A file with hundreds of questions is refused (only the first 100 are read)."""
    question = (
        "  - id: q{n}\n    title: T\n    prompt: p\n    explanation: e\n    examples: [a, b]\n"
        '    answers:\n      - {{value: "unsure", label: U, hint: h, points_to: null, next: q{m}}}\n'
    )
    extra = "".join(question.format(n=n, m=n + 1) for n in range(150))
    problems = _problems(_replaced(spec_text, "questions:\n", "questions:\n" + extra))
    assert any("has 155 questions; at most 100 are read" in text for text in problems)


def _mutations(spec_text: str) -> st.SearchStrategy[str]:
    lines = spec_text.splitlines(keepends=True)
    pieces = st.sampled_from(
        [
            ".nan",
            ".inf",
            "[",
            "]",
            "{",
            "}",
            ": ",
            "- ",
            "&a ",
            "*a",
            "<<: *a\n",
            "? [x]\n",
            "!!binary x",
            "!!set {a}",
            "'",
            '"',
            "\t",
            "\x00",
            "9" * 50,
            "yes",
            "null",
            "~",
            "\n  ",
            "1e999",
            "%YAML 1.1\n---\n",
        ]
    )

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        edited = list(lines)
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(edited) - 1))
            choice = draw(st.sampled_from(["insert", "delete", "duplicate", "splice"]))
            if choice == "insert":
                line = edited[at]
                cut = draw(st.integers(0, len(line)))
                edited[at] = line[:cut] + draw(pieces) + line[cut:]
            elif choice == "delete":
                del edited[at]
            elif choice == "duplicate":
                edited.insert(at, edited[at])
            else:
                edited[at] = edited[draw(st.integers(0, len(edited) - 1))]
        return "".join(edited)

    return mutate()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_specs_are_valid_or_spec_errors(spec_text: str, data: st.DataObject) -> None:
    """questions.yaml with lines deleted, duplicated, swapped or spiked with hostile YAML:
    parse_spec returns a Spec or raises SpecError, every problem a one-line message."""
    text = data.draw(_mutations(spec_text))
    try:
        parse_spec(text.encode("utf-8", errors="surrogatepass"), "questions.yaml")
    except SpecError as error:
        assert error.problems
        assert all("\n" not in str(problem) for problem in error.problems)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=512))
def test_random_bytes_are_spec_errors(data: bytes) -> None:
    """Random bytes are never a traceback: a SpecError (they are never a valid spec)."""
    with pytest.raises(SpecError):
        parse_spec(data, "questions.yaml")
