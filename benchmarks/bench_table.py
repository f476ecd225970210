"""Pure helpers of the benchmark: medians, ratios, targets met or missed, the printed table.

median([0.4, 0.3, 0.9])                      # 0.4
verdict(4.1, 5.0)                            # "PASS (4.10× ≤ 5×)"
megabytes(297_000_000)                       # "283 MB"
render([["rows", "MB"], ["1,000", "2"]])     # aligned columns, numbers right-aligned
cache_name(1_000_000, 7, "3f2a9c01d4")       # "log-1000000-seed7-gen3f2a9c01d4.csv"
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """The median of the measurements (raises ValueError when there are none)."""
    if not values:
        raise ValueError("no measurements to take the median of")
    return float(statistics.median(values))


def ratio(part: float, whole: float) -> float:
    """`part` as a multiple of `whole` (infinite when `whole` is zero)."""
    return part / whole if whole else float("inf")


def verdict(value: float, limit: float) -> str:
    """'PASS (4.10× ≤ 5×)' when `value` is within `limit`, else 'MISS (5.20× > 5×)'."""
    within = value <= limit
    sign = "≤" if within else ">"
    return f"{'PASS' if within else 'MISS'} ({value:.2f}× {sign} {limit:g}×)"


def seconds(value: float) -> str:
    """A duration for the table: '0.412 s'."""
    return f"{value:.3f} s"


def megabytes(size: float) -> str:
    """A size in bytes as whole mebibytes: '283 MB'."""
    return f"{size / 1024**2:,.0f} MB"


def times(value: float) -> str:
    """A ratio for the table: '3.42×'."""
    return f"{value:.2f}×"


def render(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as aligned text: the first column left-aligned, the others right-aligned,
    a rule under the first row (the header)."""
    if not rows:
        return ""
    width = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            row[0].ljust(width[0]),
            *(c.rjust(w) for c, w in zip(row[1:], width[1:], strict=True)),
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in width))
    return "\n".join(lines)


def cache_name(rows: int, seed: int, version: str) -> str:
    """The file name a generated log is cached under: rows, seed and generator version."""
    return f"log-{rows}-seed{seed}-gen{version}.csv"


def parse_sizes(text: str) -> list[int]:
    """'100000,1000000' or '100k,1M' as row counts (raises ValueError on anything else)."""
    sizes = []
    for part in text.split(","):
        word = part.strip().lower().replace("_", "")
        scale = {"k": 1_000, "m": 1_000_000}.get(word[-1:], 1)
        number = word[:-1] if scale > 1 else word
        if not number.isdigit() or int(number) * scale <= 0:
            raise ValueError(f"'{part.strip()}' is not a row count (e.g. 100000 or 100k)")
        sizes.append(int(number) * scale)
    return sizes
