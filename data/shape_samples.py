"""Write the sample logs of the shapes found in the wild, and their ground truth.

    from data.shape_samples import write_shape_samples
    files = write_shape_samples(directory, seed)   # {file name: ground-truth entry}

Five logs, called from `data/generate_samples.py` (`write_samples`):

* `incident_events.csv`: a service desk's incident audit trail (`data/incident_events.py`);
* `process_mining.csv`: a process-mining export, XES-style names (`data/process_mining.py`);
* `system_log.jsonl`: an application's structured log (`data/system_logs.py`);
* `exports_fr.csv`, `exports_de.csv`: exception queues with French and German headers
  (`data/foreign_headers.py`).

Each entry has the keys of the older samples (`mapping`, `group_by`, `rows`, `groups`) and:
`group_column` (the column that holds the group, None for message templates), `unit`
("cases" for the event logs: a group counts cases; "rows" otherwise), `cases` (event logs),
`shown_by_activity` (canonical fields the log shows only through its `activity` column, and
how), `row_filter` (rows an analysis should keep, when not all), `traps`, and per group
`cases` for the event logs and `template`, `pattern`, `level`, `logger` for the system log.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from data import foreign_headers, incident_events, process_mining, system_logs
from data.occurrences import Group, draw
from data.shape_truth import group_truths

START = datetime(2024, 4, 1, tzinfo=UTC)


def write_shape_samples(directory: Path, seed: int) -> dict[str, Any]:
    """Write the five logs into `directory`; return their ground-truth entries by file name."""
    return {
        "incident_events.csv": _incidents(directory, seed + 10),
        "process_mining.csv": _process_mining(directory, seed + 11),
        "system_log.jsonl": _system_log(directory, seed + 12),
        "exports_fr.csv": _foreign(directory, foreign_headers.FRENCH, seed + 13),
        "exports_de.csv": _foreign(directory, foreign_headers.GERMAN, seed + 14),
    }


def _event_log(
    path: Path,
    groups: Sequence[Group],
    seed: int,
    module: Any,
    group_column: str,
) -> dict[str, Any]:
    occurrences = draw(groups, seed, START)
    rows = module.write(path, occurrences, groups, random.Random(seed + 100))
    plans = [group.plan for group in groups]
    shown = set(module.MAPPING) | set(module.SHOWN_BY_ACTIVITY)
    return {
        "mapping": dict(module.MAPPING),
        "group_by": "error_code",
        "group_column": group_column,
        "unit": "cases",
        "rows": rows,
        "cases": len(occurrences),
        "shown_by_activity": dict(module.SHOWN_BY_ACTIVITY),
        "traps": dict(module.TRAPS),
        "groups": group_truths(plans, occurrences, shown, "cases"),
    }


def _incidents(directory: Path, seed: int) -> dict[str, Any]:
    path = directory / "incident_events.csv"
    return _event_log(path, incident_events.GROUPS, seed, incident_events, "category")


def _process_mining(directory: Path, seed: int) -> dict[str, Any]:
    path = directory / "process_mining.csv"
    column = process_mining.MAPPING["error_code"]
    return _event_log(path, process_mining.GROUPS, seed, process_mining, column)


def _system_log(directory: Path, seed: int) -> dict[str, Any]:
    path = directory / "system_log.jsonl"
    occurrences = system_logs.write(path, START, random.Random(seed))
    templates = system_logs.TEMPLATES
    plans = [template.plan() for template in templates]
    groups = group_truths(plans, occurrences, set(system_logs.MAPPING), "rows")
    for template in templates:
        groups[template.text] = {
            "template": template.text,
            "pattern": system_logs.pattern(template.text),
            "level": template.level,
            "logger": template.logger,
            **groups[template.text],
        }
    with path.open(encoding="utf-8") as lines:
        total = sum(1 for _ in lines)
    return {
        "mapping": dict(system_logs.MAPPING),
        "group_by": "message_template",
        "group_column": None,
        "unit": "rows",
        "rows": total,
        "row_filter": dict(system_logs.ROW_FILTER),
        "rows_kept_by_filter": len(occurrences),
        "traps": dict(system_logs.TRAPS),
        "groups": groups,
    }


def _foreign(directory: Path, locale: foreign_headers.Locale, seed: int) -> dict[str, Any]:
    name = f"exports_{locale.language}.csv"
    groups = foreign_headers.GROUPS[locale.language]
    occurrences = draw(groups, seed, START)
    rows = foreign_headers.write(directory / name, occurrences, locale, random.Random(seed + 100))
    mapping = foreign_headers.mapping(locale)
    plans = [group.plan for group in groups]
    return {
        "mapping": mapping,
        "group_by": "error_code",
        "group_column": mapping["error_code"],
        "unit": "rows",
        "rows": rows,
        "traps": dict(foreign_headers.TRAPS[locale.language]),
        "groups": group_truths(plans, occurrences, set(mapping), "rows"),
    }
