"""`incident_events.csv`: a service desk's incident audit trail, one row per update.

The shape of a ServiceNow-style export of incident updates: every update of an incident
writes a row with the record as it stood after the update (`sys_mod_count` counts them), so
one incident (`number`, the case id) has 5 to 15 rows. Each exception occurrence becomes one
incident, in the category of its exception family:

    New (by `system`) -> routed to a group (by `system`) -> assigned to a person
    -> reassignments (another group, `reassignment_count` + 1)
    -> Awaiting User Info / Awaiting Vendor and back (the return written by `system`)
    -> work-note updates -> Resolved (`resolved_by`, `closed_code`, `close_notes`)
    -> reopened by the caller (`reopen_count` + 1) -> worked and Resolved again
    -> Closed (by `system`, days later)

The handler is `resolved_by` and the resolution `closed_code`, a numbered code ("code 6",
"code 7" …, 17 of them) standing for the resolver's action; the systems are in `cmdb_ci`
("Shopify to NetSuite connector"); `close_notes` carry the cause. There is no payload and no
retry. Unset reference fields read "?", as in such exports; times are day-first
("03/04/2024 14:22"). Values are made up.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from data.families import BY_CODE, TEAM
from data.generate_samples import (
    CONTRACT_THEN_RULE,
    INTEGRATION,
    PEOPLE_ON_SCHEMA,
    PROCESS,
    RULE_ON_CLEAN_DATA,
    STALE_CONTRACT,
)
from data.logmaker import FIRST, LAST, Plan
from data.occurrences import Group, display

COLUMNS = (
    "number", "incident_state", "active", "reassignment_count", "reopen_count",
    "sys_mod_count", "made_sla", "caller_id", "opened_by", "opened_at", "sys_updated_by",
    "sys_updated_at", "contact_type", "category", "subcategory", "u_symptom", "cmdb_ci",
    "impact", "urgency", "priority", "assignment_group", "assigned_to", "resolved_by",
    "resolved_at", "closed_code", "close_notes",
)  # fmt: skip
MAPPING = {
    "case_id": "number", "activity": "incident_state", "timestamp": "sys_updated_at",
    "error_code": "category", "boundary": "cmdb_ci", "handler": "resolved_by",
    "resolution": "closed_code", "message": "close_notes",
}  # fmt: skip
SHOWN_BY_ACTIVITY = {
    "handoff_status": (
        "a reopen (Resolved, then Active again with reopen_count + 1) is the exception "
        "coming back after the fix went through"
    ),
}
TRAPS = {
    "event_rows": "5 to 15 rows per incident: groups count incidents (`number`), not rows",
    "system_account": (
        "`system` writes the New, routing, back-from-waiting and Closed rows of every "
        "incident (`sys_updated_by`); it is not a handler"
    ),
    "numeric_closure_codes": (
        "`closed_code` is 'code 1' ... 'code 17': the number is the resolution, masking "
        "digits collapses them all"
    ),
    "people_columns": (
        "`caller_id`, `opened_by`, `sys_updated_by` and `assigned_to` hold people too; the "
        "handler is `resolved_by` (earlier assignees were reassigned away)"
    ),
    "support_columns": (
        "`priority`, `impact`, `urgency`, `contact_type`, `made_sla`, `subcategory`, "
        "`u_symptom` are support-level fields, not the exception type or its outcome"
    ),
    "reopens": "recurrence shows as Resolved -> Active with `reopen_count` 1, not as a column",
    "connection_failures": (
        "Inventory and Payments close notes include connection-level failures (refused, "
        "timed out, proxy, expired credentials, HTTP 503) with no schema word"
    ),
    "role_words": (
        "Accounts payable and Checkout close notes start with approver roles that exist "
        "('Owner approval requested from BUDGET OWNER.'): not a missing owner; in Checkout "
        "the cause is a schema mismatch"
    ),
    "missing_marker": "unset reference fields read '?', not empty",
    "day_first_dates": "times are dd/mm/yyyy HH:MM",
}
SYSTEM = "system"
UNSET = "?"
WHEN = "%d/%m/%Y %H:%M"
# family -> category, subcategories, symptoms, assignment groups, closure codes (standard first)
CATEGORY: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[int, ...]]]
CATEGORY = {
    "INV_SYNC_DRIFT": ("Inventory", ("Stock levels", "Stock sync"), ("Count mismatch",
        "Sync error"), ("Integration Support", "Inventory Control"), (6, 7, 3, 9)),
    "REFUND_AMOUNT_MISMATCH": ("Payments", ("Refunds",), ("Amount differs", "Refund missing"),
        ("Integration Support", "Finance Operations"), (6, 11, 12, 9)),
    "RETURN_NO_RMA": ("Returns", ("Return authorisation", "Store returns"), ("No RMA",
        "Refund blocked"), ("Returns Team", "Store Support", "Customer Care"),
        (1, 2, 13, 9, 14)),
    "INVOICE_PO_MISMATCH": ("Accounts payable", ("Invoice matching",), ("Price variance",
        "Invoice on hold"), ("Finance Operations", "Purchasing"), (15, 16, 17, 8)),
    "PO_AMENDMENT_WMS_GAP": ("Purchasing", ("PO changes",), ("Receipt mismatch",),
        ("Supply Chain", "Warehouse Support"), (1, 4, 5, 9)),
    "SUPPLIER_MOQ_NOT_ENFORCED": ("Checkout", ("Order minimums",), ("Below minimum",),
        ("E-commerce", "Purchasing"), (10, 8, 11, 9)),
    "CUSTOMER_MERGE_CONFLICT": ("Customer data", ("Profile merge",), ("Duplicate profile",
        "Wrong merge"), ("CRM Team", "Customer Care"), (1, 16, 17, 9, 2)),
    "LOYALTY_POINTS_MISMATCH": ("Loyalty", ("Points balance",), ("Points missing",),
        ("CRM Team", "Integration Support"), (6, 1, 13, 9)),
    "CONFIRMATION_BEFORE_ERP": ("Order management", ("Order confirmation",),
        ("Early confirmation",), ("E-commerce", "Integration Support"), (7, 12, 5, 9)),
    "GIFTCARD_BALANCE_DIVERGED": ("Gift cards", ("Balance",), ("Balance differs",),
        ("Finance Operations",), (6, 1, 13, 9)),
    "DAM_ASSET_MISSING": ("Product content", ("Images",), ("Image missing",),
        ("Merchandising",), (6, 1, 5)),
}  # fmt: skip
DESK = ("Desk Agent 04", "Desk Agent 11", "Desk Agent 17", "Desk Agent 23", "Desk Agent 30")
CONTACT = ("Phone", "Email", "Self service", "Walk in")
LEVELS = ("1 - High", "2 - Medium", "3 - Low")
PRIORITIES = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning")


def plan(code: str, rows: int, intended: dict[str, str], **extra: Any) -> Plan:
    """A group of incidents: the family's category is the group (`rows` counts incidents)."""
    return Plan(CATEGORY[code][0], BY_CODE[code], rows, intended, **extra)


GROUPS = (
    Group(plan("INV_SYNC_DRIFT", 120, INTEGRATION), connection=0.4),
    Group(plan("RETURN_NO_RMA", 110, PROCESS)),
    Group(plan("REFUND_AMOUNT_MISMATCH", 90, INTEGRATION), connection=0.4),
    Group(plan("INVOICE_PO_MISMATCH", 80, RULE_ON_CLEAN_DATA), roles=0.3),
    Group(plan("PO_AMENDMENT_WMS_GAP", 70, CONTRACT_THEN_RULE)),
    Group(plan("SUPPLIER_MOQ_NOT_ENFORCED", 60, PEOPLE_ON_SCHEMA, handlers=4), roles=0.35),
    Group(plan("CUSTOMER_MERGE_CONFLICT", 45, PROCESS, handlers=4)),
    Group(plan("LOYALTY_POINTS_MISMATCH", 50, STALE_CONTRACT, handlers=4)),
    Group(plan("CONFIRMATION_BEFORE_ERP", 30, CONTRACT_THEN_RULE, days=2, handlers=3)),
    Group(plan("GIFTCARD_BALANCE_DIVERGED", 5, INTEGRATION, handlers=2)),
    Group(plan("DAM_ASSET_MISSING", 4, INTEGRATION, handlers=2)),
)


@dataclass
class Incident:
    """An incident being written: its current fields, its rows so far and its clock."""

    fields: dict[str, str]
    clock: datetime
    rows: list[dict[str, str]] = field(default_factory=list)

    def update(self, by: str, minutes: int, **changes: str) -> None:
        """Apply one update by `by`, `minutes` after the last, and write the row."""
        self.clock += timedelta(minutes=minutes)
        self.fields.update(changes)
        self.fields["sys_mod_count"] = str(len(self.rows))
        self.fields["sys_updated_by"] = by
        self.fields["sys_updated_at"] = self.clock.strftime(WHEN)
        self.rows.append(dict(self.fields))


def incident_rows(
    number: int, occurrence: dict[str, Any], group: Group, r: random.Random
) -> list[dict[str, str]]:
    """All rows of one incident, in update order."""
    case = _opening(number, occurrence, group, r)
    varies = group.plan.answers["varies_by_handler"] == "yes"
    _assign(case, occurrence["handler"], varies, group.plan.family.code, r)
    _work(case, occurrence, r)
    _resolve(case, occurrence, group.plan.family.code, r)
    if occurrence["reopened"]:
        case.update(
            case.fields["caller_id"].lower().replace(" ", "."),
            r.randrange(600, 4000),
            incident_state="Active",
            reopen_count="1",
            resolved_by=UNSET,
            resolved_at=UNSET,
            closed_code=UNSET,
            close_notes="",
        )
        if r.random() < 0.5:
            case.update(occurrence["handler"], r.randrange(30, 600))
        _resolve(case, occurrence, group.plan.family.code, r)
    case.update(SYSTEM, r.randrange(3 * 1440, 7 * 1440), incident_state="Closed", active="false")
    return case.rows


def _opening(number: int, occurrence: dict[str, Any], group: Group, r: random.Random) -> Incident:
    code = group.plan.family.code
    category, subcategories, symptoms, _, _ = CATEGORY[code]
    impact, urgency = (r.choices(range(3), weights=(1, 3, 6))[0] for _ in range(2))
    integration = occurrence["message_kind"] in ("schema", "connection")
    opened = occurrence["timestamp"]
    fields = dict.fromkeys(COLUMNS, UNSET)
    fields.update(
        number=f"INC{number:07d}",
        incident_state="New",
        active="true",
        reassignment_count="0",
        reopen_count="0",
        made_sla="true" if r.random() < (0.9 if integration else 0.65) else "false",
        caller_id=f"{r.choice(FIRST)} {r.choice(LAST)}",
        opened_by=r.choice(DESK),
        opened_at=opened.strftime(WHEN),
        contact_type=r.choice(CONTACT),
        category=category,
        subcategory=r.choice(subcategories),
        u_symptom=r.choice(symptoms),
        cmdb_ci=f"{occurrence['source_system']} to {occurrence['target_system']} connector",
        impact=LEVELS[impact],
        urgency=LEVELS[urgency],
        priority=PRIORITIES[impact + urgency],
        close_notes="",
    )
    case = Incident(fields, opened)
    case.update(SYSTEM, 0)
    case.update(SYSTEM, r.randrange(1, 20), assignment_group=CATEGORY[code][3][0])
    return case


def _assign(case: Incident, handler: str, varies: bool, code: str, r: random.Random) -> None:
    """A first assignee, then 0-3 reassignments; the last assignee is the resolver."""
    groups = CATEGORY[code][3]
    weights = (3, 3.5, 2.5, 1) if varies else (7, 2.5, 0.5, 0)
    moves = r.choices(range(4), weights=weights)[0]
    others = [login for login in TEAM if login != handler]
    people = [*r.sample(others, k=moves), handler]
    first = people[0]
    case.update(first, r.randrange(5, 240), incident_state="Active", assigned_to=display(first))
    for count, person in enumerate(people[1:], start=1):
        case.update(
            people[count - 1],
            r.randrange(30, 1440),
            assignment_group=groups[count % len(groups)] if len(groups) > 1 else "Service Desk",
            assigned_to=display(person),
            reassignment_count=str(count),
        )


def _work(case: Incident, occurrence: dict[str, Any], r: random.Random) -> None:
    """Waiting on the caller or a vendor (the return to Active written by the system), notes."""
    person = occurrence["handler"]
    if r.random() < 0.3:
        vendor = occurrence["message_kind"] in ("schema", "connection")
        waiting = "Awaiting Vendor" if vendor else "Awaiting User Info"
        case.update(person, r.randrange(20, 600), incident_state=waiting)
        case.update(SYSTEM, r.randrange(60, 2880), incident_state="Active")
    for _ in range(r.choice((0, 0, 1, 1, 2))):
        case.update(person, r.randrange(15, 900))


def _resolve(case: Incident, occurrence: dict[str, Any], code: str, r: random.Random) -> None:
    family = BY_CODE[code]
    actions = [family.standard, *family.others]
    closure = CATEGORY[code][4][actions.index(occurrence["resolution"])]
    minutes = r.randrange(30, 2880)
    case.update(
        occurrence["handler"],
        minutes,
        incident_state="Resolved",
        resolved_by=display(occurrence["handler"]),
        resolved_at=(case.clock + timedelta(minutes=minutes)).strftime(WHEN),
        closed_code=f"code {closure}",
        close_notes=occurrence["message"],
    )


def write(
    path: Path, occurrences: Sequence[dict[str, Any]], groups: Sequence[Group], r: random.Random
) -> int:
    """Write the log (comma-separated, one row per update); return the number of rows.

    An incident is reopened when its exception came back after the fix went through: the
    occurrences that fired after a delivered handoff (85% of the incidents of a group that
    recurs, 10% of one that does not: far above a desk's usual reopen rate, on purpose, so
    the signal is plain). Each occurrence learns its `reopened` and its `events`.
    """
    rows: list[dict[str, str]] = []
    for number, occurrence in enumerate(occurrences, start=10001):
        occurrence["reopened"] = occurrence["delivered"]
        events = incident_rows(number, occurrence, groups[occurrence["plan"]], r)
        occurrence["events"] = len(events)
        rows += events
    pd.DataFrame(rows, columns=list(COLUMNS)).to_csv(path, index=False, lineterminator="\n")
    return len(rows)
