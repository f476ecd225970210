"""`system_log.jsonl`: an application's structured log, one JSON object per line.

Keys: `ts` (ISO 8601, milliseconds, UTC), `level` (DEBUG / INFO / WARN / ERROR), `logger`,
`host`, `thread`, `trace_id` (absent on background lines), `msg`, and `stack_trace` on the
connection-level ERROR lines. There is no error code: each exception type exists only as a
message template whose variable parts change from line to line (order, SKU, PO and payout
ids, hosts, URLs, paths, quoted values, numbers, durations). The groups are the templates.

Around three lines in four are INFO / DEBUG noise that a row filter (WARN and ERROR only)
drops: requests served, syncs completed, health checks, pool statistics, payload dumps,
"error policy" evaluations. Lines of one request share a `trace_id` and a thread; for the
failures the platform retries, an INFO line on the same trace says whether a later attempt
went through ("completed on attempt 3"), or a DEBUG line that the retry budget ran out.
Values are made up.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from data.families import BY_CODE
from data.generate_samples import (
    CONTRACT_THEN_RULE,
    INTEGRATION,
    PEOPLE_ON_SCHEMA,
    PROCESS,
    RULE_ON_CLEAN_DATA,
)
from data.logmaker import Plan, value

MAPPING = {"timestamp": "ts", "message": "msg"}
ROW_FILTER = {"level": ["WARN", "ERROR"]}
TRAPS = {
    "no_error_code": "no code column: the exception type is the message template",
    "variable_parts": (
        "ids (SO-, PO-, RMA-, re_, po_), SKUs in quotes, hosts, URLs, paths, amounts, "
        "percentages, durations and attempt numbers change on every line"
    ),
    "noise_levels": (
        "about three lines in four are INFO / DEBUG (requests, syncs, health checks, pool "
        "statistics, payload dumps, 'Evaluating error policy ...')"
    ),
    "varying_keys": "`trace_id` is absent on background lines; `stack_trace` on some ERRORs",
    "not_people": "`host` and `thread` are machines and threads, not handlers",
    "connection_failures": (
        "four templates are connection-level failures (connection refused, HTTP 503, "
        "expired credentials with 401, timed out via a proxy) with no schema word"
    ),
    "role_words": (
        "the price-change template names BUDGET OWNER approval, yet its cause is an unmapped field"
    ),
    "no_cause_words": "'Payout ... still unmatched after N h' names no cause at all",
    "success_in_message": (
        "the split-shipment template says 'accepted by NetSuite (HTTP 201)': the handoff "
        "succeeded, the hold is downstream"
    ),
}
DAYS = 30
HOSTS = ("int-worker-01", "int-worker-02", "int-worker-03", "int-worker-04")


@dataclass(frozen=True)
class Template:
    """One exception type of the system log: its message template and how it behaves."""

    text: str
    level: str
    logger: str
    family: str
    answers: dict[str, str]
    kind: str
    rows: int
    retried: bool = False
    stack: str = ""

    def plan(self) -> Plan:
        return Plan(self.text, BY_CODE[self.family], self.rows, self.answers)


def _hex(r: random.Random, digits: int) -> str:
    return "".join(r.choices("0123456789abcdef", k=digits))


def _return_ref(r: random.Random) -> str:
    return str(value(r.choice(("rma", "receipt", "ticket", "amazon_order")), r))


VARIABLES: dict[str, Callable[[random.Random], str]] = {
    "order": lambda r: str(value("order", r)),
    "sku": lambda r: str(value("sku", r)),
    "location": lambda r: str(value("location", r)),
    "host": lambda r: f"shopify-edge-{r.randrange(1, 9)}.example.net",
    "attempt": lambda r: str(r.randrange(1, 5)),
    "seconds": lambda r: str(r.choice((15, 30, 60, 120))),
    "ms": lambda r: str(r.randrange(5000, 30001)),
    "refund": lambda r: str(value("refund", r)),
    "po": lambda r: str(value("po", r)),
    "length": lambda r: str(r.randrange(36, 81)),
    "shipment": lambda r: str(value("shipment", r)),
    "carrier": lambda r: str(value("carrier", r)),
    "account": lambda r: str(value("account", r)),
    "url": lambda r: f"https://pim-api.example.net/v1/attributes/{value('sku_plain', r)}",
    "proxy": lambda r: f"proxy-{r.randrange(1, 4)}.corp.example.net:{r.choice((3128, 8080))}",
    "ret": _return_ref,
    "reason": lambda r: str(value("reason", r)),
    "payout": lambda r: str(value("payout", r)),
    "date": lambda r: str(value("date", r)),
    "amount": lambda r: f"{value('amount', r):.2f}",
    "currency": lambda r: str(value("currency", r)),
    "store": lambda r: str(value("store", r)),
    "invoice": lambda r: str(value("invoice", r)),
    "pct": lambda r: f"{r.uniform(0.5, 9.9):.1f}",
    "uom": lambda r: r.choice(("EA", "CS", "PK", "DZ")),
    "hours": lambda r: str(r.randrange(26, 97)),
    "asset": lambda r: str(value("asset", r)),
    "path": lambda r: f"/mnt/exports/dam/{value('date', r)}/batch-{r.randrange(1, 40):03d}.csv",
    "giftcard": lambda r: str(value("giftcard", r)),
    "cents": lambda r: str(value("cents", r)),
}
_UPSTREAM = (
    "com.example.integration.http.UpstreamError: HTTP 503 Service Unavailable\n"
    "\tat com.example.integration.http.Client.expectOk(Client.java:301)\n"
    "\tat com.example.integration.payments.WebhookPoster.post(WebhookPoster.java:57)"
)
_AUTH = (
    "com.example.integration.http.AuthError: 401 Unauthorized (token expired)\n"
    "\tat com.example.integration.http.Client.expectOk(Client.java:298)\n"
    "\tat com.example.integration.carrier.Manifester.send(Manifester.java:120)"
)
_TIMEOUT = (
    "java.net.SocketTimeoutException: Read timed out\n"
    "\tat com.example.integration.http.Client.read(Client.java:187)\n"
    "\tat com.example.integration.pim.AttributeFetcher.fetch(AttributeFetcher.java:42)"
)
TEMPLATES = (
    Template(
        "Order {order} rejected by NetSuite: SKU '{sku}' unknown, item field format mismatch "
        "(HTTP 422)",
        "ERROR", "sync.netsuite.orders", "CHANNEL_ORDER_STATUS_MISMATCH", INTEGRATION,
        "schema", 290,
    ),
    Template(
        "Inventory push for {location} to Shopify failed: could not connect to {host}:443 "
        "(connection refused), attempt {attempt}/5, will retry in {seconds}s",
        "WARN", "inventory.push", "INV_SYNC_DRIFT", INTEGRATION, "connection", 240,
        retried=True,
    ),
    Template(
        "Return {ret} for order {order} held: reason '{reason}' not covered by any return "
        "policy",
        "WARN", "returns.intake", "RETURN_NO_RMA", PROCESS, "rule", 190,
    ),
    Template(
        "Refund {refund} not posted: HTTP 503 from NetSuite after {ms} ms",
        "ERROR", "payments.webhooks", "REFUND_AMOUNT_MISMATCH", INTEGRATION, "connection", 160,
        retried=True, stack=_UPSTREAM,
    ),
    Template(
        "Payout {payout} unreconciled at the {date} cutoff: no owner for a fee difference of "
        "{amount} {currency}",
        "WARN", "finance.recon", "PAYMENT_RECON_DELAY", PROCESS, "rule", 145,
    ),
    Template(
        "EDI 860 for {po} rejected by the VAN: segment N1 field length {length} exceeds 35",
        "WARN", "edi.outbound", "PO_CHANGE_NOT_ACKED", INTEGRATION, "schema", 130,
    ),
    Template(
        "Order {order} accepted by NetSuite (HTTP 201) but held at {store}: no rule for split "
        "shipments",
        "WARN", "oms.fulfilment", "BOPIS_CANCEL_NOT_SYNCED", CONTRACT_THEN_RULE, "rule", 120,
    ),
    Template(
        "Invoice {invoice} exceeds {po} by {pct}%: approval required, approver not defined",
        "WARN", "ap.matching", "INVOICE_PO_MISMATCH", RULE_ON_CLEAN_DATA, "rule", 95,
    ),
    Template(
        "Manifest for {shipment} not sent to {carrier}: expired credentials for account "
        "{account} (HTTP 401)",
        "ERROR", "carrier.labels", "LABEL_CREDENTIALS_EXPIRED", INTEGRATION, "connection", 90,
        retried=True, stack=_AUTH,
    ),
    Template(
        "Call to {url} timed out after {ms} ms via proxy {proxy}",
        "ERROR", "http.client", "PIM_ATTRIBUTE_REVERTED", INTEGRATION, "connection", 70,
        retried=True, stack=_TIMEOUT,
    ),
    Template(
        "Price change for SKU '{sku}' waits for BUDGET OWNER approval: unit of measure field "
        "not mapped ({uom})",
        "WARN", "pricing.sync", "SUPPLIER_MOQ_NOT_ENFORCED", PEOPLE_ON_SCHEMA, "schema", 65,
    ),
    Template(
        "Payout {payout} for {date} still unmatched after {hours} h",
        "WARN", "finance.recon", "PAYMENT_RECON_DELAY", PROCESS, "neutral", 50,
    ),
    Template(
        "Gift card {giftcard} balance {amount} differs from POS value {cents}: currency "
        "precision mismatch",
        "ERROR", "giftcards.sync", "GIFTCARD_BALANCE_DIVERGED", INTEGRATION, "schema", 5,
    ),
    Template(
        "Asset {asset} for SKU '{sku}' missing from DAM export {path}",
        "ERROR", "dam.export", "DAM_ASSET_MISSING", INTEGRATION, "neutral", 4,
    ),
)  # fmt: skip
_FIELDS = string.Formatter()


def fill(template: str, r: random.Random, **given: str) -> str:
    """The template with every `{name}` replaced by a given or a fresh made-up value."""
    names = [name for _, name, _, _ in _FIELDS.parse(template) if name]
    return template.format(**{name: given.get(name) or VARIABLES[name](r) for name in names})


def pattern(template: str) -> str:
    """A regular expression that matches exactly the messages of one template."""
    parts = []
    for literal, name, _, _ in _FIELDS.parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(".+?")
    return "^" + "".join(parts) + "$"


Line = tuple[datetime, dict[str, Any]]
BACKGROUND: tuple[tuple[str, str, str, bool], ...] = (
    ("INFO", "http.access", "GET /api/v2/orders/{order} 200 in {ms_short} ms", True),
    ("INFO", "inventory.push", "Synced {count} inventory records to Shopify in {ms} ms", False),
    ("INFO", "health", "Health check OK in {ms_short} ms", False),
    ("DEBUG", "db.pool", "Connection pool stats: active={small} idle={small} waiting=0", False),
    ("DEBUG", "routing", "Evaluating error policy for route {route}", True),
    ("INFO", "catalog.cache", "Cache refresh completed: {count} items in {ms} ms", False),
    ("INFO", "scheduler", "Scheduler tick: {small} jobs due", False),
    ("DEBUG", "locks", "Acquired lock {lock}", True),
    ("INFO", "sync.netsuite.orders", "Order {order} created in NetSuite (HTTP 201)", True),
    ("INFO", "finance.recon", "Payout {payout} reconciled: {count} transactions", True),
)
NOISE: dict[str, Callable[[random.Random], str]] = {
    "ms_short": lambda r: str(r.randrange(3, 400)),
    "count": lambda r: str(r.randrange(20, 5000)),
    "small": lambda r: str(r.randrange(0, 24)),
    "route": lambda r: r.choice(("orders", "inventory", "refunds", "returns", "edi", "labels")),
    "lock": lambda r: f"/var/run/integration/{r.choice(('orders', 'payouts', 'stock'))}.lock",
}


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _line(
    moment: datetime, level: str, logger: str, where: tuple[str, str, str | None], msg: str
) -> Line:
    host, thread, trace = where
    record: dict[str, Any] = {"ts": _ts(moment), "level": level, "logger": logger}
    record.update(host=host, thread=thread)
    if trace is not None:
        record["trace_id"] = trace
    record["msg"] = msg
    return moment, record


def _noise(text: str, r: random.Random) -> str:
    names = [name for _, name, _, _ in _FIELDS.parse(text) if name]
    return text.format(**{n: (NOISE.get(n) or VARIABLES[n])(r) for n in names})


def occurrence_lines(template: Template, moment: datetime, r: random.Random) -> list[Line]:
    """One exception with the INFO / DEBUG lines of its request, on one trace and thread."""
    trace = _hex(r, 32)
    where = (r.choice(HOSTS), f"http-nio-8080-exec-{r.randrange(1, 41)}", trace)
    before = moment - timedelta(milliseconds=r.randrange(20, 3000))
    received = f"Processing {template.logger.split('.')[-1]} message {_hex(r, 8)}"
    lines = [_line(before, "INFO", template.logger, where, received)]
    order = VARIABLES["order"](r)
    if r.random() < 0.4:
        body = json.dumps({"id": order, "lines": r.randrange(1, 6)})
        lines.append(_line(before, "DEBUG", template.logger, where, f"Request body: {body}"))
    message = fill(template.text, r, order=order)
    lines.append(_line(moment, template.level, template.logger, where, message))
    if template.stack and template.level == "ERROR":
        lines[-1][1]["stack_trace"] = template.stack
    if template.retried:
        cleared = r.random() < (0.85 if template.answers["retry_resolves"] == "yes" else 0.08)
        later = moment + timedelta(seconds=r.randrange(30, 900))
        if cleared:
            done = f"Request completed on attempt {r.randrange(2, 6)}"
            lines.append(_line(later, "INFO", template.logger, where, done))
        else:
            spent = "Retry budget exhausted after 5 attempts"
            lines.append(_line(later, "DEBUG", template.logger, where, spent))
    return lines


def background_lines(start: datetime, count: int, r: random.Random) -> list[Line]:
    """Lines that are not exceptions: requests served, syncs, health checks, statistics."""
    lines = []
    for _ in range(count):
        level, logger, text, traced = r.choice(BACKGROUND)
        moment = start + timedelta(seconds=r.uniform(0, DAYS * 86400))
        trace = _hex(r, 32) if traced else None
        where = (r.choice(HOSTS), f"scheduler-{r.randrange(1, 5)}", trace)
        lines.append(_line(moment, level, logger, where, _noise(text, r)))
    return lines


def write(path: Path, start: datetime, r: random.Random) -> list[dict[str, Any]]:
    """Write the log (oldest line first); return one occurrence per exception line."""
    lines = background_lines(start, 2800, r)
    occurrences = []
    for index, template in enumerate(TEMPLATES):
        for _ in range(template.rows):
            moment = start + timedelta(seconds=r.uniform(0, DAYS * 86400))
            lines += occurrence_lines(template, moment, r)
            occurrences.append(
                {"plan": index, "timestamp": moment, "handler": None, "retried": False}
                | {"message_kind": template.kind}
            )
    lines.sort(key=lambda line: line[0])
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for _, record in lines:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return occurrences
