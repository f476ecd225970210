"""Generate the sample logs in `data/` and their ground truth; `generate()` for benchmarks.

    .venv/bin/python -m data.generate_samples        # rewrites the sample logs + ground_truth.json
    from data.generate_samples import generate
    frame = generate(rows=1_000_000, seed=7)         # our column names, hundreds of groups

Three logs in three shapes, from the exception families in `data/families.py`:

* `exceptions_ops.csv`: our own column names, JSON payloads, ISO timestamps.
* `helpdesk_export.csv`: a helpdesk's names ("Exception Code", "Assigned To", …), `;` as the
  delimiter, US dates, key=value and XML payloads, a retry result but no retry count.
* `integration_events.jsonl`: JSON Lines, epoch-millisecond times, nested payload objects,
  an explicit root cause on some events and no retry information at all.

`ground_truth.json` records, per file and group, the intended five answers and what the log
can show (`expected`: unsure where it lacks the column or the rows), with the verdict the
engine gives for them. Deterministic: the same seed writes the same bytes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from data import logmaker
from data.expected import expected_answers
from data.families import BY_CODE, FAMILIES
from data.logmaker import Plan
from data.render import helpdesk_record, jsonl_record, ops_record

SEED = 20240501
START = datetime(2024, 4, 1, tzinfo=UTC)
HERE = Path(__file__).resolve().parent
QUESTIONS = (
    "payload_consistent",
    "varies_by_handler",
    "retry_resolves",
    "recurs_after_handoff",
    "root_cause",
)


def answers(*values: str) -> dict[str, str]:
    return dict(zip(QUESTIONS, values, strict=True))


INTEGRATION = answers("yes", "no", "yes", "no", "schema_mismatch")
PROCESS = answers("no", "yes", "no", "yes", "missing_rule")
CONTRACT_THEN_RULE = answers("yes", "no", "no", "yes", "missing_rule")  # both; process
RULE_ON_CLEAN_DATA = answers("yes", "yes", "no", "yes", "missing_rule")  # both; process
STALE_CONTRACT = answers("yes", "no", "no", "no", "missing_rule")  # both; integration
SCATTERED = answers("no", "no", "no", "yes", "missing_rule")  # both; process
PEOPLE_ON_SCHEMA = answers("yes", "yes", "no", "yes", "schema_mismatch")  # both; process
ARCHETYPES = (
    INTEGRATION,
    PROCESS,
    CONTRACT_THEN_RULE,
    RULE_ON_CLEAN_DATA,
    STALE_CONTRACT,
    SCATTERED,
    PEOPLE_ON_SCHEMA,
)


def plan(code: str, rows: int, intended: dict[str, str], **extra: Any) -> Plan:
    return Plan(code, BY_CODE[code], rows, intended, **extra)


OPS = (
    plan("INV_SYNC_DRIFT", 400, INTEGRATION),
    plan("REFUND_AMOUNT_MISMATCH", 260, INTEGRATION),
    plan("RETURN_NO_RMA", 220, PROCESS),
    plan("INVOICE_PO_MISMATCH", 190, RULE_ON_CLEAN_DATA),
    plan("PO_CHANGE_NOT_ACKED", 150, INTEGRATION),
    plan("PO_AMENDMENT_WMS_GAP", 140, CONTRACT_THEN_RULE),
    plan("BOPIS_CANCEL_NOT_SYNCED", 120, PROCESS),
    plan("GIFTCARD_BALANCE_DIVERGED", 100, INTEGRATION, handlers=4),
    plan("LOYALTY_POINTS_MISMATCH", 90, STALE_CONTRACT, handlers=4),
    plan("CUSTOMER_MERGE_CONFLICT", 80, PROCESS, handlers=4),
    plan("ADDRESS_NOT_WRITTEN_BACK", 70, SCATTERED, handlers=4),
    plan("LABEL_CREDENTIALS_EXPIRED", 60, STALE_CONTRACT, handlers=3),
    plan("CHANNEL_ORDER_STATUS_MISMATCH", 55, INTEGRATION, handlers=3),
    plan("CONFIRMATION_BEFORE_ERP", 40, CONTRACT_THEN_RULE, days=2, handlers=3),
    plan("CUSTOMS_DOCS_HOLD", 5, PROCESS, handlers=2),
    plan("SUPPLIER_MOQ_NOT_ENFORCED", 4, INTEGRATION, handlers=2),
)
HELPDESK = (
    plan("PIM_ATTRIBUTE_REVERTED", 220, INTEGRATION, style="kv"),
    plan("PAYMENT_RECON_DELAY", 180, PROCESS, style="kv"),
    plan("INVOICE_PO_MISMATCH", 150, CONTRACT_THEN_RULE, style="xml"),
    plan("RETURN_NO_RMA", 130, PROCESS, style="kv"),
    plan("INV_SYNC_DRIFT", 120, INTEGRATION, style="kv"),
    plan("SUPPLIER_MOQ_NOT_ENFORCED", 90, PEOPLE_ON_SCHEMA, style="kv", handlers=4),
    plan("REFUND_AMOUNT_MISMATCH", 70, INTEGRATION, style="xml", handlers=4),
    plan("CUSTOMER_MERGE_CONFLICT", 50, PROCESS, style="kv", handlers=4, retry_rate=0.0),
    plan("GIFTCARD_BALANCE_DIVERGED", 5, INTEGRATION, style="kv", handlers=2),
)
# Two periods of one queue, either side of a round of fixes (compare them: `python -m
# framework compare data/period_before.csv data/period_after.csv`). Six weeks before, four
# after, so only weekly rates compare fairly. What each group should read as is set here, by
# the scenario, and recorded in the ground truth.
BEFORE_START = datetime(2024, 3, 4, tzinfo=UTC)
AFTER_START = datetime(2024, 4, 15, tzinfo=UTC)
BEFORE_DAYS, AFTER_DAYS = 42, 28


def before_plan(code: str, rows: int, intended: dict[str, str], **extra: Any) -> Plan:
    return plan(code, rows, intended, days=BEFORE_DAYS, window=BEFORE_DAYS, **extra)


def after_plan(code: str, rows: int, intended: dict[str, str], **extra: Any) -> Plan:
    return plan(code, rows, intended, days=AFTER_DAYS, window=AFTER_DAYS, **extra)


PERIOD_BEFORE = (
    before_plan("INV_SYNC_DRIFT", 300, INTEGRATION),
    before_plan("CHANNEL_ORDER_STATUS_MISMATCH", 240, INTEGRATION),
    before_plan("PO_AMENDMENT_WMS_GAP", 180, INTEGRATION),
    before_plan("RETURN_NO_RMA", 160, PROCESS),
    before_plan("LOYALTY_POINTS_MISMATCH", 150, STALE_CONTRACT),
    before_plan("CUSTOMER_MERGE_CONFLICT", 90, PROCESS, handlers=4),
)
PERIOD_AFTER = (
    after_plan("BOPIS_CANCEL_NOT_SYNCED", 130, CONTRACT_THEN_RULE),
    after_plan("PO_AMENDMENT_WMS_GAP", 120, RULE_ON_CLEAN_DATA),
    after_plan("RETURN_NO_RMA", 110, PROCESS),
    after_plan("LOYALTY_POINTS_MISMATCH", 100, STALE_CONTRACT),
    after_plan("LABEL_CREDENTIALS_EXPIRED", 70, STALE_CONTRACT, handlers=4),
    after_plan("CHANNEL_ORDER_STATUS_MISMATCH", 40, INTEGRATION, handlers=4),
    after_plan("INV_SYNC_DRIFT", 2, INTEGRATION, handlers=2),
)
PERIOD_READINGS = {
    "INV_SYNC_DRIFT": ("cleared", "the SKU and location mapping fixed at WMS → Shopify"),
    "CUSTOMER_MERGE_CONFLICT": ("cleared", "an owner and a merge rule defined; it vanished"),
    "PO_AMENDMENT_WMS_GAP": (
        "now_process",
        "the EDI field fixed at NetSuite → WMS; amendments now arrive and no rule says who "
        "releases them",
    ),
    "LOYALTY_POINTS_MISMATCH": (
        "contract_unstable",
        "a new runbook for the team; it comes back with the same payload from Shopify → "
        "Loyalty platform",
    ),
    "CHANNEL_ORDER_STATUS_MISMATCH": (
        "changed_shape",
        "the status mapping patched at Amazon → OMS; it shrank while cancellations started "
        "failing at OMS → POS",
    ),
    "BOPIS_CANCEL_NOT_SYNCED": ("new", "the new shape downstream of the order-status fix"),
    "RETURN_NO_RMA": ("still_recurring", "nothing changed for it"),
    "LABEL_CREDENTIALS_EXPIRED": ("new", "a new group with nothing upstream of it shrinking"),
}
PERIOD_CHANGE = "Order-status and SKU mappings fixed, new runbook for loyalty points"

EVENTS = (
    plan("CHANNEL_ORDER_STATUS_MISMATCH", 320, INTEGRATION, style="nested"),
    plan("INV_SYNC_DRIFT", 280, INTEGRATION, style="nested"),
    plan("BOPIS_CANCEL_NOT_SYNCED", 230, PROCESS, style="nested"),
    plan("PO_AMENDMENT_WMS_GAP", 200, CONTRACT_THEN_RULE, style="nested"),
    plan("LOYALTY_POINTS_MISMATCH", 160, STALE_CONTRACT, style="nested"),
    plan("CUSTOMER_MERGE_CONFLICT", 130, PROCESS, style="nested", handlers=4),
    plan("LABEL_CREDENTIALS_EXPIRED", 110, STALE_CONTRACT, style="nested", handlers=4),
    plan("CUSTOMS_DOCS_HOLD", 70, SCATTERED, style="nested", handlers=4),
    plan("DAM_ASSET_MISSING", 5, INTEGRATION, style="nested", handlers=2),
)

OPS_COLUMNS = {
    "exception_id": "exception_id", "timestamp": "timestamp", "error_code": "error_code",
    "source_system": "source_system", "target_system": "target_system", "payload": "payload",
    "handler": "handler", "resolution": "resolution", "retry_count": "retry_count",
    "retry_outcome": "retry_outcome", "handoff_status": "handoff_status", "message": "message",
}  # fmt: skip
HELPDESK_COLUMNS = {
    "exception_id": "Ticket #", "timestamp": "Opened", "error_code": "Exception Code",
    "boundary": "Integration", "payload": "Request Body", "handler": "Assigned To",
    "resolution": "Action Taken", "retry_outcome": "Retry Result",
    "handoff_status": "Delivery Status", "message": "Notes",
}  # fmt: skip
EVENT_COLUMNS = {
    "exception_id": "event_id", "timestamp": "time", "error_code": "alert",
    "source_system": "source", "target_system": "destination", "payload": "payload",
    "handler": "operator", "resolution": "action", "handoff_status": "delivery",
    "message": "detail", "root_cause": "rca",
}  # fmt: skip


def synthesise(plans: tuple[Plan, ...], seed: int, start: datetime = START) -> list[dict[str, Any]]:
    """All rows of all plans, oldest first, each tagged with its plan index (`plan`)."""
    r = random.Random(seed)
    out = []
    for index, group in enumerate(plans):
        for row in logmaker.rows(group, r, start):
            row["plan"] = index
            out.append(row)
    out.sort(key=lambda row: row["timestamp"])
    return out


def write_samples(directory: Path = HERE, seed: int = SEED) -> dict[str, Any]:
    """Write the sample logs (these three and the five of `data/shape_samples.py`) and
    `ground_truth.json`; return the ground truth."""
    truth: dict[str, Any] = {"generator": "data/generate_samples.py", "seed": seed, "files": {}}
    files: list[tuple[str, tuple[Plan, ...], Callable[..., Any], dict[str, str]]] = [
        ("exceptions_ops.csv", OPS, _write_ops, OPS_COLUMNS),
        ("helpdesk_export.csv", HELPDESK, _write_helpdesk, HELPDESK_COLUMNS),
        ("integration_events.jsonl", EVENTS, _write_events, EVENT_COLUMNS),
    ]
    for offset, (name, plans, write, columns) in enumerate(files):
        rows = synthesise(plans, seed + offset)
        write(directory / name, rows, random.Random(seed + 100 + offset))
        truth["files"][name] = {
            "mapping": columns,
            "group_by": "error_code",
            "rows": len(rows),
            "groups": expected_answers(plans, rows, set(columns)),
        }
    from data.shape_samples import write_shape_samples  # it imports the archetypes above

    truth["files"].update(write_shape_samples(directory, seed))
    truth["files"].update(_write_periods(directory, seed))
    truth["comparisons"] = {"period_before.csv → period_after.csv": _period_truth()}
    text = json.dumps(truth, indent=2, ensure_ascii=False) + "\n"
    (directory / "ground_truth.json").write_text(text, encoding="utf-8")
    return truth


def _write_periods(directory: Path, seed: int) -> dict[str, Any]:
    """The two period logs (our own column names) and their per-file ground truth."""
    out = {}
    sides = (
        ("period_before.csv", PERIOD_BEFORE, BEFORE_START, 30001),
        ("period_after.csv", PERIOD_AFTER, AFTER_START, 40001),
    )
    for offset, (name, plans, start, first) in enumerate(sides, start=10):
        rows = synthesise(plans, seed + offset, start)
        _write_ops(directory / name, rows, random.Random(seed + 100 + offset), first)
        out[name] = {
            "mapping": OPS_COLUMNS,
            "group_by": "error_code",
            "rows": len(rows),
            "groups": expected_answers(plans, rows, set(OPS_COLUMNS)),
        }
    return out


def _period_truth() -> dict[str, Any]:
    """What comparing the two periods should say, group by group, and why."""
    return {
        "change_day": AFTER_START.date().isoformat(),
        "change": PERIOD_CHANGE,
        "before_days": BEFORE_DAYS,
        "after_days": AFTER_DAYS,
        "readings": {code: reading for code, (reading, _) in PERIOD_READINGS.items()},
        "stories": {code: story for code, (_, story) in PERIOD_READINGS.items()},
        "new_groups": ["BOPIS_CANCEL_NOT_SYNCED", "LABEL_CREDENTIALS_EXPIRED"],
        "vanished_groups": ["CUSTOMER_MERGE_CONFLICT"],
    }


def _write_ops(
    path: Path, rows: list[dict[str, Any]], r: random.Random, first: int = 10001
) -> None:
    frame = pd.DataFrame([ops_record(row, number, r) for number, row in enumerate(rows, first)])
    frame.to_csv(path, index=False, lineterminator="\n")


def _write_helpdesk(path: Path, rows: list[dict[str, Any]], r: random.Random) -> None:
    plans = [HELPDESK[row["plan"]] for row in rows]
    records = [
        helpdesk_record(row, n, p.style, r)
        for n, (row, p) in enumerate(zip(rows, plans, strict=True), 48210)
    ]
    pd.DataFrame(records).to_csv(path, index=False, sep=";", lineterminator="\n")


def _write_events(path: Path, rows: list[dict[str, Any]], r: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(jsonl_record(row, r), ensure_ascii=False) + "\n")


def generate(rows: int, seed: int = SEED) -> pd.DataFrame:
    """A large log in our own column names (all text), for benchmarks.

    Hundreds of groups (one per 2,500 rows, between 12 and 400) of Zipf-like sizes, every
    family and archetype, ids and amounts in every payload (so nearly every payload is
    distinct) and thousands of distinct payload shapes.
    """
    r = random.Random(seed)
    count = max(12, min(400, rows // 2500))
    weights = [1 / (k + 1) ** 0.8 for k in range(count)]
    sizes = [max(1, int(rows * w / sum(weights))) for w in weights]
    sizes[0] += rows - sum(sizes)
    plans = tuple(
        Plan(
            f"{FAMILIES[k % len(FAMILIES)].code}-{k:03d}",
            FAMILIES[k % len(FAMILIES)],
            size,
            dict(r.choice(ARCHETYPES)),
            days=r.choice((60, 60, 30, 7, 2)),
            handlers=r.randint(3, 6),
        )
        for k, size in enumerate(sizes)
    )
    synthetic = synthesise(plans, seed)
    return pd.DataFrame([ops_record(row, n, r) for n, row in enumerate(synthetic, 1)], dtype="str")


if __name__ == "__main__":
    found = write_samples()
    for name, info in found["files"].items():
        print(f"{name}: {info['rows']} rows, {len(info['groups'])} groups")
