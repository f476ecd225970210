"""The sample exception logs in `data/`, as the "try a sample log" choice lists them.

    for sample in sample_logs():
        sample.name, sample.description, sample.rows   # from the table in data/README.md
        sample.path.read_bytes()

The catalogue is the table in `data/README.md` (file, shape, rows, groups): a file is
offered when the table lists it and it exists in the folder, so the ground truth, the
generator and anything else kept there never show up as a log to try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CATALOGUE = "README.md"
# | `name.csv` | shape | 1,984 | 16 |
_ROW = re.compile(
    r"^\|\s*`(?P<name>[^`/\\]+)`\s*\|(?P<shape>[^|]*)\|\s*(?P<rows>[\d,]+)\s*\|"
    r"\s*(?P<groups>[\d,]+)\s*\|\s*$"
)


@dataclass(frozen=True)
class SampleLog:
    """One sample log: its file, what shape it has (Markdown from the catalogue), its size."""

    name: str
    path: Path
    description: str
    rows: int
    groups: int


def sample_logs(folder: Path = DATA_DIR) -> tuple[SampleLog, ...]:
    """The sample logs the catalogue in `folder` lists and the folder holds, in table order."""
    try:
        text = (folder / CATALOGUE).read_text(encoding="utf-8")
    except OSError:
        return ()
    found = []
    for line in text.splitlines():
        match = _ROW.match(line.strip())
        if match is None:
            continue
        path = folder / match["name"]
        if path.is_file():
            found.append(
                SampleLog(
                    name=match["name"],
                    path=path,
                    description=match["shape"].strip(),
                    rows=int(match["rows"].replace(",", "")),
                    groups=int(match["groups"].replace(",", "")),
                )
            )
    return tuple(found)
