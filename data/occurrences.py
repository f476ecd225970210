"""Occurrences of exceptions for the logs of other shapes, drawn from the group plans.

An occurrence is one exception with its behaviour (boundary, payload, handler, resolution,
retry, delivery, message), as `data/logmaker.py` draws it. The event logs turn each one into
a case of several events; the foreign exports write each one as a row. Two extra traits a
group can have, both of which leave the intended answers as they are:

* `connection`: the share of its schema messages on undelivered handoffs replaced by a
  connection-level failure at the boundary (refused, timed out, proxy, expired credentials,
  HTTP 503): an integration signal that names no field or format (kind "connection");
* `roles`: the share of its messages that start by naming an approver role that exists
  ("Owner approval requested from BUDGET OWNER."): words of an owner who *is* defined,
  which must not read as "no owner".
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from data import logmaker
from data.logmaker import Plan

CONNECTION = (
    "Could not connect to {host}: connection refused",
    "Call to {system} timed out after {seconds} s",
    "HTTP 503 from {system}: service unavailable",
    "Proxy {proxy} refused the tunnel to {host}",
    "Expired credentials for the {system} connector, request rejected with 401",
    "Connection reset by {system} while sending {ref}",
)
ROLES = (
    "Owner approval requested from BUDGET OWNER. ",
    "Checked with the BUDGET OWNER. ",
    "BUDGET OWNER informed. ",
)


@dataclass(frozen=True)
class Group:
    """A group plan and the traits of its messages (shares between 0 and 1)."""

    plan: Plan
    connection: float = 0.0
    roles: float = 0.0


def display(login: str) -> str:
    """'amara.okafor' -> 'Amara Okafor', as exports show a user."""
    return login.replace(".", " ").title()


def host(system: str) -> str:
    """A made-up API host for a system: 'NetSuite' -> 'netsuite-api.example.net'."""
    return f"{system.lower().replace(' ', '-')}-api.example.net"


def connection_failure(system: str, ref: str, r: random.Random) -> str:
    """A connection-level failure at the boundary to `system`, in one of several wordings."""
    return r.choice(CONNECTION).format(
        host=host(system),
        system=system,
        seconds=r.choice((10, 30, 60, 120)),
        proxy=f"proxy-{r.randrange(1, 4)}.corp.example.net:3128",
        ref=ref,
    )


def draw(groups: Sequence[Group], seed: int, start: datetime) -> list[dict[str, Any]]:
    """Every occurrence of every group, oldest first, tagged with its group index (`plan`)."""
    r = random.Random(seed)
    out = []
    for index, group in enumerate(groups):
        for row in logmaker.rows(group.plan, r, start):
            row["plan"] = index
            _traits(row, group, r)
            out.append(row)
    out.sort(key=lambda row: row["timestamp"])
    return out


def _traits(row: dict[str, Any], group: Group, r: random.Random) -> None:
    failed = row["message_kind"] == "schema" and not row["delivered"]
    if failed and r.random() < group.connection:
        row["message"] = connection_failure(row["target_system"], reference(row), r)
        row["message_kind"] = "connection"
    if r.random() < group.roles:
        row["message"] = r.choice(ROLES) + row["message"]


def reference(row: dict[str, Any]) -> str:
    """The record a message names: the first value of the payload (of its first item)."""
    first = next(iter(row["payload"].values()))
    if isinstance(first, list):
        first = next(iter(first[0].values()))
    return str(first)
