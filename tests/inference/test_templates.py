"""Message templates: the variable parts of a log line masked, so lines of one kind make one
group; short codes that vary in one place merged once the whole log is read."""

from __future__ import annotations

import pyarrow as pa
import pytest

from framework.inference.templates import (
    CODE,
    generalise,
    message_templates,
    template,
    template_lookup,
)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Order SO-1234567 rejected by NetSuite: SKU 'ABC-12-XL' unknown (HTTP 422)",
            "Order <id> rejected by NetSuite: SKU '<q>' unknown (HTTP <n>)",
        ),
        (
            "Call to https://api.example.com/v2/orders timed out after 3000 ms via proxy "
            "proxy-2.corp.example.net:3128",
            "Call to <url> timed out after <n> ms via proxy <host>",
        ),
        ("Return 490-3199606-6403268 held", "Return <id> held"),
        ("Cutoff 2024-04-01 missed by 36 h", "Cutoff <id> missed by <n> h"),
        ("Lock /var/run/sync/orders.lock acquired", "Lock <path> acquired"),
        ('Key "customer_ref" missing', 'Key "<q>" missing'),
        ("Mail to ops@example.com bounced", "Mail to <email> bounced"),
        ("Peer 10.0.0.12:8443 reset the connection", "Peer <ip> reset the connection"),
        ("Job 0b7e9c1a-3f2d-4c55-9a7e-2d1f4e6b8a90 failed", "Job <uuid> failed"),
        ("Invoice exceeds PO by 12.5%: approval required", "Invoice exceeds PO by <n>%: approval required"),
        ("Price   change\twaits  for  approval", "Price change waits for approval"),
    ],
    ids=[
        "ids-quotes-numbers",
        "url-and-host",
        "dashed-order-number",
        "date",
        "path",
        "double-quoted",
        "email",
        "ip-and-port",
        "uuid",
        "percentage",
        "spacing",
    ],
)  # fmt: skip
def test_variable_parts_are_masked(message: str, expected: str) -> None:
    """Ids, numbers, quoted values, URLs, hosts, paths, addresses and dates are masked; the
    words that say what happened stay; a word of masked parts alone is one id."""
    assert template(message) == expected


def test_a_column_is_coded_by_template() -> None:
    """Rows whose messages differ only in their variable parts share one code."""
    messages = pa.chunked_array(
        [["Order SO-1 held at ST-9", "Order SO-22 held at ST-3", "Refund re_7 not posted", None]]
    )
    coded = message_templates(messages)
    assert coded.labels == ("Order <id> held at <id>", "Refund <id> not posted")
    assert coded.codes.tolist() == [0, 0, 1, -1]


@pytest.mark.parametrize(
    ("templates", "expected"),
    [
        (
            ["fee of <n> CAD", "fee of <n> EUR", "fee of <n> USD"],
            ["fee of <n> <code>"] * 3,
        ),
        (
            ["field not mapped (PK)", "field not mapped (EA)", "field not mapped (CS)"],
            ["field not mapped (<code>)"] * 3,
        ),
        (
            ["not sent to DHL: expired", "not sent to UPS: expired", "not sent to FEDEX: expired"],
            ["not sent to <code>: expired"] * 3,
        ),
        (["fee of <n> CAD", "fee of <n> EUR"], ["fee of <n> CAD", "fee of <n> EUR"]),
        (
            ["Sync to Shopify failed", "Sync to NetSuite failed", "Sync to Magento failed"],
            ["Sync to Shopify failed", "Sync to NetSuite failed", "Sync to Magento failed"],
        ),
        (
            ["fee of <n> CAD", "fee of <n> EUR", "fee of <n> USD", "refund of <n> CAD"],
            ["fee of <n> <code>"] * 3 + ["refund of <n> CAD"],
        ),
    ],
    ids=[
        "currencies",
        "units-in-brackets",
        "carriers",
        "two-values-stay",
        "names-are-no-codes",
        "only-where-the-rest-is-equal",
    ],
)
def test_short_codes_that_vary_in_one_place_merge(
    templates: list[str], expected: list[str]
) -> None:
    """Templates equal but for one short upper-case code taking three values or more are
    one template; fewer values, words that are not codes, or other differences keep them
    apart."""
    assert generalise(templates) == expected


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("fee of 12 GBP", f"fee of <n> {CODE}"),
        ("field not mapped (DZ)", f"field not mapped ({CODE})"),
        ("Refund re_1 not posted", "Refund <id> not posted"),
        ("fee of 12 pounds", None),
        ("Something else entirely", None),
    ],
)
def test_a_new_message_finds_its_template(message: str, found: str | None) -> None:
    """A message's template finds the group it belongs to: the same template, or a merged
    one whose code place it fills with another code; anything else belongs to none."""
    names = [f"fee of <n> {CODE}", f"field not mapped ({CODE})", "Refund <id> not posted"]
    assert template_lookup(names)(template(message)) == found
