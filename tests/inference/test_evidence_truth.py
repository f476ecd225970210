"""Every evidence sentence is true of its data (issue 9, point 3).

Each sample log listed in `data/ground_truth.json` is analysed through the public API, as
`python -m framework analyze` does: `framework.read_log_file`, then `framework.analyze_table`
with the recorded mapping (every other field unmapped) and group-by; the system log's row
filter (`level` WARN or ERROR) is applied to the frame first. Each group's evidence sentence
for each question is cut into clauses at "; ", and each clause must be of exactly one kind
in `CLAUSES`: a regular expression that reads its numbers and names, and a check that
compares them with a computation made here from the raw file. A clause of no known kind
fails `test_every_clause_is_of_a_checked_kind`, so a new wording fails until its check is
written; `test_a_number_changed_is_caught` shows the checks catch a number off by one.

Independent: the file is read with `pandas.read_csv` or `json` (`SOURCES`), the word lists
and thresholds with `yaml` from questions.yaml, and every count is made here with pandas and
`re` after the documented readings (placeholders are missing values; words match whole,
failure words first for outcomes, neutral phrases out and digits read as 0 for causes; an
action is a short code as it is, or free text without ids, numbers and references; a
resolver is a person, not a system account) — never with framework's readers, mapping,
tallies or metrics. A unit is a row, or in an event log (`unit: cases`) a case: its events
ordered by time (first group, boundary, payload and root cause; last resolution; the last
person who handled it; first and last message), and what only its activities show, read per
log as its ground truth's `shown_by_activity` and data/README.md describe (`CASE_FACTS`).

Checked exactly, per group: its size ("of N occurrences": rows, or cases) and the days it
fired on; the boundaries (the commonest, its share, ties, how many in all, "all cross");
the units with a payload; the handlers with enough occurrences, the occurrences they carry,
the commonest action, its share and ties, one action for all, and the share of the action's
variation the handler explains (Theil's U with the Miller–Madow correction, from a
crosstab); retried units, those with a readable outcome and those that cleared; units with
a readable handoff status and those delivered; in an event log, the cases with a success or
a failure on record and those that fired after a success (read per log from what its
activities show); the classified root causes or messages, those on the
integration side, and that a sentence saying only "schema mismatch" counts no failed
connection; every closing clause (too few occurrences, between the marks, too few days)
against questions.yaml; every "the log has no … column" against the mapping.

Only bounded: the payload shapes ("the commonest shape covers 95% (2 shapes in all)", and
the share of the dominant shape-and-boundary pair). A shape is a template of field paths
and value formats; recomputing it would be copying the engine. What holds whatever the
template is checked: payloads with other top-level fields never share a shape, so there are
at least as many shapes as field sets and at most as many as distinct payloads, and the
commonest shape (alone, or with its boundary) covers no more than the commonest field set
(alone, or with that boundary).

Taken from the engine: the system log's groups are the message templates it names. That
each kept message fits exactly one group's template (each placeholder read as what it
masks) is checked; the group's numbers are then recomputed from those messages.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
import yaml

import framework

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TRUTH: dict[str, Any] = json.loads((DATA / "ground_truth.json").read_text(encoding="utf-8"))
FILES = tuple(TRUTH["files"])
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "questions.yaml").read_text(encoding="utf-8"))
WORDS: dict[str, list[str]] = SPEC["vocabulary"]
RULES: dict[str, dict[str, Any]] = SPEC["inference"]
QUESTIONS = tuple(RULES)
NONE = "\0none"
"""A unit without a recorded boundary (one more value among the boundaries)."""


@dataclass(frozen=True)
class Source:
    """How to read a sample with pandas: separator (None: JSON Lines), encoding, and the
    timestamp format (`strptime`; "ms": epoch milliseconds; None: ISO 8601)."""

    sep: str | None
    encoding: str = "utf-8"
    time: str | None = None


SOURCES = {
    "exceptions_ops.csv": Source(","),
    "helpdesk_export.csv": Source(";", time="%m/%d/%Y %I:%M %p"),
    "integration_events.jsonl": Source(None, time="ms"),
    "incident_events.csv": Source(",", time="%d/%m/%Y %H:%M"),
    "process_mining.csv": Source(","),
    "system_log.jsonl": Source(None),
    "exports_fr.csv": Source(";", "utf-8-sig", "%d/%m/%Y %H:%M"),
    "exports_de.csv": Source(";", "cp1252", "%d.%m.%Y %H:%M"),
    "period_before.csv": Source(","),
    "period_after.csv": Source(","),
}


# --- the raw file, read with pandas alone ----------------------------------------------------


def read_raw(name: str) -> pd.DataFrame:
    """The file as text cells (None where empty); nested JSON values as JSON text."""
    source, path = SOURCES[name], DATA / name
    if source.sep is None:
        records = [
            {key: _cell(value) for key, value in json.loads(line).items()}
            for line in path.read_text(encoding=source.encoding).splitlines()
            if line.strip()
        ]
        return pd.DataFrame(records, dtype=object)
    frame = pd.read_csv(
        path, sep=source.sep, encoding=source.encoding, dtype=str, keep_default_na=False
    )
    return frame.astype(object).where(frame != "", None)


def _cell(value: object) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)


def times(name: str, column: pd.Series[Any]) -> pd.Series[Any]:
    """UTC times of a timestamp column."""
    fmt = SOURCES[name].time
    if fmt == "ms":
        return pd.to_datetime(pd.to_numeric(column), unit="ms", utc=True)
    if fmt is None:
        return pd.to_datetime(column, utc=True, format="ISO8601")
    return pd.to_datetime(column, utc=True, format=fmt)


def clean(column: pd.Series[Any]) -> pd.Series[Any]:
    """Trimmed, single-spaced text; empty cells and placeholders ("?", "n/a" …) missing."""
    placeholders = {word.strip().lower() for word in WORDS["missing"]}

    def read(value: object) -> str | None:
        missing = value is None or (isinstance(value, float) and math.isnan(value))
        text = "" if missing else " ".join(str(value).split())
        return None if not text or text.lower() in placeholders else text

    return column.map(read).astype(object)


def fold(text: str) -> str:
    """Accents taken off and "ß" written "ss", as questions.yaml says words are matched."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phrases(words: list[str]) -> re.Pattern[str]:
    """Any of the words or phrases as whole words, any case and accents aside ("-", "_",
    " " alike); match it against `fold`ed text."""
    folded = {fold(w.strip().lower()) for w in words if w.strip()}
    ordered = sorted(folded, key=lambda w: (-len(w), w))
    parts = [
        r"[\s_-]+".join(map(re.escape, w.replace("_", " ").replace("-", " ").split()))
        for w in ordered
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE | re.ASCII)


SUCCESS, FAILURE = phrases(WORDS["success"]), phrases(WORDS["failure"])
INTEGRATION = phrases(WORDS["schema"] + WORDS["connection"])
RULE, NEUTRAL = phrases(WORDS["rule"]), phrases(WORDS["neutral"])
CORRECTION, RESUBMIT = phrases(WORDS["correction"]), phrases(WORDS["resubmit"])
SYSTEM_ACCOUNT = phrases(WORDS["system_account"])
AUTOMATIC_RETRY = phrases(WORDS["automatic_retry"])
SCHEMA = phrases(WORDS["schema"])


def outcome(value: object) -> int:
    """1 success, 0 failure, -1 unreadable: failure words counted first and taken out."""
    if not isinstance(value, str):
        return -1
    value = fold(value)
    failures = len(FAILURE.findall(value))
    successes = len(SUCCESS.findall(FAILURE.sub(" ", value)))
    return 1 if successes > failures else 0 if failures > successes else -1


def cause(value: object) -> int:
    """1 integration side (schema or connection words), 0 rule words, -1 neither. Digits are
    read as 0 (free text: ids and numbers are no words); neutral phrases are taken out."""
    if not isinstance(value, str):
        return -1
    text = NEUTRAL.sub(" ", re.sub(r"[0-9]", "0", fold(value.lower())))
    schema, rule = len(INTEGRATION.findall(text)), len(RULE.findall(text))
    return 1 if schema > rule else 0 if rule > schema else -1


def action(value: object) -> str | None:
    """The action a resolution names: a code of up to three words as it is; free text
    without its references ("(see ticket HD-1)"), numbers and ids; any case."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if len(text.split()) > 3:
        text = re.sub(r"\s*[(\[][^()\[\]]*[0-9][^()\[\]]*[)\]]", "", text)
        text = re.sub(r"[\w./#:+-]*[0-9][\w./#:+-]*", _id_or_number, text)
    return " ".join(text.split()).strip(" .,;:-").lower() or None


def _id_or_number(match: re.Match[str]) -> str:
    token = match.group(0)
    core = token.rstrip(".,:;/+-")
    return ("<id>" if re.search(r"[^\W\d_]", core) else "<n>") + token[len(core) :]


def fields_of(payload: object) -> str | None:
    """A payload's format and top-level field names: JSON keys, XML child tags, keys of
    key=value pairs; free text has none ("text")."""
    if not isinstance(payload, str):
        return None
    text = payload.strip()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        return "json " + ",".join(sorted(parsed))
    if text.startswith("<"):
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError:
            return "text"
        return f"xml {root.tag} " + ",".join(sorted({child.tag for child in root}))
    keys = re.findall(r"(?:^|[;&|,\s])\s*([A-Za-z_][\w.\-\[\]]*)\s*=", text)
    return "kv " + ",".join(sorted(set(keys))) if keys else "text"


# --- one unit per row, or per case ------------------------------------------------------------

UNIT_FIELDS = (
    "boundary",
    "payload",
    "handler",
    "resolution",
    "retry_count",
    "retry_outcome",
    "handoff_status",
    "message",
    "root_cause",
)


def boundaries(frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.Series[Any]:
    """'Source → Target' per row ('?' for a missing side), or a boundary column's value with
    its arrow ("->", ">", " to ") written ' → '; None without either."""
    if "source_system" in mapping or "target_system" in mapping:
        sides = [
            clean(frame[mapping[key]]) if key in mapping else pd.Series(None, index=frame.index)
            for key in ("source_system", "target_system")
        ]
        joined = [
            None if a is None and b is None else f"{a or '?'} → {b or '?'}"
            for a, b in zip(sides[0], sides[1], strict=True)
        ]
        return pd.Series(joined, index=frame.index, dtype=object)
    if "boundary" in mapping:
        arrow = re.compile(r"\s*(?:-+>|=+>|→|>)\s*|\s+to\s+", re.IGNORECASE)
        return clean(frame[mapping["boundary"]]).map(
            lambda value: None if value is None else arrow.sub(" → ", value, count=1)
        )
    return pd.Series(None, index=frame.index, dtype=object)


def row_units(name: str, raw: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    """One unit per row: time, group (its group column; None for a template log) and the
    fields the sentences speak of (None where the log has no column for them)."""
    units = pd.DataFrame(index=raw.index)
    units["time"] = times(name, raw[mapping["timestamp"]]) if "timestamp" in mapping else pd.NaT
    code = mapping.get("error_code")
    units["group"] = clean(raw[code]).fillna("(blank)") if code else None
    units["boundary"] = boundaries(raw, mapping)
    for field in UNIT_FIELDS[1:]:
        units[field] = clean(raw[mapping[field]]) if field in mapping else None
    units["retried"] = _sent_again(units)
    return units.reset_index(drop=True)


def _sent_again(units: pd.DataFrame) -> pd.Series[Any]:
    """Sent again as it was: a retry count above 0 or a readable retry outcome, unless the
    resolution or the message names a correction and a resubmission."""
    counted = units["retry_count"].map(_number) > 0
    readable = units["retry_outcome"].map(lambda v: outcome(_lower(v)) >= 0)
    fixed = pd.Series(False, index=units.index)
    for field in ("resolution", "message"):
        fixed |= units[field].map(
            lambda v: (
                isinstance(v, str) and bool(CORRECTION.search(fold(v)) and RESUBMIT.search(fold(v)))
            )
        )
    return (counted | readable) & ~fixed


def _number(value: str | None) -> float:
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return 0.0


def _lower(value: object) -> str | None:
    return value.lower() if isinstance(value, str) else None


def case_units(name: str, raw: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    """One unit per case: its events ordered by time (then by place in the file); first
    time, group, boundary and payload; last resolution; the last person who handled it;
    first and last message; and what its activities show (`CASE_FACTS`)."""
    events = pd.DataFrame(
        {
            "case": clean(raw[mapping["case_id"]]),
            "t": times(name, raw[mapping["timestamp"]]),
            "group": clean(raw[mapping["error_code"]]),
            "boundary": boundaries(raw, mapping),
            **{
                field: clean(raw[mapping[field]]) if field in mapping else None
                for field in ("payload", "handler", "resolution", "message", "root_cause")
            },
        }
    )
    events["order"] = np.arange(len(events))
    events = events[events["case"].notna()].sort_values(["case", "t", "order"], kind="stable")
    per_case = events.groupby("case", sort=True)
    units = pd.DataFrame(index=per_case.size().index)
    units["time"] = per_case["t"].min()
    for field in ("group", "boundary", "payload", "root_cause"):
        units[field] = per_case[field].first()
    units["resolution"] = per_case["resolution"].last()
    units["handler"] = _resolvers(events, len(units))
    first, last = per_case["message"].first(), per_case["message"].last()
    both = [a if b is None or a == b else f"{a} | {b}" for a, b in zip(first, last, strict=True)]
    units["message"] = pd.Series(both, index=units.index, dtype=object)
    units = units.join(CASE_FACTS[name](raw.loc[events.index], mapping, events["case"]))
    for field in ("retry_count", "retry_outcome", "handoff_status"):
        units[field] = None
    return units.reset_index(drop=True).astype({"group": object})


def _resolvers(events: pd.DataFrame, cases: int) -> pd.Series[Any]:
    """Per case, the last handler who is a person: not named like a system account, and
    not on half of all cases or more (and on 10 or more)."""
    spread = events.dropna(subset=["handler"]).groupby("handler")["case"].nunique()
    system = {
        who
        for who, many in spread.items()
        if SYSTEM_ACCOUNT.search(fold(str(who))) or many >= max(10, cases / 2)
    }
    people = events[events["handler"].notna() & ~events["handler"].isin(system)]
    return people.groupby("case")["handler"].last()


def _outcome_places(
    raw: pd.DataFrame, mapping: Mapping[str, str], case: pd.Series[Any]
) -> pd.DataFrame:
    """Per case: the place in the file (in time order) of its first activity named as a
    success after the one that opened it (an opening "Order completed" is where a case
    starts), and of its first activity named as a failure."""
    activity = raw[mapping["activity"]].map(lambda v: outcome(_lower(v)))
    order = pd.Series(np.arange(len(raw)), index=raw.index)
    opening = order.groupby(case).transform("min")
    places = pd.DataFrame(index=case.drop_duplicates().to_numpy())
    places["success"] = order.where((activity == 1) & (order > opening)).groupby(case).min()
    places["failure"] = order.where(activity == 0).groupby(case).min()
    return places


def _incident_facts(
    raw: pd.DataFrame, mapping: Mapping[str, str], case: pd.Series[Any]
) -> pd.DataFrame:
    """Incidents: never retried; known once Resolved (or failed); fired after a success
    when `reopen_count` rises (Resolved, then Active again)."""
    reopens = pd.to_numeric(raw["reopen_count"]).groupby(case).agg(["first", "max"])
    places = _outcome_places(raw, mapping, case).reindex(reopens.index)
    facts = pd.DataFrame(index=reopens.index)
    facts["retried"] = False
    facts["cleared"] = False
    facts["known"] = places["success"].notna() | places["failure"].notna()
    facts["fired"] = facts["known"] & (reopens["max"] > reopens["first"])
    return facts


def _process_mining_facts(
    raw: pd.DataFrame, mapping: Mapping[str, str], case: pd.Series[Any]
) -> pd.DataFrame:
    """Process mining: retried when an 'Automatic retry' occurs, cleared when the platform
    (SYSTEM) closed the case after it; fired after a success when a 'Sync to … succeeded'
    came before any 'Sync to … failed' and before any person (not SYSTEM) acted, or when
    'Case reopened' follows a 'Case closed'."""
    activity, resource = raw[mapping["activity"]], raw[mapping["handler"]]
    order = pd.Series(np.arange(len(raw)), index=raw.index)

    def first(rows: pd.Series[Any]) -> pd.Series[Any]:
        return order.where(rows).groupby(case).min()

    retry = first(activity == "Automatic retry")
    platform = (activity == "Case closed") & (resource == "SYSTEM")
    closed_by_platform = order.where(platform).groupby(case).max()
    synced = first(activity.str.match(r"Sync to .+ succeeded$"))
    failed = first(activity.str.match(r"Sync to .+ failed$")).reindex(retry.index)
    person = first(resource.notna() & (resource != "SYSTEM")).reindex(retry.index)
    before = pd.concat([failed, person], axis="columns").min(axis="columns").fillna(np.inf)
    reopened = order.where(activity == "Case reopened").groupby(case).max()
    closed = first(activity == "Case closed")
    places = _outcome_places(raw, mapping, case).reindex(retry.index)
    facts = pd.DataFrame(index=retry.index)
    facts["retried"] = retry.notna()
    facts["cleared"] = facts["retried"] & (closed_by_platform > retry)
    facts["known"] = places["success"].notna() | places["failure"].notna()
    came_back = reopened.reindex(retry.index) > closed.reindex(retry.index)
    facts["fired"] = facts["known"] & ((synced.reindex(retry.index) < before) | came_back)
    return facts


CaseFacts = Callable[[pd.DataFrame, Mapping[str, str], "pd.Series[Any]"], pd.DataFrame]
CASE_FACTS: dict[str, CaseFacts] = {
    "incident_events.csv": _incident_facts,
    "process_mining.csv": _process_mining_facts,
}
"""Per event log, what only its activities show (data/README.md, `shown_by_activity`)."""


# --- the system log's groups: templates the engine names ---------------------------------------

TEMPLATE_LENGTH = 160
"""Characters of a template the engine keeps as a group's name."""
MASKED = {
    "<n>": r"[0-9]+(?:[.,][0-9]+)*(?:ms|s|sec|secs|min|mins|h|kb|mb|gb|%)?",
    "<id>": r"(?:(?=[\w#./:-]*[A-Za-z])(?=[\w#./:-]*[0-9])[\w#./:-]+|[0-9]+(?:[-/.:_#]+[0-9]+)+)",
    "<code>": r"[A-Z]{2,5}",
    "<q>": r"[^'\"]*",
}
"""What a placeholder of a template stands for (any other, e.g. <host>, <url>: a word)."""


def template_pattern(label: str) -> re.Pattern[str]:
    """The messages a template describes: its text as it is, each placeholder read as what
    it masks (a template cut at its length limit matches the start of a message)."""
    parts = re.split(r"(<[a-z]+>)", label)
    body = "".join(
        MASKED.get(part, r"\S+") if index % 2 else re.escape(part)
        for index, part in enumerate(parts)
    )
    return re.compile(body if len(label) >= TEMPLATE_LENGTH else body + r"\Z")


def template_groups(
    units: pd.DataFrame, labels: list[str]
) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """Per unit: the one group whose template its message fits (None if not exactly one),
    and how many templates it fits."""
    patterns = [(label, template_pattern(label)) for label in labels]
    fitting = units["message"].map(
        lambda message: [label for label, p in patterns if message and p.match(message)]
    )
    return fitting.map(lambda found: found[0] if len(found) == 1 else None), fitting.map(len)


# --- a sample analysed, and its units ----------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """A sample log: the analysis the public API gives, and its units read here."""

    name: str
    analysis: framework.Analysis
    units: pd.DataFrame
    mapped: frozenset[str]
    cases: bool
    fits: pd.Series[Any] | None = None


def load_sample(name: str, spec: framework.Spec) -> Sample:
    """Analyse a sample with its recorded mapping (nothing else mapped), group-by and row
    filter; read its units from the raw file."""
    truth = TRUTH["files"][name]
    mapping = {field: column for field, column in truth["mapping"].items() if column}
    table = framework.read_log_file(DATA / name)
    raw = read_raw(name)
    for column, values in (truth.get("row_filter") or {}).items():
        kept = table.frame[column].isin(values).to_numpy()
        table = dataclasses.replace(table, frame=table.frame[kept].reset_index(drop=True))
        raw = raw[raw[column].isin(values)].reset_index(drop=True)
    choices = {field: mapping.get(field) for field in framework.FIELD_IDS}
    _, analysis = framework.analyze_table(
        table, spec, column_choices=choices, group_by=truth["group_by"]
    )
    cases = truth.get("unit") == "cases"
    units = case_units(name, raw, mapping) if cases else row_units(name, raw, mapping)
    fits = None
    if truth["group_by"] == "message_template":
        units["group"], fits = template_groups(units, [g.group for g in analysis.groups])
    return Sample(name, analysis, units, frozenset(mapping), cases, fits)


@pytest.fixture(scope="module")
def samples(spec: framework.Spec) -> dict[str, Sample]:
    return {name: load_sample(name, spec) for name in FILES}


@dataclass
class Group:
    """One group of a sample: its units, and what a sentence's head clause found (the
    occurrences the answer rests on and its share) for the clauses after it."""

    sample: Sample
    label: str
    question: str
    rows: pd.DataFrame
    rests_on: int | None = None
    share: float | None = None

    @property
    def rule(self) -> dict[str, Any]:
        return RULES[self.question]

    @property
    def days(self) -> int:
        return int(self.rows["time"].dropna().dt.floor("D").nunique())

    def lacks(self, *fields: str) -> bool:
        return not set(fields) & self.sample.mapped

    def with_payload(self) -> pd.DataFrame:
        """The units a payload reading counts: those with a payload (all without the column)."""
        if "payload" not in self.sample.mapped:
            return self.rows
        return self.rows[self.rows["payload"].notna()]

    def handled(self) -> pd.DataFrame:
        """Units with both a handler (any case) and an action."""
        both = pd.DataFrame(
            {"who": self.rows["handler"].map(_lower), "what": self.rows["resolution"].map(action)}
        )
        return both.dropna()

    def regulars(self) -> pd.DataFrame:
        """Handled units of the handlers with `min_rows_per_handler` of them or more."""
        both = self.handled()
        per = both.groupby("who")["what"].transform("size")
        return both[per >= int(self.rule["params"]["min_rows_per_handler"])]


# --- clause kinds: what each says, and its check ------------------------------------------------

PCT = r"\d+(?:\.\d)?%"
Check = Callable[[Group, "Found"], Iterator[str]]


@dataclass(frozen=True)
class Clause:
    """A kind of clause an evidence sentence is made of, for a question ("*": any)."""

    question: str
    kind: str
    pattern: re.Pattern[str]
    check: Check
    alternatives: Mapping[str, str] = dataclasses.field(default_factory=dict)


def said(text: str) -> float:
    """A percentage as the sentence gives it, as a share."""
    return float(text.rstrip("%")) / 100


def pct_problem(what: str, text: str, share: float, tolerance: float = 0.0) -> Iterator[str]:
    """A problem if `text` is not `share` as the sentence rounds it (whole, or one decimal
    where rounding would land on a mark); `tolerance` for a share computed by another
    formula (float rounding)."""
    near = {share - tolerance, share, share + tolerance}
    if text not in {f"{value:{places}%}" for value in near for places in (".0", ".1")}:
        yield f"{what}: says {text}, the data gives {share:.2%}"


def same(what: str, text: object, found: object) -> Iterator[str]:
    if str(text) != str(found):
        yield f"{what}: says {text}, the data gives {found}"


def at_most(what: str, text: str, bound: float) -> Iterator[str]:
    if said(text) > bound + 0.005:
        yield f"{what}: says {text}, at most {bound:.2%} possible"


def _top(counts: pd.Series[Any]) -> tuple[int, int, int]:
    """(the top count, how many values share it, the total) of value counts."""
    if counts.empty:
        return 0, 0, 0
    top = int(counts.max())
    return top, int((counts == top).sum()), int(counts.sum())


# payload_consistent


def _no_payload_columns(g: Group, m: Found) -> Iterator[str]:
    if not g.lacks("payload", "source_system", "target_system", "boundary"):
        yield "the log has a payload or a boundary"


def _no_payload(g: Group, m: Found) -> Iterator[str]:
    g.rests_on = len(g.with_payload())
    yield from same("occurrences with a payload", 0, g.rests_on)


def _payload_head(g: Group, m: Found) -> Iterator[str]:
    """Pair or shape alone: the rows with a payload; the share is bounded by the commonest
    field set (with its boundary for the pair). Boundary alone: its commonest share."""
    rows = g.with_payload()
    g.rests_on = len(rows)
    yield from same("occurrences read", m["n"], len(rows))
    if m["what"] == "cross one boundary":
        counts = rows["boundary"].fillna(NONE).value_counts()
        top, _, total = _top(counts)
        g.share = top / total if total else 0.0
        yield from pct_problem("commonest boundary's share", m["pct"], g.share)
        if total and counts.index[0] == NONE:
            yield "the commonest is no recorded boundary: they cross none"
        return
    g.share = said(m["pct"])
    fields = rows["payload"].map(fields_of)
    if m["what"].endswith("and one boundary"):
        fields = fields + "|" + rows["boundary"].fillna(NONE)
    top, _, total = _top(fields.value_counts())
    yield from at_most("dominant pattern's share", m["pct"], top / total if total else 0.0)
    if m["shapes"]:
        yield from _shape_count(rows, int(m["shapes"]))


def _shape_count(rows: pd.DataFrame, shapes: int) -> Iterator[str]:
    least = rows["payload"].map(fields_of).nunique()
    most = rows["payload"].map(lambda p: re.sub(r"[0-9]", "0", p)).nunique()
    if not least <= shapes <= most:
        yield f"{shapes} shapes: the data has {least} field sets and {most} distinct payloads"


def _boundary(g: Group, m: Found) -> Iterator[str]:
    counts = g.with_payload()["boundary"].fillna(NONE).value_counts()
    top, ties, total = _top(counts)
    values = set(counts.index)
    if m["all"] is not None:
        yield from same("boundaries crossed", {m["all"]}, values)
        return
    if m["none"] is not None:
        yield from same("boundaries crossed", {NONE}, values)
        return
    yield from same("boundaries in all", m["count"], len(values - {NONE}))
    yield from pct_problem("commonest boundary's share", m["bshare"], top / total)
    yield from same("boundaries tied as the commonest", m["ties"] or 1, ties)
    if m["name"] is not None and ties == 1:
        name = NONE if m["name"] == "no recorded boundary" else m["name"]
        yield from same("commonest boundary", name, counts.index[0])


def _commonest_shape(g: Group, m: Found) -> Iterator[str]:
    rows = g.with_payload()
    top, _, total = _top(rows["payload"].map(fields_of).value_counts())
    yield from at_most("commonest shape's share", m["sshare"], top / total if total else 0.0)
    if m["ties"]:
        yield from at_most("tied shapes' shares", m["sshare"], 1 / int(m["ties"]))
    yield from _shape_count(rows, int(m["shapes"]))


def _half(g: Group, m: Found) -> Iterator[str]:
    lacking = {"payload": ("payload",), "source/target or boundary": BOUNDARY_FIELDS}
    if not g.lacks(*lacking[m["lacking"]]):
        yield f"the log has a {m['lacking']} column"
    other = "boundary" if m["lacking"] == "payload" else "payload shape"
    yield from same("the half it rests on", other, m["half"])
    if m["needed"] is not None:
        needed = max(g.rule["params"]["half_high_at"], g.rule["high_at"])
        yield from pct_problem("share the half needs", m["needed"], needed)


BOUNDARY_FIELDS = ("source_system", "target_system", "boundary")


# varies_by_handler


def _no_handler_columns(g: Group, m: Found) -> Iterator[str]:
    for name in re.findall(r"(handler|resolution) column", m.text):
        if not g.lacks(name):
            yield f"the log has a {name} column"


def _none_handled(g: Group, m: Found) -> Iterator[str]:
    g.rests_on = len(g.handled())
    yield from same("occurrences with a handler and an action", 0, g.rests_on)


def _same_action(g: Group, m: Found) -> Iterator[str]:
    both = g.handled()
    g.rests_on = len(both)
    yield from same("occurrences with a handler and an action", m["n"], len(both))
    yield from same("actions taken", {m["action"]}, set(both["what"]))


def _few_handlers(g: Group, m: Found) -> Iterator[str]:
    yield from same(
        "occurrences a handler needs", m["each"], g.rule["params"]["min_rows_per_handler"]
    )
    yield from same("handlers with enough occurrences", m["k"], g.regulars()["who"].nunique())


def _comparing_needs(g: Group, m: Found) -> Iterator[str]:
    needed = int(g.rule["params"]["min_handlers"])
    yield from same("handlers needed", m["k"], needed)
    if g.regulars()["who"].nunique() >= needed:
        yield "enough handlers to compare"


def _across(g: Group, m: Found) -> Iterator[str]:
    rows = g.regulars()
    g.rests_on = len(rows)
    yield from same(
        "occurrences a handler needs", m["each"], g.rule["params"]["min_rows_per_handler"]
    )
    yield from same("handlers with enough occurrences", m["k"], rows["who"].nunique())
    yield from same("their occurrences", m["n"], len(rows))
    g.share = theil_u(rows)
    yield from pct_problem("variation the handler explains", m["pct"], g.share, 1e-9)


def theil_u(rows: pd.DataFrame) -> float:
    """U(action | handler), the Miller–Madow bias taken off the information and added to
    the entropy; 0 where there is a single action."""
    n = len(rows)

    def nlogn(counts: pd.Series[Any]) -> tuple[float, int]:
        values = counts.to_numpy(dtype=float)
        return float((values * np.log(values)).sum()), len(values)

    joint, k_joint = nlogn(rows.groupby(["who", "what"]).size())
    actions, k_actions = nlogn(rows.groupby("what").size())
    people, k_people = nlogn(rows.groupby("who").size())
    entropy = (n * math.log(n) - actions) / n
    if entropy <= 1e-12:
        return 0.0
    information = (n * math.log(n) - actions - people + joint) / n
    bias = (k_joint - k_actions - k_people + 1) / (2 * n)
    corrected = entropy + (k_actions - 1) / (2 * n)
    return min(1.0, max(0.0, (information - bias) / corrected))


def _commonest_action(g: Group, m: Found) -> Iterator[str]:
    counts = g.regulars()["what"].value_counts()
    top, ties, total = _top(counts)
    yield from pct_problem("commonest action's share", m["ashare"], top / total)
    yield from same("actions tied as the most common", m["ties"] or 1, ties)
    if m["action"] is not None and ties == 1:
        yield from same("most common action", m["action"], counts.index[0])


# retry_resolves


def _retried(g: Group) -> tuple[int, int, int]:
    """(retried, with a readable outcome, cleared) units."""
    rows = g.rows
    if g.sample.cases:
        retried = int(rows["retried"].sum())
        return retried, retried, int(rows["cleared"].sum())
    chosen = rows[rows["retried"]]
    outcomes = chosen["retry_outcome"].map(lambda v: outcome(_lower(v)))
    return len(chosen), int((outcomes >= 0).sum()), int((outcomes == 1).sum())


def _no_retry_columns(g: Group, m: Found) -> Iterator[str]:
    if not g.lacks("retry_count", "retry_outcome"):
        yield "the log has a retry column"
    yield from same("said of an event log's activities", g.sample.cases, bool(m["activities"]))
    if g.sample.cases:
        mapping = TRUTH["files"][g.sample.name]["mapping"]
        activities = read_raw(g.sample.name)[mapping["activity"]].dropna()
        if activities.map(lambda v: bool(AUTOMATIC_RETRY.search(fold(v)))).any():
            yield "an activity of the log is an automatic retry"


def _no_outcome_column(g: Group, m: Found) -> Iterator[str]:
    retried, readable, _ = _retried(g)
    yield from same("retried occurrences", m["n"], retried)
    if readable:
        yield f"{readable} retried occurrences have a readable outcome"


def _no_outcome(g: Group, m: Found) -> Iterator[str]:
    g.rests_on = _retried(g)[1]
    yield from same("retried occurrences with an outcome", 0, g.rests_on)


def _cleared(g: Group, m: Found) -> Iterator[str]:
    retried, readable, cleared = _retried(g)
    g.rests_on, g.share = readable, cleared / readable if readable else 0.0
    yield from same("retried occurrences with an outcome", m["n"], readable)
    yield from same("cleared on the retry", m["c"], cleared)
    yield from pct_problem("share cleared", m["pct"], g.share)
    yield from same("retried with no readable outcome", m["more"] or 0, retried - readable)


# recurs_after_handoff


def _delivered(g: Group) -> tuple[int, int]:
    """(units with a readable handoff status, those whose status is a success word); for an
    event log, (cases with a success or a failure on record, those that fired after a
    success)."""
    if g.sample.cases:
        return int(g.rows["known"].sum()), int(g.rows["fired"].sum())
    classes = g.rows["handoff_status"].map(lambda v: outcome(_lower(v)))
    return int((classes >= 0).sum()), int((classes == 1).sum())


def _no_handoff_column(g: Group, m: Found) -> Iterator[str]:
    shown = g.sample.cases and bool(g.sample.units["known"].any())
    if shown or not g.lacks("handoff_status"):
        yield "the log shows handoffs"


def _no_status(g: Group, m: Found) -> Iterator[str]:
    g.rests_on = _delivered(g)[0]
    yield from same("occurrences with a readable handoff status", 0, g.rests_on)
    yield from same("said of cases", g.sample.cases, m.text.startswith("No case"))


def _fired(g: Group, m: Found) -> Iterator[str]:
    if g.sample.cases:
        yield "an event log's cases show reopens, not the status of a handoff"
        return
    readable, delivered = _delivered(g)
    g.rests_on, g.share = readable, delivered / readable if readable else 0.0
    yield from same("occurrences with a readable handoff status", m["n"], readable)
    yield from pct_problem("share after a successful handoff", m["pct"], g.share)


def _fired_cases(g: Group, m: Found) -> Iterator[str]:
    if not g.sample.cases:
        yield "a log of rows has no cases"
        return
    known, fired = _delivered(g)
    g.rests_on, g.share = known, fired / known if known else 0.0
    yield from same("cases with a success or a failure on record", m["n"], known)
    yield from pct_problem("share fired after a success", m["pct"], g.share)


def _days(g: Group, m: Found) -> Iterator[str]:
    yield from same("days the group fired on", m["days"], g.days)


def _no_timestamp(g: Group, m: Found) -> Iterator[str]:
    if not g.lacks("timestamp"):
        yield "the log has a timestamp column"


# root_cause


def _causes(g: Group) -> pd.Series[Any]:
    """Per unit: the root-cause column's class, else the message's."""
    found = g.rows["root_cause"].map(cause)
    return found.where(found >= 0, g.rows["message"].map(cause))


def _sources(g: Group, text: str) -> Iterator[str]:
    wanted = " and ".join(
        name
        for name, field in (("root causes", "root_cause"), ("messages", "message"))
        if not g.lacks(field)
    )
    yield from same("what was read", text, wanted)


def _connection_only(g: Group) -> pd.Index[Any]:
    """Units whose cause text names no schema word, only a connection failure."""
    text = g.rows["root_cause"].where(g.rows["root_cause"].map(cause) >= 0, g.rows["message"])
    read = text.map(
        lambda v: NEUTRAL.sub(" ", re.sub(r"[0-9]", "0", v.lower())) if isinstance(v, str) else ""
    )
    return g.rows.index[read.map(lambda v: not SCHEMA.search(v))]


def _no_cause_columns(g: Group, m: Found) -> Iterator[str]:
    if not g.lacks("root_cause", "message"):
        yield "the log has root causes or messages"


def _no_cause(g: Group, m: Found) -> Iterator[str]:
    g.rests_on = int((_causes(g) >= 0).sum())
    yield from same("classified", 0, g.rests_on)
    yield from _sources(g, m["source"])


def _classified(g: Group, m: Found) -> Iterator[str]:
    causes = _causes(g)
    classified, schema = int((causes >= 0).sum()), int((causes == 1).sum())
    g.rests_on, g.share = classified, schema / classified if classified else 0.0
    yield from _sources(g, m["source"])
    yield from same("classified", m["n"], classified)
    yield from same("on the integration side", m["s"], schema)
    yield from same("rule side", m["r"], classified - schema)
    yield from pct_problem("integration share", m["pct"], g.share)
    if "connection" not in m["side"]:
        connection_only = int((causes.index.isin(_connection_only(g)) & (causes == 1)).sum())
        yield from same("counted only for a failed connection", 0, connection_only)


# closing clauses, any question


def _too_few(g: Group, m: Found) -> Iterator[str]:
    yield from same("occurrences needed", m["min"], g.rule["min_rows"])
    yield from same("occurrences it rests on", m["n"], g.rests_on)
    if int(m["n"]) >= int(g.rule["min_rows"]):
        yield f"{m['n']} occurrences are enough"


def _between(g: Group, m: Found) -> Iterator[str]:
    yield from pct_problem("low mark", m["low"], g.rule["low_at"])
    yield from pct_problem("high mark", m["high"], g.rule["high_at"])
    if g.share is None or not g.rule["low_at"] < g.share < g.rule["high_at"]:
        yield f"the share ({g.share}) is not between the marks"


def _not_recurring(g: Group, m: Found) -> Iterator[str]:
    needed = int(g.rule["params"]["min_days_active"])
    yield from same("days needed", m["min"], needed)
    if g.days >= needed:
        yield f"the group fired on {g.days} days"


def _clause(question: str, kind: str, pattern: str, check: Check, **alternatives: str) -> Clause:
    """A clause kind; `alternatives` name groups of another branch that read as one."""
    return Clause(question, kind, re.compile(pattern), check, alternatives)


OCC = r"(?P<n>\d+) occurrences?"
CLAUSES = (
    _clause(
        "payload_consistent",
        "no payload or boundary column",
        r"The log has no payload column and no source/target systems to compare",
        _no_payload_columns,
    ),
    _clause(
        "payload_consistent",
        "no payload in the group",
        r"No occurrence in this group has a payload",
        _no_payload,
    ),
    _clause(
        "payload_consistent",
        "dominant pattern",
        rf"(?P<pct>{PCT}) of {OCC} (?P<what>share one payload shape and one boundary"
        r"|cross one boundary|share one payload shape(?: \((?P<shapes>\d+) in all\))?)",
        _payload_head,
    ),
    _clause(
        "payload_consistent",
        "boundaries",
        r"all cross (?P<all>.+)|(?P<none>none has a recorded boundary)"
        rf"|(?:the commonest boundary \((?P<name>.+)\) carries (?P<bshare>{PCT})"
        rf"|(?P<ties>\d+) boundaries tie as the commonest, at (?P<bshare2>{PCT}) each)"
        r" \((?P<count>\d+) in all\)",
        _boundary,
        bshare="bshare2",
    ),
    _clause(
        "payload_consistent",
        "commonest shape",
        rf"(?:the commonest shape covers (?P<sshare>{PCT})"
        rf"|(?P<ties>\d+) shapes tie as the commonest, at (?P<sshare2>{PCT}) each)"
        r" \((?P<shapes>\d+) shapes? in all\)",
        _commonest_shape,
        sshare="sshare2",
    ),
    _clause(
        "payload_consistent",
        "one half missing",
        r"(?:the log has no (?P<lacking>payload|source/target or boundary) column, so this"
        r" rests on the (?P<half>boundary|payload shape) alone)"
        r"|(?:without a (?P<lacking2>payload|source/target or boundary) column the"
        rf" (?P<half2>boundary|payload shape) alone must reach (?P<needed>{PCT}) to confirm it)",
        _half,
        lacking="lacking2",
        half="half2",
    ),
    _clause(
        "varies_by_handler",
        "no handler or resolution column",
        r"The log has no (?:handler column or resolution column|handler column"
        r"|resolution column), so who did what cannot be compared",
        _no_handler_columns,
    ),
    _clause(
        "varies_by_handler",
        "nothing handled",
        r"None of these occurrences records both who handled it and what they did",
        _none_handled,
    ),
    _clause(
        "varies_by_handler",
        "one action",
        rf"All {OCC} with a recorded handler end with the same action \(“(?P<action>.+)”\),"
        r" whoever handles them",
        _same_action,
    ),
    _clause(
        "varies_by_handler",
        "too few handlers",
        r"Only (?P<k>\d+) handlers? cleared (?P<each>\d+) or more of these occurrences",
        _few_handlers,
    ),
    _clause(
        "varies_by_handler",
        "handlers needed",
        r"comparing needs at least (?P<k>\d+)",
        _comparing_needs,
    ),
    _clause(
        "varies_by_handler",
        "handler dependence",
        r"Across (?P<k>\d+) handlers with (?P<each>\d+)\+ occurrences each"
        rf" \({OCC}\), who handled it explains (?P<pct>{PCT}) of the variation in the action"
        r" taken",
        _across,
    ),
    _clause(
        "varies_by_handler",
        "commonest action",
        rf"the most common action \(“(?P<action>.+)”\) covers (?P<ashare>{PCT})"
        rf"|(?P<ties>\d+) actions tie as the most common, at (?P<ashare2>{PCT}) each",
        _commonest_action,
        ashare="ashare2",
    ),
    _clause(
        "retry_resolves",
        "no retry column",
        r"The log has no retry count or retry outcome column, so it cannot show retries"
        r"(?P<activities>, and none of its activities is an automatic retry)?",
        _no_retry_columns,
    ),
    _clause(
        "retry_resolves",
        "no outcome column",
        rf"{OCC} were retried, but the log has no retry outcome column to say whether the"
        r" retry worked",
        _no_outcome_column,
    ),
    _clause(
        "retry_resolves",
        "no outcome",
        r"None of these occurrences has a recorded retry outcome",
        _no_outcome,
    ),
    _clause(
        "retry_resolves",
        "cleared",
        rf"(?P<c>\d+) of (?P<n>\d+) retried occurrences \((?P<pct>{PCT})\) cleared on the retry"
        r"(?: \((?P<more>\d+) more were retried with no readable outcome\))?",
        _cleared,
    ),
    _clause(
        "recurs_after_handoff",
        "no handoff column",
        r"The log has no handoff status column, so it cannot show whether the data got through",
        _no_handoff_column,
    ),
    _clause(
        "recurs_after_handoff",
        "no handoff status",
        r"No occurrence here has a readable handoff status"
        r"|No case here has a success or a failure among its activities",
        _no_status,
    ),
    _clause(
        "recurs_after_handoff",
        "days active",
        r"The group fired on (?P<days>\d+) days?",
        _days,
    ),
    _clause(
        "recurs_after_handoff",
        "after a successful handoff",
        rf"(?P<pct>{PCT}) of {OCC} fired after a successful handoff",
        _fired,
    ),
    _clause(
        "recurs_after_handoff",
        "cases fired after a success",
        rf"(?P<pct>{PCT}) of (?P<n>[\d,]+) cases? fired after a success: a handoff delivered "
        r"before anything failed or anyone stepped in, or a resolution they came back after",
        _fired_cases,
    ),
    _clause(
        "recurs_after_handoff",
        "no timestamp column",
        r"without a timestamp column the recurrence over days cannot be checked",
        _no_timestamp,
    ),
    _clause(
        "root_cause",
        "no cause column",
        r"The log has no root-cause column and no messages to read the cause from",
        _no_cause_columns,
    ),
    _clause(
        "root_cause",
        "nothing classified",
        r"None of the (?P<source>.+) here names a schema problem or a missing rule",
        _no_cause,
    ),
    _clause(
        "root_cause",
        "classified",
        rf"(?P<s>\d+) of (?P<n>\d+) classified (?P<source>.+) \((?P<pct>{PCT})\) point to"
        r" (?P<side>a schema mismatch \(formats, fields, codes\)|a schema mismatch or a failed"
        r" connection \(formats, fields, codes, connections\)), (?P<r>\d+) to a missing rule"
        r" \(owners, approvals, policies\)",
        _classified,
    ),
    _clause(
        "*",
        "too few occurrences",
        rf"{OCC} (?:is|are) too few to say \(at least (?P<min>\d+) are needed\)",
        _too_few,
    ),
    _clause(
        "*",
        "between the marks",
        rf"that is between the (?P<low>{PCT}) and (?P<high>{PCT}) marks, so the data does not"
        r" settle it",
        _between,
    ),
    _clause(
        "*",
        "too few days",
        r"too few days to call it recurring \(at least (?P<min>\d+) are needed\)",
        _not_recurring,
    ),
)


@dataclass(frozen=True)
class Found:
    """What a clause says: its named groups, an alternative branch's group (`name2`) read
    as the one it stands for (`name`); `text` the whole clause."""

    match: re.Match[str]
    alternatives: Mapping[str, str]

    @property
    def text(self) -> str:
        return self.match.group(0)

    def __getitem__(self, name: str) -> Any:
        value = self.match.group(name) if name in self.match.re.groupindex else None
        if value is None and name in self.alternatives:
            return self.match.group(self.alternatives[name])
        return value


def clause_kinds(question: str, clause: str) -> list[tuple[Clause, Found]]:
    """The kinds a clause of a question's sentence fits (exactly one, for a known kind)."""
    found = []
    for kind in CLAUSES:
        if kind.question in (question, "*"):
            match = kind.pattern.fullmatch(clause)
            if match is not None:
                found.append((kind, Found(match, kind.alternatives)))
    return found


def groups_of(sample: Sample) -> Iterator[tuple[str, pd.DataFrame, Mapping[str, Any]]]:
    """Each analysed group's label, units and inferred answers."""
    for group in sample.analysis.groups:
        yield group.group, sample.units[sample.units["group"] == group.group], group.inferred


# --- the tests -----------------------------------------------------------------------------------


def test_every_listed_sample_has_a_reading() -> None:
    """Each sample the ground truth lists has a raw reading here, each event log its facts."""
    assert set(FILES) <= set(SOURCES)
    event_logs = {name for name in FILES if TRUTH["files"][name].get("unit") == "cases"}
    assert event_logs == set(CASE_FACTS)


@pytest.mark.parametrize("name", FILES)
def test_groups_are_the_units_of_the_log(samples: dict[str, Sample], name: str) -> None:
    """Groups, their sizes ("N occurrences", counting cases in an event log) and the days
    each fired on are those of the raw file; a template group's messages each fit its
    template and no other."""
    sample = samples[name]
    if sample.fits is not None:
        assert (sample.fits == 1).all(), sample.units["message"][sample.fits != 1].tolist()[:5]
    sizes = sample.units.groupby("group").size().to_dict()
    found = {group.group: group.exceptions for group in sample.analysis.groups}
    assert found == sizes
    for label, rows, _ in groups_of(sample):
        days = int(rows["time"].dropna().dt.floor("D").nunique())
        assert sample.analysis.group(label).days_active == days, label


@pytest.mark.parametrize("name", FILES)
def test_every_clause_is_of_a_checked_kind(samples: dict[str, Sample], name: str) -> None:
    """Every clause of every evidence sentence is of exactly one kind this module checks: a
    new wording fails here until its check is written."""
    unknown = []
    for label, _, inferred in groups_of(samples[name]):
        for question in QUESTIONS:
            for clause in inferred[question].evidence.split("; "):
                if len(clause_kinds(question, clause)) != 1:
                    unknown.append(f"{label} {question}: {clause!r}")
    assert not unknown, "\n".join(unknown)


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("name", FILES)
def test_evidence_is_true_of_the_data(samples: dict[str, Sample], name: str, question: str) -> None:
    """Every number and name an evidence sentence states is the one the raw file gives."""
    sample, problems = samples[name], []
    for label, rows, inferred in groups_of(sample):
        group = Group(sample, label, question, rows)
        for clause in inferred[question].evidence.split("; "):
            for kind, match in clause_kinds(question, clause):
                for problem in kind.check(group, match):
                    problems.append(f"{label}: {kind.kind}: {problem}\n    {clause}")
    assert not problems, "\n".join(problems)


def test_clause_kinds_are_one_table() -> None:
    """Each clause kind is named once per question, and every question has its kinds."""
    names = [(kind.question, kind.kind) for kind in CLAUSES]
    assert len(names) == len(set(names))
    assert {kind.question for kind in CLAUSES} == {*QUESTIONS, "*"}


BOUNDED = {"dominant pattern", "commonest shape"}
"""Kinds whose shares of payload shapes are only bounded (see the module's docstring)."""


def _checked(sample: Sample, label: str, question: str, evidence: str) -> list[str]:
    """The problems the checks find in an evidence sentence said of a group."""
    group = Group(sample, label, question, sample.units[sample.units["group"] == label])
    problems = []
    for clause in evidence.split("; "):
        kinds = clause_kinds(question, clause)
        problems += [] if kinds else [f"no kind: {clause}"]
        for kind, found in kinds:
            problems += list(kind.check(group, found))
    return problems


@pytest.mark.parametrize("name", FILES)
def test_a_number_changed_is_caught(samples: dict[str, Sample], name: str) -> None:
    """The checks are no formality: in the first clause of each kind met in a sample (but
    the bounded shape shares), any one number made one larger is found false."""
    sample, seen, missed = samples[name], set(), []
    for label, _, inferred in groups_of(sample):
        for question in QUESTIONS:
            clauses = inferred[question].evidence.split("; ")
            for index, clause in enumerate(clauses):
                kind = clause_kinds(question, clause)[0][0]
                if kind.kind in BOUNDED or (question, kind.kind) in seen:
                    continue
                seen.add((question, kind.kind))
                for number in re.finditer(r"\d+", clause):
                    wrong = (
                        f"{clause[: number.start()]}{int(number[0]) + 1}{clause[number.end() :]}"
                    )
                    evidence = "; ".join([*clauses[:index], wrong, *clauses[index + 1 :]])
                    if not _checked(sample, label, question, evidence):
                        missed.append(f"{label} {question}: {wrong}")
    assert not missed, "\n".join(missed)
