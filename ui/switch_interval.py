"""How long a thread of the server may keep the interpreter while another waits for it.

The sessions share one Python process. While a script run computes (charts, tables, a
handoff map), the event loop thread that sends its elements to the browser needs the
interpreter lock between one socket write and the next, and Python hands the lock over
only every `sys.getswitchinterval()` seconds (5 ms by default): the forty-odd messages of a
results page then reach the browser a tenth of a second or more after they were made. At
1 ms they follow the script closely; the cost, more frequent hand-overs between busy
threads, is small beside what the page waits for.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the interpreter before a waiting one gets it."""


def shorten_switch_interval() -> None:
    """Hand the interpreter between the server's threads every `SWITCH_INTERVAL` seconds."""
    sys.setswitchinterval(SWITCH_INTERVAL)
