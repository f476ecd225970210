"""Column mapping: canonical fields found from header names in any spelling and from the
values, each field and each column used once, overrides checked, boundaries normalised."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import pytest

from framework.columns.boundaries import boundary_series
from framework.columns.headers import normalise, similarity
from framework.columns.mapping import (
    CONFIRMED,
    FUZZY,
    HEADER,
    USER,
    VALUES,
    WORDS_METHOD,
    ColumnMapping,
    MappingError,
    apply_overrides,
    detect_mapping,
    overrides_from_args,
)
from framework.logs.reading import read_log_file
from framework.spec.model import FIELD_IDS, Spec

DATA = Path(__file__).resolve().parents[2] / "data"
N = 40


def frame(columns: Mapping[str, Sequence[str | None]]) -> pd.DataFrame:
    """A log of text columns."""
    return pd.DataFrame(columns, dtype="str")


def mapped(mapping: ColumnMapping) -> dict[str, str]:
    """The fields that have a column, and their columns."""
    return {field: column for field, column in mapping.to_dict().items() if column}


def ids(n: int = N) -> list[str]:
    """Unique exception ids."""
    return [f"EX-{i:05d}" for i in range(n)]


def times(n: int = N) -> list[str]:
    """ISO 8601 timestamps."""
    return [f"2024-03-{1 + i % 28:02d}T10:{i % 60:02d}:00Z" for i in range(n)]


def words(n: int = N) -> list[str]:
    """Free-text messages."""
    return [f"Order {i} was refused because the SKU is too long" for i in range(n)]


SYSTEMS = ["Shopify", "NetSuite", "WMS", "Amazon"]
PEOPLE = ["Jane Doe", "Ravi Shah", "Ana Lima", "Tom Berg"]


def values_of(field: str) -> list[str]:
    """Values that look like the field's, so that a header's near match is borne out."""
    repeating = {
        "retry_count": ["0", "1", "2"],
        "handler": PEOPLE,
        "error_code": ["INV_DRIFT", "PO_GAP", "RMA_MISSING"],
        "source_system": SYSTEMS,
        "target_system": SYSTEMS,
    }
    if field in repeating:
        return [repeating[field][i % len(repeating[field])] for i in range(N)]
    return [f"value {i}" for i in range(N)]


THEIRS = frame(
    {
        "Ticket #": [f"INC{i:06d}" for i in range(N)],
        "Opened": [f"03/{1 + i % 28:02d}/2024 10:{i % 60:02d} AM" for i in range(N)],
        "Exception Code": [["E100", "E200"][i % 2] for i in range(N)],
        "Integration": ["Shopify -> NetSuite", "Amazon>NetSuite"] * (N // 2),
        "Assigned To": [f"Person {i % 3}" for i in range(N)],
        "Retry Result": [["OK", "Failed"][i % 2] for i in range(N)],
        "Notes": words(),
    }
)


def test_someone_elses_column_names_map_without_help(spec: Spec) -> None:
    """A help-desk export's own names all map, each by an exact synonym."""
    mapping = detect_mapping(THEIRS, spec)
    assert mapped(mapping) == {
        "exception_id": "Ticket #",
        "timestamp": "Opened",
        "error_code": "Exception Code",
        "boundary": "Integration",
        "handler": "Assigned To",
        "retry_outcome": "Retry Result",
        "message": "Notes",
    }
    assert {assignment.method for assignment in mapping.assignments.values()} == {HEADER}
    assert mapping.assignments["handler"].reason == "the header is a name for Handler"


def test_our_own_names_map_every_field(spec: Spec) -> None:
    """A log whose headers are the field ids maps every field to its namesake."""
    ours = frame({field: [f"{field}-{i}" for i in range(N)] for field in FIELD_IDS})
    ours["timestamp"] = times()
    assert detect_mapping(ours, spec).to_dict() == {field: field for field in FIELD_IDS}


@pytest.mark.parametrize(
    ("header", "field", "method"),
    [
        ("Assigned_To", "handler", HEADER),
        ("assignedTo", "handler", HEADER),
        ("ASSIGNED-TO", "handler", HEADER),
        ("  Error.Code ", "error_code", HEADER),
        ("retryCount", "retry_count", HEADER),
        ("Ticket No.", "exception_id", HEADER),
        ("Root-Cause Category", "root_cause", HEADER),
        ("ErrorMsg", "message", HEADER),
        ("Handeler", "handler", FUZZY),
        ("Resolutoin", "resolution", FUZZY),
        ("Destinaton System", "target_system", FUZZY),
        ("Shopify Error Code", "error_code", WORDS_METHOD),
        ("Source System Name", "source_system", FUZZY),
        ("num_attempts", "retry_count", FUZZY),
        ("Exception Message", "message", HEADER),
        ("Tries", "retry_count", HEADER),  # a synonym of retry count, not a misspelt "retries"
        ("Number of tries", "retry_count", HEADER),
    ],
)
def test_headers_in_any_spelling(spec: Spec, header: str, field: str, method: str) -> None:
    """Case, separators, camelCase, '#'/'No.', typos and longer names all find the field."""
    assignment = detect_mapping(frame({header: values_of(field)}), spec).assignments[field]
    assert (assignment.column, assignment.method) == (header, method)
    assert assignment.score == 1.0 if method == HEADER else 0.78 <= assignment.score < 1.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Assigned_To", "assigned to"),
        ("retryCount", "retry count"),
        ("HTTPStatus", "http status"),
        ("Ticket #", "ticket number"),
        ("Ticket No.", "ticket number"),
        ("no_owner", "no owner"),
        (" Root--Cause.Category ", "root cause category"),
        ("???", ""),
    ],
)
def test_header_normalisation(header: str, expected: str) -> None:
    """Headers are compared as lowercase words."""
    assert normalise(header) == expected


@pytest.mark.parametrize(
    ("header", "synonym", "low", "high"),
    [
        ("handeler", "handler", 0.9, 0.95),
        ("shopify error code", "error code", 0.85, 0.95),
        ("date", "data", 0.0, 0.5),
        ("owner", "order", 0.0, 0.5),
        ("user id", "id", 0.0, 0.84),
    ],
)
def test_similarity_scores(header: str, synonym: str, low: float, high: float) -> None:
    """Typos and containing names score high; look-alike short words score nothing."""
    assert low <= similarity(header, synonym) <= high


def test_the_last_word_of_a_header_says_what_it_is() -> None:
    """'Error Code Notes' is closer to notes than to error code; 'Exception Message' to message."""
    assert similarity("error code notes", "notes") > similarity("error code notes", "error code")
    assert similarity("exception message", "message") > similarity("exception message", "exception")


def test_meaningless_headers_are_mapped_from_the_values(spec: Spec) -> None:
    """col1…col6: ids, epoch times, boundaries, XML payloads, messages and codes are seen."""
    blind = frame(
        {
            "col1": ids(),
            "col2": [str(1_709_301_900_000 + i * 60_000) for i in range(N)],
            "col3": ["Shopify → NetSuite", "CRM=>WMS"] * (N // 2),
            "col4": [f"<order><sku>A{i}</sku></order>" for i in range(N)],
            "col5": words(),
            "col6": [["INV_MISMATCH", "PO-CLOSED-7"][i % 2] for i in range(N)],
        }
    )
    mapping = detect_mapping(blind, spec)
    assert mapped(mapping) == {
        "exception_id": "col1",
        "timestamp": "col2",
        "boundary": "col3",
        "payload": "col4",
        "message": "col5",
        "error_code": "col6",
    }
    assert all(a.method == VALUES for a in mapping.assignments.values())
    assert mapping.assignments["payload"].reason == (
        "no header names it; 100% of the sampled values look like JSON, XML or key=value payloads"
    )


@pytest.mark.parametrize(
    "payload",
    [
        '{"sku": "AB-1", "qty": 2}',
        '[{"line": 1}]',
        "<invoice><total>12.50</total></invoice>",
        "sku=AB-1; qty=2; store=0042",
        "sku: AB-1, qty: 2",
        '{\n  "sku": "AB-1",\n  "qty": 2\n}',
    ],
)
def test_structured_values_make_a_payload(spec: Spec, payload: str) -> None:
    """JSON, XML and key=value lists are payloads even under a meaningless header."""
    mapping = detect_mapping(frame({"x": [payload] * N, "y": ids()}), spec)
    assert mapping.column("payload") == "x"


@pytest.mark.parametrize(
    "make",
    [
        lambda i: f"evt_{i:012x}",
        lambda i: f"INC{i:07d}",
        lambda i: f"{i:08x}-0000-4000-8000-{i:012x}",
    ],
)
def test_unique_ids_are_recognised(spec: Spec, make: Callable[[int], str]) -> None:
    """Prefixed numbers, hex event ids and UUIDs, all distinct, are the exception id."""
    mapping = detect_mapping(frame({"k": [make(i) for i in range(N)], "m": words()}), spec)
    assert mapping.column("exception_id") == "k"


def test_values_veto_a_near_header_match(spec: Spec) -> None:
    """'Delivery Date' holding dates is the timestamp, not the delivery (handoff) status;
    'Retries note' holding words is not a retry count."""
    mapping = detect_mapping(
        frame({"Delivery Date": times(), "Retries note": words(), "Id": ids()}), spec
    )
    assert mapping.column("timestamp") == "Delivery Date"
    assert mapping.column("handoff_status") is None
    assert mapping.column("retry_count") is None


def test_the_usual_name_wins_when_two_headers_match(spec: Spec) -> None:
    """'Error Code' beats 'Error' for the error code; 'Error' stays free."""
    codes = [["E1", "E2"][i % 2] for i in range(N)]
    mapping = detect_mapping(frame({"Error": words(), "Error Code": codes}), spec)
    assert mapping.column("error_code") == "Error Code"
    assert mapping.column("message") == "Error"  # free text, found from its values


def test_each_column_and_each_field_is_used_once(spec: Spec) -> None:
    """However many headers look alike, the mapping is one-to-one."""
    lookalikes = frame({name: times() for name in ("Date", "Created", "Time", "Opened")})
    mapping = detect_mapping(lookalikes, spec)
    assert mapping.to_dict()["timestamp"] == "Time"  # the earliest synonym in questions.yaml
    assert len({a.column for a in mapping.assignments.values()}) == len(mapping.assignments)
    used = {assignment.column for assignment in mapping.assignments.values()}
    assert used == {"Time"}


def test_overrides_set_take_and_clear_columns(spec: Spec) -> None:
    """A user's column replaces the detected one, is taken from its old field, and None clears."""
    mapping = apply_overrides(
        detect_mapping(THEIRS, spec), {"resolution": "Notes", "retry_outcome": None}
    )
    assert mapping.column("resolution") == "Notes"
    assert mapping.column("message") is None
    assert mapping.column("retry_outcome") is None
    assert mapping.assignments["resolution"].method == USER
    assert mapping.overridden == {"resolution", "retry_outcome"}
    assert list(mapping.assignments) == [f for f in FIELD_IDS if f in mapping.assignments]


def test_an_override_equal_to_the_detection_confirms_it(spec: Spec) -> None:
    """Re-applying the detected column changes no column but makes it the user's: certain."""
    detected = detect_mapping(THEIRS, spec)
    again = apply_overrides(detected, {"handler": "Assigned To"})
    assert again.to_dict() == detected.to_dict()
    assert again.overridden == frozenset()
    confirmed = again.assignments["handler"]
    assert (confirmed.method, confirmed.confidence, confirmed.reason) == (USER, 1.0, CONFIRMED)
    assert {k: a for k, a in again.assignments.items() if k != "handler"} == {
        k: a for k, a in detected.assignments.items() if k != "handler"
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"handlr": "Notes"}, "unknown field 'handlr'; the fields are: exception_id, timestamp"),
        (
            {"handler": "Asignee"},
            "handler: the log has no column named 'Asignee'; its columns are: 'Ticket #'",
        ),
        (
            {"handler": "Notes", "message": "Notes"},
            "the column 'Notes' is given to more than one field",
        ),
    ],
)
def test_bad_overrides_are_refused(spec: Spec, overrides: dict[str, str], message: str) -> None:
    """Unknown fields and columns, and a column given twice, are clear errors."""
    with pytest.raises(MappingError) as caught:
        apply_overrides(detect_mapping(THEIRS, spec), overrides)
    assert message in str(caught.value)


def test_the_mapping_round_trips_through_a_plain_dict(spec: Spec) -> None:
    """to_dict() is JSON-ready, and applying it as the user's choices restores the columns."""
    detected = detect_mapping(THEIRS, spec)
    plain = json.loads(json.dumps(detected.to_dict()))
    assert list(plain) == list(FIELD_IDS)
    restored = apply_overrides(ColumnMapping(detected.columns, {}), plain)
    assert restored.to_dict() == detected.to_dict()


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["handler=Assigned To"], {"handler": "Assigned To"}),
        (["payload=", " message = Notes "], {"payload": None, "message": "Notes"}),
    ],
)
def test_overrides_from_command_line_arguments(
    items: list[str], expected: dict[str, str | None]
) -> None:
    """FIELD=COLUMN sets a column, FIELD= clears it."""
    assert overrides_from_args(items) == expected


def test_a_malformed_override_argument_is_refused() -> None:
    """An argument without '=' says what the form is."""
    with pytest.raises(MappingError, match="is not FIELD=COLUMN"):
        overrides_from_args(["handler"])


@pytest.mark.parametrize(
    "value",
    [
        "Shopify → NetSuite",
        "Shopify -> NetSuite",
        "Shopify>NetSuite",
        "Shopify => NetSuite",
        " Shopify  -->  NetSuite ",
        "Shopify to NetSuite",
    ],
)
def test_boundary_arrows_are_normalised(value: str) -> None:
    """Every arrow spelling becomes ' → ' with the names trimmed."""
    log = frame({"flow": [value, None]})
    series = boundary_series(log, {"boundary": "flow"})
    assert series is not None
    assert series[0] == "Shopify → NetSuite"
    assert pd.isna(series[1])


def test_boundary_from_source_and_target_columns() -> None:
    """Source and target columns join with ' → '; a missing side is '?', both missing is NA."""
    log = frame({"from": ["Shopify", None, None, " CRM "], "to": ["NetSuite", "WMS", None, "ERP"]})
    series = boundary_series(log, {"source_system": "from", "target_system": "to"})
    assert series is not None
    assert series.iloc[[0, 1, 3]].tolist() == ["Shopify → NetSuite", "? → WMS", "CRM → ERP"]
    assert pd.isna(series[2])


def test_no_boundary_without_the_columns(spec: Spec) -> None:
    """A log with neither a boundary nor source/target columns has no boundary."""
    mapping = detect_mapping(frame({"Id": ids()}), spec)
    assert boundary_series(frame({"Id": ids()}), mapping.to_dict()) is None


@pytest.mark.parametrize(
    "name", ["exceptions_ops.csv", "helpdesk_export.csv", "integration_events.jsonl"]
)
def test_the_sample_logs_map_as_their_ground_truth_says(spec: Spec, name: str) -> None:
    """Each sample log in data/ is mapped exactly as recorded in data/ground_truth.json."""
    truth = json.loads((DATA / "ground_truth.json").read_text(encoding="utf-8"))
    expected = truth["files"][name]["mapping"]
    mapping = detect_mapping(read_log_file(DATA / name).frame, spec)
    assert mapped(mapping) == {field: column for field, column in expected.items() if column}
