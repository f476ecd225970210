"""The sample logs in data/, read with pandas alone into text columns, and their ground truth.

Independent of `framework.logs` on purpose: these tests check the inference, not the reader.
Nested JSON values become JSON text, as a log reader hands them on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLES = ("exceptions_ops.csv", "helpdesk_export.csv", "integration_events.jsonl")
PERIODS = ("period_before.csv", "period_after.csv")
"""One queue either side of a round of fixes (the comparison's sample, data/README.md)."""
SHAPES = (
    "incident_events.csv",
    "process_mining.csv",
    "system_log.jsonl",
    "exports_fr.csv",
    "exports_de.csv",
)
"""Logs of the shapes found in the wild (event logs, a system log, foreign exports)."""
CATALOGUE = (*SAMPLES, *PERIODS, *SHAPES)
"""Every log data/README.md lists, in its order: what "try a sample log" offers."""
TRUTH: dict[str, Any] = json.loads((DATA / "ground_truth.json").read_text(encoding="utf-8"))


def read_sample(name: str) -> pd.DataFrame:
    """One sample log as a DataFrame of text columns; empty cells are missing."""
    path = DATA / name
    if name.endswith(".jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        records = [{key: _text(value) for key, value in json.loads(line).items()} for line in lines]
        return pd.DataFrame(records, dtype="str")
    delimiter = ";" if name == "helpdesk_export.csv" else ","
    frame = pd.read_csv(path, sep=delimiter, dtype="str", keep_default_na=False)
    return frame.replace("", None).astype("str")


def _text(value: object) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)


def mapping(name: str) -> dict[str, str | None]:
    """The column mapping the ground truth records for a sample."""
    return dict(TRUTH["files"][name]["mapping"])
