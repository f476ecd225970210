"""Stage 3 — table to mapping: which column holds which canonical field, and how sure.

mapping.py     detect_mapping / apply_overrides: the surest candidate first, each field and
               column once; event-log rules; the user's choices are certain
candidates.py  every (field, column) a header or the values make possible, its confidence
headers.py     header names against questions.yaml's names in seven languages (exact, made
               of the field's words, containing a name, misspelt)
profiles.py    what a column's values look like (timestamps, payloads, ids, codes, people,
               outcome words…), what they rule out and what they bear out
boundaries.py  the one reading of a boundary: "source → target"
group_by.py    which fields can make the groups, and the fallback when one cannot
row_filter.py  which rows an analysis keeps
"""
