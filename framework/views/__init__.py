"""Stage 6a — plain data both shells render: charts, the handoff map, the flowchart, the
team lead's tables and the operator's shareable link. No Streamlit here.

    charts.py          Altair charts of an analysis (and static SVG for reports)
    handoff_map.py     systems and boundaries weighted by exceptions
    handoff_layout.py  where the map's systems sit and how its edges run
    flowchart.py       the flowchart as Graphviz DOT, the path highlighted
    lead_tables.py     the group table, answer views, mapping rows, fix-plan rows
    triage_link.py     the operator's triage as URL query parameters
    comparison_tables.py  a comparison of two periods as rows
    comparison_charts.py  its charts: volumes before and after, the timeline with markers
    analysis_scope.py  what an analysis counted: exceptions or cases, the rows a filter kept
"""
