"""Column detection that knows when it guesses: every sample log mapped as its ground truth
says, the traps of real exports avoided (people are no systems, levels and dates no error
codes, a constant no group key, one column one role), headers in seven languages and
compound headers read word by word, values deciding a column under an unknown header, the
rules of event logs, and a confidence on every column that says when it is a guess."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

from framework.columns.mapping import (
    HEADER,
    LOW_CONFIDENCE,
    USER,
    VALUES,
    WORDS_METHOD,
    ColumnMapping,
    apply_overrides,
    detect_mapping,
)
from framework.logs.reading import read_log_file
from framework.spec.model import Spec

DATA = Path(__file__).resolve().parents[2] / "data"
TRUTH = json.loads((DATA / "ground_truth.json").read_text(encoding="utf-8"))["files"]
N = 60
PEOPLE = ["Jane Doe", "Ravi Shah", "Ana Lima", "Tom Berg", "Li Wei"]
LOGINS = ["jane.doe", "ravi.shah", "ana.lima", "tom.berg"]
EMAILS = ["jane.doe@example.com", "ravi@example.org", "a.lima@example.net"]
SYSTEMS = ["Shopify", "NetSuite", "WMS", "Amazon"]
CODES = ["INV_SYNC_DRIFT", "RETURN_NO_RMA", "PO_CHANGE_NOT_ACKED"]


def cycle(values: list[str], n: int = N) -> list[str]:
    """`values` repeated over n rows."""
    return [values[i % len(values)] for i in range(n)]


def ids(n: int = N) -> list[str]:
    """Unique exception ids."""
    return [f"EX-{i:05d}" for i in range(n)]


def times(n: int = N) -> list[str]:
    """ISO 8601 times, one a row."""
    return [f"2024-03-{1 + i % 28:02d}T10:{i % 60:02d}:00Z" for i in range(n)]


def texts(n: int = N) -> list[str]:
    """Free-text messages, one a row."""
    return [f"Order {i} was refused because the SKU field is too long" for i in range(n)]


def log(**columns: list[str]) -> pd.DataFrame:
    """A log of text columns (keyword names; use `log_of` for names with spaces)."""
    return pd.DataFrame(columns, dtype="str")


def log_of(columns: dict[str, list[str]]) -> pd.DataFrame:
    """A log of text columns with any header."""
    return pd.DataFrame(columns, dtype="str")


def mapped(mapping: ColumnMapping) -> dict[str, str]:
    """The fields that have a column, and their columns."""
    return {field: column for field, column in mapping.to_dict().items() if column}


# --- every sample log, from detection alone ---------------------------------------------


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_sample_log_maps_as_its_ground_truth_says(spec: Spec, name: str) -> None:
    """Every log in data/ (three exception queues, an incident audit trail, a process-mining
    export, a system log, French and German exports, two sample periods) maps exactly as
    `ground_truth.json` records: 100% of the fields it names on their column, and nothing
    it leaves out mapped (the truth leaves out a field when the log has no column for it,
    so a guess is wrong).
    Every column is sure enough to need no confirmation."""
    expected = {field: column for field, column in TRUTH[name]["mapping"].items() if column}
    mapping = detect_mapping(read_log_file(DATA / name).frame, spec)
    assert mapped(mapping) == expected
    assert mapping.guesses() == {}


SHAPES = {
    "exceptions_ops.csv",
    "helpdesk_export.csv",
    "integration_events.jsonl",
    "incident_events.csv",
    "process_mining.csv",
    "system_log.jsonl",
    "exports_fr.csv",
    "exports_de.csv",
}


def test_detection_covers_every_sample_log() -> None:
    """The table above is not silently short: it holds the eight logs of every shape (and
    the two sample periods), every log in data/ with a ground truth."""
    assert set(TRUTH) >= SHAPES
    assert all((DATA / name).is_file() for name in TRUTH)


# --- the traps of real exports ---------------------------------------------------------

TRAPS = [
    # people are never systems or ids, whatever the header says
    ("a misspelt 'resource' of names", {"Resourse": cycle(PEOPLE), "Id": ids()}, {"source_system"}),
    ("'Source' holding people", {"Source": cycle(PEOPLE), "Id": ids()}, {"source_system"}),
    ("'Target' holding logins", {"Target": cycle(LOGINS), "Id": ids()}, {"target_system"}),
    ("an id of callers", {"caller_id": cycle(PEOPLE), "when": times()}, {"exception_id"}),
    ("'Reference' of e-mail addresses", {"Reference": cycle(EMAILS)}, {"exception_id"}),
    ("'Integration' holding people", {"Integration": cycle(PEOPLE)}, {"boundary"}),
    # a support level, a priority or a host is no error code
    ("a support level", {"Support level": cycle(["L1", "L2", "L3"]), "Id": ids()}, {"error_code"}),
    ("an unknown header of levels", {"col7": cycle(["L1", "L2", "L3"])}, {"error_code"}),
    ("a tier", {"Tier": cycle(["T1-A", "T2-B"]), "Id": ids()}, {"error_code"}),
    ("a priority", {"Priority": cycle(["1 - High", "2 - Low"])}, {"error_code"}),
    ("hosts", {"host": cycle(["int-worker-01", "int-worker-02"])}, {"error_code"}),
    ("loggers", {"logger": cycle(["sync.orders", "db.pool"])}, {"error_code", "handler"}),
    ("a trace id", {"trace_id": cycle([f"{i:032x}" for i in range(25)])}, {"case_id"}),
    # a date is no error code, a constant no group key
    (
        "a date column in a system log",
        {"ts": times(), "date": cycle(["2024-03-01", "2024-03-02"]), "msg": texts()},
        {"error_code", "activity", "boundary"},
    ),
    ("dd.mm.yyyy dates", {"Tag": cycle(["01.03.2024", "02.03.2024"])}, {"error_code"}),
    ("dates under a code header", {"Code": cycle(["2024-03-01", "2024-03-04"])}, {"error_code"}),
    ("a constant category", {"Category": ["INV_DRIFT"] * N, "Id": ids()}, {"error_code"}),
    ("a constant unknown column", {"x": ["ERR_SYNC_1"] * N, "Id": ids()}, {"error_code"}),
    ("a constant state", {"state": ["Closed"] * N, "Id": ids()}, {"activity"}),
    ("numbers are no codes", {"col": cycle(["12", "40", "77"])}, {"error_code"}),
    ("flags are no outcomes", {"active": cycle(["true", "false"])}, {"retry_outcome"}),
    ("flags are no delivery", {"made_sla": cycle(["true", "false"])}, {"handoff_status"}),
]


@pytest.mark.parametrize(("case", "columns", "never"), TRAPS, ids=[t[0] for t in TRAPS])
def test_traps_of_real_exports_are_not_taken(
    spec: Spec, case: str, columns: dict[str, list[str]], never: set[str]
) -> None:
    """The column that looks like a field but is not one is never mapped to it."""
    mapping = detect_mapping(log_of(columns), spec)
    taken = {field for field in never if mapping.column(field) is not None}
    assert not taken, f"{case}: {taken} mapped ({mapping.to_dict()})"


@pytest.mark.parametrize(
    ("columns", "field", "why"),
    [
        ({"Category": ["INV_DRIFT"] * N}, "error_code", "every row holds the same value"),
        ({"Source": cycle(PEOPLE)}, "source_system", "its values are people or accounts"),
        ({"Error code": cycle(["2024-03-01", "2024-03-04"])}, "error_code", "timestamps"),
    ],
)
def test_a_named_column_left_out_says_why(
    spec: Spec, columns: dict[str, list[str]], field: str, why: str
) -> None:
    """A field whose own name heads a column its values rule out stays unmapped, with why."""
    mapping = detect_mapping(log_of(columns), spec)
    assert mapping.column(field) is None
    assert why in mapping.left_out[field]


def test_title_case_categories_under_their_name_stay_the_error_code(spec: Spec) -> None:
    """'Order Management' looks like a name, but a header that is the field's name is
    believed for a category; the same values never make a system or an id."""
    categories = cycle(["Order Management", "Customer Data", "Gift Cards"])
    mapping = detect_mapping(log_of({"Category": categories, "Source": categories}), spec)
    assert mapping.column("error_code") == "Category"
    assert mapping.column("source_system") is None


def test_people_are_the_handler_when_nothing_else_is(spec: Spec) -> None:
    """Names under a misspelt 'resource' are people: the handler, never the source system."""
    mapping = detect_mapping(log_of({"Resourse": cycle(PEOPLE), "Id": ids()}), spec)
    assert mapping.column("handler") == "Resourse"


@pytest.mark.parametrize(
    "columns",
    [
        {"Error": texts(), "Error Code": cycle(CODES), "Error Type": cycle(SYSTEMS)},
        {"Status": cycle(["delivered", "failed"]), "Retry": cycle(["ok", "failed"])},
        {"a": cycle(PEOPLE), "b": cycle(PEOPLE), "c": cycle(LOGINS)},
        {"time": times(), "date": times(), "created": times(), "Opened": times()},
        {"Ticket #": ids(), "Case": ids(), "Number": ids()},
    ],
)
def test_one_column_never_takes_two_roles(spec: Spec, columns: dict[str, list[str]]) -> None:
    """However alike the columns, each field has one column and each column one field."""
    mapping = detect_mapping(log_of(columns), spec)
    used = [assignment.column for assignment in mapping.assignments.values()]
    assert len(used) == len(set(used))


# --- headers in seven languages, and compound headers ----------------------------------

OUTCOMES = cycle(["succeeded", "failed", "no change"])
DELIVERY = cycle(["delivered", "rejected", "accepted"])
HEADERS = [
    # (header, its values, the field, the language the reason names or None)
    ("Numéro de ticket", ids(), "exception_id", "French"),
    ("Traité par", cycle(PEOPLE), "handler", "French"),
    ("Système cible", cycle(SYSTEMS), "target_system", "French"),
    ("Statut de livraison", cycle(["livré", "rejeté"]), "handoff_status", "French"),
    ("Bearbeiter", cycle(PEOPLE), "handler", "German"),
    ("Quellsystem", cycle(SYSTEMS), "source_system", "German"),
    ("Maßnahme", cycle(["Neu gesendet", "Ignoriert", "Eskaliert"]), "resolution", "German"),
    ("Fehlercode", cycle(CODES), "error_code", "German"),
    ("Código de error", cycle(CODES), "error_code", "Spanish"),
    ("Gestionado por", cycle(PEOPLE), "handler", "Spanish"),
    ("Sistema di destinazione", cycle(SYSTEMS), "target_system", "Italian"),
    ("Gestito da", cycle(PEOPLE), "handler", "Italian"),
    ("Behandelaar", cycle(PEOPLE), "handler", "Dutch"),
    ("Foutcode", cycle(CODES), "error_code", "Dutch"),
    ("Atendido por", cycle(PEOPLE), "handler", "Portuguese"),
    ("Código de erro", cycle(CODES), "error_code", "Portuguese"),
    # made of the field's words (none is a listed name)
    ("Final retry state", OUTCOMES, "retry_outcome", None),
    ("Outcome of the retry", OUTCOMES, "retry_outcome", None),
    ("Closure comments", texts(), "message", None),
    ("Sync result", DELIVERY, "handoff_status", None),
    ("Transmission outcome", DELIVERY, "handoff_status", None),
    ("Zustellungsergebnis", cycle(["zugestellt", "abgelehnt"]), "handoff_status", "German"),
    ("Lieferergebnis", cycle(["zugestellt", "abgelehnt"]), "handoff_status", "German"),
    (
        "Endergebnis Wiederholung",
        cycle(["erfolgreich", "fehlgeschlagen"]),
        "retry_outcome",
        "German",
    ),
    ("Statut final de l'envoi", cycle(["livré", "rejeté"]), "handoff_status", "French"),
    ("Estado final del reintento", cycle(["exitoso", "fallido"]), "retry_outcome", "Spanish"),
    ("Esito finale del ritentativo", cycle(["riuscito", "fallito"]), "retry_outcome", "Italian"),
    ("Uitkomst laatste herhaling", cycle(["geslaagd", "mislukt"]), "retry_outcome", "Dutch"),
    ("Resultado final do reenvio", cycle(["sucesso", "falhou"]), "retry_outcome", "Portuguese"),
    ("Storingscategorie", cycle(CODES), "error_code", "Dutch"),
]


@pytest.mark.parametrize(
    ("header", "values", "field", "language"), HEADERS, ids=[h[0] for h in HEADERS]
)
def test_foreign_and_compound_headers_name_their_field(
    spec: Spec, header: str, values: list[str], field: str, language: str | None
) -> None:
    """A header in French, German, Spanish, Italian, Dutch or Portuguese, or made of a field's
    words ('Final retry state', 'Zustellungsergebnis'), maps to its field, sure enough to
    need no confirmation, and the reason names the language."""
    found = detect_mapping(log_of({header: values, "Opened": times()}), spec).assignments[field]
    assert found.column == header
    assert found.confidence >= LOW_CONFIDENCE
    if language is not None:
        assert language in found.reason


@pytest.mark.parametrize(
    ("header", "field", "method"),
    [
        ("Traité par", "handler", HEADER),
        ("Final retry state", "retry_outcome", WORDS_METHOD),
        ("Zustellungsergebnis", "handoff_status", WORDS_METHOD),
    ],
)
def test_the_reason_says_how_the_header_named_the_field(
    spec: Spec, header: str, field: str, method: str
) -> None:
    """A listed name is a header match; a header made of the field's words says which words."""
    values = cycle(PEOPLE) if field == "handler" else cycle(["ok", "failed", "zugestellt"])
    found = detect_mapping(log_of({header: values}), spec).assignments[field]
    assert found.method in (method, "fuzzy") if method == WORDS_METHOD else found.method == method
    if found.method == WORDS_METHOD:
        assert found.reason.startswith("the header's words '")


# --- values deciding a column with an unknown header -----------------------------------

VALUE_CASES = [
    ("col9", DELIVERY, "handoff_status", True),
    ("col9", cycle(["zugestellt", "abgelehnt", "bestätigt"]), "handoff_status", True),
    ("col9", OUTCOMES, "retry_outcome", True),
    ("col9", cycle(["réussi", "échec", "aucun changement"]), "retry_outcome", True),
    ("who", cycle(PEOPLE), "handler", False),
    ("who", cycle(LOGINS), "handler", False),
    ("who", cycle(EMAILS), "handler", False),
    ("who", cycle(["CORP\\jdoe", "CORP\\rshah", "CORP\\alima"]), "handler", False),
    ("who", cycle(["@jdoe", "@rshah", "@alima"]), "handler", False),
    (
        "what",
        cycle(["Re-sent the order", "Escalated to finance", "Fixed the SKU by hand"]),
        "resolution",
        False,
    ),
    ("col3", texts(), "message", True),
    ("col6", cycle(CODES), "error_code", False),
]


@pytest.mark.parametrize(("header", "values", "field", "sure"), VALUE_CASES)
def test_values_decide_a_column_whose_header_says_nothing(
    spec: Spec, header: str, values: list[str], field: str, sure: bool
) -> None:
    """Outcomes, delivery words (in any language), people, actions, messages and codes are
    read from the values alone; what only the values say about a person, an action or a
    code is a guess (below `LOW_CONFIDENCE`), and says so."""
    found = detect_mapping(log_of({header: values, "Ref": ids()}), spec).assignments[field]
    assert (found.column, found.method) == (header, VALUES)
    assert found.guessed is not sure
    assert found.reason.startswith("no header names it; ")


# --- confidence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "field", "low", "high"),
    [
        ({"Handler": cycle(PEOPLE)}, "handler", 0.95, 1.0),  # name and values agree
        ({"Resolution": cycle(["a", "b"])}, "resolution", 0.85, 0.95),  # name, values mute
        ({"Handeler": cycle(PEOPLE)}, "handler", 0.75, 0.9),  # typo, values agree
        ({"Timestamp": cycle(["soon", "later"])}, "timestamp", 0.4, 0.69),  # values disagree
        ({"col": times()}, "timestamp", 0.8, 0.9),  # unmistakable values
        ({"col": cycle(CODES)}, "error_code", 0.4, 0.69),  # codes from values: a guess
    ],
)
def test_confidence_follows_what_backs_a_column(
    spec: Spec, columns: dict[str, list[str]], field: str, low: float, high: float
) -> None:
    """A name and values that agree are near certain; a name alone, a typo or values alone
    less so; a name the values contradict is a guess."""
    found = detect_mapping(log_of(columns), spec).assignments[field]
    assert low <= found.confidence <= high


def test_a_confirmed_or_chosen_column_is_certain(spec: Spec) -> None:
    """Once the user confirms a guess or picks a column, it is no guess any more."""
    detected = detect_mapping(log_of({"col": cycle(CODES), "who": cycle(PEOPLE)}), spec)
    assert set(detected.guesses()) == {"error_code", "handler"}
    confirmed = apply_overrides(detected, {"error_code": "col", "handler": "who"})
    assert confirmed.guesses() == {}
    assert {a.method for a in confirmed.assignments.values()} == {USER}
    assert confirmed.confidence() == {"error_code": 1.0, "handler": 1.0}


# --- event logs ----------------------------------------------------------------------------


def event_log() -> pd.DataFrame:
    """An audit trail: 20 cases of 4 events; the open time repeats along a case, the update
    time changes from event to event; the assignee and the resolver both recorded."""
    rows = []
    for case in range(20):
        for event, state in enumerate(["New", "Active", "Resolved", "Closed"]):
            rows.append(
                {
                    "Ticket number": f"INC{case:05d}",
                    "State": state,
                    "Opened at": f"2024-03-{1 + case % 28:02d} 08:00",
                    "Updated at": f"2024-03-{1 + case % 28:02d} {9 + event:02d}:{case:02d}",
                    "Assigned to": PEOPLE[case % 5],
                    "Resolved by": PEOPLE[(case + 2) % 5] if event >= 2 else "",
                    "Category": ["Returns", "Payments"][case % 2],
                }
            )
    return pd.DataFrame(rows, dtype="str")


def test_an_event_log_maps_case_activity_event_time_and_resolver(spec: Spec) -> None:
    """The repeating id is the case, the state the activity, the time that changes from
    event to event the timestamp (not the case's open time), the resolver the handler."""
    mapping = detect_mapping(event_log(), spec)
    assert mapped(mapping) == {
        "case_id": "Ticket number",
        "activity": "State",
        "timestamp": "Updated at",
        "handler": "Resolved by",
        "error_code": "Category",
    }
    assert "the event time" in mapping.assignments["timestamp"].reason


def test_a_log_of_one_row_per_exception_keeps_its_open_time(spec: Spec) -> None:
    """Without cases the creation time stays the timestamp, ahead of a later update."""
    frame = log_of({"Id": ids(), "Created": times(), "Updated at": times()[::-1]})
    assert detect_mapping(frame, spec).column("timestamp") == "Created"


# --- cost ----------------------------------------------------------------------------------


def test_detection_of_a_500_column_log_stays_bounded(spec: Spec) -> None:
    """500 columns of 1,000 rows (headers that name fields, values profiled for 100) map in
    well under the 15 s the page allows; work grows with columns × sample, not rows."""
    names = ["Ticket #", "Traité par", "Zustellstatus", "Final retry state", "caller_id", "x"]
    frame = log_of(
        {
            f"{names[i % len(names)]} {i}": [f"v{i % 7} {j % 13}" for j in range(1000)]
            for i in range(500)
        }
    )
    start = time.perf_counter()
    mapping = detect_mapping(frame, spec)
    assert time.perf_counter() - start < 15
    assert len(mapping.columns) == 500


@pytest.mark.parametrize(
    ("values", "timestamp"),
    [
        (cycle(["12345", "40", "7"]), False),  # short numbers are never times: not parsed
        ([str(1_709_301_900 + i * 60) for i in range(N)], True),  # epoch seconds still are
        ([str(1_709_301_900_000 + i * 60_000) for i in range(N)], True),  # and milliseconds
    ],
)
def test_short_numbers_skip_the_time_parser_but_epochs_do_not(
    spec: Spec, values: list[str], timestamp: bool
) -> None:
    """A column of numbers shorter than an epoch is no timestamp (and costs no parse)."""
    mapping = detect_mapping(log_of({"col": values}), spec)
    assert (mapping.column("timestamp") == "col") is timestamp
