"""Stage 1 — the framework as data: `questions.yaml` read into a validated `Spec`.

loader.py       load_spec / parse_spec: the file, every problem reported at once
model.py        the plain frozen dataclasses (Spec, Question, Answer, InferenceRule, …)
                and the fixed vocabularies (verdicts, log fields, metric names)
sections.py     one reader per section of the file
follow_up_section.py  the follow_up section: comparison readings, trend rules and marks
flow_checks.py  the flowchart's edges: unknown targets, unreachable questions, cycles
node_reader.py  typed reads that record a problem instead of raising
yaml_source.py  YAML with the line of every mapping, duplicate keys recorded
problems.py     Problem (file, line, where, what) and SpecError
"""
