"""The same per-group figures from the project, from DuckDB SQL and from polars.

    figures = project_figures(path)           # the project's own count tables (Tallies)
    figures = duckdb_figures(path)            # one SQL query
    figures = polars_figures(path)            # one lazy polars query
    differences(figures, other)               # [] when every figure of every group agrees

Each returns a DataFrame with one row per group (the error code), sorted by group, and the
integer columns in `FIGURES`:

    rows            occurrences
    first, last     earliest and latest timestamp, seconds since the epoch (UTC)
    days            distinct UTC days the group fired on
    shapes          distinct payload shapes among its rows with a payload
    boundaries      distinct source → target pairs
    retried         rows retried (a retry outcome read as success/failure, or a retry count
                    above 0), unless the resolution or message names a correction and a
                    resubmission (a person fixed the data: no retry of the same handoff)
    retry_known     retried rows whose retry outcome reads success or failure
    retry_ok        … success (the numbers behind `retry_resolves`)
    handoff_known   rows whose handoff status reads success or failure
    handoff_ok      … success (the numbers behind `recurs_after_handoff`)
    handlers        handlers with at least `min_rows_per_handler` (3) rows that have both a
                    handler and a resolution (those `varies_by_handler` weighs)

The rules are the project's, written again in each peer's idiom; the word lists (success,
failure, correction, resubmit, placeholders) are read from questions.yaml as the project
reads them, and the regular expressions are the project's own
(`framework.columnar.coded.phrase_pattern`). Values are trimmed, placeholders ("n/a",
"-", "null" …) are missing, and words match accents aside (`vocabulary.fold`). The project
also reads a run of white space inside a value as one space (`coded.encode`); the peers do
not, as an analyst would not on these logs (none has such runs): a regular-expression
replace on every value of eight columns doubled DuckDB's time.

A payload's shape is its sorted set of `key:format` leaves, as `payload_shapes.template`
reads JSON: every digit is 0 first (the project masks the whole column so), escapes read
`x` (as `payload_masks.premask` does), a string value reads `text` when it holds white
space or `@` or is one capitalised word of 3+ letters, `empty` when empty, else its
characters as classes with runs squeezed (`A` upper, `a` lower, `9` digits: "SO-0000" ->
"A-9"); numbers read `int`/`num`, then `bool`, `null`. The peers take the leaves with one
regular expression, so they know a leaf's own key, not its parents' (`lines[].sku` reads
`sku`): the same count wherever no group mixes payloads whose leaves differ only by their
parents — true of the benchmark layouts, and the agreement check says so on every run.
Only JSON payloads are read (every layout's); key=value, XML and text payloads are not.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
FIGURES = (
    "rows",
    "first",
    "last",
    "days",
    "shapes",
    "boundaries",
    "retried",
    "retry_known",
    "retry_ok",
    "handoff_known",
    "handoff_ok",
    "handlers",
)
GROUP_BY = "error_code"
MAPPING = {
    "timestamp": "timestamp",
    "exception_id": "exception_id",
    "error_code": "error_code",
    "source_system": "source_system",
    "target_system": "target_system",
    "payload": "payload",
    "handler": "handler",
    "resolution": "resolution",
    "retry_count": "retry_count",
    "retry_outcome": "retry_outcome",
    "handoff_status": "handoff_status",
    "message": "message",
}
"""Every field mapped by hand (`--map FIELD=COLUMN`), so detection is the same for all."""
MIN_ROWS_PER_HANDLER = 3  # questions.yaml: varies_by_handler.params.min_rows_per_handler
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # the layouts' timestamps (ISO 8601, UTC)
BLANK_GROUP = "(blank)"  # framework.inference.features.BLANK_GROUP

# One JSON leaf: a key, then a string, number, true/false/null (not an object or a list).
LEAF = r'"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|[^\s,{}\[\]"]+)'
ESCAPE = r"\\(?:u[0-9A-Fa-f]{4}|.)"  # payload_masks.premask: every escape reads "x"
TEXTLIKE = r"[\s@]"  # payload_shapes.value_format: white space or "@" is text …
NAME = r"^[A-Z][a-z]{2,}$"  # … and so is one capitalised word (payload_shapes._NAME)
INTEGER = r"^-?[0-9]+$"


def map_options() -> list[str]:
    """The CLI's `--map` options for `MAPPING`."""
    return [option for field, col in MAPPING.items() for option in ("--map", f"{field}={col}")]


@cache
def words() -> dict[str, Any]:
    """The project's patterns and placeholders, from questions.yaml."""
    import sys

    sys.path.insert(0, str(ROOT))
    from framework.columnar.coded import phrase_pattern
    from framework.inference.vocabulary import _fold_word
    from framework.spec.loader import load_spec

    vocabulary = load_spec().vocabulary

    def pattern(name: str) -> str:
        return phrase_pattern([_fold_word(word) for word in vocabulary[name]])

    return {
        "success": pattern("success"),
        "failure": pattern("failure"),
        "correction": pattern("correction"),
        "resubmit": pattern("resubmit"),
        "missing": sorted({word.strip().lower() for word in vocabulary["missing"]}),
    }


# ------------------------------------------------------------------------------------------
# The project: its count tables, batch by batch as `analyze` reads the log.


def project_figures(path: Path) -> pd.DataFrame:
    """The figures from the project's own count tables (`Tallies`), every group (none
    folded into "(other groups)", which the CLI does past 2,000 groups)."""
    import sys

    sys.path.insert(0, str(ROOT))
    from framework.analysis.pipeline import mapping_for
    from framework.columnar.timestamps import time_format
    from framework.inference.features import extract
    from framework.inference.tallies import TallyBuilder
    from framework.logs.streaming import open_log_stream
    from framework.spec.loader import load_spec

    spec = load_spec()
    stream = open_log_stream(path)
    columns = mapping_for(stream.head, spec, MAPPING).to_dict()
    fmt = time_format(stream.head.frame[MAPPING["timestamp"]])

    def add(builder: TallyBuilder, frame: pd.DataFrame) -> None:
        builder.add(extract(frame, columns, spec, GROUP_BY, fmt))

    tallies = stream.fold(TallyBuilder, add).build()
    groups = tallies.group.size
    out = pd.DataFrame({"group": list(tallies.group.labels)})

    def per_group(table: pd.DataFrame | None, distinct: str | None = None) -> np.ndarray:
        if table is None:
            return np.zeros(groups, dtype=np.int64)
        if distinct is None:
            return np.bincount(table["c0"], weights=table["n"], minlength=groups).astype(np.int64)
        pairs = table.loc[table["n"] > 0, ["c0", distinct]].drop_duplicates()
        return np.bincount(pairs["c0"], minlength=groups).astype(np.int64)

    tables = tallies.tables
    out["rows"] = per_group(tables["group"])
    span = tables["span"].set_index("c0").reindex(range(groups))
    out["first"] = (span["first"].to_numpy() // 10**9).astype(np.int64)
    out["last"] = (span["last"].to_numpy() // 10**9).astype(np.int64)
    out["days"] = per_group(tables.get("days"), "c1")
    payload = tables["payload"]
    out["shapes"] = per_group(payload, "c1")
    assert tallies.boundary is not None
    boundaries = tables["boundaries"]
    out["boundaries"] = per_group(boundaries[boundaries["c1"] < tallies.boundary.size], "c1")
    retry = tables["retry"]
    out["retried"] = per_group(retry)
    out["retry_known"] = per_group(retry[retry["c1"] > 0])
    out["retry_ok"] = per_group(retry[retry["c1"] == 2])
    handoff = tables["handoff"]
    out["handoff_known"] = per_group(handoff[handoff["c1"] > 0])
    out["handoff_ok"] = per_group(handoff[handoff["c1"] == 2])
    handler = tables["handler"].groupby(["c0", "c1"], as_index=False)["n"].sum()
    kept = handler.loc[handler["n"] >= MIN_ROWS_PER_HANDLER, "c0"]
    out["handlers"] = np.bincount(kept, minlength=groups)
    return _tidy(out)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Groups in order, every figure an int64."""
    frame = frame.astype(dict.fromkeys(FIGURES, np.int64))
    return frame.sort_values("group", ignore_index=True)[["group", *FIGURES]]


# ------------------------------------------------------------------------------------------
# DuckDB: one SQL query over the CSV, every column read as text.


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def duckdb_macros() -> list[str]:
    """The rules as SQL macros (expanded inline by DuckDB)."""
    w = words()
    missing = ", ".join(_sql_text(word) for word in w["missing"])
    success, failure = _sql_text(w["success"]), _sql_text(w["failure"])
    correction, resubmit = _sql_text(w["correction"]), _sql_text(w["resubmit"])
    return [
        "CREATE MACRO spaced(x) AS nullif(trim(x), '')",
        f"""CREATE MACRO known(x) AS CASE WHEN lower(trim(x)) IN ({missing}) OR trim(x) = ''
            THEN NULL ELSE x END""",
        "CREATE MACRO fold(x) AS strip_accents(replace(x, 'ß', 'ss'))",
        f"CREATE MACRO failures(x) AS len(regexp_extract_all(fold(x), {failure}))",
        f"""CREATE MACRO successes(x) AS
            len(regexp_extract_all(regexp_replace(fold(x), {failure}, ' ', 'g'), {success}))""",
        """CREATE MACRO outcome(x) AS CASE WHEN successes(x) > failures(x) THEN 1
            WHEN failures(x) > successes(x) THEN 0 ELSE -1 END""",
        f"""CREATE MACRO fixed(x) AS coalesce(
            regexp_matches(fold(x), {correction}) AND regexp_matches(fold(x), {resubmit}),
            false)""",
        f"""CREATE MACRO string_format(s) AS CASE WHEN s = '' THEN 'empty'
            WHEN regexp_matches(s, '{TEXTLIKE}') OR regexp_matches(s, '{NAME}') THEN 'text'
            ELSE left(regexp_replace(regexp_replace(regexp_replace(
                s, '[A-Z]+', 'A', 'g'), '[a-z]+', 'a', 'g'), '[0-9]+', '9', 'g'), 40) END""",
        f"""CREATE MACRO value_format(v) AS CASE
            WHEN v[1] = '"' THEN string_format(v[2:-2])
            WHEN v IN ('true', 'false') THEN 'bool'
            WHEN v = 'null' THEN 'null'
            WHEN regexp_matches(v, '{INTEGER}') THEN 'int'
            ELSE 'num' END""",
    ]


def duckdb_query(path: Path) -> str:
    """The query: rows tidied, payload shapes over the distinct (digit-masked) payloads,
    outcomes over their distinct values, then one GROUP BY."""
    return f"""
    WITH spaced AS (  -- white space tidied once per value
        SELECT spaced(error_code) AS error_code, trim("timestamp") AS seen, payload,
               spaced(source_system) AS source, spaced(target_system) AS target,
               spaced(handler) AS handler, spaced(resolution) AS resolution,
               spaced(retry_outcome) AS retry_outcome, spaced(retry_count) AS retry_count,
               spaced(handoff_status) AS handoff, message
        FROM read_csv({_sql_text(str(path))}, header = true, all_varchar = true)
    ),
    log AS MATERIALIZED (  -- placeholders as NULL, every digit of the payload 0; read once
        SELECT coalesce(known(error_code), '{BLANK_GROUP}') AS grp,
               strptime(known(seen), '{TIME_FORMAT}') AS seen,
               translate(known(payload), '123456789', '000000000') AS masked,
               known(source) AS source, known(target) AS target,
               lower(known(handler)) AS handler, known(resolution) AS resolution,
               lower(known(retry_outcome)) AS retry_outcome,
               TRY_CAST(replace(known(retry_count), ',', '.') AS DOUBLE) AS retry_count,
               lower(known(handoff)) AS handoff, message
        FROM spaced
    ),
    leaves AS (  -- each distinct masked payload once, one row per leaf
        SELECT masked, unnest(regexp_extract_all(
                   regexp_replace(masked, '{ESCAPE}', 'x', 'g'), '{LEAF}')) AS leaf
        FROM (SELECT DISTINCT masked FROM log WHERE masked IS NOT NULL)
    ),
    pairs AS (  -- "key": value  ->  key (digit runs as one 0), value
        SELECT masked, regexp_replace(leaf[2:strpos(leaf, '":') - 1], '0+', '0', 'g') AS key,
               trim(leaf[strpos(leaf, '":') + 2:]) AS value
        FROM leaves
    ),
    formats AS (  -- each distinct value's format, once
        SELECT value, value_format(value) AS format FROM (SELECT DISTINCT value FROM pairs)
    ),
    shapes AS (  -- the sorted set of "key:format"
        SELECT masked, string_agg(DISTINCT key || ':' || format, ', ' ORDER BY key || ':' || format)
                   AS shape
        FROM pairs JOIN formats USING (value)
        GROUP BY masked
    ),
    retry_classes AS (
        SELECT retry_outcome, outcome(retry_outcome) AS retry_class
        FROM (SELECT DISTINCT retry_outcome FROM log WHERE retry_outcome IS NOT NULL)
    ),
    handoff_classes AS (
        SELECT handoff, outcome(handoff) AS handoff_class
        FROM (SELECT DISTINCT handoff FROM log WHERE handoff IS NOT NULL)
    ),
    rows AS (
        SELECT grp, seen, shape, source, target, handler, resolution, retry_class,
               handoff_class,
               CASE WHEN coalesce(retry_class, -1) <> -1 OR coalesce(retry_count > 0, false)
                    THEN NOT fixed(resolution) AND NOT fixed(message)
                    ELSE false END AS retried
        FROM log
        LEFT JOIN shapes USING (masked)
        LEFT JOIN retry_classes USING (retry_outcome)
        LEFT JOIN handoff_classes USING (handoff)
    ),
    handlers AS (
        SELECT grp, count(*) AS handlers FROM (
            SELECT grp, handler FROM rows
            WHERE handler IS NOT NULL AND resolution IS NOT NULL
            GROUP BY grp, handler HAVING count(*) >= {MIN_ROWS_PER_HANDLER}
        ) GROUP BY grp
    ),
    figures AS (
        SELECT grp,
               count(*) AS rows,
               epoch(min(seen))::BIGINT AS first,
               epoch(max(seen))::BIGINT AS last,
               count(DISTINCT seen::DATE) AS days,
               count(DISTINCT shape) AS shapes,
               count(DISTINCT (coalesce(source, '?'), coalesce(target, '?')))
                   FILTER (WHERE source IS NOT NULL OR target IS NOT NULL) AS boundaries,
               count(*) FILTER (WHERE retried) AS retried,
               count(*) FILTER (WHERE retried AND retry_class >= 0) AS retry_known,
               count(*) FILTER (WHERE retried AND retry_class = 1) AS retry_ok,
               count(*) FILTER (WHERE handoff_class >= 0) AS handoff_known,
               count(*) FILTER (WHERE handoff_class = 1) AS handoff_ok
        FROM rows GROUP BY grp
    )
    SELECT grp AS "group", figures.*, coalesce(handlers.handlers, 0) AS handlers
    FROM figures LEFT JOIN handlers USING (grp)
    ORDER BY grp
    """


def duckdb_figures(path: Path) -> pd.DataFrame:
    """The figures computed by DuckDB (in memory, every core)."""
    import duckdb

    with duckdb.connect() as connection:
        connection.execute("SET enable_progress_bar = false")
        for macro in duckdb_macros():
            connection.execute(macro)
        frame = connection.execute(duckdb_query(path)).df()
    return _tidy(frame.drop(columns=["grp"], errors="ignore"))


# ------------------------------------------------------------------------------------------
# polars: one lazy query over the CSV, every column read as text.


def polars_figures(path: Path) -> pd.DataFrame:
    """The figures computed by polars (lazy, every core)."""
    return _tidy(polars_query(path).collect().to_pandas())


def polars_query(path: Path) -> Any:
    """The lazy query (a `polars.LazyFrame`)."""
    import polars as pl

    w = words()

    def known(value: pl.Expr) -> pl.Expr:
        trimmed = value.str.strip_chars()
        blank = (trimmed == "") | trimmed.str.to_lowercase().is_in(w["missing"])
        return pl.when(blank).then(None).otherwise(value)

    def tidy(name: str) -> pl.Expr:
        return known(pl.col(name).str.strip_chars())

    def fold(value: pl.Expr) -> pl.Expr:
        decomposed = value.str.replace_all("ß", "ss", literal=True).str.normalize("NFKD")
        return decomposed.str.replace_all(r"\p{Mn}+", "")

    def outcome(value: pl.Expr) -> pl.Expr:
        folded = fold(value)
        failures = folded.str.count_matches(w["failure"])
        successes = folded.str.replace_all(w["failure"], " ").str.count_matches(w["success"])
        return (
            pl.when(successes > failures)
            .then(1)
            .when(failures > successes)
            .then(0)
            .otherwise(-1)
            .cast(pl.Int8)
        )

    def fixed(value: pl.Expr) -> pl.Expr:
        folded = fold(value)
        both = folded.str.contains(w["correction"]) & folded.str.contains(w["resubmit"])
        return both.fill_null(False)

    def value_format(v: pl.Expr) -> pl.Expr:
        s = v.str.slice(1, v.str.len_chars() - 2)
        classes = (s.str.replace_all("[A-Z]+", "A").str.replace_all("[a-z]+", "a")).str.replace_all(
            "[0-9]+", "9"
        )
        string = (
            pl.when(s == "")
            .then(pl.lit("empty"))
            .when(s.str.contains(TEXTLIKE) | s.str.contains(NAME))
            .then(pl.lit("text"))
            .otherwise(classes.str.slice(0, 40))
        )
        return (
            pl.when(v.str.starts_with('"'))
            .then(string)
            .when(v.is_in(["true", "false"]))
            .then(pl.lit("bool"))
            .when(v == "null")
            .then(pl.lit("null"))
            .when(v.str.contains(INTEGER))
            .then(pl.lit("int"))
            .otherwise(pl.lit("num"))
        )

    log = pl.scan_csv(path, infer_schema=False).select(
        tidy("error_code").fill_null(BLANK_GROUP).alias("group"),
        tidy("timestamp").str.strptime(pl.Datetime("us", "UTC"), TIME_FORMAT).alias("at"),
        known(pl.col("payload")).str.replace_many(list("123456789"), ["0"] * 9).alias("masked"),
        tidy("source_system").alias("source"),
        tidy("target_system").alias("target"),
        tidy("handler").str.to_lowercase().alias("handler"),
        tidy("resolution").alias("resolution"),
        tidy("retry_outcome").str.to_lowercase().alias("retry_outcome"),
        tidy("retry_count")
        .str.replace_all(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
        .alias("retry_count"),
        tidy("handoff_status").str.to_lowercase().alias("handoff"),
        pl.col("message"),
    )
    log = log.collect().lazy()  # read once: the shapes, outcomes and rows all start from it
    shapes = _polars_shapes(log, value_format)

    def classes(name: str) -> Any:
        distinct = log.select(name).drop_nulls().unique()
        return distinct.with_columns(outcome(pl.col(name)).alias(f"{name}_class"))

    rows = (
        log.join(shapes, on="masked", how="left")
        .join(classes("retry_outcome"), on="retry_outcome", how="left")
        .join(classes("handoff"), on="handoff", how="left")
        .with_columns(
            (
                (
                    (pl.col("retry_outcome_class").fill_null(-1) != -1)
                    | (pl.col("retry_count") > 0).fill_null(False)
                )
                & ~fixed(pl.col("resolution"))
                & ~fixed(pl.col("message"))
            ).alias("retried")
        )
    )
    handlers = (
        rows.filter(pl.col("handler").is_not_null() & pl.col("resolution").is_not_null())
        .group_by("group", "handler")
        .len()
        .filter(pl.col("len") >= MIN_ROWS_PER_HANDLER)
        .group_by("group")
        .agg(pl.len().alias("handlers"))
    )
    retried, retry, handoff = (
        pl.col("retried"),
        pl.col("retry_outcome_class"),
        pl.col("handoff_class"),
    )
    side = pl.col("source").is_not_null() | pl.col("target").is_not_null()
    return (
        rows.group_by("group")
        .agg(
            pl.len().alias("rows"),
            pl.col("at").min().dt.epoch("s").alias("first"),
            pl.col("at").max().dt.epoch("s").alias("last"),
            pl.col("at").dt.date().n_unique().alias("days"),
            pl.col("shape").drop_nulls().n_unique().alias("shapes"),
            pl.struct(pl.col("source").fill_null("?"), pl.col("target").fill_null("?"))
            .filter(side)
            .n_unique()
            .alias("boundaries"),
            retried.sum().alias("retried"),
            (retried & (retry >= 0)).sum().alias("retry_known"),
            (retried & (retry == 1)).sum().alias("retry_ok"),
            (handoff >= 0).sum().alias("handoff_known"),
            (handoff == 1).sum().alias("handoff_ok"),
        )
        .join(handlers, on="group", how="left")
        .with_columns(pl.col("handlers").fill_null(0))
        .sort("group")
    )


def _polars_shapes(log: Any, value_format: Any) -> Any:
    """Each distinct masked payload's shape: its leaves (one row each), every distinct value's
    format once, then the sorted set of "key:format" per payload."""
    import polars as pl

    leaves = (
        log.select("masked")
        .drop_nulls()
        .unique()
        .with_columns(
            pl.col("masked").str.replace_all(ESCAPE, "x").str.extract_all(LEAF).alias("leaf")
        )
        .explode("leaf")
        .drop_nulls("leaf")
    )
    split = pl.col("leaf").str.find('":', literal=True)
    pairs = leaves.select(
        "masked",
        pl.col("leaf").str.slice(1, split - 1).str.replace_all("0+", "0").alias("key"),
        pl.col("leaf").str.slice(split + 2).str.strip_chars().alias("value"),
    )
    formats = (
        pairs.select("value").unique().with_columns(value_format(pl.col("value")).alias("format"))
    )
    return (
        pairs.join(formats, on="value", how="left")
        .group_by("masked")
        .agg((pl.col("key") + ":" + pl.col("format")).unique().sort().str.join(", ").alias("shape"))
    )


# ------------------------------------------------------------------------------------------


def differences(ours: pd.DataFrame, theirs: pd.DataFrame, limit: int = 5) -> list[str]:
    """The first `limit` differences between two sets of figures ([] when they agree)."""
    found = []
    only_ours = sorted(set(ours["group"]) - set(theirs["group"]))
    only_theirs = sorted(set(theirs["group"]) - set(ours["group"]))
    if only_ours or only_theirs:
        found.append(f"groups only in one: {only_ours[:3]} / {only_theirs[:3]}")
    joined = ours.merge(theirs, on="group", suffixes=("", "_peer"))
    for name in FIGURES:
        wrong = joined[joined[name] != joined[f"{name}_peer"]]
        for _, row in wrong.head(limit).iterrows():
            found.append(f"{row['group']}: {name} {row[name]} ≠ {row[f'{name}_peer']}")
    return found[:limit]


def figures_of(side: str, path: Path) -> pd.DataFrame:
    """The figures of one side: "project", "duckdb" or "polars"."""
    compute: Mapping[str, Any] = {
        "project": project_figures,
        "duckdb": duckdb_figures,
        "polars": polars_figures,
    }
    return compute[side](path)  # type: ignore[no-any-return]
