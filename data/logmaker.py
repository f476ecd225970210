"""Turn a group plan (a family and its intended five answers) into log rows.

Each intended answer sets how the rows behave, with realistic noise:

    payload_consistent    yes: one shape (96%), one boundary (98%); no: 5 shapes, 2-4 boundaries
    varies_by_handler     no: one standard action (88%); yes: each handler has their own (85%)
    retry_resolves        yes: 60% retried, 85% of them clear; no: 35% retried, 8% clear
    recurs_after_handoff  yes: 85% fired after a delivered handoff; no: 10%
    root_cause            the message names the cause 85% of the time, the other 5%, neither 10%
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from data.families import NEUTRAL, TEAM, Family, Shape

SHAPE_WEIGHTS = (0.3, 0.25, 0.2, 0.15, 0.1)
SIZES = ("S", "M", "L", "XL")
PREFIXES = ("ABC", "TEE", "JKT", "SHO", "BAG", "HAT", "SCF", "BLT", "DRS", "SKT")
FIRST = ("Jane", "Omar", "Li", "Sofia", "Marek", "Aisha", "Tom", "Yuki", "Pedro", "Nora")
LAST = ("Smith", "Haddad", "Wong", "Rossi", "Nowak", "Bello", "Berg", "Sato", "Silva", "Olsen")
WORDS = {
    "reason": ("damaged", "late", "defective", "unwanted", "duplicate"),
    "status": ("pending", "shipped", "cancelled", "delivered", "refunded"),
    "currency": ("USD", "EUR", "GBP", "CAD"),
    "carrier": ("UPS", "FEDEX", "DHL", "USPS"),
    "country": ("US", "CA", "MX", "GB", "DE"),
    "attribute": ("color", "size", "material", "fit"),
    "attr_value": ("navy", "large", "cotton", "slim"),
    "channel": ("web", "store", "app"),
}


@dataclass(frozen=True)
class Plan:
    """One group of a sample log: its code, family, size, intended answers and time span."""

    code: str
    family: Family
    rows: int
    answers: dict[str, str]
    days: int = 60
    style: str = "json"
    handlers: int = 5
    retry_rate: float | None = None
    """Share of occurrences retried; None: 60% when a retry resolves it, else 35%."""
    window: int = 60
    """The days from the log's start its `days` are drawn from."""


_MAKERS: dict[str, Any] = {
    "order": lambda r: f"SO-{r.randrange(10**6, 10**7)}",
    "amazon_order": lambda r: (
        f"{r.randrange(100, 999)}-{r.randrange(10**6, 10**7)}-{r.randrange(10**6, 10**7)}"
    ),
    "sku": lambda r: f"{r.choice(PREFIXES)}-{r.randrange(1000, 9999)}-{r.choice(SIZES)}",
    "sku_plain": lambda r: f"{r.choice(PREFIXES)}{r.randrange(1000, 9999)}",
    "qty": lambda r: r.randrange(1, 40),
    "qty_text": lambda r: str(r.randrange(1, 40)),
    "amount": lambda r: round(r.uniform(5, 900), 2),
    "cents": lambda r: r.randrange(500, 90000),
    "points": lambda r: r.randrange(10, 5000),
    "location": lambda r: f"WH-{r.randrange(1, 12):02d}",
    "store": lambda r: f"ST-{r.randrange(1, 250):03d}",
    "po": lambda r: f"PO-{r.randrange(10**5, 10**6)}",
    "rma": lambda r: f"RMA-{r.randrange(10**5, 10**6)}",
    "refund": lambda r: f"re_{r.randrange(10**8, 10**9)}",
    "invoice": lambda r: f"INV-{r.randrange(10**5, 10**6)}",
    "supplier": lambda r: f"SUP-{r.randrange(1, 900):04d}",
    "customer": lambda r: f"C-{r.randrange(10**5, 10**6)}",
    "giftcard": lambda r: f"GC-{r.randrange(1000, 9999)}-{r.randrange(1000, 9999)}",
    "shipment": lambda r: f"SHP-{r.randrange(10**6, 10**7)}",
    "tracking": lambda r: f"1Z{r.randrange(10**15, 10**16)}",
    "account": lambda r: f"ACCT-{r.randrange(100, 999)}",
    "payout": lambda r: f"po_{r.randrange(10**7, 10**8)}",
    "asset": lambda r: f"IMG-{r.randrange(10**4, 10**5)}",
    "receipt": lambda r: f"R-{r.randrange(10**6, 10**7)}",
    "ticket": lambda r: f"T-{r.randrange(10**4, 10**5)}",
    "asin": lambda r: "B0" + "".join(r.choices(string.digits, k=8)),
    "hs_code": lambda r: f"{r.randrange(1000, 9999)}.{r.randrange(10, 99)}",
    "postcode": lambda r: f"{r.randrange(10000, 99999)}",
    "phone": lambda r: f"+1-555-{r.randrange(100, 999)}-{r.randrange(1000, 9999)}",
    "email": lambda r: f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}@example.com",
    "name": lambda r: f"{r.randrange(1, 999)} {r.choice(LAST)} Street",
    "date": lambda r: f"2024-{r.randrange(4, 7):02d}-{r.randrange(1, 29):02d}",
    "datetime": lambda r: (
        f"2024-{r.randrange(4, 7):02d}-{r.randrange(1, 29):02d}"
        f"T{r.randrange(0, 24):02d}:{r.randrange(0, 60):02d}:00Z"
    ),
}


def value(kind: str, r: random.Random) -> Any:
    """A realistic value of one kind (ids, amounts, codes…)."""
    maker = _MAKERS.get(kind)
    return maker(r) if maker else r.choice(WORDS[kind])


def payload(shape: Shape, r: random.Random) -> dict[str, Any]:
    """A nested payload object; `a.b` nests, `a[].b` makes a list of 1–3 items."""
    out: dict[str, Any] = {}
    items = r.randint(1, 3)
    for path, kind in shape:
        head, _, rest = path.partition("[].")
        if rest:
            rows = out.setdefault(head, [{} for _ in range(items)])
            for row in rows:
                row[rest] = value(kind, r)
            continue
        node = out
        *parents, leaf = path.split(".")
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value(kind, r)
    return out


def shapes_for(plan: Plan) -> list[Shape]:
    """The shapes a group arrives with: one when consistent, five when not."""
    family = plan.family
    if plan.answers["payload_consistent"] == "yes":
        return [family.shape, family.shape[:-1]]  # the usual shape, and a rare trimmed one
    pool = [family.shape, *family.variants]
    extras = [family.shape[:-1], (*family.shape, ("comment", "name")), family.variants[0][:-1]]
    return [*pool, *extras][: len(SHAPE_WEIGHTS)]


def rows(plan: Plan, r: random.Random, start: datetime) -> Iterator[dict[str, Any]]:
    """The rows of one group, in our own column names (payload as an object)."""
    answers, family = plan.answers, plan.family
    consistent = answers["payload_consistent"] == "yes"
    shapes = shapes_for(plan)
    team = r.sample(TEAM, k=plan.handlers)
    actions = [family.standard, *family.others]
    order = r.sample(actions, k=len(actions))
    usual = {person: order[i % len(order)] for i, person in enumerate(team)}
    span = r.sample(range(plan.window), k=min(plan.days, plan.window))
    retry_rate = plan.retry_rate
    if retry_rate is None:
        retry_rate = 0.6 if answers["retry_resolves"] == "yes" else 0.35
    for _ in range(plan.rows):
        if consistent:
            index = 0 if r.random() < 0.96 else 1
            boundary = (
                family.boundaries[0] if r.random() < 0.98 else r.choice(family.boundaries[1:])
            )
        else:
            index = r.choices(range(len(shapes)), weights=SHAPE_WEIGHTS[: len(shapes)])[0]
            spread = family.boundaries[index % len(family.boundaries)]
            boundary = spread if r.random() < 0.7 else r.choice(family.boundaries)
        person = r.choice(team)
        if answers["varies_by_handler"] == "yes":
            action = usual[person] if r.random() < 0.85 else r.choice(actions)
        else:
            action = family.standard if r.random() < 0.88 else r.choice(family.others)
        retried = r.random() < retry_rate
        cleared = r.random() < (0.85 if answers["retry_resolves"] == "yes" else 0.08)
        delivered = r.random() < (0.85 if answers["recurs_after_handoff"] == "yes" else 0.1)
        body = payload(shapes[index], r)
        kind, message = _message(family, answers["root_cause"], r, _ref(body))
        moment = start + timedelta(days=r.choice(span), seconds=r.randrange(6 * 3600, 22 * 3600))
        yield {
            "timestamp": moment,
            "error_code": plan.code,
            "source_system": boundary[0],
            "target_system": boundary[1],
            "payload": body,
            "handler": person,
            "resolution": action,
            "retried": retried,
            "retry_count": r.randint(1, 3) if retried else 0,
            "retry_cleared": retried and cleared,
            "delivered": delivered,
            "message": message,
            "message_kind": kind,
            "cause": answers["root_cause"],
        }


def _ref(body: dict[str, Any]) -> str:
    first = next(iter(body.values()))
    if isinstance(first, list):
        first = next(iter(first[0].values()))
    return str(first)


def _message(family: Family, cause: str, r: random.Random, ref: str) -> tuple[str, str]:
    draw = r.random()
    own, other = ("schema", "rule") if cause == "schema_mismatch" else ("rule", "schema")
    kind = own if draw < 0.85 else other if draw < 0.9 else "neutral"
    pool = {"schema": family.schema, "rule": family.rule, "neutral": NEUTRAL}[kind]
    return kind, r.choice(pool).format(ref=ref)
