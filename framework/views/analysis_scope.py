"""What an analysis counted, in words, for every shell: its unit (exceptions, or the cases
of an event log), the events behind the cases, and the rows a filter kept.

    unit_noun(analysis)        # "exceptions" or "cases"
    scope_lines(analysis)      # ["Event log: 5,674 events in 664 cases",
                               #  "Rows: level is WARN or ERROR (1,654 kept of 7,339 read)"]
"""

from __future__ import annotations

from framework.analysis.results import Analysis


def unit_noun(analysis: Analysis) -> str:
    """What one occurrence is: an exception (a row), or a case of an event log."""
    return "cases" if analysis.events is not None else "exceptions"


def scope_lines(analysis: Analysis) -> list[str]:
    """A line for an event log (events and cases) and one for a row filter (what it kept of
    what was read); none for a plain log read whole."""
    lines = []
    exceptions = analysis.summary.exceptions
    if analysis.events is not None:
        lines.append(f"Event log: {analysis.events:,} events in {exceptions:,} cases")
    if analysis.scope is not None:
        kept = analysis.events if analysis.events is not None else exceptions
        read = f" ({kept:,} kept of {analysis.read:,} read)" if analysis.read is not None else ""
        lines.append(f"Rows: {analysis.scope}{read}")
    return lines
