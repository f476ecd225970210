"""The triage framework as plain, frozen dataclasses.

`framework.spec` builds a `Spec` from `questions.yaml`; everything else reads it. Nothing in
here knows about YAML, files or Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

INTEGRATION = "integration"
PROCESS = "process"
UNDETERMINED = "undetermined"
BOTH = "both"
SIDES = (INTEGRATION, PROCESS)
VERDICTS = (INTEGRATION, PROCESS, UNDETERMINED)
ADVICE_KEYS = (INTEGRATION, PROCESS, BOTH, UNDETERMINED)
UNSURE = "unsure"

# Canonical fields of an exception log (and, for an event log, the case and the activity of
# each event). Labels and header synonyms live in questions.yaml.
FIELD_IDS = (
    "exception_id",
    "timestamp",
    "error_code",
    "source_system",
    "target_system",
    "boundary",
    "payload",
    "handler",
    "resolution",
    "retry_count",
    "retry_outcome",
    "handoff_status",
    "message",
    "root_cause",
    "case_id",
    "activity",
)
VOCABULARY_KEYS = (
    "success",
    "failure",
    "schema",
    "connection",
    "rule",
    "neutral",
    "missing",
    "correction",
    "resubmit",
    "automatic_retry",
    "reopen",
    "system_account",
)
METRIC_PARAMS: Mapping[str, tuple[str, ...]] = {
    "payload_consistency": ("half_high_at",),
    "handler_dependence": ("min_handlers", "min_rows_per_handler"),
    "retry_success": (),
    "fired_after_delivery": ("min_days_active",),
    "schema_share": (),
}
"""The metrics an `inference:` entry may name, and the parameters each one takes (all of
them required in questions.yaml). `framework.inference.registry` implements each by name."""


@dataclass(frozen=True)
class Answer:
    """One possible answer to a question, and where the flowchart goes from it."""

    value: str
    label: str
    hint: str
    points_to: str | None
    next: str | None = None
    verdict: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    prompt: str
    explanation: str
    examples: tuple[str, ...]
    answers: tuple[Answer, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(answer.value for answer in self.answers)

    def answer(self, value: str) -> Answer:
        for answer in self.answers:
            if answer.value == value:
                return answer
        raise KeyError(f"{self.id} has no answer {value!r}")


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    short: str
    summary: str
    color: str


@dataclass(frozen=True)
class MatrixRow:
    symptom: str
    question: str
    integration: str
    process: str


@dataclass(frozen=True)
class MatrixAdditions:
    """Matrix rows this app adds to the framework's own, kept apart and labelled by `note`."""

    note: str = ""
    rows: tuple[MatrixRow, ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    """A word the questions use, explained for operators."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Advice:
    key: str
    title: str
    summary: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: str


LANGUAGES: Mapping[str, str] = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}
"""The languages a field's header names may be given in (`columns:` in questions.yaml); the
field's own `synonyms` and `words` are English, the others sit under `languages:`."""
COMPOUNDING = frozenset({"de", "nl"})
"""Languages that write a compound as one word ("Zustellstatus"): their header words are
also found at the start or the end of a header's word."""
HEAD_FIRST = frozenset({"fr", "es", "it", "pt"})
"""Languages whose compound names put the word that says what it is first ("Statut de
livraison"); the others put it last ("Delivery status", "Zustellstatus")."""
OTHER_COLUMNS = "other"
"""The key in `columns:` for headers that name none of the fields (priority, host …)."""


@dataclass(frozen=True)
class HeaderNames:
    """A field's header names in one language.

    `synonyms` are whole header names ("retry outcome"); `words` are lists of words, and a
    header with a word from each list names the field too ("Final retry state": a word of
    [retry, …] and one of [state, status, …]).
    """

    language: str
    synonyms: tuple[str, ...]
    words: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ColumnField:
    """A canonical log field, the header names that mean it in each language, and the
    words its values use (outcomes such as "delivered", "fehlgeschlagen")."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    names: tuple[HeaderNames, ...] = ()
    """Every language's names, English (`synonyms` and the field's `words`) first."""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class InferenceRule:
    """How a question's answer is read off a log: a named metric against two thresholds.

    `metric` names an entry of `METRIC_PARAMS`; `measure` says in words what it measures;
    `params` are that metric's own settings.
    """

    question: str
    metric: str
    measure: str
    min_rows: int
    high_answer: str
    high_at: float
    low_answer: str
    low_at: float
    params: Mapping[str, float] = field(default_factory=dict)

    def answer_for(self, metric: float) -> str:
        if metric >= self.high_at:
            return self.high_answer
        if metric <= self.low_at:
            return self.low_answer
        return UNSURE


READINGS = (
    "cleared",
    "contract_unstable",
    "now_process",
    "changed_shape",
    "still_recurring",
    "new",
)
"""How a group reads when two periods are compared (`follow_up: readings` in questions.yaml)."""
TREND_MARKS = ("new", "escalating", "quiet")
"""How a group moves within one log (`follow_up: trend_marks`)."""


@dataclass(frozen=True)
class Reading:
    """One reading of a compared group, or one trend mark: its label and what it means,
    with the settings it names already filled in."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class ComparisonRules:
    """When a group counts as cleared or shrunk: its weekly rate after the change as a share
    of its weekly rate before, at or below `cleared_at` / `shrank_at`."""

    cleared_at: float = 0.1
    shrank_at: float = 0.5


@dataclass(frozen=True)
class TrendRules:
    """How the last `recent_days` of a log are set against the `baseline_weeks` before them."""

    recent_days: int = 7
    baseline_weeks: int = 4
    min_exceptions: int = 3
    escalating_at: float = 2.0
    quiet_at: float = 0.25


@dataclass(frozen=True)
class FollowUpRules:
    """Closing the loop: reading two compared periods, and the trends within one log."""

    comparison: ComparisonRules
    readings: Mapping[str, Reading]
    trends: TrendRules
    trend_marks: Mapping[str, Reading]


@dataclass(frozen=True)
class Spec:
    """Everything `questions.yaml` defines, validated."""

    version: str
    digest: str
    start: str
    questions: tuple[Question, ...]
    verdicts: Mapping[str, Verdict]
    both_present: Verdict
    matrix: tuple[MatrixRow, ...]
    advice: Mapping[str, Advice]
    team_habit: str
    faq: tuple[FaqEntry, ...]
    columns: tuple[ColumnField, ...]
    vocabulary: Mapping[str, tuple[str, ...]]
    inference: Mapping[str, InferenceRule]
    follow_up: FollowUpRules
    matrix_additions: MatrixAdditions = field(default_factory=MatrixAdditions)
    glossary: tuple[GlossaryEntry, ...] = ()
    other_columns: tuple[HeaderNames, ...] = ()
    """Header names of columns that hold none of the fields (priority, host, logger …)."""

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self.questions)

    def number(self, question_id: str) -> int:
        """The question's number as people see it: its position in the file, from 1."""
        return self.question_ids.index(question_id) + 1

    def field_label(self, field_id: str) -> str:
        """The label of a canonical log field ("Error code / type"), or its id if unlabelled."""
        return next((column.label for column in self.columns if column.id == field_id), field_id)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def tag(self, key: str) -> Verdict:
        """The label and colour of a verdict id, or of `both` (both types present)."""
        return self.both_present if key == BOTH else self.verdicts[key]
