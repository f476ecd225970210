"""Stage 6b — documents to hand round: an analysis report and a one-triage summary, as
self-contained HTML or Markdown.

    blocks.py             report blocks (heading, paragraph, table, figure) and their renderers
    analysis_report.py    an analysed log's report
    analysis_sections.py  its sections
    triage_summary.py     one operator triage on a page
    comparison_report.py  two periods compared: did the fix work?
    follow_up_sections.py the analysis report's action items and trends
"""
