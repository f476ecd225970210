"""Stage 4 — per exception group, the five answers read off the log, each with evidence.

runner.py         infer(features, spec): every group, every question with a rule
registry.py       the metrics by name (each: a table for all groups, a reading per group)
features.py       the mapped columns as per-row codes and classes
metrics.py        the numbers behind each answer, one table per metric
evidence.py       each metric's table read into an answer, with an observation
answers.py        Inferred: value, observation, metric, rows, reason; how a metric decides
wording.py        shares, counts and every reason an answer stays unsure, in words
counting.py       crosstab / dominant: counting over integer codes
vocabulary.py     outcome and cause classes from the word lists in questions.yaml
payload_shapes.py payloads reduced to the template of their structure
payload_masks.py  the vectorised masks behind payload shapes
"""
