"""Stage 3 — table to mapping: which column holds which canonical field.

mapping.py     detect_mapping / apply_overrides: headers first, then values
headers.py     header names against the synonyms in questions.yaml (typos, compounds)
profiles.py    what a column's values look like (timestamps, payloads, ids, codes…)
boundaries.py  the one reading of a boundary: "source → target"
group_by.py    which fields can make the groups, and the fallback when one cannot
"""
