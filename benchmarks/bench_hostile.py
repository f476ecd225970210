"""How long hostile uploads take to be refused (or read): the wide CSV, the Excel zip bomb,
the entity bomb, deep JSON Lines, a 500-column log through column detection.

    .venv/bin/python benchmarks/bench_hostile.py            # prints one line per case

Each case runs in this process (imports done) and is timed from bytes to `LogError` (or to
the column mapping, for the 500-column log). The zip bomb is the tester's: a 1.2 GB sheet
packed into a few MB, written once into benchmarks/out/ (git-ignored).
"""

from __future__ import annotations

import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framework.columns.mapping import detect_mapping  # noqa: E402
from framework.logs.reading import read_log  # noqa: E402
from framework.logs.table import LogError  # noqa: E402
from framework.spec.loader import load_spec  # noqa: E402
from tests.support.hostile_logs import CORPUS, _wide_csv  # noqa: E402
from tests.support.workbook_parts import (  # noqa: E402
    CONTENT_TYPES,
    EMPTY_STRINGS,
    ROOT_RELS,
    WORKBOOK,
    WORKBOOK_RELS,
    inline_row,
    sheet_xml,
)

OUT = ROOT / "benchmarks" / "out"


def big_zip_bomb(path: Path, unpacked: int = 1200 * 1024**2) -> Path:
    """A workbook whose one sheet unpacks to `unpacked` bytes (written once, then reused)."""
    if path.exists():
        return path
    head, tail = sheet_xml([inline_row(1, ["id", "code"])]).split(b"</sheetData>")
    block = inline_row(2, ["EX-1", "E1"]) * (1024**2 // len(inline_row(2, ["EX-1", "E1"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/sharedStrings.xml", EMPTY_STRINGS),
        ):
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            for _ in range(unpacked // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData>" + tail)
    return path


def timed(label: str, size: int, run: Callable[[], str]) -> None:
    start = time.perf_counter()
    outcome = run()
    took = time.perf_counter() - start
    print(f"{label:<34} {size / 1024**2:8.1f} MB {took:8.3f} s  {outcome[:90]}")


def refusal(data: bytes, name: str) -> Callable[[], str]:
    def run() -> str:
        try:
            read_log(data, name)
        except LogError as error:
            return f"refused: {error.problem}"
        return "read"

    return run


def main() -> None:
    OUT.mkdir(exist_ok=True)
    spec = load_spec()
    wide = _wide_csv()
    timed("wide CSV, 10,000 columns", len(wide), refusal(wide, "wide.csv"))
    bomb = big_zip_bomb(OUT / "zip_bomb_1200MB.xlsx").read_bytes()
    timed("zip bomb, sheet of 1.2 GB", len(bomb), refusal(bomb, "bomb.xlsx"))
    for name in (
        "entity_bomb.xlsx",
        "entity_bomb_strings.xlsx",
        "zip_bomb.xlsx",
        "deep_line.jsonl",
        "many_keys.jsonl",
        "long_line.csv",
    ):
        data = next(case for case in CORPUS if case.name == name).make()
        timed(name, len(data), refusal(data, name))
    five_hundred = _wide_csv(500, 1000)

    def detect() -> str:
        table = read_log(five_hundred, "wide500.csv")
        mapping = detect_mapping(table.frame, spec)
        return f"read and mapped: {len(table.columns)} columns, {len(mapping.assignments)} fields"

    timed("500 numeric columns × 1,000 rows", len(five_hundred), detect)
    corpus = [(case.name, case.make()) for case in CORPUS]
    start = time.perf_counter()
    for name, data in corpus:
        refusal(data, name)()
    print(f"whole corpus ({len(corpus)} files)          {time.perf_counter() - start:8.3f} s")


if __name__ == "__main__":
    main()
