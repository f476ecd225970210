"""Vocabulary: values are classified by the word lists in `questions.yaml`, as whole words,
case and accents aside, in English and in the languages of the exports it lists."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from framework.columnar.coded import Coded, count_matches, phrase_pattern
from framework.inference import vocabulary as vocab
from framework.spec.model import Spec


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("succeeded", vocab.POSITIVE),
        ("Delivered", vocab.POSITIVE),
        ("200", vocab.POSITIVE),
        ("not delivered", vocab.NEGATIVE),
        ("Timed out", vocab.NEGATIVE),
        ("503", vocab.NEGATIVE),
        ("pending", vocab.UNKNOWN),
        ("undelivered", vocab.UNKNOWN),
    ],
)
def test_outcome_words(spec: Spec, label: str, expected: int) -> None:
    """Outcome words match whole words; a failure phrase wins over the success word in it."""
    found = vocab.label_classes(
        vocab.folded_labels((label.lower(),)),
        spec.vocabulary["success"],
        spec.vocabulary["failure"],
        strip=True,
    )
    assert found.tolist() == [expected]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("SKU format not recognised", vocab.POSITIVE),
        ("missing_field qty", vocab.POSITIVE),
        ("Awaiting approval from the owner", vocab.NEGATIVE),
        ("no-rule for partial refunds", vocab.NEGATIVE),
        ("validation rule", vocab.UNKNOWN),
        ("Order 12 needs attention", vocab.UNKNOWN),
    ],
)
def test_cause_words(spec: Spec, message: str, expected: int) -> None:
    """A message is schema or rule by which list it matches more; ties are unclassified."""
    found = vocab.label_classes(
        vocab.folded_labels((message,)),
        spec.vocabulary["schema"],
        spec.vocabulary["rule"],
        strip=False,
    )
    assert found.tolist() == [expected]


@pytest.mark.parametrize(
    ("message", "side"),
    [
        ("Could not connect to carrier API: connection refused", vocab.POSITIVE),
        ("Sync to NetSuite timed out behind the proxy", vocab.POSITIVE),
        ("Manifest failed: expired credentials for the 3PL account", vocab.POSITIVE),
        ("HTTP 503 service unavailable from WMS", vocab.POSITIVE),
        ("Invoice waiting for the BUDGET OWNER", vocab.UNKNOWN),
        ("Waiting for owner approval from the budget owner", vocab.UNKNOWN),
        ("No owner for refunds over the limit", vocab.NEGATIVE),
        ("Unknown status code PAID_PARTIAL from Adyen", vocab.UNKNOWN),
        ("Unknown status code PAID_PARTIAL: no mapping in the middleware", vocab.POSITIVE),
        ("Unknown reason code RX-7: no rule for who decides", vocab.NEGATIVE),
    ],
)
def test_causes_read_connection_roles_and_unknown_codes(
    spec: Spec, message: str, side: int
) -> None:
    """Connection-level failures are integration signals; an approver's role is no missing
    owner; an unknown code on its own decides nothing, the words around it do."""
    coded = Coded(np.zeros(1, dtype=np.int32), (message.lower(),))
    assert vocab.cause_classes(coded, spec.vocabulary).tolist() == [side]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("réussi", vocab.POSITIVE),
        ("Réussie", vocab.POSITIVE),
        ("accusé de réception", vocab.POSITIVE),
        ("accuse de reception", vocab.POSITIVE),
        ("échec", vocab.NEGATIVE),
        ("ECHEC", vocab.NEGATIVE),
        ("délai dépassé", vocab.NEGATIVE),
        ("aucun changement", vocab.NEGATIVE),
        ("erfolgreich", vocab.POSITIVE),
        ("zugestellt", vocab.POSITIVE),
        ("Zeitüberschreitung", vocab.NEGATIVE),
        ("keine Änderung", vocab.NEGATIVE),
        ("nicht zugestellt", vocab.NEGATIVE),
        ("fallido", vocab.NEGATIVE),
        ("geleverd", vocab.POSITIVE),
        ("rejeitado", vocab.NEGATIVE),
        ("échecs répétés", vocab.UNKNOWN),
    ],
)
def test_outcomes_in_other_languages(spec: Spec, label: str, expected: int) -> None:
    """Outcome words of exports in other languages match with or without their accents, and
    still only as whole words."""
    coded = Coded(np.zeros(1, dtype=np.int32), (label,))
    assert vocab.outcome_classes(coded, spec.vocabulary).tolist() == [expected]


@pytest.mark.parametrize(
    ("message", "side"),
    [
        ("Champ client trop long pour C-300312", vocab.POSITIVE),
        ("Code statut inconnu sur le remboursement : partial_refund non mappé", vocab.POSITIVE),
        ("Code statut inconnu sur le remboursement re_797318622", vocab.UNKNOWN),
        ("Facture en attente d'approbation, approbateur non défini", vocab.NEGATIVE),
        ("Commande dans un état pour lequel aucune règle n'est définie", vocab.NEGATIVE),
        ("Feldzuordnung aus dem ERP liefert Enum im falschen Format", vocab.POSITIVE),
        ("Bestelländerung beim VAN an der Schemaprüfung gescheitert", vocab.POSITIVE),
        ("Etikett zurückgehalten: niemand zuständig für Zollpapiere", vocab.NEGATIVE),
        ("Geprüfte Adresse zurückgeliefert, keine Regel für das Zurückschreiben", vocab.NEGATIVE),
        ("Maßnahme offen", vocab.UNKNOWN),
    ],
)
def test_causes_in_french_and_german(spec: Spec, message: str, side: int) -> None:
    """French and German messages are read like English ones: schema words on the
    integration side, rule words on the process side, an unknown code alone decides
    nothing."""
    coded = Coded(np.zeros(1, dtype=np.int32), (message,))
    assert vocab.cause_classes(coded, spec.vocabulary).tolist() == [side]


@pytest.mark.parametrize(
    ("words", "value", "found"),
    [
        (("zeitüberschreitung",), "ZEITUBERSCHREITUNG beim Versand", True),
        (("massnahme",), "Maßnahme", True),
        (("délai",), "delais", False),
        (("retry",), "Automatic Retry", True),
    ],
)
def test_mentions_fold_accents_on_both_sides(
    words: tuple[str, ...], value: str, found: bool
) -> None:
    """A word with accents matches a value without them and the other way round; "ß" is
    "ss"; a word inside a longer word is no mention."""
    coded = Coded(np.zeros(1, dtype=np.int32), (value,))
    assert vocab.mentions(coded, words).tolist() == [found]


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("Corrected the SKU and resubmitted", True),
        ("Données corrigées, commande renvoyée", None),
        ("Resubmitted as it was", False),
        ("Corrected the address by hand", False),
        ("", False),
    ],
)
def test_mentions_all_needs_a_word_of_every_list(
    spec: Spec, value: str, found: bool | None
) -> None:
    """A value names a correction and a resubmission only when it holds a word of each list;
    the answer is the one two separate `mentions` give (None: whatever those say)."""
    codes = np.array([0, 1, -1], dtype=np.int32)
    coded = Coded(codes, (value, "nothing here"))
    lists = (spec.vocabulary["correction"], spec.vocabulary["resubmit"])
    both = vocab.mentions(coded, lists[0]) & vocab.mentions(coded, lists[1])
    got = vocab.mentions_all(coded, lists)
    assert got.tolist() == both.tolist()
    assert got.tolist()[1:] == [False, False]
    if found is not None:
        assert got.tolist()[0] is found


def _classes_by_regex(labels: list[str], positive: list[str], negative: list[str]) -> list[int]:
    """The classes with every phrase replaced in every value, as the regexes alone read it:
    neutral ("budget owner") out first, then the negative words counted and taken out."""
    values = pa.array(labels, type=pa.string())
    values = pc.replace_substring_regex(values, phrase_pattern(["budget owner"]), " ")
    negatives = count_matches(values, phrase_pattern(negative))
    values = pc.replace_substring_regex(values, phrase_pattern(negative), " ")
    positives = count_matches(values, phrase_pattern(positive))
    return [1 if p > n else 0 if n > p else -1 for p, n in zip(positives, negatives, strict=True)]


@pytest.mark.parametrize(
    "labels",
    [
        ["no owner", "budget owner", "budget owner timeout", "owner owner rule", "plain"],
        ["not delivered", "delivered", "delivered not delivered", "", "budget owner"],
        ["nothing here", "none at all"],
    ],
)
def test_phrases_taken_out_only_where_they_match(labels: list[str]) -> None:
    """Neutral phrases and stripped negative words are taken out of the values that hold
    them only; every class is the one replacing them in every value gives."""
    positive, negative = ["delivered", "timeout"], ["not delivered", "owner", "rule"]
    folded = vocab.folded_labels(labels)
    found = vocab.label_classes(folded, positive, negative, strip=True, neutral=["budget owner"])
    assert found.tolist() == _classes_by_regex(labels, positive, negative)
