"""`process_mining.csv`: a process-mining export, one row per event, XES-style names.

Columns: `case:concept:name` (the case), `concept:name` (the activity), `lifecycle:transition`
(start / complete: manual work has both), `time:timestamp`, `org:resource`, `org:role`, case
attributes repeated on every event (`case:exception_type`, `case:source_system`,
`case:target_system`) except `case:payload` (JSON, on the first event of a case only), and
event attributes filled where they apply: `attempt` (automatic retries), `message`
(failures, holds, rejections) and `resolution` (when a case closes). Each exception
occurrence is one case:

    <start activity>, e.g. "Invoice received"                        (SYSTEM)
    "Sync to NetSuite failed"     the handoff failed: the exception    (SYSTEM, message)
      or "Sync to NetSuite succeeded", then the exception downstream: "Approval requested"
      + "Approval rejected" (an approver, role BUDGET OWNER / RETURNS OWNER, message: the
      missing rule) in approval groups, else a hold such as "Stock mismatch detected"
    "Automatic retry" (attempt n)  the same handoff sent again by the platform, followed by
      the sync again and the exception again, unless the last attempt cleared it
    "<Invoice> corrected", "Resubmitted", "Approved" / "Approval rejected": a person fixes
      the data and resubmits it for approval: NOT a retry of the handoff
    "Exception handled"           manual work by the handler                (start, complete)
    "Case closed"                 by the handler with a resolution, or by SYSTEM after a
                                  retry cleared it (no person handled it)
    "Case reopened"               the exception came back; handled and closed again

Values are made up.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from data.families import BY_CODE
from data.generate_samples import (
    CONTRACT_THEN_RULE,
    INTEGRATION,
    PROCESS,
    RULE_ON_CLEAN_DATA,
    SCATTERED,
    STALE_CONTRACT,
)
from data.logmaker import Plan
from data.occurrences import Group

CASE, ACTIVITY, LIFECYCLE, TIME = (
    "case:concept:name", "concept:name", "lifecycle:transition", "time:timestamp",
)  # fmt: skip
RESOURCE, ROLE = "org:resource", "org:role"
COLUMNS = (
    CASE, ACTIVITY, LIFECYCLE, TIME, RESOURCE, ROLE, "case:exception_type",
    "case:source_system", "case:target_system", "case:payload", "attempt", "message",
    "resolution",
)  # fmt: skip
MAPPING = {
    "case_id": CASE, "activity": ACTIVITY, "timestamp": TIME, "handler": RESOURCE,
    "error_code": "case:exception_type", "source_system": "case:source_system",
    "target_system": "case:target_system", "payload": "case:payload",
    "retry_count": "attempt", "resolution": "resolution", "message": "message",
}  # fmt: skip
SHOWN_BY_ACTIVITY = {
    "retry_outcome": (
        "an 'Automatic retry' followed by 'Sync to X succeeded' and no further exception "
        "cleared it; followed by the failure or the exception again, it did not"
    ),
    "handoff_status": (
        "'Sync to X succeeded' before the exception activity: the exception fired after a "
        "delivered handoff; 'Case reopened': it came back after closing"
    ),
}
TRAPS = {
    "event_rows": "several events per case: groups count cases, not rows",
    "system_account": (
        "`SYSTEM` (role 'Integration platform') is the resource of every automatic event "
        "and closes the cases an automatic retry cleared: not a handler"
    ),
    "approver_roles": (
        "approvers (roles BUDGET OWNER, RETURNS OWNER) are resources too; the handler is the "
        "resource that closes the case (role 'Operations desk')"
    ),
    "fix_and_resubmit": (
        "in approval groups a person corrects the data and resubmits ('Invoice corrected', "
        "'Resubmitted', then mostly 'Approved'): not a retry of the handoff; the automatic "
        "retries of the same groups mostly fail"
    ),
    "lifecycle_pairs": "manual activities have a start and a complete row",
    "sparse_payload": "`case:payload` is on the first event of a case only",
    "reopens": "'Case reopened' after 'Case closed' is the exception coming back",
    "connection_failures": (
        "CHANNEL_ORDER_STATUS_MISMATCH and INV_SYNC_DRIFT failures include connection-level "
        "messages (refused, timed out, proxy, expired credentials, HTTP 503)"
    ),
    "will_retry": "a failure followed by an automatic retry ends with '; will retry in N min'",
}
SYSTEM = "SYSTEM"
PLATFORM, DESK = "Integration platform", "Operations desk"
AUTO_CLOSED = "Closed after automatic retry"
START = {
    "CHANNEL_ORDER_STATUS_MISMATCH": "Order received", "INV_SYNC_DRIFT": "Stock snapshot taken",
    "INVOICE_PO_MISMATCH": "Invoice received", "RETURN_NO_RMA": "Return requested",
    "PO_AMENDMENT_WMS_GAP": "PO amended", "LOYALTY_POINTS_MISMATCH": "Order completed",
    "BOPIS_CANCEL_NOT_SYNCED": "Pickup cancelled", "CUSTOMER_MERGE_CONFLICT": "Accounts linked",
    "CONFIRMATION_BEFORE_ERP": "Order placed", "GIFTCARD_BALANCE_DIVERGED": "Gift card redeemed",
    "DAM_ASSET_MISSING": "Asset published",
}  # fmt: skip
DOWNSTREAM = {
    "CHANNEL_ORDER_STATUS_MISMATCH": "Status mismatch detected",
    "INV_SYNC_DRIFT": "Stock mismatch detected", "PO_AMENDMENT_WMS_GAP": "Pick list out of date",
    "LOYALTY_POINTS_MISMATCH": "Points mismatch detected",
    "BOPIS_CANCEL_NOT_SYNCED": "Item left on hold",
    "CUSTOMER_MERGE_CONFLICT": "Profile conflict detected",
    "CONFIRMATION_BEFORE_ERP": "Confirmation sent early",
    "GIFTCARD_BALANCE_DIVERGED": "Balance mismatch detected", "DAM_ASSET_MISSING": "Asset missing",
}  # fmt: skip
# approval groups: what a person corrects, the approver's role, the approvers
APPROVAL = {
    "INVOICE_PO_MISMATCH": ("Invoice corrected", "BUDGET OWNER", ("rita.vogel", "sam.ortiz")),
    "RETURN_NO_RMA": ("Return corrected", "RETURNS OWNER", ("mia.lund", "tariq.noor")),
}
GROUPS = (
    Group(Plan("CHANNEL_ORDER_STATUS_MISMATCH", BY_CODE["CHANNEL_ORDER_STATUS_MISMATCH"], 130,
               INTEGRATION), connection=0.3),
    Group(Plan("RETURN_NO_RMA", BY_CODE["RETURN_NO_RMA"], 120, PROCESS)),
    Group(Plan("INV_SYNC_DRIFT", BY_CODE["INV_SYNC_DRIFT"], 110, INTEGRATION), connection=0.3),
    Group(Plan("INVOICE_PO_MISMATCH", BY_CODE["INVOICE_PO_MISMATCH"], 100, RULE_ON_CLEAN_DATA)),
    Group(Plan("PO_AMENDMENT_WMS_GAP", BY_CODE["PO_AMENDMENT_WMS_GAP"], 80, CONTRACT_THEN_RULE)),
    Group(Plan("LOYALTY_POINTS_MISMATCH", BY_CODE["LOYALTY_POINTS_MISMATCH"], 60,
               STALE_CONTRACT, handlers=4)),
    Group(Plan("BOPIS_CANCEL_NOT_SYNCED", BY_CODE["BOPIS_CANCEL_NOT_SYNCED"], 55, SCATTERED,
               handlers=4)),
    Group(Plan("CUSTOMER_MERGE_CONFLICT", BY_CODE["CUSTOMER_MERGE_CONFLICT"], 45, PROCESS,
               handlers=4, retry_rate=0.0)),
    Group(Plan("CONFIRMATION_BEFORE_ERP", BY_CODE["CONFIRMATION_BEFORE_ERP"], 35,
               CONTRACT_THEN_RULE, days=2, handlers=3)),
    Group(Plan("GIFTCARD_BALANCE_DIVERGED", BY_CODE["GIFTCARD_BALANCE_DIVERGED"], 5, PROCESS,
               handlers=2)),
    Group(Plan("DAM_ASSET_MISSING", BY_CODE["DAM_ASSET_MISSING"], 4, INTEGRATION, handlers=2)),
)  # fmt: skip


@dataclass
class Case:
    """A case being written: its constant attributes, its events so far and its clock."""

    attributes: dict[str, str]
    clock: datetime
    events: list[dict[str, str]] = field(default_factory=list)

    def event(self, activity: str, resource: str, role: str, minutes: float, **extra: str) -> None:
        """Add one event `minutes` after the last (manual work: a start and a complete)."""
        self.clock += timedelta(minutes=minutes)
        row = {**self.attributes, ACTIVITY: activity, RESOURCE: resource, ROLE: role}
        if extra.pop("manual", ""):
            self.events.append({**row, LIFECYCLE: "start", TIME: _when(self.clock)})
            self.clock += timedelta(minutes=max(2.0, minutes))
        self.events.append({**row, **extra, LIFECYCLE: "complete", TIME: _when(self.clock)})


def _when(moment: datetime) -> str:
    return moment.isoformat(sep=" ")


def case_events(
    number: int, occurrence: dict[str, Any], group: Group, r: random.Random
) -> list[dict[str, str]]:
    """All events of one case, in order; sets the occurrence's handler to None when the
    platform closed the case after a retry cleared it (no person handled it)."""
    code = group.plan.family.code
    attributes = {
        CASE: f"C{number:05d}",
        "case:exception_type": group.plan.code,
        "case:source_system": occurrence["source_system"],
        "case:target_system": occurrence["target_system"],
    }
    case = Case(attributes, occurrence["timestamp"])
    payload = json.dumps(occurrence["payload"])
    case.event(START[code], SYSTEM, PLATFORM, 0, **{"case:payload": payload})
    retries = occurrence["retry_count"] if occurrence["retried"] else 0
    _fire(case, occurrence, code, r, will_retry=retries > 0)
    if _retries(case, occurrence, code, retries, r):
        occurrence["handler"] = None
        case.event("Case closed", SYSTEM, PLATFORM, r.randrange(1, 30), resolution=AUTO_CLOSED)
        return case.events
    _handle_and_close(case, occurrence, code, r)
    if occurrence["reopened"]:
        case.event("Case reopened", SYSTEM, PLATFORM, r.randrange(1440, 10 * 1440))
        _fire(case, occurrence, code, r, will_retry=False, delivered_again=False)
        _handle_and_close(case, occurrence, code, r)
    return case.events


def _fire(
    case: Case,
    occurrence: dict[str, Any],
    code: str,
    r: random.Random,
    *,
    will_retry: bool,
    delivered_again: bool = True,
) -> None:
    """The exception: the handoff fails, or it succeeds and the exception fires downstream."""
    target = occurrence["target_system"]
    message = occurrence["message"]
    if will_retry:
        message += f"; will retry in {r.choice((5, 10, 15))} min"
    if not occurrence["delivered"]:
        case.event(
            f"Sync to {target} failed", SYSTEM, PLATFORM, r.randrange(1, 20), message=message
        )
        return
    if delivered_again:
        case.event(f"Sync to {target} succeeded", SYSTEM, PLATFORM, r.randrange(1, 20))
    if code in APPROVAL:
        _, role, approvers = APPROVAL[code]
        case.event("Approval requested", SYSTEM, PLATFORM, r.randrange(1, 10))
        case.event(
            "Approval rejected", r.choice(approvers), role, r.randrange(30, 1440), message=message
        )
    else:
        case.event(DOWNSTREAM[code], SYSTEM, PLATFORM, r.randrange(5, 600), message=message)


def _retries(
    case: Case, occurrence: dict[str, Any], code: str, retries: int, r: random.Random
) -> bool:
    """The platform sends the same handoff again; True when the last attempt cleared it."""
    target = occurrence["target_system"]
    for attempt in range(1, retries + 1):
        case.event("Automatic retry", SYSTEM, PLATFORM, r.choice((5, 10, 15)), attempt=str(attempt))
        if attempt == retries and occurrence["retry_cleared"]:
            case.event(f"Sync to {target} succeeded", SYSTEM, PLATFORM, r.randrange(1, 5))
            if occurrence["delivered"] and code in APPROVAL:
                _, role, approvers = APPROVAL[code]
                case.event("Approval requested", SYSTEM, PLATFORM, r.randrange(1, 10))
                case.event("Approved", r.choice(approvers), role, r.randrange(30, 1440))
            return True
        _fire(case, occurrence, code, r, will_retry=attempt < retries)
    return False


def _handle_and_close(case: Case, occurrence: dict[str, Any], code: str, r: random.Random) -> None:
    """A person handles it (in approval groups: fix the data and resubmit) and closes it."""
    handler = occurrence["handler"]
    if code in APPROVAL and occurrence["delivered"]:
        corrected, role, approvers = APPROVAL[code]
        for cycle in range(r.choice((1, 1, 1, 2))):
            case.event(corrected, handler, DESK, r.randrange(20, 600), manual="yes")
            case.event("Resubmitted", handler, DESK, r.randrange(1, 30))
            case.event("Approval requested", SYSTEM, PLATFORM, r.randrange(1, 10))
            if cycle == 1 or r.random() < 0.8:
                case.event("Approved", r.choice(approvers), role, r.randrange(30, 1440))
                break
            case.event(
                "Approval rejected",
                r.choice(approvers),
                role,
                r.randrange(30, 1440),
                message=occurrence["message"],
            )
    else:
        case.event("Exception handled", handler, DESK, r.randrange(20, 900), manual="yes")
    resolution = occurrence["resolution"]
    case.event("Case closed", handler, DESK, r.randrange(5, 240), resolution=resolution)


def write(
    path: Path, occurrences: Sequence[dict[str, Any]], groups: Sequence[Group], r: random.Random
) -> int:
    """Write the log (comma-separated, cases in order of their first event); return its rows.

    A case is reopened when its exception recurs after a delivered handoff and a person
    closed it: 35% of those. Each occurrence learns its `events`.
    """
    rows: list[dict[str, str]] = []
    for number, occurrence in enumerate(occurrences, start=1):
        occurrence["reopened"] = occurrence["delivered"] and r.random() < 0.35
        events = case_events(number, occurrence, groups[occurrence["plan"]], r)
        occurrence["events"] = len(events)
        rows += events
    pd.DataFrame(rows, columns=list(COLUMNS)).to_csv(path, index=False, lineterminator="\n")
    return len(rows)
