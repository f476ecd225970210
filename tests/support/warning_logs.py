"""Small logs whose verdicts carry known warnings, for the CLI, report and page tests.

`thin_log(header)`: three error codes whose messages name schema problems and nothing
else the framework reads (no payload, handler, retry or handoff column), so the root cause
alone decides: SKU_FORMAT (40 rows) warns of one answer; LENGTH_LIMIT (8 rows) of one answer
on few occurrences; RARE (3 rows) is undetermined and warns of nothing. With the header
"col6" the error code is only guessed from its values, and every determined group warns of
a guessed group key too.
"""

from __future__ import annotations

FIRM, THIN, RARE = "SKU_FORMAT", "LENGTH_LIMIT", "RARE"
SIZES = {FIRM: 40, THIN: 8, RARE: 3}
MESSAGES = {
    FIRM: "Order {n} rejected: SKU field format invalid",
    THIN: "Order {n} rejected: field length too long for the schema",
    RARE: "Order {n} rejected: invalid field mapping",
}


def thin_log(header: str = "Error code") -> bytes:
    """The CSV log described above, its error code under `header`."""
    lines = [f"Ref,{header},Opened,Notes"]
    n = 0
    for code, size in SIZES.items():
        for _ in range(size):
            day = 1 + n % 20
            message = MESSAGES[code].format(n=n)
            lines.append(f"EX-{n:05d},{code},2024-03-{day:02d}T10:00:00Z,{message}")
            n += 1
    return ("\n".join(lines) + "\n").encode()
