"""Stage 7 — `python -m framework`: a second shell over the same engine as the app.

main.py             the parser, dispatch and exit codes
triage_commands.py  validate, diagnose
analyze_command.py  analyze
report_command.py   report
compare_command.py  compare (two periods: did the fix work?)
tag_command.py      tag (incoming records, JSON Lines, tagged at intake)
saved_source.py     opening a saved analysis read-only (compare saved:ID, tag --analysis)
output.py           UsageError, writing to a file or stdout
"""
