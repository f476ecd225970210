"""Payloads reduce to shape templates: structure and value formats, never the values."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from framework.columnar.coded import MISSING
from framework.inference import payload_shapes as payloads
from framework.inference.payload_shapes import mask_text, shape_codes, value_format


def column(*values: str | None) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(list(values), type=pa.string())])


def shape_of(payload: str) -> str:
    """The template of one payload, through the same steps as a whole column."""
    coded = shape_codes(pa.chunked_array([pa.array([payload], type=pa.string())]))
    return coded.labels[0] if coded.labels else ""


@pytest.mark.parametrize(
    ("payload", "template"),
    [
        (
            '{"order_id": "SO-1234567", "sku": "ABC-12-XL", "qty": 3, "price": 12.5}',
            "json{order_id:A-9, price:num, qty:int, sku:A-9-A}",
        ),
        (
            '{"lines": [{"sku": "A1", "qty": 1}, {"sku": "B22", "qty": 10}], "paid": true}',
            "json{lines[].qty:int, lines[].sku:A9, paid:bool}",
        ),
        (
            '{"ship": {"city": "Paris", "zip": "75001"}, "note": null}',
            "json{note:null, ship.city:text, ship.zip:9}",
        ),
        (
            '{"customer": "Jane Smith", "email": "jane@example.com"}',
            "json{customer:text, email:text}",
        ),
        ('{"tags": [], "meta": {}}', "json{meta:{}, tags:[]}"),
        ('{"status": "PAID"}', "json{status:A}"),
        ('{"status": "paid"}', "json{status:a}"),
        ('{"name": "\\u00e9t\\u00e9"}', "json{name:a}"),
        ('{"name": "été"}', "json{name:a}"),
        ('[{"a": 1}, {"a": 2, "b": "x"}]', "json{[].a:int, [].b:a}"),
        (
            '<order id="12"><line><sku>ABC-1</sku><qty>2</qty></line><note>Hi there</note></order>',
            "xml<order, order/line, order/line/qty, order/line/sku, order/note, order@id>",
        ),
        ('<ns:po xmlns:ns="urn:x"><ns:n>1</ns:n></ns:po>', "xml<po, po/n>"),
        (
            'sku=ABC-12;qty=3;customer="Jane Smith";name=Jane',
            "kv{customer=text, name=text, qty=9, sku=A-9}",
        ),
        ("a=1&b=x y", "kv{a=9, b=a}"),
        (
            'Order 12345 rejected: SKU ABC-12-XL not found for "Jane" (jane@x.com), amount 12.50.',
            'text Order <n> rejected: SKU <id> not found for "…" (<email>), amount <n>.',
        ),
        ("{broken json 12", "text {broken json <n>"),
        ("<not xml", "text <not xml"),
        ("   ", ""),
    ],
)
def test_payload_template(payload: str, template: str) -> None:
    """Each kind of payload reduces to its documented template."""
    assert shape_of(payload) == template


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('{"sku": "ABC-1", "qty": 1}', '{"qty": 250, "sku": "XYZ-98765"}'),
        ('{"who": "Ann Lee"}', '{"who": "Bartholomew Q. Smith-Jones"}'),
        ("<a><b>1</b></a>", "<a><b>some longer text 22</b></a>"),
        ("k=AB-1;v=2", "k=CD-77;v=31"),
        ("Order 1 failed", "Order 99812 failed"),
    ],
)
def test_same_shape_whatever_the_values(first: str, second: str) -> None:
    """Payloads with the same fields and formats share one template."""
    assert shape_of(first) == shape_of(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('{"sku": "ABC-1"}', '{"sku": "ABC1"}'),
        ('{"qty": 1}', '{"qty": "1"}'),
        ('{"qty": 1}', '{"qty": 1.5}'),
        ('{"sku": "ABC-1"}', '{"sku": "ABC-1", "qty": 1}'),
        ("<a><b>1</b></a>", "<a><c>1</c></a>"),
        ("k=1;v=2", "k=1;w=2"),
    ],
)
def test_different_fields_or_formats_differ(first: str, second: str) -> None:
    """A field added, renamed or sent in another format changes the template."""
    assert shape_of(first) != shape_of(second)


@pytest.mark.parametrize(
    ("value", "fmt"),
    [
        ("ABC-1234-XL", "A-9-A"),
        ("SO1234", "A9"),
        ("2024-05-01", "9-9-9"),
        ("paid", "a"),
        ("Shopify", "text"),
        ("two words", "text"),
        ("a@b.co", "text"),
        ("", "empty"),
        ("eBay", "aAa"),
    ],
)
def test_value_format(value: str, fmt: str) -> None:
    """A scalar's format keeps letter case runs, digit runs and punctuation."""
    assert value_format(value) == fmt


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Re-sent SO-12 to ERP", "Re-sent <id> to ERP"),
        ("Refunded 12.50 USD", "Refunded <n> USD"),
        ("Mail 'x y' to a.b@c.com", 'Mail "…" to <email>'),
        ("can't  sync   now", "can't sync now"),
    ],
)
def test_mask_text(text: str, masked: str) -> None:
    """Free text keeps its words; numbers, ids, quotes and addresses are masked."""
    assert mask_text(text) == masked


def test_shape_codes_per_row() -> None:
    """Rows with the same shape share a code; empty and missing payloads have none."""
    coded = shape_codes(column('{"a": 1}', '{"a": 22}', "<x/>", None, "", '{"a": 3}'))
    codes = coded.codes.tolist()
    assert codes[0] == codes[1] == codes[5] != codes[2]
    assert codes[3] == codes[4] == MISSING
    assert sorted(coded.labels) == ["json{a:int}", "xml<x>"]


def test_rare_shapes_beyond_the_parse_limit_keep_their_masked_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the most frequent masked payloads are parsed; rarer ones stay distinct."""
    monkeypatch.setattr(payloads, "MAX_PARSED", 1)
    rows = [json.dumps({"a": i}) for i in range(5)] + ['{"b": "x"}']
    coded = shape_codes(column(*rows))
    assert coded.label(int(coded.codes[0])) == "json{a:int}"
    assert coded.label(int(coded.codes[5])) == 'other {"b": "a"}'


def test_many_distinct_payloads_collapse_to_few_shapes() -> None:
    """Ids and amounts differ on every row, yet the column has one shape per structure."""
    rows = [
        json.dumps({"order": f"SO-{i}", "total": i * 1.25, "who": f"Ann {i}"}) for i in range(3000)
    ]
    rows += [f"<po><n>{i}</n></po>" for i in range(1000)]
    coded = shape_codes(column(*rows))
    assert set(coded.labels) == {"json{order:A-9, total:num, who:text}", "xml<po, po/n>"}


INVARIANT = [
    '{"order_id": "SO-1234567", "lines": [{"sku": "ABC-12-XL", "qty": 3}], "total": 12.5}',
    '{"customer": "Jane Smith", "first": "Jo", "city": "Paris", "code": "eBay", "n": "été"}',
    '{"note": "say \\"hi\\" now", "a": 1, "b": [1, "x y", "Oslo", "ok"]}',
    '{"amount": "00012.50", "when": "2024-05-01T10:22:00Z", "ok": false, "none": null}',
    '{"key with space": "v", "empty": "", "list": [], "obj": {}}',
    "<order id=\"A-12\"><line n='1'><sku>ABC-1</sku></line><note>Hello there</note></order>",
    'sku=ABC-12;qty=3;customer="Jane Smith";name=Jane;first=Jo',
    "a=1&b=x-y&c=Oslo",
    "a=1 b=22 c=Hello",
    'Order 12345 rejected: SKU ABC-12-XL not found for "Jane" (jane@x.com)',
    "plain words only",
    '{"a" :"Oslo", "b"\t:  "x-1", "c":"", "d"\n: "AB"}',
    '{"k"\u00a0: "v", "e": "é", "s": " : "}',
]


def test_column_templates_equal_the_templates_of_the_raw_values() -> None:
    """Masking the column's distinct values never changes any payload's template."""
    coded = shape_codes(column(*INVARIANT))
    found = [coded.label(int(code)) for code in coded.codes]
    assert found == [payloads.template(value) for value in INVARIANT]


@pytest.mark.parametrize(
    ("payload", "template"),
    [
        ("a=1 b=22 c=Hello", "kv{a=9, b=9, c=text}"),
        ("a=1&b=x-y", "kv{a=9, b=a-a}"),
        ('{"first": "Jo"}', "json{first:Aa}"),
        ('{"note": "say \\"hi\\"", "a": 1}', "json{a:int, note:text}"),
    ],
)
def test_more_templates(payload: str, template: str) -> None:
    """Separators, two-letter names and escaped quotes read as documented."""
    assert shape_of(payload) == template


def test_templates_are_remembered_for_the_next_batch() -> None:
    """A masked payload seen in one batch is not parsed again in the next; a very long
    one is not kept (the memo stays small)."""
    short = '{"memo_probe": "A-0", "n": 0}'
    long = '{"memo_probe": "' + "a" * payloads.MEMO_TEXT + '"}'
    payloads.template(short)
    hits = payloads._remembered.cache_info().hits
    size = payloads._remembered.cache_info().currsize
    assert payloads.template(short) == "json{memo_probe:A-9, n:int}"
    assert payloads._remembered.cache_info().hits == hits + 1
    assert payloads.template(long) == "json{memo_probe:a}"
    assert payloads._remembered.cache_info().currsize == size
