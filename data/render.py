"""Render synthesised rows in each sample log's own shape (column names, formats, payloads)."""

from __future__ import annotations

import json
import random
from typing import Any
from xml.sax.saxutils import escape

SUCCESS = ("succeeded", "success", "ok")
FAILURE = ("failed", "no change", "timeout")
DELIVERED = ("delivered", "accepted", "200")
NOT_DELIVERED = ("failed", "timeout", "rejected", "503")
SCHEMA_CAUSES = ("schema_mismatch", "Data format", "Field mapping")
RULE_CAUSES = ("missing_rule", "No owner", "Policy gap")


def ops_record(row: dict[str, Any], number: int, r: random.Random) -> dict[str, Any]:
    """Our own column names; JSON payloads; ISO 8601 timestamps in UTC."""
    return {
        "timestamp": row["timestamp"].strftime("%Y-%m-%dT%H:%M:%SZ"),
        "exception_id": f"EX-{number}",
        "error_code": row["error_code"],
        "source_system": row["source_system"],
        "target_system": row["target_system"],
        "payload": json.dumps(row["payload"]),
        "handler": row["handler"],
        "resolution": row["resolution"],
        "retry_count": row["retry_count"],
        "retry_outcome": _retry(row, r, SUCCESS, FAILURE),
        "handoff_status": r.choice(DELIVERED if row["delivered"] else NOT_DELIVERED),
        "message": row["message"],
    }


def helpdesk_record(
    row: dict[str, Any], number: int, style: str, r: random.Random
) -> dict[str, Any]:
    """A helpdesk's names, US dates, key=value or XML payloads, no retry count."""
    action = row["resolution"]
    if r.random() < 0.3:
        action += f" (see ticket HD-{r.randrange(10000, 99999)})"
    body = to_xml(row["payload"]) if style == "xml" else to_kv(row["payload"])
    return {
        "Ticket #": f"HD-{number}",
        "Opened": row["timestamp"].strftime("%m/%d/%Y %I:%M %p"),
        "Exception Code": row["error_code"],
        "Integration": f"{row['source_system']} -> {row['target_system']}",
        "Request Body": body,
        "Assigned To": row["handler"].replace(".", " ").title(),
        "Action Taken": action,
        "Retry Result": _retry(row, r, ("Succeeded", "Cleared"), ("Failed", "No change")),
        "Delivery Status": r.choice(
            ("Delivered", "Acknowledged")
            if row["delivered"]
            else ("Failed", "Timed out", "Rejected")
        ),
        "Notes": row["message"],
    }


def jsonl_record(row: dict[str, Any], r: random.Random) -> dict[str, Any]:
    """Epoch-millisecond times, nested payload objects, an explicit cause on half the events."""
    delivered = (
        r.choice(("delivered", "acknowledged", 200))
        if row["delivered"]
        else r.choice(("failed", "rejected", 503))
    )
    cause = None
    if r.random() < 0.5:
        right = SCHEMA_CAUSES if row["cause"] == "schema_mismatch" else RULE_CAUSES
        wrong = RULE_CAUSES if right is SCHEMA_CAUSES else SCHEMA_CAUSES
        cause = r.choice(right if r.random() < 0.95 else wrong)
    return {
        "time": int(row["timestamp"].timestamp() * 1000),
        "event_id": f"evt_{r.getrandbits(48):012x}",
        "alert": row["error_code"],
        "source": row["source_system"],
        "destination": row["target_system"],
        "payload": row["payload"],
        "operator": row["handler"],
        "action": row["resolution"],
        "delivery": delivered,
        "detail": row["message"],
        "rca": cause,
    }


def _retry(
    row: dict[str, Any], r: random.Random, good: tuple[str, ...], bad: tuple[str, ...]
) -> str:
    if not row["retried"]:
        return ""
    return r.choice(good if row["retry_cleared"] else bad)


def to_kv(payload: dict[str, Any]) -> str:
    """key=value pairs separated by `;` (nested keys joined with `_`, first list item only)."""
    pairs = []
    for key, value in _flat(payload, ""):
        text = str(value)
        pairs.append(f'{key}="{text}"' if " " in text else f"{key}={text}")
    return ";".join(pairs)


def _flat(node: Any, prefix: str) -> list[tuple[str, Any]]:
    if isinstance(node, list):
        return _flat(node[0], prefix) if node else []
    if isinstance(node, dict):
        out: list[tuple[str, Any]] = []
        for key, child in node.items():
            out += _flat(child, f"{prefix}_{key}" if prefix else key)
        return out
    return [(prefix, node)]


def to_xml(payload: dict[str, Any], tag: str = "record") -> str:
    """An XML element per field; lists repeat their element."""
    return f"<{tag}>{_xml_children(payload)}</{tag}>"


def _xml_children(node: dict[str, Any]) -> str:
    parts = []
    for key, child in node.items():
        items = child if isinstance(child, list) else [child]
        for item in items:
            inner = _xml_children(item) if isinstance(item, dict) else escape(str(item))
            parts.append(f"<{key}>{inner}</{key}>")
    return "".join(parts)
