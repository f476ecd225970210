"""The operator's triage as URL query parameters: readable, shareable and tamper-safe.

    ?payload_consistent=yes&varies_by_handler=no&label=SKU+rejected&step=retry_resolves&version=1.0

* Each answered question is one parameter named after the question id, valued with the
  answer value (`yes`, `no`, `unsure`, `schema_mismatch`, …) exactly as in questions.yaml.
* `label` is the operator's optional free-text name for the exception (at most
  `MAX_LABEL_LENGTH` characters, one line).
* `step` is the question being viewed; it is left out when it is the one the operator would
  land on anyway (`default_step`).
* `version` is the spec the link was made with: questions.yaml's `version`, a `~` and the
  first 8 characters of the file's digest (e.g. `1.0~3f2a9c1b`), so an edited file is noticed
  even when its version was not bumped. A link from another spec still opens; its answers are
  re-evaluated by the current flowchart and `version_note` says so.

Those keys are *owned*: `decode` judges them. Keys that other pages of the app put in the URL
(`FOREIGN_KEYS`) are *foreign but
allowed*: kept as they are, never reported. Anything else is *tampered*: dropped with a
notice. `decode` never raises, whatever the input; notices only quote tokens that are safe to
show (`safe_token`), so they can be rendered as Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from framework.engine import Answers, next_unanswered, walk
from framework.spec.model import Spec

LABEL_KEY = "label"
STEP_KEY = "step"
VERSION_KEY = "version"
MAX_LABEL_LENGTH = 120
# Query parameters that belong to other pages of the app (saved analyses, log groups,
# overrides). The operator pages leave them in the URL untouched.
FOREIGN_KEYS = frozenset({"analysis", "rev", "embed", "embed_options"})

ParamValue = str | Sequence[str]
_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_.\-]{1,40}")
_VERSION_TOKEN = re.compile(r"[A-Za-z0-9_.\-]{1,40}(~[0-9a-f]{8})?")
DIGEST_CHARS = 8


@dataclass(frozen=True)
class OperatorState:
    """What the operator has told the app about one exception."""

    answers: Mapping[str, str] = field(default_factory=dict)
    label: str = ""
    step: str | None = None


@dataclass(frozen=True)
class Decoded:
    """The outcome of reading a URL: the usable state, what was ignored, what was not ours."""

    state: OperatorState
    notices: tuple[str, ...] = ()
    foreign: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    link_version: str | None = None


def owned_keys(spec: Spec) -> frozenset[str]:
    """The parameters the operator pages read and write."""
    return frozenset(spec.question_ids) | {LABEL_KEY, STEP_KEY, VERSION_KEY}


def is_foreign(key: str) -> bool:
    """True for a parameter another page of the app owns (left alone, never a notice)."""
    return key in FOREIGN_KEYS


def safe_token(text: object, fallback: str) -> str:
    """`text` in backticks when it is short and plain (safe in Markdown), else `fallback`."""
    value = str(text)
    return f"`{value}`" if _SAFE_TOKEN.fullmatch(value) else fallback


def decode(spec: Spec, params: Mapping[str, ParamValue]) -> Decoded:
    """Read query parameters into an `OperatorState`, ignoring (with a notice) what is wrong."""
    answers: dict[str, str] = {}
    label = ""
    step: str | None = None
    link_version: str | None = None
    notices: list[str] = []
    foreign: dict[str, tuple[str, ...]] = {}
    for raw_key, raw_value in params.items():
        key = str(raw_key)
        values = _as_values(raw_value)
        if is_foreign(key):
            foreign[key] = values
        elif key not in owned_keys(spec):
            name = safe_token(key, "with an unreadable name")
            notices.append(f"The link parameter {name} is not used by this app; it was ignored.")
        elif len(values) != 1:
            notices.append(
                f"The link gives {safe_token(key, 'a parameter')} more than once; it was ignored."
            )
        elif key == LABEL_KEY:
            label, problem = _read_label(values[0])
            notices.extend(problem)
        elif key == STEP_KEY:
            step, problem = _read_step(spec, values[0])
            notices.extend(problem)
        elif key == VERSION_KEY:
            link_version, problem = _read_version(values[0])
            notices.extend(problem)
        else:
            notices.extend(_read_answer(spec, key, values[0], answers))
    state = OperatorState(answers=_in_spec_order(spec, answers), label=label, step=step)
    return Decoded(state, tuple(notices), foreign, link_version)


def encode(spec: Spec, state: OperatorState) -> dict[str, str]:
    """The owned parameters for a state, in a stable order (questions, label, step, version)."""
    params = {qid: state.answers[qid] for qid in spec.question_ids if qid in state.answers}
    label = clean_label(state.label)
    if label:
        params[LABEL_KEY] = label
    if state.step is not None and state.step != default_step(spec, state.answers):
        params[STEP_KEY] = state.step
    if params:
        params[VERSION_KEY] = spec_stamp(spec)
    return params


def spec_stamp(spec: Spec) -> str:
    """What a link records of the spec: `version~digest` (digest cut to 8 characters)."""
    return f"{spec.version}~{spec.digest[:DIGEST_CHARS]}"


def version_note(spec: Spec, decoded: Decoded) -> str | None:
    """A sentence for a link made with another spec (None when it matches the current one).

    A link recording only a version (no digest) is compared on the version alone.
    """
    link = decoded.link_version
    if link is None or link in (spec_stamp(spec), spec.version):
        return None
    version, _, digest = link.partition("~")
    made_with = f"version {version}" + (f" ({digest})" if digest else "")
    now = f"{spec.version} ({spec.digest[:DIGEST_CHARS]})"
    return (
        f"This link was made with {made_with} of the questions; the app now runs {now}. The "
        "answers are re-evaluated under the current rules, so the verdict may differ "
        "from what the sender saw."
    )


def share_url(base: str | None, params: Mapping[str, str]) -> str:
    """A link that reopens the state: `base` (the page's address) plus the query string."""
    query = urlencode(list(params.items()))
    root = (base or "").rstrip("?")
    if root and not urlsplit(root).path:
        root += "/"
    return f"{root}?{query}" if query else root


def clean_label(text: str) -> str:
    """A label as stored: one line, trimmed, control characters removed."""
    printable = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(printable.split())


def steps(spec: Spec, answers: Answers) -> tuple[str, ...]:
    """The order the operator meets the questions: the flowchart's path, then the rest."""
    path = walk(spec, answers)[1]
    return path + tuple(qid for qid in spec.question_ids if qid not in path)


def default_step(spec: Spec, answers: Answers) -> str:
    """Where the operator lands: the next question to answer, or the last one of all."""
    return next_unanswered(spec, answers) or steps(spec, answers)[-1]


def current_step(spec: Spec, state: OperatorState) -> str:
    """The question being viewed: the chosen step, else `default_step`."""
    if state.step in spec.question_ids:
        return state.step
    return default_step(spec, state.answers)


def _as_values(raw: object) -> tuple[str, ...]:
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, Sequence):
        return tuple(str(item) for item in raw) or ("",)
    return (str(raw),)


def _read_label(value: str) -> tuple[str, list[str]]:
    label = clean_label(value)
    if len(label) > MAX_LABEL_LENGTH:
        return "", [
            f"The label is longer than {MAX_LABEL_LENGTH} characters "
            f"({len(label)}); it was left out."
        ]
    return label, []


def _read_step(spec: Spec, value: str) -> tuple[str | None, list[str]]:
    if value in spec.question_ids:
        return value, []
    shown = safe_token(value, "given")
    return None, [f"The step {shown} is not a question; the triage opens at the next open one."]


def _read_version(value: str) -> tuple[str | None, list[str]]:
    if _VERSION_TOKEN.fullmatch(value):
        return value, []
    return None, ["The link's questions version is unreadable; it was ignored."]


def _read_answer(spec: Spec, key: str, value: str, answers: dict[str, str]) -> list[str]:
    question = spec.question(key)
    if value in question.values:
        answers[key] = value
        return []
    expected = ", ".join(f"`{v}`" for v in question.values)
    shown = safe_token(value, "the value given" if value else "an empty value")
    return [f"“{question.title}”: {shown} is not one of {expected}; that answer was ignored."]


def _in_spec_order(spec: Spec, answers: Mapping[str, str]) -> dict[str, str]:
    return {qid: answers[qid] for qid in spec.question_ids if qid in answers}
