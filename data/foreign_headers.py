"""`exports_fr.csv` and `exports_de.csv`: exception queues exported in French and in German.

The same kind of queue as `helpdesk_export.csv` (one row per exception), as a team in France
or Germany would export it: headers in the language (`Numéro de ticket`, `Date d'ouverture`,
`Code erreur`, `Traité par`, `Résultat de la relance` …; `Ticketnummer`, `Erstellt am`,
`Fehlercode`, `Bearbeiter`, `Endstatus Wiederholung` …), values in the language where people
type them (actions, messages, outcomes such as "réussi" / "échec", "livré" / "rejeté",
"erfolgreich" / "fehlgeschlagen", "zugestellt" / "abgelehnt"), `;` as the delimiter and
day-first dates. Error codes, system names and payload field names stay as the systems send
them. The French file is UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), the German one
Windows-1252 with `dd.mm.yyyy` dates and key=value payloads. Values are made up.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from data.generate_samples import (
    CONTRACT_THEN_RULE,
    INTEGRATION,
    PEOPLE_ON_SCHEMA,
    PROCESS,
    RULE_ON_CLEAN_DATA,
    SCATTERED,
    STALE_CONTRACT,
)
from data.logmaker import Plan
from data.occurrences import Group, display, reference
from data.render import to_kv
from data.translations import NEUTRAL, localised


@dataclass(frozen=True)
class Locale:
    """How one language's export looks: headers, words, date format, encoding, payloads."""

    language: str
    headers: dict[str, str]  # canonical field (or "priority") -> header
    succeeded: tuple[str, ...]
    failed: tuple[str, ...]
    delivered: tuple[str, ...]
    not_delivered: tuple[str, ...]
    priorities: tuple[str, ...]
    see_ticket: str
    when: str
    encoding: str
    ticket: str
    payload: str  # "json" or "kv"


FRENCH = Locale(
    "fr",
    {
        "exception_id": "Numéro de ticket", "timestamp": "Date d'ouverture",
        "error_code": "Code erreur", "source_system": "Système source",
        "target_system": "Système cible", "priority": "Priorité", "payload": "Contenu",
        "handler": "Traité par", "resolution": "Action menée",
        "retry_count": "Nombre de relances", "retry_outcome": "Résultat de la relance",
        "handoff_status": "Statut de livraison", "message": "Message",
    },
    ("réussi", "réussie", "OK"),
    ("échec", "aucun changement", "délai dépassé"),
    ("livré", "accusé de réception", "accepté"),
    ("rejeté", "échec", "délai dépassé"),
    ("Haute", "Moyenne", "Basse"),
    " (voir ticket {ticket})",
    "%d/%m/%Y %H:%M",
    "utf-8-sig",
    "TK{number:06d}",
    "json",
)  # fmt: skip
GERMAN = Locale(
    "de",
    {
        "exception_id": "Ticketnummer", "timestamp": "Erstellt am", "error_code": "Fehlercode",
        "source_system": "Quellsystem", "target_system": "Zielsystem",
        "priority": "Priorität", "payload": "Nutzdaten", "handler": "Bearbeiter",
        "resolution": "Maßnahme", "retry_count": "Anzahl Wiederholungen",
        "retry_outcome": "Endstatus Wiederholung", "handoff_status": "Zustellstatus",
        "message": "Meldung",
    },
    ("erfolgreich", "behoben"),
    ("fehlgeschlagen", "keine Änderung", "Zeitüberschreitung"),
    ("zugestellt", "bestätigt", "angenommen"),
    ("abgelehnt", "fehlgeschlagen", "Zeitüberschreitung"),
    ("Hoch", "Mittel", "Niedrig"),
    " (siehe Ticket {ticket})",
    "%d.%m.%Y %H:%M",
    "cp1252",
    "ST-{number}",
    "kv",
)  # fmt: skip


TRAPS = {
    "fr": {
        "foreign_headers": "French headers (`Numéro de ticket`, `Traité par`, `Contenu` …)",
        "compound_headers": (
            "`Résultat de la relance`, `Nombre de relances`, `Statut de livraison`: the key "
            "word is not the first"
        ),
        "foreign_values": (
            "outcomes 'réussi' / 'échec' / 'aucun changement' / 'délai dépassé', deliveries "
            "'livré' / 'accusé de réception' / 'rejeté'; actions and messages in French"
        ),
        "delimiter_and_dates": "`;`-separated, dd/mm/yyyy HH:MM",
        "encoding": "UTF-8 with a byte-order mark",
        "distractor_column": "`Priorité`",
    },
    "de": {
        "foreign_headers": "German headers (`Ticketnummer`, `Bearbeiter`, `Nutzdaten` …)",
        "compound_headers": (
            "compound words: `Endstatus Wiederholung`, `Anzahl Wiederholungen`, "
            "`Zustellstatus`, `Fehlercode`, `Quellsystem`, `Zielsystem`"
        ),
        "foreign_values": (
            "outcomes 'erfolgreich' / 'fehlgeschlagen' / 'keine Änderung' / "
            "'Zeitüberschreitung', deliveries 'zugestellt' / 'bestätigt' / 'abgelehnt'; "
            "actions and messages in German"
        ),
        "delimiter_and_dates": "`;`-separated, dd.mm.yyyy HH:MM",
        "encoding": "Windows-1252 (ä, ö, ü, ß as single bytes)",
        "distractor_column": "`Priorität`",
    },
}


def plan(code: str, language: str, rows: int, intended: dict[str, str], **extra: Any) -> Plan:
    """A group of the export: the family with its texts in `language`."""
    return Plan(code, localised(code, language), rows, intended, **extra)


FRENCH_GROUPS = tuple(
    Group(plan(code, "fr", rows, intended, **extra))
    for code, rows, intended, extra in (
        ("INV_SYNC_DRIFT", 480, INTEGRATION, {}),
        ("RETURN_NO_RMA", 380, PROCESS, {}),
        ("REFUND_AMOUNT_MISMATCH", 300, INTEGRATION, {}),
        ("INVOICE_PO_MISMATCH", 260, CONTRACT_THEN_RULE, {}),
        ("BOPIS_CANCEL_NOT_SYNCED", 220, PROCESS, {}),
        ("PAYMENT_RECON_DELAY", 170, SCATTERED, {"handlers": 4}),
        ("CHANNEL_ORDER_STATUS_MISMATCH", 120, STALE_CONTRACT, {"handlers": 4}),
        ("CUSTOMER_MERGE_CONFLICT", 90, PEOPLE_ON_SCHEMA, {"handlers": 4, "days": 2}),
        ("GIFTCARD_BALANCE_DIVERGED", 5, INTEGRATION, {"handlers": 2}),
    )
)
GERMAN_GROUPS = tuple(
    Group(plan(code, "de", rows, intended, **extra))
    for code, rows, intended, extra in (
        ("PO_CHANGE_NOT_ACKED", 460, INTEGRATION, {}),
        ("PO_AMENDMENT_WMS_GAP", 380, CONTRACT_THEN_RULE, {}),
        ("CUSTOMS_DOCS_HOLD", 330, PROCESS, {}),
        ("PIM_ATTRIBUTE_REVERTED", 280, INTEGRATION, {}),
        ("ADDRESS_NOT_WRITTEN_BACK", 220, RULE_ON_CLEAN_DATA, {}),
        ("LOYALTY_POINTS_MISMATCH", 160, STALE_CONTRACT, {"handlers": 4}),
        ("SUPPLIER_MOQ_NOT_ENFORCED", 110, PROCESS, {"handlers": 4, "retry_rate": 0.0}),
        ("DAM_ASSET_MISSING", 60, CONTRACT_THEN_RULE, {"handlers": 3, "days": 2}),
        ("LABEL_CREDENTIALS_EXPIRED", 4, INTEGRATION, {"handlers": 2}),
    )
)
GROUPS = {"fr": FRENCH_GROUPS, "de": GERMAN_GROUPS}


def mapping(locale: Locale) -> dict[str, str]:
    """The ground-truth column mapping: every header but the priority (a distractor)."""
    return {field: header for field, header in locale.headers.items() if field != "priority"}


def record(row: dict[str, Any], number: int, locale: Locale, r: random.Random) -> dict[str, Any]:
    """One exported row, in the locale's headers and words."""
    action = row["resolution"]
    if r.random() < 0.25:
        action += locale.see_ticket.format(ticket=locale.ticket.format(number=r.randrange(10**5)))
    if row["message_kind"] == "neutral":
        row["message"] = r.choice(NEUTRAL[locale.language]).format(ref=reference(row))
    body = json.dumps(row["payload"]) if locale.payload == "json" else to_kv(row["payload"])
    retry = ""
    if row["retried"]:
        retry = r.choice(locale.succeeded if row["retry_cleared"] else locale.failed)
    values = {
        "exception_id": locale.ticket.format(number=number),
        "timestamp": row["timestamp"].strftime(locale.when),
        "error_code": row["error_code"],
        "source_system": row["source_system"],
        "target_system": row["target_system"],
        "priority": r.choice(locale.priorities),
        "payload": body,
        "handler": display(row["handler"]),
        "resolution": action,
        "retry_count": row["retry_count"],
        "retry_outcome": retry,
        "handoff_status": r.choice(locale.delivered if row["delivered"] else locale.not_delivered),
        "message": row["message"],
    }
    return {locale.headers[field]: value for field, value in values.items()}


def write(
    path: Path, occurrences: Sequence[dict[str, Any]], locale: Locale, r: random.Random
) -> int:
    """Write the export (`;`-separated, in the locale's encoding); return its rows."""
    records = [record(row, n, locale, r) for n, row in enumerate(occurrences, start=4101)]
    frame = pd.DataFrame(records, columns=list(locale.headers.values()))
    frame.to_csv(path, index=False, sep=";", encoding=locale.encoding, lineterminator="\n")
    return len(records)
