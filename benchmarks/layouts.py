"""Benchmark logs in three layouts, generated fast and cached under benchmarks/out/.

    from benchmarks.layouts import LAYOUTS, cached_layout
    path = cached_layout("long", 1_000_000)       # generated once, reused while unchanged
    .venv/bin/python benchmarks/layouts.py long 1M   # write (or find) one and print its path

All three have the project's own column names (timestamp, exception_id, error_code,
source_system, target_system, payload, handler, resolution, retry_count, retry_outcome,
handoff_status, message), every value as text:

* `current`: `data.generate_samples.generate` (seed 7), as `bench_analyze.py` uses it:
  ~400 groups, nested JSON payloads, messages of a dozen words. That generator is pure Python
  (about 80 s per million rows), so only its first million rows are generated; a larger
  log repeats them (the exception ids stay unique). Said so in the benchmark's notes.
* `long`: long payloads and messages. JSON payloads of 8–12 keys holding ids, amounts,
  e-mail addresses, dates, quantities and flags (1–3 key sets per group), messages of 15–30
  words carrying record ids; ~1,000 groups of Zipf-like sizes.
* `groups`: many groups. 100,000 distinct error codes with a few rows each (uniform), short
  payloads of 3–5 keys, messages of 6–10 words.

`long` and `groups` are vectorised (numpy for the choices, pyarrow compute to build the
strings, pyarrow.csv to write) and written in slices of `CHUNK` rows, each from its own
seeded generator, so memory stays flat whatever the size and a 5M-row log takes seconds.
A log's file name carries a digest of this module (and, for `current`, of the sample
generator), so a changed generator makes new logs.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
LAYOUTS = ("current", "long", "groups")
SEED = 7
CHUNK = 500_000
CURRENT_ROWS = 1_000_000
"""`current` generates at most this many rows with the sample generator, then repeats them."""
SAMPLE_GENERATOR = ("generate_samples.py", "logmaker.py", "render.py", "families.py")
COLUMNS = (
    "timestamp",
    "exception_id",
    "error_code",
    "source_system",
    "target_system",
    "payload",
    "handler",
    "resolution",
    "retry_count",
    "retry_outcome",
    "handoff_status",
    "message",
)
START = np.datetime64("2024-04-01T00:00:00", "s")
DAYS = 60

SYSTEMS = (
    "Shopify", "NetSuite", "OMS", "WMS", "POS", "CRM", "PIM", "Carrier API",
    "Supplier portal", "Loyalty platform", "Amazon", "3PL", "ERP", "Payment gateway",
)  # fmt: skip
HANDLERS = tuple(
    f"{first}.{last}"
    for first in ("ana", "luca", "ines", "dev", "chloe", "farid", "grace", "kemi", "elena")
    for last in ("silva", "ferri", "costa", "patel")
)
RESOLUTIONS = (
    "Re-sent order", "Fixed mapping", "Escalated to vendor", "Adjusted stock by hand",
    "Refunded customer", "Re-sent order to loyalty platform", "Closed as duplicate",
    "Updated the price list", "Corrected the data and resubmitted", "Waited for next sync",
)  # fmt: skip
RETRY_OUTCOMES = ("succeeded", "success", "ok", "failed", "no change", "timeout", "pending")
HANDOFF = ("delivered", "accepted", "200", "failed", "timeout", "rejected", "503", "n/a")
_SENTENCE = (
    "the order could not be synced because target system rejected payload field value format "
    "stock level mismatch between warehouse and store awaiting approval from buyer no rule "
    "defined for this case mapping missing for location code retry scheduled after timeout "
    "customer record duplicate invoice total differs from purchase order tolerance exceeded "
    "shipment held at customs documents missing carrier label not printed price list outdated"
)
WORDS = tuple(_SENTENCE.split())
ID_PREFIXES = ("SO", "PO", "INV", "SKU", "C", "SHP", "R")

# Payload keys and the kind of value each always holds.
KEYS = (
    ("order_id", "id"), ("customer_id", "id"), ("invoice", "id"), ("po_number", "id"),
    ("sku", "sku"), ("store", "id"), ("shipment", "id"), ("receipt", "id"),
    ("total", "amount"), ("tax", "amount"), ("discount", "amount"), ("unit_price", "amount"),
    ("shipping_cost", "amount"), ("refund", "amount"), ("email", "email"),
    ("contact_email", "email"), ("billing_email", "email"), ("created_at", "date"),
    ("shipped_at", "date"), ("due_date", "day"), ("delivery_date", "day"), ("qty", "int"),
    ("lines", "int"), ("points", "int"), ("currency", "code"), ("country", "code"),
    ("channel", "word"), ("status", "word"), ("gift", "flag"), ("express", "flag"),
    ("warehouse", "id"), ("carrier", "word"), ("tracking", "id"), ("batch", "id"),
)  # fmt: skip
KINDS = ("id", "sku", "amount", "email", "date", "day", "int", "code", "word", "flag")
NAMES = tuple(f"{first}.{last}" for first in ("jane", "li", "omar", "sara") for last in HANDLERS)


@dataclass(frozen=True)
class Layout:
    """What a generated layout looks like."""

    groups: int
    zipf: float  # group sizes ∝ 1 / (k + 1) ** zipf; 0: uniform
    keys: tuple[int, int]  # keys per payload, lowest and highest
    variants: int  # key sets per group (the first is the commonest)
    words: tuple[int, int]  # words per message, lowest and highest
    code: str  # error code prefix


SHAPES = {
    "long": Layout(1_000, 0.8, (8, 12), 3, (15, 30), "LONG_ERR"),
    "groups": Layout(100_000, 0.0, (3, 5), 2, (6, 10), "E"),
}


def version(layout: str) -> str:
    """A digest of the generator's source: a new version makes new cached logs."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    if layout == "current":
        for name in SAMPLE_GENERATOR:
            digest.update((ROOT / "data" / name).read_bytes())
    return digest.hexdigest()[:10]


def log_path(layout: str, rows: int, out: Path = OUT) -> Path:
    """Where the log of `layout` with `rows` rows is cached."""
    return out / f"{layout}-{rows}-seed{SEED}-gen{version(layout)}.csv"


def cached_layout(layout: str, rows: int, out: Path = OUT, *, quiet: bool = False) -> Path:
    """The log of `layout` with `rows` rows, generated once and reused while this module (and
    the sample generator for `current`) are unchanged; older versions are removed."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: one of {', '.join(LAYOUTS)}")
    out.mkdir(parents=True, exist_ok=True)
    path = log_path(layout, rows, out)
    if path.exists():
        return path
    for stale in out.glob(f"{layout}-{rows}-seed{SEED}-gen*.csv"):
        stale.unlink()
    start = time.perf_counter()
    partial = path.with_suffix(".partial")
    write(layout, rows, partial)
    partial.replace(path)
    if not quiet:
        took = time.perf_counter() - start
        print(f"  generated {path.name} ({path.stat().st_size / 1024**2:,.0f} MB) in {took:.1f} s")
    return path


def write(layout: str, rows: int, path: Path) -> None:
    """Write the log of `layout` with `rows` rows to `path` as CSV."""
    schema = pa.schema([(name, pa.string()) for name in COLUMNS])
    with pacsv.CSVWriter(path, schema) as writer:
        for batch in batches(layout, rows):
            writer.write_table(batch)


def batches(layout: str, rows: int) -> Iterator[pa.Table]:
    """The log as tables of at most `CHUNK` rows."""
    if layout == "current":
        yield from _current(rows)
        return
    shape = SHAPES[layout]
    plan = _plan(shape)
    for number, start in enumerate(range(0, rows, CHUNK)):
        rng = np.random.default_rng([SEED, number])
        yield _chunk(shape, plan, min(CHUNK, rows - start), start, rng)


def _current(rows: int) -> Iterator[pa.Table]:
    sys.path.insert(0, str(ROOT))
    from data.generate_samples import generate

    first = pa.Table.from_pandas(generate(min(rows, CURRENT_ROWS), SEED), preserve_index=False)
    first = first.select(list(COLUMNS)).cast(pa.schema([(n, pa.string()) for n in COLUMNS]))
    done = 0
    while done < rows:
        part = first.slice(0, rows - done)
        if done:  # a repeat: new exception ids, all else the same
            ids = _join("EX-", _text(np.arange(done + 1, done + len(part) + 1)))
            part = part.set_column(COLUMNS.index("exception_id"), "exception_id", ids)
        yield part
        done += len(part)


@dataclass(frozen=True)
class _Plan:
    """Per group, what its rows draw from (fixed for the whole log)."""

    weights: npt.NDArray[np.float64]
    boundary: npt.NDArray[np.int64]  # index into SYSTEMS pairs
    templates: npt.NDArray[np.int64]  # (groups, variants): key-set numbers
    handlers: npt.NDArray[np.int64]  # (groups, 6): handler numbers; the first few are used
    handler_count: npt.NDArray[np.int64]
    keys: npt.NDArray[np.int64]  # (key sets, 12): key numbers, -1 past the key set's end


def _plan(shape: Layout) -> _Plan:
    rng = np.random.default_rng([SEED, 10**6])
    groups = shape.groups
    ranks = np.arange(groups, dtype=np.float64)
    weights = 1 / (ranks + 1) ** shape.zipf
    pairs = len(SYSTEMS) * (len(SYSTEMS) - 1)
    key_sets = max(50, groups // 20) if groups > 10_000 else groups * shape.variants
    low, high = shape.keys
    keys = np.full((key_sets, 12), -1, dtype=np.int64)
    counts = rng.integers(low, high + 1, size=key_sets)
    for number, count in enumerate(counts):
        keys[number, :count] = rng.choice(len(KEYS), size=count, replace=False)
    return _Plan(
        weights=weights / weights.sum(),
        boundary=rng.integers(0, pairs, size=groups),
        templates=rng.integers(0, key_sets, size=(groups, shape.variants)),
        handlers=rng.integers(0, len(HANDLERS), size=(groups, 6)),
        handler_count=rng.integers(3, 7, size=groups),
        keys=keys,
    )


def _chunk(
    shape: Layout, plan: _Plan, rows: int, offset: int, rng: np.random.Generator
) -> pa.Table:
    group = rng.choice(shape.groups, size=rows, p=plan.weights)
    width = len(str(shape.groups - 1))
    codes = _join(f"{shape.code}_", pc.utf8_lpad(_text(group), width, "0"))
    pair = plan.boundary[group]
    moved = rng.random(rows) < 0.05  # one row in twenty crosses another boundary
    pair = np.where(moved, rng.integers(0, len(SYSTEMS) * (len(SYSTEMS) - 1), size=rows), pair)
    source = pair // (len(SYSTEMS) - 1)
    target = pair % (len(SYSTEMS) - 1)
    target = target + (target >= source)  # never the source itself
    variant = rng.choice(shape.variants, size=rows, p=_variant_weights(shape.variants))
    key_set = plan.templates[group, variant]
    handler = plan.handlers[group, rng.integers(0, 6, size=rows) % plan.handler_count[group]]
    retries = rng.choice(4, size=rows, p=[0.6, 0.2, 0.12, 0.08])
    outcome = _pick(RETRY_OUTCOMES, rng, rows)
    no_outcome = pa.array(np.where(retries == 0, "", "x"))
    seconds = rng.integers(0, DAYS * 86_400, size=rows)
    stamps = pa.array(START + seconds.astype("timedelta64[s]"), type=pa.timestamp("s"))
    columns = {
        "timestamp": _iso(stamps),
        "exception_id": _join("EX-", _text(np.arange(offset + 1, offset + rows + 1))),
        "error_code": codes,
        "source_system": _take(SYSTEMS, source),
        "target_system": _take(SYSTEMS, target),
        "payload": _payload(plan.keys[key_set], rng),
        "handler": _take(HANDLERS, handler),
        "resolution": _pick(RESOLUTIONS, rng, rows),
        "retry_count": _text(retries),
        "retry_outcome": pc.if_else(pc.equal(no_outcome, ""), "", outcome),
        "handoff_status": _pick(HANDOFF, rng, rows),
        "message": _message(shape.words, rng, rows),
    }
    return pa.table(columns)


def _variant_weights(variants: int) -> npt.NDArray[np.float64]:
    weights = np.array([0.8, 0.15, 0.05][:variants]) if variants <= 3 else np.ones(variants)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _iso(stamps: pa.Array) -> pa.Array:
    """Times as ISO 8601 in UTC ("2024-04-12T11:34:01Z"); a cast is 6× faster than strftime."""
    return _join(pc.replace_substring(pc.cast(stamps, pa.string()), " ", "T"), "Z")


def _text(values: npt.NDArray[np.integer]) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def _join(*parts: str | pa.Array) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _take(values: tuple[str, ...], index: npt.NDArray[np.integer]) -> pa.Array:
    return pa.array(values, type=pa.string()).take(pa.array(index))


def _pick(values: tuple[str, ...], rng: np.random.Generator, rows: int) -> pa.Array:
    return _take(values, rng.integers(0, len(values), size=rows))


def _digits(rng: np.random.Generator, rows: int, low: int, high: int) -> pa.Array:
    return _text(rng.integers(low, high, size=rows))


def _values(kind: str, rng: np.random.Generator, rows: int) -> pa.Array:
    """One JSON value of `kind` per row, as its JSON text."""
    if kind == "id":
        prefix = _pick(ID_PREFIXES, rng, rows)
        return _join('"', prefix, "-", _digits(rng, rows, 1_000, 10_000_000), '"')
    if kind == "sku":
        size = _pick(("S", "M", "L", "XL"), rng, rows)
        style = _pick(("TEE", "SHO", "BLT"), rng, rows)
        return _join('"', style, "-", _digits(rng, rows, 1_000, 10_000), "-", size, '"')
    if kind == "amount":
        cents = pc.utf8_lpad(_digits(rng, rows, 0, 100), 2, "0")
        return _join(_digits(rng, rows, 1, 10_000), ".", cents)
    if kind == "email":
        return _join('"', _pick(NAMES, rng, rows), "@example.com", '"')
    if kind in ("date", "day"):
        seconds = rng.integers(0, 400 * 86_400, size=rows).astype("timedelta64[s]")
        stamps = pa.array(START + seconds, type=pa.timestamp("s"))
        text = (
            _iso(stamps) if kind == "date" else pc.cast(pc.cast(stamps, pa.date32()), pa.string())
        )
        return _join('"', text, '"')
    if kind == "int":
        return _digits(rng, rows, 1, 5_000)
    if kind == "code":
        return _join('"', _pick(("EUR", "USD", "GBP", "DE", "FR"), rng, rows), '"')
    if kind == "word":
        return _join('"', _pick(("web", "store", "app", "marketplace", "pending"), rng, rows), '"')
    return _pick(("true", "false"), rng, rows)  # flag


def _payload(keys: npt.NDArray[np.int64], rng: np.random.Generator) -> pa.Array:
    """Flat JSON objects: per row the keys of its key set (-1: none), in the set's order."""
    rows = len(keys)
    names = pa.array([f'"{name}": ' for name, _ in KEYS], type=pa.string())
    kinds = np.array([KINDS.index(kind) for _, kind in KEYS])
    parts = []
    for slot in range(keys.shape[1]):
        key = keys[:, slot]
        present = key >= 0
        if not present.any():
            break
        kind = np.where(present, kinds[np.maximum(key, 0)], len(KINDS))
        # each kind's values made for its rows only, then put in row order
        order = np.argsort(kind, kind="stable")
        sizes = np.bincount(kind, minlength=len(KINDS) + 1)
        made = [_values(name, rng, int(n)) for name, n in zip(KINDS, sizes, strict=False) if n]
        made.append(pa.array([""] * int(sizes[-1]), type=pa.string()))
        back = np.empty(rows, dtype=np.int64)
        back[order] = np.arange(rows)
        values = pa.concat_arrays(made).take(pa.array(back))
        text = _join("" if slot == 0 else ", ", names.take(pa.array(np.maximum(key, 0))), values)
        parts.append(pc.if_else(pa.array(present), text, ""))
    return _join("{", *parts, "}")


def _message(words: tuple[int, int], rng: np.random.Generator, rows: int) -> pa.Array:
    """Messages of `words` words, each drawn at random, one of them (the fourth to seventh)
    a record id."""
    low, high = words
    count = rng.integers(low - 1, high, size=rows)  # the id is one more word
    before = np.minimum(rng.integers(3, 7, size=rows), count - 1)
    head = _words(before, rng)
    tail = _words(count - before, rng)
    record = _join(_pick(ID_PREFIXES, rng, rows), "-", _digits(rng, rows, 1_000, 10_000_000))
    return _join(pc.utf8_capitalize(head), " ", record, " ", tail)


def _words(count: npt.NDArray[np.int64], rng: np.random.Generator) -> pa.Array:
    offsets = np.concatenate([[0], np.cumsum(count)]).astype(np.int32)
    drawn = _take(WORDS, rng.integers(0, len(WORDS), size=int(offsets[-1])))
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), drawn), " ")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in LAYOUTS:
        print(f"usage: layouts.py {{{','.join(LAYOUTS)}}} ROWS", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_table import parse_sizes

    print(cached_layout(args[0], parse_sizes(args[1])[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
