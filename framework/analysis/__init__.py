"""Stage 5 — an analysed log: groups diagnosed, overrides, and what follows from them.

pipeline.py    analyze_table / analyze: map, group, infer, diagnose
background.py  an upload read and analysed in a worker process (budget, cancel, progress)
results.py     Analysis, GroupResult, Summary and their JSON
json_text.py   that JSON as text: a top-level key a line, a group a line (the C encoder)
overrides.py   answers set by hand: checked, kept and applied (the one owner)
rows.py        the analysis mapped back onto the log's rows (tagging, samples, per day)
flips.py       what would flip a group's verdict
cost.py        hours of manual fixing per week, and the fix plan
document.py    a saved analysis as one JSON document (title, source, cost settings)
exports.py     the tagged diagnostic sheet and the group summary, formula-safe
comparison.py  two periods read group by group (cleared, now process, changed shape, …)
periods.py     the periods: from logs, or one log split at a day
trends.py      new, escalating or quiet groups within one log
action_items.py   owners, statuses, due dates, notes, reasons for answers set by hand
action_export.py  the action items as a CSV for a ticket tool
revision_diff.py  what differs between two saved documents
intake.py      tagging incoming records with their group's type (JSON Lines, streamed)
safe_cells.py  the one neutraliser of every CSV/Excel cell (formulas, XML-illegal characters)
workbook_style.py  the workbook's header, frozen pane, autofilter, widths, colours, About sheet
xlsx_rows.py   a worksheet's rows as XML, built column-wise with Arrow (fast, lock-free)
"""
