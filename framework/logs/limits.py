"""How much one upload may make the server do: every figure the readers enforce, in one place.

Each limit is checked as early as the format allows (the zip's directory before any XML is
parsed, a Parquet file's footer before its pages, a JSON text's nesting before a parser
sees it), and each refusal says which limit, where, and what to do. README.md's "Limits"
table states the same figures; `tests/logs/test_limits.py` keeps the two in step.
"""

from __future__ import annotations

MAX_LOG_BYTES = 1024**3
"""1 GiB: the app's upload limit, room for a 1M-row log."""

MAX_COLUMNS = 500
"""Columns of a log (after dropping empty unnamed ones). An exception queue has a dozen or
two; even an "all fields" helpdesk export stays in the low hundreds. Past this it is a dump
of something else, and every column costs the page (the column picker, sample rows, the
diagnostic sheet)."""

MAX_PROFILED_COLUMNS = 100
"""Columns whose values are sampled to recognise them (the rest by their header alone):
header-matched columns first, then from the left. Bounds column detection to about 1.5 s."""

EXCEL_ROWS = 1_048_576
"""Excel's own last row: no real worksheet has a row past it."""

MAX_XLSX_XML_BYTES = 256 * 1024**2
"""A workbook's parts (its XML, mostly), unpacked: about 400,000 rows of a 15-column export, which
openpyxl reads in about a minute. Bigger logs: save them as CSV (read 50× faster)."""

MAX_INFLATE_RATIO = 100
"""How many times larger than its packed size a part of a workbook may unpack (Apache POI's
default). Excel's own sheets unpack 5 to 20 times; a zip bomb, thousands of times."""

INFLATE_RATIO_FROM = 1024**2
"""Parts smaller than this unpacked are not held to the ratio (tiny parts pack oddly)."""

MAX_JSON_DEPTH = 64
"""Levels of nesting in JSON: a record with a payload holding lists of objects is 4 or 5."""

MAX_NUMBER_DIGITS = 100
"""Digits of one JSON number; longer ids belong in quotes (Python refuses past 4,300)."""

MAX_ROW_BYTES = 32 * 1024**2
"""One row of delimited text: a cell may hold a large payload, not a whole file."""
