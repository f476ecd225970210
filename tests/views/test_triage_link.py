"""Operator state survives a round trip through the URL; a tampered link is ignored, not fatal."""

from __future__ import annotations

import itertools
from urllib.parse import parse_qsl, urlsplit

import pytest

from framework.engine import diagnose
from framework.spec.loader import load_spec
from framework.spec.model import Spec
from framework.views.triage_link import (
    MAX_LABEL_LENGTH,
    OperatorState,
    clean_label,
    current_step,
    decode,
    default_step,
    encode,
    is_foreign,
    owned_keys,
    safe_token,
    share_url,
    spec_stamp,
    steps,
    version_note,
)

SPEC = load_spec()
IDS = SPEC.question_ids

ROUND_TRIPS = [
    OperatorState(),
    OperatorState(answers={"payload_consistent": "no"}),
    OperatorState(answers={"payload_consistent": "yes", "varies_by_handler": "unsure"}),
    OperatorState(
        answers=dict(zip(IDS, ("yes", "no", "no", "unsure", "schema_mismatch"), strict=True)),
        label="SKU rejected, Shopify → NetSuite",
    ),
    OperatorState(answers={"payload_consistent": "no"}, step="root_cause"),
    OperatorState(label="Refund & [brackets] (parens) 100% ✓"),
    OperatorState(label="x" * MAX_LABEL_LENGTH),
]


@pytest.mark.parametrize("state", ROUND_TRIPS, ids=range(len(ROUND_TRIPS)))
def test_encode_then_decode_gives_the_same_state(spec: Spec, state: OperatorState) -> None:
    """Whatever the operator entered comes back unchanged from its own link, with no notice."""
    decoded = decode(spec, encode(spec, state))
    assert decoded.notices == ()
    assert dict(decoded.state.answers) == dict(state.answers)
    assert decoded.state.label == state.label
    assert current_step(spec, decoded.state) == current_step(spec, state)


@pytest.mark.parametrize("state", ROUND_TRIPS, ids=range(len(ROUND_TRIPS)))
def test_share_url_round_trips_through_a_real_query_string(
    spec: Spec, state: OperatorState
) -> None:
    """The share link, parsed the way a browser sends it, decodes to the same answers and label."""
    url = share_url("https://triage.example.com/matrix", encode(spec, state))
    parts = urlsplit(url)
    assert parts.path == "/matrix"
    decoded = decode(spec, dict(parse_qsl(parts.query)))
    assert (dict(decoded.state.answers), decoded.state.label) == (dict(state.answers), state.label)


def test_keys_are_the_question_ids_in_spec_order(spec: Spec) -> None:
    """Links are readable: one parameter per answered question, named by its id, then the label."""
    state = OperatorState(
        answers={"retry_resolves": "yes", "payload_consistent": "yes"}, label="EDI 850"
    )
    assert list(encode(spec, state).items()) == [
        ("payload_consistent", "yes"),
        ("retry_resolves", "yes"),
        ("label", "EDI 850"),
        ("version", spec_stamp(spec)),
    ]


@pytest.mark.parametrize(
    ("answers", "step", "in_url"),
    [
        ({}, "payload_consistent", False),
        ({"payload_consistent": "yes"}, "varies_by_handler", False),
        ({"payload_consistent": "yes"}, "payload_consistent", True),
        ({"payload_consistent": "no"}, "varies_by_handler", False),
        ({"payload_consistent": "no"}, "root_cause", True),
    ],
)
def test_step_is_written_only_when_it_is_not_the_default(
    spec: Spec, answers: dict[str, str], step: str, in_url: bool
) -> None:
    """`step` appears in the link only when it differs from where the operator would land."""
    assert ("step" in encode(spec, OperatorState(answers=answers, step=step))) is in_url


TAMPERED = [
    ("unknown-key", {"colour": "red"}, "`colour` is not used by this app"),
    ("bad-answer", {"payload_consistent": "maybe"}, "`maybe` is not one of `yes`, `no`, `unsure`"),
    ("empty-answer", {"retry_resolves": ""}, "an empty value is not one of"),
    ("boolean-word", {"root_cause": "yes"}, "`yes` is not one of `schema_mismatch`"),
    (
        "repeated-key",
        {"payload_consistent": ["yes", "no"]},
        "gives `payload_consistent` more than once",
    ),
    ("bad-step", {"step": "nowhere"}, "The step `nowhere` is not a question"),
    (
        "overlong-label",
        {"label": "y" * (MAX_LABEL_LENGTH + 1)},
        f"longer than {MAX_LABEL_LENGTH} characters",
    ),
    ("markdown-in-key", {"![x](http://e/i.png)": "1"}, "with an unreadable name is not used"),
    (
        "markdown-in-value",
        {"payload_consistent": "[x](http://evil)"},
        "the value given is not one of",
    ),
    ("unreadable-version", {"version": "<b>1</b>"}, "questions version is unreadable"),
]


@pytest.mark.parametrize(
    ("params", "notice"), [t[1:] for t in TAMPERED], ids=[t[0] for t in TAMPERED]
)
def test_tampered_parameters_are_dropped_with_a_notice(
    spec: Spec, params: dict[str, str | list[str]], notice: str
) -> None:
    """Each bad part of a link yields one readable notice and contributes nothing to the state."""
    decoded = decode(spec, {**params, "varies_by_handler": "no"})
    assert len(decoded.notices) == 1
    assert notice in decoded.notices[0]
    assert dict(decoded.state.answers) == {"varies_by_handler": "no"}
    assert decoded.state.label == ""


@pytest.mark.parametrize(
    "params",
    [
        {"analysis": "42"},
        {"rev": "3"},
        {"embed": "true"},
    ],
)
def test_keys_of_other_pages_are_kept_without_a_notice(spec: Spec, params: dict[str, str]) -> None:
    """Parameters another page owns are foreign but allowed: kept aside, never reported."""
    decoded = decode(spec, {**params, "payload_consistent": "no"})
    assert decoded.notices == ()
    assert {key: values[0] for key, values in decoded.foreign.items()} == params
    assert dict(decoded.state.answers) == {"payload_consistent": "no"}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"payload_consistent": 1},
        {"label": ["a", "b", "c"]},
        {"": ""},
        {"step": ""},
        {"label": "\x00\x1b[31m"},
        {"payload_consistent": []},
    ],
    ids=range(7),
)
def test_decode_never_raises(spec: Spec, params: dict[str, object]) -> None:
    """Odd shapes and values decode to a usable state instead of an exception."""
    decoded = decode(spec, params)  # type: ignore[arg-type]
    assert set(decoded.state.answers) <= set(IDS)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  SKU   rejected ", "SKU rejected"),
        ("line one\nline two", "line one line two"),
        ("tab\there", "tab here"),
        ("bell\x07", "bell"),
        ("Shopify → NetSuite", "Shopify → NetSuite"),
    ],
)
def test_labels_are_one_clean_line(raw: str, clean: str) -> None:
    """Labels are trimmed to one line without control characters."""
    assert clean_label(raw) == clean


@pytest.mark.parametrize(
    ("key", "foreign"),
    [("analysis", True), ("rev", True), ("embed", True), ("g.x", False), ("label", False)],
)
def test_foreign_keys(key: str, foreign: bool) -> None:
    """Only the documented keys count as another page's parameters."""
    assert is_foreign(key) is foreign


def test_owned_keys_are_the_question_ids_plus_label_step_and_version(spec: Spec) -> None:
    """The operator pages own exactly one key per question, `label`, `step` and `version`."""
    assert owned_keys(spec) == {*IDS, "label", "step", "version"}


def test_empty_state_encodes_to_nothing(spec: Spec) -> None:
    """A blank triage has a clean URL: not even the version."""
    assert encode(spec, OperatorState()) == {}


@pytest.mark.parametrize(
    ("version", "noted"),
    [
        (None, False),
        ("1.0", False),
        ("CURRENT", False),
        ("1.0~00000000", True),
        ("0.9", True),
        ("0.9~abcdef12", True),
        ("2.0-beta", True),
    ],
)
def test_links_from_another_spec_are_noted(spec: Spec, version: str | None, noted: bool) -> None:
    """A link made with another questions version or file opens normally, with a note saying so."""
    assert spec.version == "1.0"
    version = spec_stamp(spec) if version == "CURRENT" else version
    params = {"payload_consistent": "no"} | ({"version": version} if version else {})
    decoded = decode(spec, params)
    assert decoded.notices == ()
    assert dict(decoded.state.answers) == {"payload_consistent": "no"}
    note = version_note(spec, decoded)
    assert (note is not None) is noted
    if note:
        assert version is not None
        assert f"version {version.split('~')[0]}" in note
        assert f"now runs 1.0 ({spec.digest[:8]})" in note and "re-evaluated" in note


def test_stamp_records_version_and_digest(spec: Spec) -> None:
    """A link records the questions version and the first 8 characters of the file digest."""
    assert spec_stamp(spec) == f"1.0~{spec.digest[:8]}"
    assert encode(spec, OperatorState(answers={"payload_consistent": "no"}))[
        "version"
    ] == spec_stamp(spec)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("colour", "`colour`"), ("g.x-1", "`g.x-1`"), ("a b", "-"), ("`x`", "-"), ("x" * 41, "-")],
)
def test_safe_token(text: str, shown: str) -> None:
    """Only short plain tokens are quoted back to the user; anything else is described."""
    assert safe_token(text, "-") == shown


@pytest.mark.parametrize(
    ("base", "params", "url"),
    [
        (
            "http://localhost:8501",
            {"payload_consistent": "no"},
            "http://localhost:8501/?payload_consistent=no",
        ),
        ("http://h/matrix", {"label": "a b&c"}, "http://h/matrix?label=a+b%26c"),
        ("http://h/", {}, "http://h/"),
        ("http://h", {}, "http://h/"),
        (None, {"root_cause": "unsure"}, "?root_cause=unsure"),
    ],
)
def test_share_url(base: str | None, params: dict[str, str], url: str) -> None:
    """The share link is the page address plus the encoded parameters."""
    assert share_url(base, params) == url


ALL_ANSWERS = [
    dict(zip(IDS, values, strict=True))
    for values in itertools.product(*(question.values for question in SPEC.questions))
]


@pytest.mark.parametrize("answers", ALL_ANSWERS, ids=lambda a: "-".join(a.values()))
def test_steps_cover_every_question_once_starting_with_the_path(
    spec: Spec, answers: dict[str, str]
) -> None:
    """The step order is the flowchart path followed by every other question, each once."""
    order = steps(spec, answers)
    path = diagnose(spec, answers).path
    assert sorted(order) == sorted(IDS)
    assert order[: len(path)] == path


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "payload_consistent"),
        ({"payload_consistent": "yes"}, "varies_by_handler"),
        ({"payload_consistent": "no"}, "varies_by_handler"),
        ({"payload_consistent": "yes", "retry_resolves": "yes"}, "varies_by_handler"),
        (dict(zip(IDS, ("yes", "no", "no", "yes", "missing_rule"), strict=True)), "root_cause"),
    ],
)
def test_default_step(spec: Spec, answers: dict[str, str], expected: str) -> None:
    """The operator lands on the next open question, or on the last one when all are answered."""
    assert default_step(spec, answers) == expected
