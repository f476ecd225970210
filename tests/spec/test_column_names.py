"""The `columns:` section of questions.yaml: header names per language, compound words,
value words and the headers of no field, read into the spec; every mistake in them a
problem with its line."""

from __future__ import annotations

import pytest

from framework.spec.loader import parse_spec
from framework.spec.model import FIELD_IDS, LANGUAGES, Spec
from framework.spec.problems import SpecError

RETRY = "  retry_outcome:\n    label: Retry outcome\n"  # once in questions.yaml
RETRY_LINE_TEXT = RETRY.splitlines()[0]


def test_every_field_has_names_in_every_language(spec: Spec) -> None:
    """Each field has English names and names in all six other languages."""
    for column in spec.columns:
        languages = [names.language for names in column.names]
        assert languages == list(LANGUAGES), column.id
        assert all(names.synonyms for names in column.names), column.id
    assert [column.id for column in spec.columns] == list(FIELD_IDS)


def test_outcome_fields_list_their_value_words(spec: Spec) -> None:
    """Retry outcomes and delivery outcomes carry value words in several languages."""
    values = {column.id: column.values for column in spec.columns}
    assert {"succeeded", "réussi", "fehlgeschlagen", "mislukt"} <= set(values["retry_outcome"])
    assert {"delivered", "livré", "zugestellt", "rechazado"} <= set(values["handoff_status"])


def test_headers_of_no_field_are_read(spec: Spec) -> None:
    """`columns: other:` lists support fields and log plumbing, in every language."""
    languages = [names.language for names in spec.other_columns]
    assert languages == list(LANGUAGES)
    assert {"priority", "host", "support level"} <= set(spec.other_columns[0].synonyms)


def _line_of(text: str, anchor: str) -> int:
    return text[: text.index(anchor)].count("\n") + 1


BROKEN = [
    (
        "unknown language",
        "    languages:\n      fr: {synonyms: [résultat de la relance",
        "    languages:\n      xx: {synonyms: [résultat de la relance",
        "column 'retry_outcome' languages: unknown key 'xx'",
    ),
    (
        "words not lists",
        "    words: [[retry, retries, retried, reattempt, resend, resent],",
        "    words: [retry, [retries, retried, reattempt, resend, resent],",
        "column 'retry_outcome': 'words' item 1 must be a list of words",
    ),
    (
        "a phrase among words",
        "    words: [[retry, retries, retried, reattempt, resend, resent],",
        "    words: [[retry again, retries, retried, reattempt, resend, resent],",
        "column 'retry_outcome': 'words' list 1: write one word per item",
    ),
    (
        "a boolean word",
        "    words: [[retry, retries, retried, reattempt, resend, resent],",
        "    words: [[yes, retries, retried, reattempt, resend, resent],",
        "'words' item 1 is a boolean",
    ),
    (
        "unknown key in a field",
        RETRY,
        RETRY + "    synonym: [x]\n",
        "column 'retry_outcome': unknown key 'synonym'",
    ),
    (
        "an empty language",
        "      es: {synonyms: [resultado del reintento, estado del reintento],\n"
        "           words: [[reintento, intento], [resultado, estado]]}\n",
        "      es: {}\n",
        "column 'retry_outcome' languages 'es': needs 'synonyms' or 'words'",
    ),
    (
        "value words not a list",
        "    values: [succeeded, success,",
        "    values: succeeded\n    valuez: [success,",
        "column 'retry_outcome': 'values' must be a list",
    ),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_columns_section_says_what_and_where(
    spec_text: str, case: str, old: str, new: str, message: str
) -> None:
    """Each mistake in the header names is a problem naming the field, with a line inside
    that field's entry."""
    assert spec_text.count(old) == 1, old
    broken = spec_text.replace(old, new)
    with pytest.raises(SpecError) as caught:
        parse_spec(broken.encode(), "questions.yaml")
    found = [p for p in caught.value.problems if message in str(p)]
    assert found, f"{case}: {message!r} not among {[str(p) for p in caught.value.problems]}"
    start = _line_of(broken, RETRY_LINE_TEXT)
    assert all(start <= problem.line <= start + 60 for problem in found)
